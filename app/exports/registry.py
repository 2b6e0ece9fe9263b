"""The exporters the service offers, by identifier."""

from __future__ import annotations

from app.exports.base import Exporter
from app.exports.docx import AnnexDocx
from app.exports.frab import FrabJson, FrabXml
from app.exports.speakers import SpeakersCsv
from app.exports.timetable import TimetableCsv, TimetableJson

EXPORTERS: dict[str, Exporter] = {
    exporter.identifier: exporter
    for exporter in (
        TimetableCsv(),
        TimetableJson(),
        FrabXml(),
        FrabJson(),
        AnnexDocx(),
        SpeakersCsv(),
    )
}
