"""Reading congresses, with titles in the requested official language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.agenda.models import AgendaItem
from app.bodies.models import Officer
from app.congresses import repository
from app.congresses.models import Congress
from app.congresses.schemas import (
    AgendaItemPublic,
    BodyPublic,
    ClusterPublic,
    CongressPublic,
    CongressSummary,
    DelegationPublic,
    FixedEventPublic,
    GeneralCommitteePublic,
    HighLevelSegmentPublic,
    MeetingSlotPublic,
    OfficerPublic,
    RoomPublic,
    RulesPublic,
    SubItemPublic,
    WindowPublic,
    WorkshopPublic,
)
from app.core.problems import NotFound
from app.core.types import translated


def get_congress(session: Session, ref: str, *, full: bool = False) -> Congress:
    congress = repository.find_congress(session, ref, full=full)
    if congress is None:
        raise NotFound(
            f"No congress {ref!r}. Use a congress's id or slug, e.g. "
            "twelfth-congress-salvador-2010; GET /congresses lists them."
        )
    return congress


def summary(congress: Congress, lang: str | None = None) -> CongressSummary:
    return CongressSummary(
        id=congress.id,
        slug=congress.slug,
        name=translated(congress.name, congress.translations.get("name"), lang),
        symbol=congress.symbol,
        venue=translated(congress.venue, congress.translations.get("venue"), lang),
        city=congress.city,
        country=congress.country,
        time_zone=congress.time_zone,
        start_date=congress.start_date,
        end_date=congress.end_date,
        languages=list(congress.languages),
    )


def _officer(officer: Officer) -> OfficerPublic:
    return OfficerPublic(
        office=officer.office,
        seat=officer.seat,
        body=officer.body.key if officer.body else None,
        delegation=officer.delegation.name if officer.delegation else None,
        person_name=officer.person_name,
        regional_group=officer.regional_group,
    )


def agenda_item_public(item: AgendaItem, lang: str | None = None) -> AgendaItemPublic:
    membership = item.cluster_membership
    return AgendaItemPublic(
        id=item.id,
        number=item.number,
        title=translated(item.title, item.translations, lang),
        body=item.body.key if item.body else None,
        meetings=item.meetings,
        cluster=membership.cluster.key if membership else None,
        documents=[d.symbol for d in item.documents],
        sub_items=[SubItemPublic(label=s.label, title=s.title) for s in item.sub_items],
    )


def detail(congress: Congress, lang: str | None = None) -> CongressPublic:
    items_by_number = {item.number: item for item in congress.agenda_items}
    segment = congress.high_level_segment
    return CongressPublic(
        **summary(congress, lang).model_dump(),
        theme=translated(congress.theme or "", congress.translations.get("theme"), lang) or None,
        rules=RulesPublic(
            max_parallel_meetings=congress.max_parallel_meetings,
            max_duration_days=congress.max_duration_days,
            workshops_same_day=congress.workshops_same_day,
            agenda_order_within_body=congress.agenda_order_within_body,
            document_deadline_working_days=congress.document_deadline_working_days,
        ),
        meeting_slots=[
            MeetingSlotPublic(key=s.key, name=s.name, start=s.start_time, end=s.end_time)
            for s in congress.meeting_slots
        ],
        rooms=[
            RoomPublic(id=r.id, name=r.name, capacity=r.capacity, interpretation=r.interpretation)
            for r in congress.rooms
        ],
        bodies=[
            BodyPublic(
                id=b.id,
                key=b.key,
                name=translated(b.name, b.translations, lang),
                kind=b.kind,
                room=b.room.name if b.room else None,
                expected_attendance=b.expected_attendance,
                meets_after_opening=b.meets_after_opening,
                meets_before_closing=b.meets_before_closing,
                officers=[_officer(o) for o in b.officers],
            )
            for b in congress.bodies
        ],
        agenda_items=[agenda_item_public(item, lang) for item in congress.agenda_items],
        clusters=[
            ClusterPublic(
                key=c.key,
                items=c.item_numbers,
                body=(
                    body.key
                    if (body := items_by_number[c.item_numbers[0]].body) is not None
                    else None
                ),
                meetings=c.meetings,
            )
            for c in congress.clusters
        ],
        workshops=[
            WorkshopPublic(
                id=w.id,
                number=w.number,
                title=translated(w.title, w.translations, lang),
                short_title=w.short_title,
                meetings=w.meetings,
                body=w.body.key if w.body else None,
                agenda_item=w.agenda_item.number if w.agenda_item else None,
                documents=[d.symbol for d in w.documents],
            )
            for w in congress.workshops
        ],
        high_level_segment=(
            HighLevelSegmentPublic(
                body=segment.body.key,
                meetings=segment.meetings,
                window=WindowPublic(anchor=segment.window_anchor, days=segment.window_days),
                source=segment.source,
                speakers_list_opens=segment.speakers_list_opens,
            )
            if segment
            else None
        ),
        fixed_events=[
            FixedEventPublic(
                kind=e.kind,
                title=e.title,
                body=e.body.key,
                date=e.date,
                slot=e.slot_key,
                start=e.start_time,
                end=e.end_time,
                agenda_items=list(e.agenda_items),
                takes_up_next_unit=e.takes_up_next_unit,
            )
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
        delegations=[
            DelegationPublic(
                id=d.id,
                name=d.name,
                kind=d.kind,
                regional_group=d.regional_group,
                credentials_committee=d.credentials_committee,
            )
            for d in congress.delegations
        ],
    )
