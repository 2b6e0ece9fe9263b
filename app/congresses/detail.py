"""The congress detail: the congress with every part of its configuration, each part in
its own family's read shape (a room here is what GET …/rooms/{id} answers), titles in
the requested official language.

Apart from congresses/service.py because it reads through the families' services, which
depend on congresses/deps (and so on congresses/service) themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.agenda.models import AgendaItem
from app.agenda.schemas import AgendaItemResource
from app.agenda.service import agenda_items, clusters
from app.bodies.models import Body, Officer
from app.bodies.service import bodies
from app.congresses.models import Congress
from app.congresses.schemas import (
    BodyPublic,
    CongressPublic,
    FixedEventPublic,
    GeneralCommitteePublic,
    MeetingSlotPublic,
    OfficerPublic,
    RulesPublic,
)
from app.congresses.service import preference_weights, stored_duration, summary
from app.core.calendar import weekday_names
from app.core.languages import translated
from app.delegations.service import delegations
from app.programme.service import fixed_events, segment_public, segments
from app.rooms.service import rooms
from app.workshops.service import workshops


def _officer(officer: Officer) -> OfficerPublic:
    return OfficerPublic(
        office=officer.office,
        seat=officer.seat,
        body=officer.body.key if officer.body else None,
        delegation=officer.delegation.name if officer.delegation else None,
        person_name=officer.person_name,
        regional_group=officer.regional_group,
    )


def agenda_item_public(item: AgendaItem, lang: str | None = None) -> AgendaItemResource:
    public = agenda_items.public(item)
    return public.model_copy(update={"title": translated(item.title, item.translations, lang)})


def _body(body: Body, lang: str | None) -> BodyPublic:
    return BodyPublic(
        **bodies.public(body).model_dump(),
        officers=[_officer(o) for o in body.officers],
    ).model_copy(update={"name": translated(body.name, body.translations, lang)})


def _unit_rules(congress: Congress) -> dict[str, Any]:
    """How agenda units are scheduled when they do not say, and the congress's tracks."""
    return {
        "units_consecutive": congress.units_consecutive or "hard",
        "tracks": congress.tracks or [],
    }


def detail(congress: Congress, lang: str | None = None) -> CongressPublic:
    segment = congress.high_level_segment
    return CongressPublic(
        **summary(congress, lang).model_dump(),
        theme=translated(congress.theme or "", congress.translations.get("theme"), lang) or None,
        rules=RulesPublic(
            max_parallel_meetings=congress.max_parallel_meetings,
            max_duration_days=congress.max_duration_days,
            max_duration=stored_duration(congress),
            meetings_on_weekends=congress.meetings_on_weekends,
            meetings_on_holidays=congress.meetings_on_holidays,
            weekend_days=weekday_names(congress.weekend_days or []),
            holidays=[dt.date.fromisoformat(d) for d in congress.holidays or []],
            workshops_same_day=congress.workshops_same_day,
            agenda_order_within_body=congress.agenda_order_within_body,
            document_deadline_working_days=congress.document_deadline_working_days,
            preference_weights=preference_weights(congress),
            **_unit_rules(congress),
            sources=dict(congress.sources or {}),
        ),
        meeting_slots=[
            MeetingSlotPublic(
                key=s.key, name=s.name, start=s.start_time, end=s.end_time, kind=s.kind
            )
            for s in congress.meeting_slots
        ],
        day_slots=list(congress.day_slots or []),
        rooms=[rooms.public(r) for r in congress.rooms],
        bodies=[_body(b, lang) for b in congress.bodies],
        agenda_items=[agenda_item_public(item, lang) for item in congress.agenda_items],
        clusters=[clusters.public(c) for c in congress.clusters],
        workshops=[
            workshops.public(w).model_copy(
                update={"title": translated(w.title, w.translations, lang)}
            )
            for w in congress.workshops
        ],
        high_level_segment=segment_public(segment) if segment else None,
        segments=[segments.public(s) for s in congress.segments],
        fixed_events=[
            FixedEventPublic.model_validate(fixed_events.public(e), from_attributes=True)
            for e in congress.fixed_events
        ],
        general_committee=GeneralCommitteePublic(
            vice_presidents=congress.vice_presidents,
            seats_by_regional_group={
                s.regional_group: s.seats for s in congress.general_committee_seats
            },
            officers=[_officer(o) for o in congress.officers if o.body_id is None],
        ),
        credentials_committee=[d.name for d in congress.delegations if d.credentials_committee],
        delegations=[delegations.public(d) for d in congress.delegations],
    )
