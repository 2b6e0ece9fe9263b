"""In a real browser: the URL inside a calendar event opens the meeting's page, and a
link the pages cannot answer (a bad day, an unknown meeting) gives a readable HTML page
that leads back to the programme, never raw JSON."""

from __future__ import annotations

import urllib.request
from urllib.parse import quote

from icalendar import Calendar
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.common.by import By
from sqlalchemy.orm import Session, sessionmaker

from app.seeds.loader import LoadResult
from tests.e2e.test_organization_of_work import PAGE, arrived
from tests.support.annex_2010 import SLUG, publish_as_annex


def test_a_calendar_events_url_opens_the_meetings_page(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    live_server: str,
    browser: WebDriver,
) -> None:
    publish_as_annex(session_factory)
    with urllib.request.urlopen(f"{live_server}/congresses/{SLUG}/feeds/congress.ics") as feed:
        calendar = Calendar.from_ical(feed.read())
    opening = next(e for e in calendar.walk("VEVENT") if "plenary:opening" in str(e["UID"]))
    url = str(opening["URL"])
    assert url == f"{live_server}/congresses/{SLUG}/meetings/{quote('plenary:opening', safe=':')}"
    browser.get(url)
    assert "Opening" in browser.find_element(By.CSS_SELECTOR, "h1.meeting-title").text
    assert "Plenary Hall" in browser.find_element(By.CSS_SELECTOR, "dl.details").text


def test_bad_links_give_an_html_page_that_leads_to_the_programme(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    live_server: str,
    browser: WebDriver,
) -> None:
    publish_as_annex(session_factory)
    for path, words in (
        (f"{PAGE}?day=2010-05-01", "is not a day of the organization of work"),
        (f"{PAGE}?day=someday", "day:"),
        (f"/congresses/{SLUG}/meetings/plenary:nothing", "has no meeting"),
    ):
        browser.get(live_server + path)
        assert words in browser.find_element(By.CSS_SELECTOR, ".error-detail").text
        assert not browser.find_elements(By.TAG_NAME, "pre")  # no JSON viewer
    browser.find_element(By.CSS_SELECTOR, "a.programme").click()
    arrived(browser, "/organization-of-work")
    assert browser.find_elements(By.CSS_SELECTOR, "table.annex")
