"""The time grid and the calendar in seed files and over the API: slot kinds, per-date
slots, duration rules, meetings on weekends and holidays, a body's first meeting and the
days it is unavailable. Refusals name the file and field (seeds) or the field (API 422)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

import scheduler
from app.congresses.repository import find_congress
from app.seeds.errors import SeedError
from app.timetables.problem import build_problem
from tests.support import api
from tests.support.api import BASE, etag
from tests.support.seeds import load, salvador_2010_with

client, tokens, organizer = api.client, api.tokens, api.organizer

D = dt.date
SLUG = "twelfth-congress-salvador-2010"

LUNCH_AND_FRIDAY = """    start: "15:00"
    end: "18:00"
  - key: lunch
    name: Lunchtime
    start: "13:15"
    end: "14:45"
    formal: false
day_slots:
  - date: 2010-04-16
    slots:
      - key: morning
        start: "09:00"
        end: "12:00"
"""

COMMITTEE_FIRST = """    meets_after_opening: true
    meets_before_closing: true
    first_meeting: {date: 2010-04-13, slot: morning}
    unavailable: {dates: [2010-04-14], slots: [afternoon]}
"""


def _problem(session_factory: sessionmaker[Session]) -> scheduler.Problem:
    with session_factory() as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        return build_problem(session, congress)


def test_seed_slot_kinds_day_slots_and_a_body_s_first_meeting(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = salvador_2010_with(
        tmp_path,
        ('    start: "15:00"\n    end: "18:00"\n', LUNCH_AND_FRIDAY),
        ("    meets_after_opening: true\n    meets_before_closing: true\n", COMMITTEE_FIRST),
    )
    load(session_factory, path)
    p = _problem(session_factory)
    assert [s.kind for s in p.slots] == ["formal", "formal", "side"]
    (friday,) = p.day_slots
    assert friday.date == D(2010, 4, 16)
    assert [(s.key, s.start, s.end) for s in friday.slots] == [("morning", dt.time(9), dt.time(12))]
    c1 = p.body("committee-1")
    assert c1.first_meeting == (D(2010, 4, 13), "morning")
    assert c1.unavailable == (scheduler.Unavailable((D(2010, 4, 14),), ("afternoon",)),)
    # Loading the same file again changes nothing.
    assert load(session_factory, path).outcome.value == "unchanged"
    tt = scheduler.solve(p, time_limit_s=10, seed=0)
    assert tt.ok, tt.explanation
    assert scheduler.validate(p, tt) == []
    c1_meetings = sorted(
        (m.start, m.slot) for m in tt.meetings if m.body == "committee-1" and m.kind != "informal"
    )
    assert c1_meetings[0] == (dt.datetime(2010, 4, 13, 10), "morning")
    assert not [
        m
        for m in tt.meetings
        if m.body == "committee-1" and (m.date, m.slot) == (D(2010, 4, 14), "afternoon")
    ]
    friday_meetings = [m for m in tt.meetings if m.date == D(2010, 4, 16) and m.kind != "ancillary"]
    assert friday_meetings and {(m.slot, m.start.hour) for m in friday_meetings} == {("morning", 9)}


def test_seed_duration_rule_in_working_days_and_the_former_field(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    path = salvador_2010_with(
        tmp_path,
        (
            "  agenda_order_within_body: true\n",
            "  agenda_order_within_body: true\n  max_duration:\n    days: 8\n"
            "    counts: working\n    includes_pre_session: false\n",
        ),
    )
    load(session_factory, path)
    p = _problem(session_factory)
    assert p.rules.duration == scheduler.Duration(8, "working", False)
    # 12 April 2010 is a Monday: eight working days end on Wednesday 21 April, after
    # the end date; the end date stays the last day.
    assert p.last_allowed_day() == D(2010, 4, 19)
    former = salvador_2010_with(
        tmp_path,
        (
            "  agenda_order_within_body: true\n",
            "  agenda_order_within_body: true\n  max_duration_days: 9\n",
        ),
    )
    load(session_factory, former)
    assert _problem(session_factory).rules.duration == scheduler.Duration(9, "calendar", True)


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        (
            [
                (
                    "    meets_after_opening: true\n    meets_before_closing: true\n",
                    "    meets_after_opening: true\n    meets_before_closing: true\n"
                    "    first_meeting: {date: 2010-04-25, slot: morning}\n",
                )
            ],
            "bodies[1].first_meeting.date",
            "2010-04-25 is outside the congress (2010-04-12 to 2010-04-19)",
        ),
        (
            [
                (
                    "    room: Plenary Hall\n",
                    "    room: Plenary Hall\n"
                    "    first_meeting: {date: 2010-04-13, slot: morning}\n",
                )
            ],
            "bodies[0].first_meeting",
            "the opening event of the body on 2010-04-12 is before its first meeting",
        ),
        (
            [
                (
                    '    start: "15:00"\n    end: "18:00"\n',
                    '    start: "15:00"\n    end: "18:00"\n    kind: evening\n',
                )
            ],
            "meeting_slots[1].kind",
            "'formal', 'formal_no_interpretation', 'informal' or 'side'",
        ),
        (
            [
                (
                    '    start: "15:00"\n    end: "18:00"\n',
                    '    start: "15:00"\n    end: "18:00"\n'
                    "day_slots:\n  - date: 2010-04-16\n    slots: [{key: lunch}]\n",
                )
            ],
            "day_slots[0].slots[0].key",
            "unknown meeting slot 'lunch'",
        ),
        (
            [
                (
                    "  agenda_order_within_body: true\n",
                    "  agenda_order_within_body: true\n"
                    "  max_duration: {days: 5, counts: working}\n",
                )
            ],
            "rules.max_duration.days",
            "5 working days from 2010-04-11 end on 2010-04-16, before the closing event on "
            "2010-04-19",
        ),
        (
            [
                (
                    "  agenda_order_within_body: true\n",
                    "  agenda_order_within_body: true\n  meetings_on_weekends: false\n",
                )
            ],
            "rules.meetings_on_weekends",
            "the pre congress consultations event is on 2010-04-11, a weekend day of the venue",
        ),
    ],
    ids=[
        "first-meeting-outside",
        "opening-before-first-meeting",
        "unknown-slot-kind",
        "day-slot-unknown",
        "duration-too-short",
        "fixed-event-on-weekend",
    ],
)
def test_impossible_grid_rules_are_refused_at_load(
    session_factory: sessionmaker[Session],
    tmp_path: Path,
    changes: list[tuple[str, str]],
    field: str,
    reason: str,
) -> None:
    bad = salvador_2010_with(tmp_path, *changes)
    with pytest.raises(SeedError) as raised:
        load(session_factory, bad)
    message = raised.value.describe()
    assert f"{bad}: " in message
    assert f"{field}: " in message, message
    assert reason in message, message


def test_patch_the_congress_rules_and_slots(organizer: TestClient) -> None:
    patched = organizer.patch(
        BASE,
        json={
            "rules": {
                "max_duration": {"days": 9, "counts": "calendar", "includes_pre_session": True},
                "meetings_on_holidays": False,
            },
            "meeting_slots": [
                {"key": "morning", "name": "Morning", "start": "10:00", "end": "13:00"},
                {"key": "afternoon", "name": "Afternoon", "start": "15:00", "end": "18:00"},
                {
                    "key": "lunch",
                    "name": "Lunchtime",
                    "start": "13:15",
                    "end": "14:45",
                    "kind": "side",
                },
            ],
            "day_slots": [{"date": "2010-04-16", "slots": [{"key": "morning", "start": "09:00"}]}],
        },
        headers={"If-Match": etag(organizer, BASE)},
    )
    assert patched.status_code == 200, patched.text
    body = patched.json()
    assert body["rules"]["max_duration"] == {
        "days": 9,
        "counts": "calendar",
        "includes_pre_session": True,
    }
    assert body["rules"]["max_duration_days"] == 9
    assert body["rules"]["meetings_on_holidays"] is False
    assert body["rules"]["max_parallel_meetings"] == 3  # merged field by field
    assert [s["kind"] for s in body["meeting_slots"]] == ["formal", "formal", "side"]
    assert body["day_slots"] == [
        {"date": "2010-04-16", "slots": [{"key": "morning", "start": "09:00", "end": None}]}
    ]
    # The former field still works and replaces the duration rule.
    again = organizer.patch(
        BASE, json={"rules": {"max_duration_days": 10}}, headers={"If-Match": etag(organizer, BASE)}
    )
    assert again.status_code == 200, again.text
    assert again.json()["rules"]["max_duration"]["days"] == 10
    # The former slot flag: formal false is a side slot.
    flag = organizer.patch(
        BASE,
        json={
            "meeting_slots": [
                {"key": "morning", "name": "Morning", "start": "10:00", "end": "13:00"},
                {"key": "afternoon", "name": "Afternoon", "start": "15:00", "end": "18:00"},
                {
                    "key": "lunch",
                    "name": "Lunch",
                    "start": "13:15",
                    "end": "14:45",
                    "formal": False,
                },
            ],
        },
        headers={"If-Match": etag(organizer, BASE)},
    )
    assert flag.status_code == 200, flag.text
    assert flag.json()["meeting_slots"][2]["kind"] == "side"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"rules": {"max_duration": {"days": 3}}}, "body.rules.max_duration.days"),
        ({"rules": {"meetings_on_weekends": False}}, "body.rules.meetings_on_weekends"),
        (
            {"day_slots": [{"date": "2010-04-16", "slots": [{"key": "noon"}]}]},
            "body.day_slots[0].slots[0].key",
        ),
        ({"day_slots": [{"date": "2010-05-16", "slots": []}]}, "body.day_slots[0].date"),
        (
            {
                "meeting_slots": [
                    {
                        "key": "morning",
                        "name": "M",
                        "start": "10:00",
                        "end": "13:00",
                        "kind": "lunch",
                    }
                ]
            },
            "body.meeting_slots[0].kind",
        ),
        (
            {
                "meeting_slots": [
                    {
                        "key": "morning",
                        "name": "M",
                        "start": "10:00",
                        "end": "13:00",
                        "kind": "informal",
                    }
                ]
            },
            "body.meeting_slots[0].kind",
        ),
    ],
    ids=[
        "duration-too-short",
        "weekend-event",
        "day-slot-unknown",
        "day-outside",
        "kind-unknown",
        "no-formal-slot",
    ],
)
def test_impossible_congress_rules_are_refused_naming_the_field(
    organizer: TestClient, change: dict[str, object], field: str
) -> None:
    answer = organizer.patch(BASE, json=change, headers={"If-Match": etag(organizer, BASE)})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    names = [p["name"] for p in answer.json()["invalid-params"]]
    assert field in names, answer.json()


def test_put_a_body_with_its_first_meeting_and_unavailable_days(organizer: TestClient) -> None:
    url = f"{BASE}/bodies"
    listing = organizer.get(url).json()
    c1 = next(b for b in listing if b["key"] == "committee-1")
    body_url = f"{url}/{c1['id']}"
    changed = organizer.patch(
        body_url,
        json={
            "first_meeting": {"date": "2010-04-13", "slot": "morning"},
            "unavailable": [{"dates": ["2010-04-14"], "slots": ["afternoon"]}],
        },
        headers={"If-Match": etag(organizer, body_url)},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["first_meeting"] == {"date": "2010-04-13", "slot": "morning"}
    assert changed.json()["unavailable"] == [{"dates": ["2010-04-14"], "slots": ["afternoon"]}]
    bad = organizer.patch(
        body_url,
        json={"first_meeting": {"date": "2010-04-30", "slot": "morning"}},
        headers={"If-Match": etag(organizer, body_url)},
    )
    assert bad.status_code == 422, bad.text
    assert [p["name"] for p in bad.json()["invalid-params"]] == ["body.first_meeting.date"]
    bad = organizer.patch(
        body_url,
        json={"unavailable": [{"slots": ["evening"]}]},
        headers={"If-Match": etag(organizer, body_url)},
    )
    assert bad.status_code == 422, bad.text
    assert [p["name"] for p in bad.json()["invalid-params"]] == ["body.unavailable[0].slots[0]"]


def test_export_and_import_keep_the_grid_rules(
    session_factory: sessionmaker[Session], tmp_path: Path, backend: str
) -> None:
    import json

    from app.core import migrations
    from app.core.database import make_engine, make_session_factory, transaction
    from app.transfer.service import export_congress, import_congress
    from tests.support.databases import temporary_database

    path = salvador_2010_with(
        tmp_path,
        ('    start: "15:00"\n    end: "18:00"\n', LUNCH_AND_FRIDAY),
        ("    meets_after_opening: true\n    meets_before_closing: true\n", COMMITTEE_FIRST),
        (
            "  agenda_order_within_body: true\n",
            "  agenda_order_within_body: true\n  max_duration: {days: 9, counts: working}\n"
            "  meetings_on_holidays: false\n",
        ),
    )
    load(session_factory, path)
    before = _problem(session_factory)
    with session_factory() as session:
        found = find_congress(session, SLUG)
        assert found is not None
        document = json.loads(json.dumps(export_congress(session, found)))
    (tmp_path / "other").mkdir()
    with temporary_database(backend, tmp_path / "other") as other_url:
        migrations.upgrade(other_url)
        other_engine = make_engine(other_url)
        try:
            other = make_session_factory(other_engine)
            with transaction(other) as session:
                import_congress(session, document)
            with other() as session:
                again = find_congress(session, SLUG, full=True)
                assert again is not None
                assert build_problem(session, again) == before
        finally:
            other_engine.dispose()
    assert before.rules.duration == scheduler.Duration(9, "working", True)
    assert before.rules.meetings_on_holidays is False


def test_new_slots_may_not_strand_a_body_s_first_meeting(organizer: TestClient) -> None:
    url = f"{BASE}/bodies"
    c1 = next(b for b in organizer.get(url).json() if b["key"] == "committee-1")
    body_url = f"{url}/{c1['id']}"
    changed = organizer.patch(
        body_url,
        json={"first_meeting": {"date": "2010-04-13", "slot": "afternoon"}},
        headers={"If-Match": etag(organizer, body_url)},
    )
    assert changed.status_code == 200, changed.text
    answer = organizer.patch(
        BASE,
        json={"meeting_slots": [{"key": "morning", "name": "M", "start": "10:00", "end": "13:00"}]},
        headers={"If-Match": etag(organizer, BASE)},
    )
    assert answer.status_code == 409, answer.text
    assert (
        "the first meeting of the Committee I uses the meeting slot 'afternoon'"
        in (answer.json()["detail"])
    )


def test_the_published_grid_shows_a_day_s_own_slots(
    client: TestClient, session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    from app.core.database import transaction
    from app.timetables import release, solving

    path = salvador_2010_with(
        tmp_path,
        ('    start: "15:00"\n    end: "18:00"\n', LUNCH_AND_FRIDAY),
        ("    meets_after_opening: true\n    meets_before_closing: true\n", COMMITTEE_FIRST),
    )
    load(session_factory, path)
    with transaction(session_factory) as session:
        found = find_congress(session, SLUG, full=True)
        assert found is not None
        _, draft = solving.solve_congress(session, found, time_limit_s=20)
        assert draft is not None
        release.publish(session, draft)
    timetable = client.get(f"{BASE}/timetable")
    assert timetable.status_code == 200, timetable.text
    friday = [m for m in timetable.json()["meetings"] if m["date"] == "2010-04-16"]
    assert friday and {m["start"][11:16] for m in friday} == {"09:00"}
    page = client.get(f"/congresses/{SLUG}/organization-of-work")
    assert page.status_code == 200, page.text
    friday_page = client.get(
        f"/congresses/{SLUG}/organization-of-work", params={"day": "2010-04-16"}
    )
    assert friday_page.status_code == 200
    assert "09:00–12:00" in friday_page.text and "10:00–13:00" not in friday_page.text


def test_a_body_s_own_weekend_rule_in_a_seed(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    """No meetings at the weekend, but the Plenary holds the Sunday consultations."""
    path = salvador_2010_with(
        tmp_path,
        (
            "  agenda_order_within_body: true\n",
            "  agenda_order_within_body: true\n  meetings_on_weekends: false\n",
        ),
        ("    room: Plenary Hall\n", "    room: Plenary Hall\n    meets_on_weekends: true\n"),
    )
    load(session_factory, path)
    p = _problem(session_factory)
    assert p.body("plenary").meets_on_weekends is True
    assert not p.meeting_day(D(2010, 4, 17), p.body("committee-1"))
    assert p.meeting_day(D(2010, 4, 17), p.body("plenary"))


def test_a_fixed_event_of_a_body_keeps_to_the_body_s_calendar(organizer: TestClient) -> None:
    """A fixed event written through its own route is refused before its body's first
    meeting and where the body does not meet (409: it clashes with the body)."""
    url = f"{BASE}/bodies"
    c1 = next(b for b in organizer.get(url).json() if b["key"] == "committee-1")
    body_url = f"{url}/{c1['id']}"
    changed = organizer.patch(
        body_url,
        json={
            "first_meeting": {"date": "2010-04-13", "slot": "morning"},
            "unavailable": [{"dates": ["2010-04-15"]}],
        },
        headers={"If-Match": etag(organizer, body_url)},
    )
    assert changed.status_code == 200, changed.text
    event = {
        "kind": "elections",
        "key": "elections",
        "title": "Elections",
        "body": "committee-1",
        "slot": "afternoon",
    }
    events = f"{BASE}/fixed-events"
    early = organizer.post(events, json={**event, "date": "2010-04-12"})
    assert early.status_code == 409, early.text
    assert early.headers["content-type"].startswith("application/problem+json")
    assert "before its first meeting (Committee I)" in early.json()["detail"]
    closed = organizer.post(events, json={**event, "date": "2010-04-15"})
    assert closed.status_code == 409, closed.text
    assert "when it is unavailable (Committee I)" in closed.json()["detail"]
    fine = organizer.post(events, json={**event, "date": "2010-04-14"})
    assert fine.status_code == 201, fine.text
