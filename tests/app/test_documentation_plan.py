"""The documentation plan: due dates from the published timetable, in the venue's working days."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.models import Congress
from app.core.config import Settings
from app.documentation.service import due_date
from app.main import create_app
from app.seeds.errors import SeedError
from app.seeds.loader import LoadResult
from app.seeds.reader import read_seed_file
from tests.app.test_drafts import SWAP, move, new_draft, publish
from tests.app.test_solve_jobs import bearer, tokens
from tests.support.seeds import SALVADOR_2010, load

SLUG = "twelfth-congress-salvador-2010"
PLAN = f"/congresses/{SLUG}/documentation-plan"
DRAFTS = f"/congresses/{SLUG}/drafts"
D = dt.date


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, job_runner="worker")
    app = create_app(settings, engine=engine)
    # The secretariat looks at the plan on 6 April 2010, between due dates and meetings.
    app.state.clock = lambda: dt.datetime(2010, 4, 6, 15, 0, tzinfo=dt.UTC)
    with TestClient(app) as client:
        yield client


def seed_with_rules(folder: Path, rules: str) -> Path:
    text = SALVADOR_2010.read_text(encoding="utf-8")
    assert text.count("\nrules:\n") == 1
    path = folder / f"{SLUG}.yaml"
    path.write_text(text.replace("\nrules:\n", "\nrules:\n" + rules), encoding="utf-8")
    return path


@pytest.fixture
def salvador(session_factory: sessionmaker[Session], tmp_path: Path) -> LoadResult:
    """The 2010 seed with a documentation rule and Brazil's Good Friday as a holiday."""
    rules = (
        "  document_deadline_working_days: 10\n"
        "  weekend_days: [saturday, sunday]\n"
        "  holidays: [2010-04-02]            # Good Friday (Paixão de Cristo)\n"
    )
    return load(session_factory, seed_with_rules(tmp_path, rules))


def test_a_seed_names_a_bad_weekend_day(tmp_path: Path) -> None:
    path = seed_with_rules(tmp_path, "  weekend_days: [friday, caturday]\n  holidays: [soon]\n")
    with pytest.raises(SeedError) as raised:
        read_seed_file(path)
    message = raised.value.describe()
    assert "rules.weekend_days[1]" in message and "'saturday'" in message
    assert "rules.holidays[0]" in message


def publish_first_version(session_factory: sessionmaker[Session], client: TestClient) -> str:
    roles = tokens(session_factory, client_congress_id(session_factory))
    draft = new_draft(session_factory)
    assert publish(client, draft, roles["organizer"]).is_success
    return roles["organizer"]


def client_congress_id(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        congress = session.query(Congress).filter_by(slug=SLUG).one()
        return congress.id


def item(plan: dict[str, Any], number: int) -> dict[str, Any]:
    found: dict[str, Any] = next(i for i in plan["items"] if i["number"] == number)
    return found


def test_due_dates_count_back_working_days_of_the_venue() -> None:
    weekend = frozenset({6, 7})
    # CTOC/COP/WG.2/2007/2, issued 19 September 2007 for a meeting on 3 October.
    assert due_date(D(2007, 10, 3), 10, weekend, frozenset()) == D(2007, 9, 19)
    # Good Friday 2010 is not a working day in Salvador.
    assert due_date(D(2010, 4, 16), 10, weekend, frozenset({D(2010, 4, 2)})) == D(2010, 4, 1)
    assert due_date(D(2010, 4, 17), 10, weekend, frozenset({D(2010, 4, 2)})) == D(2010, 4, 5)
    # Doha's weekend is Friday and Saturday.
    assert due_date(D(2015, 4, 12), 10, frozenset({5, 6}), frozenset()) == D(2015, 3, 29)
    assert due_date(D(2015, 4, 12), 0, frozenset({5, 6}), frozenset()) == D(2015, 4, 12)


def test_before_any_publication_every_document_is_unscheduled(
    salvador: LoadResult, client: TestClient
) -> None:
    plan = client.get(PLAN).json()
    assert plan["timetable_version"] is None
    assert plan["deadline_working_days"] == 10
    assert plan["weekend_days"] == [6, 7] and plan["holidays"] == ["2010-04-02"]
    statuses = {d["status"] for i in plan["items"] for d in i["documents"]}
    assert statuses == {"unscheduled"}


def test_the_plan_lists_documents_due_late_and_missing_per_item_and_body(
    salvador: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    organizer = publish_first_version(session_factory, client)
    plan = client.get(PLAN).json()  # on 6 April 2010 (the injected clock)
    assert plan["today"] == "2010-04-06" and plan["timetable_version"] == 1
    timetable = client.get(f"/congresses/{SLUG}/timetable").json()
    first_of_7 = min(m["date"] for m in timetable["meetings"] if 7 in m["agenda_items"])
    assert item(plan, 7)["first_meeting"] == first_of_7 == "2010-04-16"
    assert item(plan, 7)["due_on"] == "2010-04-01"
    assert {d["status"] for d in item(plan, 7)["documents"]} == {"late"}
    assert [d["symbol"] for d in item(plan, 7)["documents"]][:2] == [
        "A/CONF.213/15",
        "A/CONF.213/8",
    ]

    # The secretariat records the issue of two documents of item 7.
    on_time = client.patch(
        f"{PLAN}/documents/A/CONF.213/8",
        json={"issued_on": "2010-03-31"},
        headers=bearer(organizer),
    )
    assert on_time.status_code == 200 and on_time.json()["issued_on"] == "2010-03-31"
    client.patch(
        f"{PLAN}/documents/A/CONF.213/15",
        json={"issued_on": "2010-04-05"},
        headers=bearer(organizer),
    )
    later = client.get(PLAN, params={"as_of": "2010-04-13"}).json()
    statuses = {d["symbol"]: d["status"] for d in item(later, 7)["documents"]}
    assert statuses["A/CONF.213/8"] == "issued"
    assert statuses["A/CONF.213/15"] == "issued-late"
    assert statuses["A/CONF.213/PM.1"] == "late"
    # Item 4 has been taken up since 12 April: what is not issued is missing.
    assert item(later, 4)["first_meeting"] == "2010-04-12"
    assert {d["status"] for d in item(later, 4)["documents"]} == {"missing"}

    committee = next(b for b in later["bodies"] if b["body"] == "committee-1")
    assert committee["issued"] == 1 and committee["issued_late"] == 1
    assert committee["missing"] == len(item(later, 4)["documents"])
    assert committee["late"] == 5 + len(item(later, 9)["documents"])
    early = client.get(PLAN, params={"as_of": "2010-03-01"}).json()
    assert {d["status"] for d in item(early, 9)["documents"]} == {"due"}

    exported = client.get(f"{PLAN}.csv", params={"as_of": "2010-04-13"})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    row = next(r for r in rows if r["item"] == "7" and r["symbol"] == "A/CONF.213/15")
    assert row["body"] == "committee-1" and row["due_on"] == "2010-04-01"
    assert (row["issued_on"], row["status"]) == ("2010-04-05", "issued-late")
    same = client.get(PLAN, params={"format": "csv", "as_of": "2010-04-13"})
    assert same.text == exported.text


def test_the_plan_moves_with_the_published_timetable(
    salvador: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    organizer = publish_first_version(session_factory, client)
    before = client.get(PLAN).json()
    assert (item(before, 7)["first_meeting"], item(before, 7)["due_on"]) == (
        "2010-04-16",
        "2010-04-01",
    )
    # Cluster 7+9 moves to Saturday 17 April in a draft: the plan follows only the
    # published timetable, so nothing moves until the draft is published.
    draft = new_draft(session_factory)
    for key, day in SWAP:
        move(client, draft, key, organizer, date=day)
    assert item(client.get(PLAN).json(), 7)["due_on"] == "2010-04-01"
    published = publish(client, draft, organizer)
    assert published.status_code == 201
    after = client.get(PLAN).json()
    assert after["timetable_version"] == 2
    assert (item(after, 7)["first_meeting"], item(after, 7)["due_on"]) == (
        "2010-04-17",
        "2010-04-05",
    )
    # Due 5 April, seen on 6 April: still late; seen on 2 April it was due, not late.
    assert {d["status"] for d in item(after, 9)["documents"]} == {"late"}
    assert item(after, 4) == item(before, 4)


def test_a_congress_without_a_deadline_rule_says_so(
    salvador_2010: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    publish_first_version(session_factory, client)
    plan = client.get(PLAN, params={"as_of": "2010-03-01"}).json()
    assert plan["deadline_working_days"] is None
    assert {d["status"] for d in item(plan, 7)["documents"]} == {"no-deadline"}
    assert item(plan, 7)["due_on"] is None
    bad = client.get(PLAN, params={"as_of": "yesterday", "format": "pdf"})
    assert bad.status_code == 422
    assert {p["name"] for p in bad.json()["invalid-params"]} == {"query.as_of", "query.format"}


def test_only_the_congress_organizers_record_issued_documents(
    salvador: LoadResult, session_factory: sessionmaker[Session], client: TestClient
) -> None:
    roles = tokens(session_factory, salvador.congress_id)
    url = f"{PLAN}/documents/A/CONF.213/8"
    body = {"issued_on": "2010-03-31"}
    assert client.patch(url, json=body).status_code == 401
    assert client.patch(url, json=body, headers=bearer(roles["delegation"])).status_code == 403
    assert client.patch(url, json=body, headers=bearer(roles["other-organizer"])).status_code == 403
    assert client.patch(url, json=body, headers=bearer(roles["organizer"])).status_code == 200
    unknown = client.patch(
        f"{PLAN}/documents/A/CONF.213/99", json=body, headers=bearer(roles["organizer"])
    )
    assert unknown.status_code == 404
    assert "no document 'A/CONF.213/99'" in unknown.json()["detail"]
