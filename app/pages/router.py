"""Public pages: the organization of work as the annex shows it, a meeting's details,
and what changed between two published versions. Server-rendered, no script needed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from app.congresses.models import Congress
from app.congresses.service import get_congress
from app.core.database import utc_now
from app.core.deps import LanguageQuery, SessionDep
from app.core.inputs import INT32_MAX
from app.core.languages import OFFICIAL_LANGUAGES
from app.core.problems import InvalidParam, ProblemError
from app.exports.registry import EXPORTERS
from app.pages.annex import Annex, MeetingView, build_annex, long_date
from app.pages.console import router as console_router
from app.pages.errors import HtmlErrorRoute
from app.pages.subscriptions import feed_links
from app.pages.templating import page
from app.side_events.programme import ConfirmedSideEvent, confirmed_side_events
from app.speakers import order as speakers_order
from app.speakers import repository as speakers_repository
from app.timetables import repository
from app.timetables.changes import cancellation, diff_versions
from app.timetables.models import TimetableVersion
from app.timetables.presentation import venue_time

router = APIRouter(tags=["pages"], include_in_schema=False, route_class=HtmlErrorRoute)
router.include_router(console_router)

VersionQuery = Annotated[
    int | None,
    Query(ge=1, le=INT32_MAX, description="A published version; the latest when omitted"),
]


def _version(
    session: SessionDep, congress: Congress, number: int | None
) -> TimetableVersion | None:
    if number is None:
        return repository.latest_published(session, congress.id)
    found = repository.published_version(session, congress.id, number)
    if found is None or found.number is None:
        raise ProblemError(
            404,
            f"{congress.name} has no published version {number}.",
            invalid_params=[InvalidParam(name="version", reason="no such published version")],
        )
    return found


def _not_published(congress: Congress) -> HTMLResponse:
    return page("not_published.html", status_code=404, congress=congress, lang="en")


def _invalid(name: str, reason: str) -> ProblemError:
    return ProblemError(
        422, f"{name}: {reason}", invalid_params=[InvalidParam(name=name, reason=reason)]
    )


@router.get("/congresses/{congress}/organization-of-work", response_class=HTMLResponse)
def organization_of_work(
    congress: str,
    request: Request,
    session: SessionDep,
    lang: LanguageQuery = None,
    body: Annotated[str | None, Query(max_length=60, description="Key of a body")] = None,
    day: Annotated[dt.date | None, Query(description="A day of the congress")] = None,
    version: VersionQuery = None,
) -> HTMLResponse:
    found = get_congress(session, congress, full=True)
    current = _version(session, found, version)
    if current is None:
        return _not_published(found)
    body = body or None
    annex = build_annex(found, current, lang=lang or "en", body=body, day=day)
    if body is not None and body not in {c.key for c in annex.all_columns}:
        raise _invalid(
            "body", f"no body {body!r} meets; one of " + ", ".join(c.key for c in annex.all_columns)
        )
    if day is not None and day not in annex.all_dates:
        raise _invalid("day", f"{day.isoformat()} is not a day of the organization of work")
    params = {"lang": lang, "version": version}
    suffix = urlencode({k: v for k, v in params.items() if v is not None})
    feeds = feed_links(request, found, lang)
    return page(
        "organization_of_work.html",
        # As the version announced them.
        congress_name=annex.labeller.congress_name(),
        congress_venue=annex.labeller.congress_venue(),
        meeting_suffix=("?" + suffix) if suffix else "",
        annex=annex,
        congress=found,
        lang=annex.lang,
        languages=OFFICIAL_LANGUAGES,
        selected_body=body,
        selected_day=day,
        feeds=feeds,
        side_events=side_events_by_day(session, found, day) if version is None else None,
        side_events_feed=next((f for f in feeds if f.kind == "side-events"), None),
        versions=repository.published_versions(session, found.id),
        latest=version is None,
        query_lang=lang,
        exporters=[e for e in EXPORTERS.values() if e.public],
    )


def side_events_by_day(
    session: Session, congress: Congress, day: dt.date | None
) -> list[tuple[dt.date, list[ConfirmedSideEvent]]]:
    """The confirmed side events, a section per day. Only the latest version's page
    shows them: they are today's arrangements, not part of an earlier version."""
    by_day: dict[dt.date, list[ConfirmedSideEvent]] = {}
    for event in confirmed_side_events(session, congress.id, day):
        # Aware times, so that <time datetime> carries the venue's offset.
        local = replace(
            event,
            start=venue_time(event.start, congress.time_zone),
            end=venue_time(event.end, congress.time_zone),
        )
        by_day.setdefault(event.date, []).append(local)
    return sorted(by_day.items())


@router.get("/congresses/{congress}/meetings/{key}", response_class=HTMLResponse)
def meeting(
    congress: str,
    key: str,
    request: Request,
    session: SessionDep,
    lang: LanguageQuery = None,
    version: VersionQuery = None,
) -> HTMLResponse:
    found = get_congress(session, congress, full=True)
    current = _version(session, found, version)
    if current is None:
        return _not_published(found)
    annex: Annex = build_annex(found, current, lang=lang or "en")
    view = annex.meeting(key)
    if view is None and version is None:
        cancelled = cancelled_meeting(session, found, key, lang)
        if cancelled is not None:
            return page("cancelled.html", status_code=410, congress=found, lang="en", **cancelled)
    if view is None:
        raise ProblemError(
            404,
            f"Version {current.number} of the organization of work has no meeting {key!r}.",
            invalid_params=[InvalidParam(name="key", reason="no such meeting")],
        )
    body_feed = next(
        (
            f
            for f in feed_links(request, found, lang)
            if f.kind == "body" and f.key == view.meeting.body_key
        ),
        None,
    )
    return page(
        "meeting.html",
        annex=annex,
        view=view,
        congress=found,
        lang=annex.lang,
        query_lang=lang,
        feed=body_feed,
        speakers=speakers_in(session, found, view) if version is None else [],
    )


def cancelled_meeting(
    session: Session, congress: Congress, key: str, lang: str | None
) -> dict[str, object] | None:
    """A meeting the latest version no longer holds but an earlier one did: the last
    version that held it (and the meeting as it was there) and the version that
    cancelled it, with when that was published. None for a key never published."""
    versions = repository.published_versions(session, congress.id, with_meetings=True)
    found = cancellation(versions, key)
    if found is None:
        return None
    view = build_annex(congress, found.last_held, lang=lang or "en").meeting(key)
    if view is None:
        return None
    return {
        "view": view,
        "last_version": found.last_held,
        "cancelled_in": found.cancelled_in,
        "cancelled_at": found.cancelled_at,
    }


@dataclass(frozen=True)
class SpeakerTurn:
    list_title: str
    position: int
    name: str
    delegation: str
    start: dt.datetime | None
    end: dt.datetime | None
    #: The speaker's own calendar feed (public, as this list is: app.feeds.speaker).
    feed: str | None = None


def speakers_in(session: Session, congress: Congress, view: MeetingView) -> list[SpeakerTurn]:
    """The speakers whose estimated turn falls in this meeting, in order, from every list
    (the lists estimate against the latest published version, which this page shows)."""
    keys = {view.key, *view.meeting.also}
    now = utc_now()
    turns = []
    for speakers_list in speakers_repository.lists_of(session, congress.id):
        public = speakers_order.list_public(session, congress, speakers_list, now)
        turns += [
            SpeakerTurn(
                public.title,
                e.position,
                e.name,
                e.delegation,
                e.estimated_start,
                e.estimated_end,
                e.feed,
            )
            for e in public.entries
            if e.meeting in keys
        ]
    return sorted(turns, key=lambda t: (t.start is None, t.start, t.position))


@router.get("/congresses/{congress}/organization-of-work/changes", response_class=HTMLResponse)
def changes(
    congress: str,
    session: SessionDep,
    from_version: Annotated[int | None, Query(alias="from", ge=1, le=INT32_MAX)] = None,
    to_version: Annotated[int | None, Query(alias="to", ge=1, le=INT32_MAX)] = None,
) -> HTMLResponse:
    found = get_congress(session, congress, full=True)
    versions = repository.published_versions(session, found.id)
    if not versions:
        return _not_published(found)
    after = _version(session, found, to_version or versions[-1].number)
    assert after is not None and after.number is not None
    before_number = from_version if from_version is not None else after.number - 1
    before = _version(session, found, before_number) if before_number >= 1 else None
    if before is not None and before.number is not None and before.number >= after.number:
        raise _invalid("from", "must be an earlier version than 'to'")
    rows: dict[str, list[dict[str, str]]] = {
        "moved": [],
        "added": [],
        "cancelled": [],
        "retitled": [],
        "room_changed": [],
    }
    if before is not None:
        diff = diff_versions(before, after, found)
        old = build_annex(found, before)
        new = build_annex(found, after)

        def where(annex: Annex, place: tuple[str, str, str]) -> str:
            # In the words of the version the place belongs to.
            date, slot, body = place
            slot_names = {s.key: s.name for s in annex.labels.meeting_slots}
            body_names = {b.key: b.name for b in annex.labels.bodies}
            return (
                f"{_long(date)}, {slot_names.get(slot, slot)}, {body_names.get(body, body or '—')}"
            )

        for move in diff.moved:
            view = new.meeting(move.key) or old.meeting(move.key)
            rows["moved"].append(
                {
                    "key": move.key,
                    "text": view.text if view else move.key,
                    "before": where(old, move.before),
                    "after": where(new, move.after),
                }
            )
        for key in diff.added:
            view = new.meeting(key)
            rows["added"].append(
                {
                    "key": key,
                    "text": view.text if view else key,
                    "after": _place(view) if view else "",
                }
            )
        for key in diff.removed:
            view = old.meeting(key)
            rows["cancelled"].append(
                {
                    "key": key,
                    "text": view.text if view else key,
                    "before": _place(view) if view else "",
                }
            )
        for key in diff.retitled:
            was, now = old.meeting(key), new.meeting(key)
            rows["retitled"].append(
                {
                    "key": key,
                    "text": now.text if now else key,
                    "before": was.text if was else "",
                    "after": now.text if now else "",
                }
            )
        for key in diff.room_changed:
            was, now = old.meeting(key), new.meeting(key)
            rows["room_changed"].append(
                {
                    "key": key,
                    "text": now.text if now else key,
                    "before": (was.room or "—") if was else "",
                    "after": (now.room or "—") if now else "",
                }
            )
    return page(
        "changes.html",
        congress=found,
        lang="en",
        before=before,
        after=after,
        versions=versions,
        rows=rows,
    )


def _long(iso: str) -> str:
    return long_date(dt.date.fromisoformat(iso))


def _place(view: MeetingView) -> str:
    return f"{long_date(view.meeting.date)}, {view.slot_name}, {view.body_name}"
