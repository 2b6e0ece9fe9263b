"""The organizer console in a real browser: sign in with the token, run a solve to the
end (the page refreshes itself), open the draft, publish, and see it public."""

from __future__ import annotations

from pathlib import Path

from selenium.common.exceptions import WebDriverException
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import Role
from app.auth.tokens import issue_token
from app.core.database import transaction
from app.seeds.loader import LoadResult
from tests.e2e.test_organization_of_work import arrived, grid
from tests.support.annex_2010 import ANNEX, SLUG, pin_as_annex


def test_the_console_runs_a_solve_to_the_end_and_publishes(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    live_server: str,
    browser: WebDriver,
    artifacts: Path,
) -> None:
    with transaction(session_factory) as session:
        pin_as_annex(session, salvador_2010.congress_id)
        token = issue_token(session, role=Role.ORGANIZER, name="secretariat").token

    browser.get(f"{live_server}/congresses/{SLUG}/console")
    assert browser.current_url.endswith("/console/login")
    browser.find_element(By.ID, "token").send_keys(token)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(browser, 30, ignored_exceptions=(WebDriverException,)).until(
        lambda b: b.current_url.endswith(f"/{SLUG}/console")
    )
    arrived(browser, f"/{SLUG}/console")  # and loaded
    # The token lives in an HttpOnly cookie: the page's scripts cannot read it.
    assert browser.execute_script("return document.cookie") == ""

    browser.find_element(By.ID, "time_limit_s").clear()
    browser.find_element(By.ID, "time_limit_s").send_keys("5")
    browser.find_element(By.XPATH, "//button[text()='Start a solve']").click()
    arrived(browser, "/console/solves/")
    # The page refreshes itself until the job is done. Any read can land while the next
    # page replaces the current one (stale element, node gone, script cut short), so the
    # state is read in one script call and such a miss means "look again".
    WebDriverWait(browser, 120, poll_frequency=0.5, ignored_exceptions=(WebDriverException,)).until(
        lambda b: (
            b.execute_script(
                "const e = document.getElementById('job-state'); return e && e.textContent.trim();"
            )
            not in (None, "", "queued", "running")
        )
    )
    arrived(browser, "/console/solves/")
    assert browser.find_element(By.ID, "job-state").text == "succeeded"
    assert int(browser.find_element(By.ID, "job-solutions").text) >= 1
    assert browser.find_element(By.ID, "job-objective").text != "—"
    assert browser.find_element(By.ID, "job-bound").text != "—"
    browser.save_screenshot(str(artifacts / "console-solve.png"))

    browser.find_element(By.ID, "job-draft").click()
    arrived(browser, "/console/drafts/")
    assert browser.find_element(By.ID, "no-violations").is_displayed()
    browser.set_window_size(1600, 2400)
    browser.save_screenshot(str(artifacts / "console-draft.png"))
    browser.find_element(By.ID, "change_log").send_keys("Organization of work as proposed.")
    browser.find_element(By.ID, "publish").click()
    arrived(browser, "/organization-of-work/changes")
    assert "Version 1 is the first published organization of work" in browser.page_source
    browser.get(f"{live_server}/congresses/{SLUG}/organization-of-work")
    assert grid(browser) == ANNEX
    assert (
        "Organization of work as proposed."
        in browser.find_element(By.CSS_SELECTOR, ".document-header").text
    )
