"""A congress with a treaty event segment, events of other kinds (of a body, in a room)
published: the pages, the feeds and the timetable show them, and the segment has its list
of speakers (target "segment-treaty-event")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.speakers import lists, order
from app.speakers.schemas import SpeakersListCreate
from app.timetables import release, solving
from tests.app.test_seed_programme import SLUG, with_programme, write
from tests.support.seeds import load


def test_published_segments_and_events_show_everywhere(
    session_factory: sessionmaker[Session],
    engine: Engine,
    database_url: str,
    tmp_path: Path,
) -> None:
    load(session_factory, write(tmp_path, with_programme()))
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        _, draft = solving.solve_congress(session, congress, time_limit_s=20)
        assert draft is not None
        release.publish(session, draft)
        created = lists.create_list(
            session,
            congress,
            SpeakersListCreate(
                target="segment-treaty-event",
                opens_at=dt.datetime(2010, 3, 8, tzinfo=dt.UTC),
                closes_at=dt.datetime(2010, 4, 13, tzinfo=dt.UTC),
                time_limit_minutes=5,
            ),
            None,
        )
        assert created.title == "Treaty event segment"
        speakers_list = lists.get_list(session, congress, "segment-treaty-event")
        meetings = order.schedule(session, congress, speakers_list).meetings
        assert [m.key for m in meetings] == [
            "committee-2:segment-treaty-event:1",
            "committee-2:segment-treaty-event:2",
        ]
    with TestClient(create_app(Settings(database_url=database_url), engine=engine)) as client:
        timetable = client.get(f"/congresses/{SLUG}/timetable")
        assert timetable.status_code == 200, timetable.text
        text = timetable.text
        assert "Special event on cybercrime" in text and "Treaty event segment" in text
        page = client.get(f"/congresses/{SLUG}/organization-of-work")
        assert page.status_code == 200
        assert "Elections of the Credentials Committee" in page.text
        feed = client.get(f"/congresses/{SLUG}/feeds/congress.ics")
        assert feed.status_code == 200
        assert "Special event on cybercrime" in feed.text
        room = client.get(f"/congresses/{SLUG}/feeds/rooms/committee-room-i.ics")
        assert room.status_code == 200
        assert "Special event on cybercrime" in room.text
