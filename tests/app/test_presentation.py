"""The one labeller and the one copy between the solver's timetable and stored rows."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import scheduler
from app.timetables import mapping
from app.timetables.presentation import Labeller, venue_time
from app.timetables.snapshot import BodyLabel, CongressLabel, ItemLabel, Labels, WorkshopLabel
from scheduler.timetable import Kind

LABELS = Labels(
    congress=CongressLabel(
        name="Twelfth Congress",
        symbol="A/CONF.213",
        venue="Convention Centre",
        city="Salvador",
        country="Brazil",
        translations={"name": {"fr": "Douzième Congrès"}, "venue": {}},
    ),
    bodies=(BodyLabel("plenary", "Plenary", {"fr": "Plénière", "es": ""}),),
    agenda_items=(ItemLabel(3, "Children, youth and crime.", {"fr": "Enfants."}),),
    workshops=(
        WorkshopLabel(5, "Workshop on criminal justice education", "Criminal justice", {}),
        WorkshopLabel(6, "Workshop on prisons", None, {"fr": "Prisons"}),
    ),
    meeting_slots=(),
)


def test_texts_fall_back_to_english_and_say_which_language_they_are_in() -> None:
    french = Labeller(LABELS, "fr", "America/Bahia")
    assert french.congress_name() == ("Douzième Congrès", "fr")
    assert french.congress_venue() == ("Convention Centre", "en")
    assert french.body_name("plenary", "row name") == ("Plénière", "fr")
    assert french.body_name("committee-1", "Committee I") == ("Committee I", "en")
    assert french.item_title(3) == ("Enfants.", "fr")
    assert french.item_title(4) is None
    spanish = Labeller(LABELS, "es", "America/Bahia")
    # An empty translation is no translation.
    assert spanish.body_name("plenary", "row name") == ("Plenary", "en")
    assert Labeller(LABELS, None, "UTC").language == "en"


def test_workshops_are_named_by_number_in_their_short_form() -> None:
    french = Labeller(LABELS, "fr", "UTC")
    assert french.workshop_name(5) == ("Criminal justice", "en")
    assert french.workshop_name(6) == ("Prisons", "fr")
    assert french.workshop_title(5) == ("Workshop on criminal justice education", "en")
    assert french.workshop_name(None) is None and french.workshop_name(7) is None


def test_times_take_the_venue_zone() -> None:
    labeller = Labeller(LABELS, "en", "America/Bahia")
    local = labeller.local(dt.datetime(2010, 4, 12, 10, 0))
    assert local.utcoffset() == dt.timedelta(hours=-3)
    assert venue_time(dt.datetime(2010, 4, 12, 10, 0), "America/Bahia") == local


def test_a_meeting_survives_the_round_trip_through_a_row_for_every_kind() -> None:
    for position, kind in enumerate(get_args(Kind)):
        meeting = scheduler.Meeting(
            key=f"plenary:{kind}:1",
            date=dt.date(2010, 4, 12),
            slot="morning",
            body="plenary",
            body_name="Plenary",
            kind=kind,
            start=dt.datetime(2010, 4, 12, 10),
            end=dt.datetime(2010, 4, 12, 13),
            agenda_items=(3, 5),
            workshop="Criminal justice" if kind == "workshop" else None,
            room="Room A",
            title="A title",
            also=("plenary:cluster-3-5:1",),
        )
        row = mapping.meeting_row(meeting, position)
        assert row.position == position
        assert mapping.meeting_of(row) == meeting
