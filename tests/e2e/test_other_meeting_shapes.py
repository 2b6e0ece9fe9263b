"""A Commission session's page in a real browser, in English and in French: the Committee
of the Whole's column is empty before its first meeting (Monday 15:00), no formal meeting
sits in a side slot, and the evening side workshop is listed with its room and hours."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver import Chrome as WebDriver
from selenium.webdriver.common.by import By
from sqlalchemy.orm import Session, sessionmaker

import scheduler
from app.congresses.repository import find_congress
from app.core.database import transaction
from app.timetables import release
from app.timetables.problem import build_problem
from tests.e2e.test_organization_of_work import grid
from tests.support.seeds import SEEDS, load

CND = SEEDS / "cnd-68th-session-vienna-2025.yaml"
PAGE = f"/congresses/{CND.stem}/organization-of-work"


def _publish_cnd(session_factory: sessionmaker[Session]) -> None:
    load(session_factory, CND)
    with transaction(session_factory) as session:
        congress = find_congress(session, CND.stem, full=True)
        assert congress is not None
        problem = build_problem(session, congress)
        timetable = scheduler.solve(problem, time_limit_s=10, seed=0, workers=1)
        assert timetable.ok and scheduler.validate(problem, timetable) == []
        release.publish(
            session, release.save_draft(session, congress, timetable, seed=0, based_on=None)
        )


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_commission_session_with_a_late_committee_and_an_evening_workshop(
    lang: str,
    session_factory: sessionmaker[Session],
    live_server: str,
    browser: WebDriver,
    artifacts: Path,
) -> None:
    _publish_cnd(session_factory)
    browser.get(f"{live_server}{PAGE}?lang={lang}")
    rows = grid(browser)
    header, monday, morning = rows[0], rows[1], rows[2]
    assert len(header) == 3 and monday[0].startswith("Monday, 10 March 2025")
    # Monday morning: the Plenary opens; the Committee of the Whole does not meet yet.
    assert morning[0] == "Morning" and morning[1] and morning[2] == ""
    slot_names = {row[0] for row in rows if len(row) == 3} - {header[0]}
    assert slot_names <= {"Morning", "Afternoon"}, slot_names  # no lunchtime/evening rows
    others = browser.find_element(By.CSS_SELECTOR, "section.others").text
    assert "18:00: " in others and "(Conference Room M3)" in others
    browser.save_screenshot(str(artifacts / f"organization-of-work-cnd-{lang}.png"))
