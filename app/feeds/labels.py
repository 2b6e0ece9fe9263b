"""The few fixed words of a feed in the six official languages.

Titles of bodies, items and workshops come from the congress's own translations; these
are only the labels around them. English is the fallback, as everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable

_LABELS: dict[str, dict[str, str]] = {
    "item": {
        "en": "Item",
        "fr": "Point",
        "es": "Tema",
        "ru": "Пункт",
        "ar": "البند",
        "zh": "议程项目",
    },
    "items": {
        "en": "Items",
        "fr": "Points",
        "es": "Temas",
        "ru": "Пункты",
        "ar": "البنود",
        "zh": "议程项目",
    },
    "workshop": {
        "en": "Workshop",
        "fr": "Atelier",
        "es": "Curso práctico",
        "ru": "Семинар-практикум",
        "ar": "حلقة العمل",
        "zh": "讲习班",
    },
    "high-level": {
        "en": "High-level segment",
        "fr": "Débat de haut niveau",
        "es": "Serie de sesiones de alto nivel",
        "ru": "Этап заседаний высокого уровня",
        "ar": "الجزء الرفيع المستوى",
        "zh": "高级别会议",
    },
    "informal": {
        "en": "Informal consultations",
        "fr": "Consultations informelles",
        "es": "Consultas oficiosas",
        "ru": "Неофициальные консультации",
        "ar": "مشاورات غير رسمية",
        "zh": "非正式磋商",
    },
    "documents": {
        "en": "Documents",
        "fr": "Documents",
        "es": "Documentos",
        "ru": "Документы",
        "ar": "الوثائق",
        "zh": "文件",
    },
    "room": {
        "en": "Room",
        "fr": "Salle",
        "es": "Sala",
        "ru": "Зал",
        "ar": "القاعة",
        "zh": "会议室",
    },
    "cancelled": {
        "en": "Cancelled",
        "fr": "Annulée",
        "es": "Cancelada",
        "ru": "Отменено",
        "ar": "ألغيت",
        "zh": "已取消",
    },
    "speaker": {
        "en": "Speaker",
        "fr": "Orateur",
        "es": "Orador",
        "ru": "Оратор",
        "ar": "المتكلم",
        "zh": "发言者",
    },
    "estimated": {
        "en": "Estimated time",
        "fr": "Heure estimée",
        "es": "Hora estimada",
        "ru": "Ориентировочное время",
        "ar": "الوقت التقديري",
        "zh": "预计时间",
    },
    "side-event": {
        "en": "Side event",
        "fr": "Manifestation parallèle",
        "es": "Acto paralelo",
        "ru": "Параллельное мероприятие",
        "ar": "اجتماع جانبي",
        "zh": "会外活动",
    },
    "side-events": {
        "en": "Side events",
        "fr": "Manifestations parallèles",
        "es": "Actos paralelos",
        "ru": "Параллельные мероприятия",
        "ar": "الاجتماعات الجانبية",
        "zh": "会外活动",
    },
    "organizer": {
        "en": "Organizer",
        "fr": "Organisateur",
        "es": "Organizador",
        "ru": "Организатор",
        "ar": "الجهة المنظمة",
        "zh": "组织方",
    },
}


def label(name: str, language: str | None) -> str:
    texts = _LABELS[name]
    return texts.get(language or "en") or texts["en"]


def items_label(numbers: Iterable[int], language: str | None) -> str:
    """ "Item 3", "Items 3, 5" in the language."""
    found = list(numbers)
    word = label("item" if len(found) == 1 else "items", language)
    return f"{word} {', '.join(str(n) for n in found)}"
