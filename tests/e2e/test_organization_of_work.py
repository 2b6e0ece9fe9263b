"""The public page in a real browser: the grid reads as the annex, the filters work,
keyboard users reach a meeting, a subscribe link gives a calendar, it prints on A4."""

from __future__ import annotations

import base64
import urllib.request
from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy.orm import Session, sessionmaker

from app.seeds.loader import LoadResult
from tests.support.annex_2010 import ANNEX, SLUG, publish_as_annex

PAGE = f"/congresses/{SLUG}/organization-of-work"


def arrived(browser: WebDriver, url_part: str) -> None:
    """Wait for the navigation a click started (the click returns before the new page).

    A read during the switch of documents can fail; that only means "not yet"."""
    wait = WebDriverWait(browser, 30, ignored_exceptions=(WebDriverException,))
    wait.until(lambda b: url_part in b.current_url)
    wait.until(lambda b: b.execute_script("return document.readyState") == "complete")


def grid(browser: WebDriver) -> list[list[str]]:
    """The annex table as the browser renders it: cell lines joined by " / "."""
    rows = []
    for row in browser.find_elements(By.CSS_SELECTOR, "table.annex tr"):
        cells = []
        for cell in row.find_elements(By.CSS_SELECTOR, "th, td"):
            lines = [line.text for line in cell.find_elements(By.CSS_SELECTOR, ".line")]
            text = cell.text.strip()
            for hours in cell.find_elements(By.CSS_SELECTOR, ".hours"):
                # A slot's hours follow its name (tests/app/test_pages.py checks them);
                # the annex is compared by the slots' names.
                text = text.removesuffix(hours.text).strip()
            cells.append(" / ".join(lines) if lines else text)
        rows.append(cells)
    return rows


def test_the_grid_shows_the_2010_congress_as_the_annex(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    live_server: str,
    browser: WebDriver,
    artifacts: Path,
) -> None:
    publish_as_annex(session_factory)
    browser.get(live_server + PAGE)
    assert browser.title.startswith("Organization of work: Twelfth United Nations Congress")
    assert grid(browser) == ANNEX
    header = browser.find_element(By.CSS_SELECTOR, ".document-header").text
    assert "A/CONF.213/1" in header and "12–19 April 2010" in header and "Version\n1" in header
    # The stylesheet loaded under the page's own Content-Security-Policy (a blocked
    # stylesheet would leave the day rows unshaded and the table without borders).
    day = browser.find_element(By.CSS_SELECTOR, "table.annex tr.day th")
    assert day.value_of_css_property("background-color") == "rgba(232, 238, 244, 1)"
    assert browser.find_element(By.CSS_SELECTOR, ".skip").location["x"] < 0

    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, int(height) + 120)
    assert browser.save_screenshot(str(artifacts / "organization-of-work.png"))
    # Printed: A4 pages with the filters, links and subscribe sections left out.
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    assert pdf.startswith(b"%PDF")
    (artifacts / "organization-of-work.pdf").write_bytes(pdf)
    # The print stylesheet as a picture: A4's width at 96 dpi, print media emulated.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, "form.filters").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "section.subscribe").is_displayed()
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(794, int(height) + 120)
    assert browser.save_screenshot(str(artifacts / "organization-of-work-print.png"))


def test_the_filters_and_the_keyboard(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    live_server: str,
    browser: WebDriver,
    artifacts: Path,
) -> None:
    publish_as_annex(session_factory)
    browser.get(live_server + PAGE)
    Select(browser.find_element(By.ID, "f-body")).select_by_visible_text("Committee II")
    Select(browser.find_element(By.ID, "f-day")).select_by_visible_text("Thursday, 15 April 2010")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    arrived(browser, "body=committee-2")
    assert "day=2010-04-15" in browser.current_url
    assert grid(browser) == [
        ["Day", "Committee II"],
        ["Thursday, 15 April 2010"],
        ["Morning", ANNEX[13][3]],
        ["Afternoon", ANNEX[14][3]],
    ]
    browser.save_screenshot(str(artifacts / "organization-of-work-filtered.png"))

    # From the top of the page, Tab reaches the skip link first, then (past the
    # navigation and the form) the first meeting; Enter opens its details.
    browser.get(live_server + PAGE + "?body=committee-1")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    for _ in range(12):
        active = browser.switch_to.active_element
        if "meeting" in (active.get_attribute("class") or ""):
            break
        active.send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert "meeting" in (active.get_attribute("class") or "")
    assert active.text.startswith("Agenda item 4. Provision of technical assistance")
    active.send_keys(Keys.ENTER)
    arrived(browser, "/meetings/committee-1")
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert heading.startswith("Agenda item 4. Provision of technical assistance")
    details = browser.find_element(By.CSS_SELECTOR, "dl.details").text
    assert "Committee Room I" in details
    assert "15:00–18:00 local time (America/Bahia, UTC−03:00)" in details
    browser.save_screenshot(str(artifacts / "meeting.png"))


def test_a_subscribe_link_returns_a_calendar(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    live_server: str,
    browser: WebDriver,
) -> None:
    publish_as_annex(session_factory)
    browser.get(live_server + PAGE)
    links = browser.find_elements(By.CSS_SELECTOR, ".subscribe a.feed-https")
    webcal = browser.find_elements(By.CSS_SELECTOR, ".subscribe a.feed-webcal")
    assert webcal[0].get_attribute("href") == (
        live_server.replace("http://", "webcal://") + f"/congresses/{SLUG}/feeds/congress.ics"
    )
    for link in links:
        href = link.get_attribute("href")
        assert href and href.startswith(live_server)
        with urllib.request.urlopen(href, timeout=30) as response:
            assert response.headers["Content-Type"].startswith("text/calendar")
            assert response.read().startswith(b"BEGIN:VCALENDAR")
