"""Lists of speakers: their targets, windows and rules, as the secretariat sets them.

Never commits: the request (router) or the seed loader's transaction does.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.auth.deps import Principal
from app.congresses.models import Congress
from app.core.problems import NotFound, ProblemError
from app.delegations.models import DelegationKind
from app.programme.models import WindowAnchor
from app.speakers import audit, repository
from app.speakers.models import SpeakersList
from app.speakers.schemas import SpeakersListCreate, SpeakersListUpdate
from app.speakers.window import input_utc, invalid, zone_of
from scheduler import keys
from scheduler.keys import HIGH_LEVEL_SEGMENT


def get_list(session: Session, congress: Congress, target: str) -> SpeakersList:
    found = repository.find_list(session, congress.id, target)
    if found is None:
        raise NotFound(
            f"{congress.name} has no list of speakers {target!r}; "
            f"GET /congresses/{congress.slug}/speakers-lists lists them."
        )
    return found


def _target_items(congress: Congress, target: str) -> tuple[list[int], str]:
    """Agenda items and a default title of a list's target, or 422 naming the field."""
    if target == HIGH_LEVEL_SEGMENT:
        return [], "High-level segment"
    items = {item.number: item for item in congress.agenda_items}
    unit = keys.parse_unit(target)
    if unit is not None and unit.kind == "segment":
        segment = next((s for s in congress.segments if keys.segment_unit(s.key) == target), None)
        if segment is None:
            known = ", ".join(keys.segment_unit(s.key) for s in congress.segments)
            raise invalid("body.target", f"no segment {target!r} in this congress ({known})")
        return [], segment.title or segment.key
    if unit is not None and unit.kind == "cluster":
        cluster = next(
            (c for c in congress.clusters if keys.cluster_unit_of_record(c.key) == target), None
        )
        if cluster is None:
            known = ", ".join(keys.cluster_unit_of_record(c.key) for c in congress.clusters)
            raise invalid(
                "body.target",
                f"no cluster {keys.cluster_record_key(unit.numbers)} in this congress "
                f"(clusters: {known})",
            )
        numbers = sorted(cluster.item_numbers)
        return numbers, "Agenda items " + " and ".join(str(n) for n in numbers)
    if unit is not None and unit.kind == "item" and unit.number is not None:
        number = unit.number
        if number not in items:
            raise invalid("body.target", f"no agenda item {number} in this congress")
        clustered = next((c for c in congress.clusters if number in c.item_numbers), None)
        if clustered is not None:
            raise invalid(
                "body.target",
                f"item {number} is taken up in cluster {clustered.key}: "
                f"use {keys.cluster_unit_of_record(clustered.key)}",
            )
        return [number], f"Agenda item {number}: {items[number].title}"
    raise invalid(
        "body.target",
        'expected "high-level-segment", a segment ("segment-treaty-event"), "cluster-3-5" '
        'or "item-4"',
    )


def _check_window(opens: dt.datetime, closes: dt.datetime) -> None:
    if closes <= opens:
        raise invalid("body.closes_at", "the list must close after it opens")


def create_list(
    session: Session, congress: Congress, data: SpeakersListCreate, actor: Principal | None
) -> SpeakersList:
    """A new list. `congress` must be loaded with its agenda and clusters."""
    items, default_title = _target_items(congress, data.target)
    if repository.find_list(session, congress.id, data.target) is not None:
        raise ProblemError(409, f"{congress.name} already has a list of speakers {data.target!r}.")
    zone = zone_of(congress)
    opens = input_utc(data.opens_at, zone, "body.opens_at")
    closes = input_utc(data.closes_at, zone, "body.closes_at")
    _check_window(opens, closes)
    speakers_list = SpeakersList(
        congress_id=congress.id,
        target=data.target,
        agenda_items=items,
        title=data.title or default_title,
        opens_at=opens,
        closes_at=closes,
        time_limit_minutes=data.time_limit_minutes,
        statements_per_delegation=data.statements_per_delegation,
        allowed_kinds=[kind.value for kind in data.allowed_kinds],
        next_sequence=1,
    )
    session.add(speakers_list)
    session.flush()
    audit.record(
        session,
        congress,
        speakers_list,
        "list.create",
        actor,
        after=audit.list_state(speakers_list),
    )
    return speakers_list


def update_list(
    session: Session,
    congress: Congress,
    speakers_list: SpeakersList,
    data: SpeakersListUpdate,
    actor: Principal | None,
) -> SpeakersList:
    before = audit.list_state(speakers_list)
    zone = zone_of(congress)
    given = data.model_fields_set
    if "title" in given and data.title:
        speakers_list.title = data.title
    opens = (
        input_utc(data.opens_at, zone, "body.opens_at") if data.opens_at else speakers_list.opens_at
    )
    closes = (
        input_utc(data.closes_at, zone, "body.closes_at")
        if data.closes_at
        else speakers_list.closes_at
    )
    _check_window(opens, closes)
    speakers_list.opens_at, speakers_list.closes_at = opens, closes
    if data.time_limit_minutes is not None:
        speakers_list.time_limit_minutes = data.time_limit_minutes
    if data.statements_per_delegation is not None:
        speakers_list.statements_per_delegation = data.statements_per_delegation
    if data.allowed_kinds is not None:
        speakers_list.allowed_kinds = [kind.value for kind in data.allowed_kinds]
    session.flush()
    audit.record(
        session,
        congress,
        speakers_list,
        "list.update",
        actor,
        before=before,
        after=audit.list_state(speakers_list),
    )
    return speakers_list


def ensure_high_level_list(session: Session, congress: Congress) -> SpeakersList | None:
    """The high-level segment's list, created when a seed announces its opening date.

    Created once: afterwards the list is the secretariat's, and reloading the seed
    leaves it alone. The documents give only the opening date ("a list of speakers will
    be opened on 8 March 2010", A/CONF.213/1); assumed here, changeable with PATCH:
    it opens at 00:00 of that date, closes when the segment's window begins, statements
    of seven minutes, and States (member and observer) inscribe.
    """
    segment = congress.high_level_segment
    if segment is None or segment.speakers_list_opens is None:
        return None
    existing = repository.find_list(session, congress.id, HIGH_LEVEL_SEGMENT)
    if existing is not None:
        return existing
    zone = zone_of(congress)
    if segment.window_anchor is WindowAnchor.DATES and segment.window_dates:
        first_day = min(dt.date.fromisoformat(d) for d in segment.window_dates)
    elif segment.window_anchor is WindowAnchor.START:
        first_day = congress.start_date
    else:
        first_day = congress.end_date - dt.timedelta(days=segment.window_days - 1)
    speakers_list = SpeakersList(
        congress_id=congress.id,
        target=HIGH_LEVEL_SEGMENT,
        agenda_items=[],
        title="High-level segment",
        opens_at=input_utc(dt.datetime.combine(segment.speakers_list_opens, dt.time()), zone),
        closes_at=input_utc(dt.datetime.combine(first_day, dt.time()), zone),
        time_limit_minutes=7,
        statements_per_delegation=1,
        allowed_kinds=[DelegationKind.MEMBER_STATE.value, DelegationKind.OBSERVER_STATE.value],
        next_sequence=1,
    )
    session.add(speakers_list)
    session.flush()
    audit.record(
        session, congress, speakers_list, "list.create", None, after=audit.list_state(speakers_list)
    )
    return speakers_list
