"""The public pages: the organization of work as the annex of A/CONF.213/1 shows it,
its filters, a meeting's details, the changes between versions, and what every page
promises (escaping, security headers, accessibility markup, print stylesheet)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.agenda.models import AgendaItem
from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.programme.models import Pin
from app.seeds.loader import LoadResult
from app.timetables import release, solving
from tests.support.annex_2010 import ANNEX, SLUG, publish_as_annex
from tests.support.html_tables import header_cells, table_rows

PAGE = f"/congresses/{SLUG}/organization-of-work"
#: The slots' hours the grid shows after each slot's name (the annex has them in its text).
HOURS = {"Morning": "10:00–13:00", "Afternoon": "15:00–18:00"}


def grid_rows(html: str) -> list[list[str]]:
    """The grid's rows as the annex words them: each slot's hours are checked, then left
    out, so that the rows compare with the annex's."""
    rows = table_rows(html, "annex")
    for row in rows[1:]:
        name, _, hours = row[0].partition(" ")
        if name in HOURS:
            assert hours == HOURS[name], row
            row[0] = name
    return rows


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, public_base_url="https://congress.example.org")
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client


@pytest.fixture
def published(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> int:
    version = publish_as_annex(session_factory)
    assert version.number == 1
    return version.number


def test_the_grid_reads_as_the_annex(published: int, client: TestClient) -> None:
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert grid_rows(response.text) == ANNEX
    page = response.text
    assert "Twelfth United Nations Congress on Crime Prevention and Criminal Justice" in page
    assert "A/CONF.213/1" in page
    assert "Salvador" in page and "Brazil" in page
    assert "12–19 April 2010" in page
    assert re.search(r"<dt>Version</dt><dd>1\b", page)
    assert "First published organization of work." in page
    # "continued" is in italics, as in the annex.
    assert "Agenda item 3 (<i>continued</i>)" in page


def test_the_grid_shows_each_slots_hours(published: int, client: TestClient) -> None:
    rows = table_rows(client.get(PAGE).text, "annex")
    assert rows[2][0] == "Afternoon 15:00–18:00"  # the pre-Congress Sunday
    assert rows[4][0] == "Morning 10:00–13:00"
    assert '<span class="hours">10:00–13:00</span>' in client.get(PAGE).text


def test_the_grid_is_an_accessible_table(published: int, client: TestClient) -> None:
    page = client.get(PAGE).text
    assert page.startswith("<!doctype html>")
    assert '<html lang="en">' in page
    assert "<caption>" in page
    scopes = [h.get("scope") for h in header_cells(page, "annex")]
    assert scopes[:4] == ["col"] * 4
    assert set(scopes) == {"col", "row", "rowgroup"}
    assert 'class="skip" href="#main"' in page
    # Every meeting is a link in reading order: Tab walks the grid without a script.
    meetings = sum(1 for row in ANNEX[1:] for cell in row[1:] if cell)
    assert page.count('class="meeting kind-') == meetings == 45
    assert "<script" not in page and " style=" not in page and "<style" not in page


def test_titles_in_another_language_carry_their_lang(published: int, client: TestClient) -> None:
    page = client.get(PAGE, params={"lang": "fr"}).text
    assert '<span lang="fr">Enfants, jeunes et criminalité</span>' in page
    assert '<th scope="col"><span lang="fr">Plénière</span></th>' in page
    # Titles without a French translation stay English, without a wrong lang mark.
    assert "Agenda item 4. Provision of technical assistance" in page
    meeting = client.get(f"/congresses/{SLUG}/meetings/plenary:opening", params={"lang": "fr"})
    assert 'lang="fr"' in meeting.text
    bad = client.get(PAGE, params={"lang": "de"})
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("text/html")
    assert "lang" in bad.text


def test_filter_by_body_and_by_day(published: int, client: TestClient) -> None:
    rows = grid_rows(client.get(PAGE, params={"body": "committee-1"}).text)
    assert rows[0] == ["Day", "Committee I"]
    # The pre-Congress Sunday and its plenary-only rows are left out.
    assert rows[1] == ["Monday, 12 April 2010"]
    assert rows[2] == ["Afternoon", ANNEX[5][2]]
    assert all(len(r) in (1, 2) for r in rows)

    rows = grid_rows(client.get(PAGE, params={"day": "2010-04-17"}).text)
    assert rows == [ANNEX[0], *ANNEX[18:21]]

    rows = grid_rows(client.get(PAGE, params={"day": "2010-04-15", "body": "committee-2"}).text)
    assert rows == [
        ["Day", "Committee II"],
        ["Thursday, 15 April 2010"],
        ["Morning", ANNEX[13][3]],
        ["Afternoon", ANNEX[14][3]],
    ]
    # The form keeps the choice.
    page = client.get(PAGE, params={"body": "committee-2"}).text
    assert '<option value="committee-2" selected>' in page


def _error_page(response: Response, status: int) -> str:
    """An HTML error page (not the API's problem+json) with a way back."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<!doctype html>")
    assert 'class="programme"' in response.text
    return response.text


def test_bad_filters_are_html_error_pages_naming_the_field(
    published: int, client: TestClient
) -> None:
    page = _error_page(client.get(PAGE, params={"body": "committee-9"}), 400)
    assert "body: no body &#39;committee-9&#39; meets" in page
    assert f'href="{PAGE}"' in page
    page = _error_page(client.get(PAGE, params={"day": "2010-05-01"}), 400)
    assert "day: 2010-05-01 is not a day" in page
    page = _error_page(client.get(PAGE, params={"day": "someday"}), 400)
    assert "day: " in page
    page = _error_page(client.get(PAGE, params={"version": 7}), 404)
    assert "no published version 7" in page
    page = _error_page(client.get("/congresses/no-such-congress/organization-of-work"), 404)
    assert 'href="/"' in page
    # The API keeps its problem+json.
    api = client.get(f"/congresses/{SLUG}/timetable/versions/7")
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"


def test_a_meeting_opens_its_details(published: int, client: TestClient) -> None:
    page = client.get(PAGE).text
    assert 'href="/congresses/twelfth-congress-salvador-2010/meetings/plenary%3Aopening"' in page
    response = client.get(f"/congresses/{SLUG}/meetings/plenary%3Aopening")
    assert response.status_code == 200
    details = response.text
    assert "Plenary Hall" in details
    assert "Monday, 12 April 2010, morning" in details
    # Local time of the venue, with its zone and offset (Salvador is UTC−3).
    assert '<time datetime="2010-04-12T10:00:00-03:00">10:00</time>' in details
    assert "America/Bahia, UTC−03:00" in details
    assert "A/CONF.213/3" in details  # the document of item 1
    assert "List of speakers" in details
    assert "webcal://congress.example.org/congresses/" in details

    workshop = client.get(f"/congresses/{SLUG}/meetings/workshop-2:2").text
    assert "Workshop on Survey of Best Practices in the Treatment of Prisoners (<i>continued" in (
        workshop
    )
    assert "A/CONF.213/13" in workshop
    missing = _error_page(client.get(f"/congresses/{SLUG}/meetings/plenary:nothing"), 404)
    assert "has no meeting &#39;plenary:nothing&#39;" in missing


def test_subscribe_links_for_each_feed_return_calendars(published: int, client: TestClient) -> None:
    page = client.get(PAGE).text
    https = re.findall(
        r'href="(https://congress\.example\.org/[^"]+\.ics)" class="feed-https"', page
    )
    webcal = re.findall(r'href="(webcal://[^"]+\.ics)" class="feed-webcal"', page)
    assert len(https) == len(webcal) == 4  # the congress and its three bodies
    assert https[0].endswith(f"/congresses/{SLUG}/feeds/congress.ics")
    for url in https:
        response = client.get(url.removeprefix("https://congress.example.org"))
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/calendar")
        assert "BEGIN:VCALENDAR" in response.text


def test_titles_are_escaped(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    with transaction(session_factory) as session:
        session.execute(
            update(AgendaItem)
            .where(AgendaItem.congress_id == salvador_2010.congress_id, AgendaItem.number == 3)
            .values(title="Children <script>alert(1)</script> & crime")
        )
    publish_as_annex(session_factory, change_log="<img src=x onerror=alert(1)>")
    page = client.get(PAGE).text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "Children &lt;script&gt;alert(1)&lt;/script&gt; &amp; crime" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_security_headers(published: int, client: TestClient) -> None:
    for path in ("/", PAGE, f"/congresses/{SLUG}/meetings/plenary:opening"):
        response = client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
    css = client.get("/static/pages.css")
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert css.headers["x-content-type-options"] == "nosniff"


def test_the_print_stylesheet_prints_the_annex_on_a4(published: int, client: TestClient) -> None:
    page = client.get(PAGE).text
    assert '<link rel="stylesheet" href="/static/print.css" media="print">' in page
    css = client.get("/static/print.css").text
    assert "size: A4" in css
    # The heading row repeats on each page and a day is never split.
    assert "table-header-group" in css and "break-inside: avoid" in css
    assert "form.filters" in css


def test_the_front_page_links_the_organization_of_work(published: int, client: TestClient) -> None:
    page = client.get("/").text
    assert f'href="{PAGE}"' in page


def test_nothing_published_yet(salvador_2010: LoadResult, client: TestClient) -> None:
    response = client.get(PAGE)
    assert response.status_code == 404
    assert "has not been published yet" in response.text
    assert client.get("/congresses/no-such-congress/organization-of-work").status_code == 404


def test_the_changes_between_two_versions(
    published: int,
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    first = client.get(f"{PAGE}/changes")
    assert "Version 1 is the first published organization of work" in first.text
    # The host asks for the drug trafficking workshop on Friday instead of Saturday, so it
    # swaps with the overcrowding workshop.
    with transaction(session_factory) as session:
        pins = {
            (p.target, p.meeting): p
            for p in session.scalars(
                select(Pin).where(Pin.congress_id == salvador_2010.congress_id)
            )
        }
        for meeting in (1, 2):
            pins[("workshop-4", meeting)].date = dt.date(2010, 4, 16)
            pins[("workshop-5", meeting)].date = dt.date(2010, 4, 17)
    _republish(session_factory, "Workshops 4 and 5 swapped at the host's request.")
    page = client.get(f"{PAGE}/changes").text
    assert "From version 1 to version 2: Workshops 4 and 5 swapped" in page
    moved = table_rows(page, "changes")
    assert moved[0] == ["Meeting", "Before (version 1)", "After (version 2)"]
    assert [
        "Workshop on Links between Drug Trafficking and Other Forms of Organized Crime",
        "Saturday, 17 April 2010, Morning, Committee I",
        "Friday, 16 April 2010, Morning, Committee I",
    ] in moved
    assert len(moved) == 1 + 4
    explicit = client.get(f"{PAGE}/changes", params={"from": 1, "to": 2}).text
    assert explicit == page
    assert client.get(f"{PAGE}/changes", params={"from": 2, "to": 1}).status_code == 400
    # The earlier version stays readable.
    old = client.get(PAGE, params={"version": 1}).text
    assert "an earlier version" in old
    assert grid_rows(old) == ANNEX


def _republish(session_factory: sessionmaker[Session], change_log: str) -> None:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        timetable, draft = solving.solve_congress(session, congress, time_limit_s=10)
        assert timetable.ok and draft is not None
        release.publish(session, draft, change_log)


def test_a_cancelled_meetings_page_says_when_it_was_cancelled(
    published: int, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        timetable, draft = solving.solve_congress(session, congress, time_limit_s=10)
        assert timetable.ok and draft is not None
        dropped = next(m for m in draft.meetings if m.kind == "informal")
        key = dropped.key
        draft.meetings.remove(dropped)
        session.delete(dropped)
        session.flush()
        version = release.publish(session, draft, "An informal consultation is no longer held.")
        assert version.number == 2
    # The calendar event of the cancelled meeting links to its page …
    feed = client.get(f"/congresses/{SLUG}/feeds/congress.ics").text.replace("\r\n ", "")
    assert f"URL:https://congress.example.org/congresses/{SLUG}/meetings/{key}" in feed
    # … which says in which version and when it was cancelled, and links to the programme.
    response = client.get(f"/congresses/{SLUG}/meetings/{key}")
    page = _error_page(response, 410)
    assert "This meeting was cancelled in version 2 of the organization of work" in page
    assert re.search(r"published on <time datetime=\"20\d\d-\d\d-\d\dT[^\"]+\+00:00\">", page)
    assert f'href="{PAGE}" class="programme"' in page
    # An earlier version still shows it as it was.
    assert (
        client.get(f"/congresses/{SLUG}/meetings/{key}", params={"version": 1}).status_code == 200
    )


def test_feed_names_do_not_end_in_a_full_stop_before_a_colon(
    published: int, client: TestClient
) -> None:
    page = client.get(PAGE).text
    assert ".: " not in page and ".:<" not in page
    assert "Item 1. Opening of the Congress: " in page
