"""The six official languages of the United Nations, by ISO 639-1 code."""

from __future__ import annotations

OFFICIAL_LANGUAGES: dict[str, str] = {
    "ar": "Arabic",
    "zh": "Chinese",
    "en": "English",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
}
