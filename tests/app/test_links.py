"""Absolute links follow the address the service is actually reached at (issue #13,
item 9): served on a port other than 8000 without PUBLIC_BASE_URL, every link of the
pages, of GET …/feeds, of the exports (frab url/base_url) and of the iCal SOURCE/URL
points to that port and answers there. The links are labelled with where they go."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from icalendar import Calendar
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.core.config import Settings
from app.core.urls import served_base_url
from app.main import create_app
from app.seeds.loader import LoadResult
from tests.support.annex_2010 import SLUG, publish_as_annex


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(engine: Engine, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app on a free loopback port (never 8000), PUBLIC_BASE_URL unset."""
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    port = _free_port()
    assert port != 8000
    app = create_app(Settings(database_url=database_url), engine=engine)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="uvicorn-links", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def published(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> None:
    publish_as_annex(session_factory)


def _absolute_links(text: str) -> set[str]:
    return {m for m in re.findall(r"(?:https?|webcal)://[^\s\"'<>]+", text)}


def test_every_absolute_link_points_to_the_port_served(served: str, published: None) -> None:
    links: set[str] = set()
    with httpx.Client(timeout=30) as http:
        page = http.get(f"{served}/congresses/{SLUG}/organization-of-work")
        assert page.status_code == 200
        links |= _absolute_links(page.text)
        meeting = re.search(r'href="(/congresses/[^"]+/meetings/[^"]+)"', page.text)
        assert meeting is not None
        links |= _absolute_links(http.get(served + meeting.group(1).replace("&amp;", "&")).text)

        index = http.get(f"{served}/congresses/{SLUG}/feeds").json()
        for feed in index["feeds"]:
            links |= {feed["url"], feed["webcal"]}

        exports = http.get(f"{served}/congresses/{SLUG}/exports").json()
        links |= {e["url"] for e in exports if e["public"]}
        for identifier in ("schedule.json", "schedule.xml", "timetable.json"):
            links |= _absolute_links(
                http.get(f"{served}/congresses/{SLUG}/exports/{identifier}").text
            )

        calendar = Calendar.from_ical(
            http.get(f"{served}/congresses/{SLUG}/feeds/congress.ics").content
        )
        links.add(str(calendar["SOURCE"]))
        event_urls = {str(e["URL"]) for e in calendar.walk("VEVENT")}
        links |= event_urls

        # Links of other sites quoted in a page (none today) would be left alone.
        ours = {link for link in links if "127.0.0.1" in link or "localhost" in link}
        assert ours and not {
            link
            for link in ours
            if not link.startswith((served + "/", served.replace("http://", "webcal://") + "/"))
        }, "links to another port"
        assert len(ours) > 40
        for link in sorted(ours):
            url = link.replace("webcal://", "http://", 1).split("#")[0]
            answer = http.get(url)
            assert answer.status_code == 200, (link, answer.status_code)
        # Each calendar event opens the meeting's page (HTML), not the JSON timetable.
        for url in sorted(event_urls)[:5]:
            assert "/meetings/" in url
            assert http.get(url).headers["content-type"].startswith("text/html")


def test_a_links_label_is_the_url_it_goes_to(served: str, published: None) -> None:
    page = httpx.get(f"{served}/congresses/{SLUG}/organization-of-work", timeout=30).text
    anchors = re.findall(r'<a href="((?:https?)://[^"]+)"[^>]*>([^<]*)</a>', page)
    assert anchors
    for href, label in anchors:
        assert label == href, f"{label!r} goes to {href}"


def test_public_base_url_wins_when_set(engine: Engine, database_url: str, published: None) -> None:
    from fastapi.testclient import TestClient

    settings = Settings(database_url=database_url, public_base_url="https://congress.example.org/")
    with TestClient(create_app(settings, engine=engine), base_url="http://127.0.0.1:8765") as c:
        feeds = c.get(f"/congresses/{SLUG}/feeds").json()["feeds"]
    assert feeds[0]["url"] == f"https://congress.example.org/congresses/{SLUG}/feeds/congress.ics"


def test_without_a_request_the_cli_uses_the_host_and_port_served(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.setenv("PORT", "8765")
    assert served_base_url(None) == "http://127.0.0.1:8765"
    assert served_base_url(None, "0.0.0.0", 9000) == "http://127.0.0.1:9000"
    assert served_base_url("https://congress.example.org/", "0.0.0.0", 9000) == (
        "https://congress.example.org"
    )
