"""Conditional GET on the read routes apps poll: the timetable and its versions, the
exports, the lists of speakers and the side events answer with an ETag (and
Last-Modified where the data has a date), Cache-Control, and 304 Not Modified when the
client's copy is current; a change gives a new tag."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.seeds.loader import LoadResult
from app.speakers import lists
from app.speakers.schemas import SpeakersListCreate
from tests.support.annex_2010 import SLUG, publish_as_annex
from tests.support.side_events import allocate, confirm, request, side_event_rooms_and_tokens

C = f"/congresses/{SLUG}"
POLLED = [
    f"{C}/timetable",
    f"{C}/timetable/versions",
    f"{C}/timetable/versions/1",
    f"{C}/exports/schedule.xml",
    f"{C}/exports/schedule.json",
    f"{C}/exports/timetable.csv",
    f"{C}/exports/timetable.json",
    f"{C}/exports/speakers.csv",
    f"{C}/speakers-lists",
    f"{C}/speakers-lists/item-4",
    f"{C}/speakers-lists/item-4/speakers.csv",
    f"{C}/side-events",
]
#: The routes whose data has a date: the publication of the version they show.
DATED = [
    f"{C}/timetable",
    f"{C}/timetable/versions",
    f"{C}/timetable/versions/1",
    f"{C}/exports/schedule.xml?version=1",
]


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, public_base_url="https://congress.example.org")
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client


@pytest.fixture
def published(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> None:
    publish_as_annex(session_factory)
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        lists.create_list(
            session,
            congress,
            SpeakersListCreate(
                target="item-4",
                opens_at=dt.datetime(2010, 3, 8, tzinfo=dt.UTC),
                closes_at=dt.datetime(2010, 4, 16, tzinfo=dt.UTC),
                time_limit_minutes=7,
            ),
            None,
        )


@pytest.mark.parametrize("path", POLLED)
def test_an_unchanged_resource_is_a_304(published: None, client: TestClient, path: str) -> None:
    first = client.get(path)
    assert first.status_code == 200, first.text
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert first.headers["cache-control"] == "no-cache"
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    # A weak form of the tag, or one among others, matches too (RFC 9110 13.1.2).
    assert client.get(path, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("path", DATED)
def test_last_modified_is_the_publication(published: None, client: TestClient, path: str) -> None:
    first = client.get(path)
    last_modified = first.headers["last-modified"]
    assert last_modified.endswith(" GMT")
    since = client.get(path, headers={"If-Modified-Since": last_modified})
    assert since.status_code == 304
    before = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get(path, headers={"If-Modified-Since": before}).status_code == 200


def test_a_new_version_gives_the_timetable_a_new_tag(
    published: None, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    tags = {p: client.get(p).headers["etag"] for p in (f"{C}/timetable", f"{C}/timetable/versions")}
    publish_as_annex(session_factory, "Second publication", pin=False)
    for path, etag in tags.items():
        response = client.get(path, headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response.headers["etag"] != etag
    # The first version itself has not changed.
    first = client.get(f"{C}/timetable/versions/1")
    assert (
        client.get(
            f"{C}/timetable/versions/1", headers={"If-None-Match": first.headers["etag"]}
        ).status_code
        == 304
    )


def test_a_confirmed_side_event_gives_the_exports_and_the_list_a_new_tag(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    tokens = side_event_rooms_and_tokens(session_factory)
    publish_as_annex(session_factory)
    paths = [f"{C}/exports/schedule.json", f"{C}/exports/timetable.csv", f"{C}/side-events"]
    tags = {p: client.get(p).headers["etag"] for p in paths}
    request_id = request(client, tokens, title="Prison reform")
    allocate(client, tokens)
    confirm(client, tokens, request_id)
    for path, etag in tags.items():
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 200, path


def test_a_copy_read_with_a_token_is_private(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    tokens = side_event_rooms_and_tokens(session_factory)
    request(client, tokens)
    response = client.get(f"{C}/side-events/requests", headers=tokens.ngo)
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-cache"
    etag = response.headers["etag"]
    headers = {**tokens.ngo, "If-None-Match": etag}
    assert client.get(f"{C}/side-events/requests", headers=headers).status_code == 304
