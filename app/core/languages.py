"""The six official languages of the United Nations, by ISO 639-1 code."""

from __future__ import annotations

from collections.abc import Mapping

OFFICIAL_LANGUAGES: dict[str, str] = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}


def pick(
    text: str, translations: Mapping[str, object] | None, language: str | None
) -> tuple[str, str]:
    """The text in `language` when a translation exists, else the English text; and the
    language it is in.

    Here rather than in the labeller (`app.timetables.presentation`) because the
    congress's own API answers in a language too, and it sits below the timetables."""
    if language and language != "en" and translations:
        value = translations.get(language)
        if isinstance(value, str) and value:
            return value, language
    return text, "en"


def translated(text: str, translations: Mapping[str, object] | None, language: str | None) -> str:
    """The text in `language` when a translation exists, else the English text."""
    return pick(text, translations, language)[0]
