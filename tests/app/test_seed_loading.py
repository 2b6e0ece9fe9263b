"""Loading seeds is idempotent, updates in place, and rejects bad files writing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.agenda.models import AgendaItem
from app.congresses.models import Congress
from app.programme.models import FixedEvent
from app.rooms.models import Room
from app.seeds.errors import SeedError
from app.seeds.loader import LoadOutcome
from app.workshops.models import Workshop
from tests.support.seeds import SALVADOR_2010, load


def _copy_with(tmp_path: Path, old: str, new: str, name: str | None = None) -> Path:
    text = SALVADOR_2010.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in the seed"
    path = tmp_path / (name or SALVADOR_2010.name)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _counts(session: Session) -> tuple[int, int]:
    return (
        session.scalar(select(func.count()).select_from(Congress)) or 0,
        session.scalar(select(func.count()).select_from(AgendaItem)) or 0,
    )


def test_loading_twice_changes_nothing(session_factory: sessionmaker[Session]) -> None:
    first = load(session_factory, SALVADOR_2010)
    with session_factory() as session:
        before = session.scalar(select(Congress.updated_at))
    second = load(session_factory, SALVADOR_2010)
    assert first.outcome is LoadOutcome.CREATED
    assert second.outcome is LoadOutcome.UNCHANGED
    assert second.congress_id == first.congress_id
    with session_factory() as session:
        assert _counts(session) == (1, 11)
        assert session.scalar(select(Congress.updated_at)) == before


def test_a_changed_file_updates_rows_in_place(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    load(session_factory, SALVADOR_2010)
    with session_factory() as session:
        item_ids = dict(session.execute(select(AgendaItem.number, AgendaItem.id)).all())
    changed = _copy_with(tmp_path, "    meetings: 3\n", "    meetings: 5\n")
    result = load(session_factory, changed)
    assert result.outcome is LoadOutcome.UPDATED
    with session_factory() as session:
        assert dict(session.execute(select(AgendaItem.number, AgendaItem.id)).all()) == item_ids
        item_4 = session.scalars(select(AgendaItem).where(AgendaItem.number == 4)).one()
        assert item_4.meetings == 5


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        (
            "  - items: [7, 9]",
            "  - items: [7, 12]",
            "clusters[1].items[1]",
            "unknown agenda item 12",
        ),
        (
            "    date: 2010-04-19\n",
            "    date: 2010-04-21\n",
            "fixed_events[2].date",
            "2010-04-21 is outside the congress (2010-04-12 to 2010-04-19)",
        ),
        (
            "time_zone: America/Bahia",
            "time_zone: America/Salvador",
            "congress.time_zone",
            "unknown time zone 'America/Salvador'",
        ),
        (
            "time_zone: America/Bahia",
            "time_zone: America",
            "congress.time_zone",
            "unknown time zone 'America'",
        ),
        (
            "  - number: 4\n",
            "  - number: 3\n",
            "agenda_items[3].number",
            "duplicate number 3",
        ),
        (
            "    capacity: 800\n",
            "    capacity: many\n",
            "rooms[1].capacity",
            "valid integer",
        ),
        (
            '    start: "15:00"\n',
            '    start: "25:00"\n',
            "meeting_slots[1].start",
            "expected a time as HH:MM",
        ),
        (
            "  venue: Bahia",
            "  venue_name: Bahia",
            "congress.venue_name",
            "unknown field",
        ),
        (
            "  agenda_order_within_body: true\n",
            "  agenda_order_within_body: true\n  preference_weights: {workshop_spread: 0}\n",
            "rules.preference_weights",
            "unknown preference 'workshop_spread'; the scheduler knows",
        ),
    ],
    ids=[
        "unknown-item-in-cluster",
        "date-outside-congress",
        "unknown-time-zone",
        "time-zone-region-only",
        "duplicate-item-number",
        "wrong-type",
        "bad-clock-time",
        "misspelt-field",
        "unknown-preference",
    ],
)
def test_a_bad_file_names_file_field_and_problem_and_writes_nothing(
    session_factory: sessionmaker[Session],
    tmp_path: Path,
    old: str,
    new: str,
    field: str,
    reason: str,
) -> None:
    bad = _copy_with(tmp_path, old, new)
    with pytest.raises(SeedError) as raised:
        load(session_factory, bad)
    message = raised.value.describe()
    assert str(bad) in message
    assert f"{field}: " in message
    assert reason in message
    with session_factory() as session:
        assert _counts(session) == (0, 0)


def test_a_bad_change_to_a_loaded_congress_leaves_it_as_it_was(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    load(session_factory, SALVADOR_2010)
    bad = _copy_with(tmp_path, "  - items: [7, 9]", "  - items: [7, 99]")
    with pytest.raises(SeedError):
        load(session_factory, bad)
    with session_factory() as session:
        assert _counts(session) == (1, 11)


def test_malformed_yaml_names_the_line(
    tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    bad = _copy_with(tmp_path, "rooms:\n", "rooms: [\n")
    with pytest.raises(SeedError) as raised:
        load(session_factory, bad)
    assert "malformed YAML at line" in raised.value.describe()


def test_a_file_name_that_is_no_slug_is_refused(
    tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    bad = _copy_with(tmp_path, "rooms:", "rooms:", name="Salvador 2010.yaml")
    with pytest.raises(SeedError) as raised:
        load(session_factory, bad)
    assert "slug" in raised.value.describe()


def test_a_duplicate_key_is_refused_naming_line_and_key(
    tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    # The last one would silently win: a secretariat officer's typo must not load.
    bad = _copy_with(
        tmp_path, "  end_date: 2010-04-19\n", "  end_date: 2010-04-19\n  end_date: 2010-04-20\n"
    )
    line = bad.read_text(encoding="utf-8").splitlines().index("  end_date: 2010-04-20") + 1
    with pytest.raises(SeedError) as raised:
        load(session_factory, bad)
    message = raised.value.describe()
    assert str(bad) in message
    assert f"line {line}" in message
    assert "duplicate key 'end_date'" in message
    with session_factory() as session:
        assert _counts(session) == (0, 0)


def test_an_impossible_date_is_reported_at_its_field(
    tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    bad = _copy_with(tmp_path, "  end_date: 2010-04-19", "  end_date: 2010-02-30")
    with pytest.raises(SeedError) as raised:
        load(session_factory, bad)
    message = raised.value.describe()
    assert f"{bad}: congress.end_date: " in message
    assert "day value is outside expected range" in message
    with session_factory() as session:
        assert _counts(session) == (0, 0)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_in_text_are_refused_naming_the_field(
    tmp_path: Path, session_factory: sessionmaker[Session], character: str
) -> None:
    # Written as a YAML escape: a raw NUL is already refused by the YAML reader.
    escaped = f"\\x{ord(character):02x}"
    bad = _copy_with(
        tmp_path,
        "  name: Twelfth United Nations Congress on Crime Prevention and Criminal Justice",
        f'  name: "Twelfth United Nations{escaped} Congress"',
    )
    with pytest.raises(SeedError) as raised:
        load(session_factory, bad)
    message = raised.value.describe()
    assert f"{bad}: congress.name: " in message
    assert "control character" in message
    with session_factory() as session:
        assert _counts(session) == (0, 0)


def test_tabs_and_newlines_in_text_are_kept(
    tmp_path: Path, session_factory: sessionmaker[Session]
) -> None:
    good = _copy_with(
        tmp_path,
        "  name: Twelfth United Nations Congress on Crime Prevention and Criminal Justice",
        '  name: "Twelfth United Nations Congress on Crime\\nPrevention and Criminal Justice"',
    )
    load(session_factory, good)
    with session_factory() as session:
        assert _counts(session) == (1, 11)


def test_a_reload_writes_through_the_services_keeping_ids_and_dropping_what_is_gone(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    load(session_factory, SALVADOR_2010)
    with session_factory() as session:
        room_ids = dict(session.execute(select(Room.name, Room.id)).all())
        event_ids = dict(session.execute(select(FixedEvent.kind, FixedEvent.id)).all())
        workshops = session.scalar(select(func.count()).select_from(Workshop)) or 0
    text = SALVADOR_2010.read_text(encoding="utf-8")
    text = text.replace("    capacity: 2500\n", "    capacity: 2600\n", 1)
    start = text.index("workshops:\n  - number: 1\n")
    end = text.index("  - number: 2\n", start)
    changed = tmp_path / SALVADOR_2010.name
    changed.write_text(text[: start + len("workshops:\n")] + text[end:], encoding="utf-8")
    assert load(session_factory, changed).outcome is LoadOutcome.UPDATED
    with session_factory() as session:
        assert dict(session.execute(select(Room.name, Room.id)).all()) == room_ids
        assert dict(session.execute(select(FixedEvent.kind, FixedEvent.id)).all()) == event_ids
        hall = session.scalars(select(Room).where(Room.name == "Plenary Hall")).one()
        assert (hall.capacity, hall.position) == (2600, 0)
        numbers = session.scalars(select(Workshop.number).order_by(Workshop.number)).all()
        assert len(numbers) == workshops - 1 and 1 not in numbers
