"""The organizer console: sign in with a token (a server-side session), start a
solve and follow it, see the draft beside the published version, move and pin a
meeting, publish; forms refuse a missing CSRF value and a wrong token; two organizers
publishing one draft at once publish it once."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import Role
from app.auth.tokens import issue_token
from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.delegations.models import Delegation
from app.main import create_app
from app.pages.console import pin_target
from app.programme.models import Pin
from app.seeds.loader import LoadResult
from app.timetables import mapping, release, repository, service, solving
from app.timetables.models import TimetableVersion, VersionState
from benchmarks.speakers_burst_bench import serve
from tests.support.annex_2010 import SLUG, pin_as_annex

CONSOLE = f"/congresses/{SLUG}/console"


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url)
    with TestClient(create_app(settings, engine=engine), follow_redirects=False) as client:
        yield client


@pytest.fixture
def organizer_token(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> str:
    with transaction(session_factory) as session:
        # The annex's placement of the workshops, so the proposal is the annex.
        pin_as_annex(session, salvador_2010.congress_id)
        return issue_token(session, role=Role.ORGANIZER, name="secretariat").token


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    assert found, "the form carries a CSRF value"
    return found.group(1)


def revision_of(page: str) -> str:
    """The draft's revision a form of the page carries (the state the organizer saw)."""
    found = re.search(r'name="revision" value="([0-9a-f]{16})"', page)
    assert found, "the draft's forms carry its revision"
    return found.group(1)


def login_form(client: httpx.Client, token: str) -> dict[str, str]:
    """The sign-in form filled in with `token`, as the login page gives it (CSRF value)."""
    page = client.get(f"{CONSOLE}/login")
    assert page.status_code == 200
    return {"token": token, "csrf": csrf_of(page.text)}


def sign_in(client: httpx.Client, token: str) -> str:
    response = client.post(f"{CONSOLE}/login", data=login_form(client, token))
    assert response.status_code == 303
    assert response.headers["location"] == CONSOLE
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert f"Path={CONSOLE}" in cookie
    dashboard = client.get(CONSOLE)
    assert dashboard.status_code == 200
    return csrf_of(dashboard.text)


def run_solve(client: TestClient, csrf: str) -> int:
    response = client.post(
        f"{CONSOLE}/solves", data={"csrf": csrf, "time_limit_s": "5", "seed": "0"}
    )
    assert response.status_code == 303
    job_page = response.headers["location"]
    assert re.fullmatch(rf"{CONSOLE}/solves/\d+", job_page)
    first = client.get(job_page).text
    assert "Solve " in first
    deadline = time.monotonic() + 120
    while True:
        page = client.get(job_page).text
        state = re.search(r'<dd id="job-state">(\w+)</dd>', page)
        assert state is not None
        if state.group(1) not in ("queued", "running"):
            break
        # While the job runs, the page refreshes itself (no script needed).
        assert '<meta http-equiv="refresh" content="2">' in page
        assert time.monotonic() < deadline, "the solve did not finish"
        time.sleep(0.2)
    assert state.group(1) == "succeeded", page
    assert '<meta http-equiv="refresh"' not in page
    assert re.search(r'<dd id="job-solutions">[1-9]\d*</dd>', page)
    assert re.search(r'<dd id="job-objective">[\d.]+</dd>', page)
    assert re.search(r'<dd id="job-bound">[\d.]+</dd>', page)
    draft = re.search(rf'id="job-draft" href="{CONSOLE}/drafts/(\d+)"', page)
    assert draft is not None
    return int(draft.group(1))


def test_the_console_needs_an_organizer_token(
    organizer_token: str,
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    response = client.get(CONSOLE)
    assert response.status_code == 303
    assert response.headers["location"] == f"{CONSOLE}/login"
    login = client.get(f"{CONSOLE}/login")
    assert 'type="password"' in login.text
    wrong = client.post(f"{CONSOLE}/login", data=login_form(client, "cgs_nope"))
    assert wrong.status_code == 401
    assert "not a live organizer token" in wrong.text
    with transaction(session_factory) as session:
        delegation = session.scalars(
            select(Delegation).where(Delegation.congress_id == salvador_2010.congress_id)
        ).first()
        assert delegation is not None
        delegation_token = issue_token(
            session, role=Role.DELEGATION, name="mission", delegation=delegation
        ).token
    delegation_login = client.post(f"{CONSOLE}/login", data=login_form(client, delegation_token))
    assert delegation_login.status_code == 401
    assert client.get(CONSOLE).status_code == 303
    csrf = sign_in(client, organizer_token)
    # A form without the CSRF value, or with another one, is refused.
    assert client.post(f"{CONSOLE}/solves", data={"time_limit_s": "5"}).status_code == 422
    forged = client.post(f"{CONSOLE}/solves", data={"csrf": "0" * 64})
    assert forged.status_code == 403
    assert csrf
    out = client.post(f"{CONSOLE}/logout", data={"csrf": csrf})
    assert out.status_code == 303
    assert client.get(CONSOLE).status_code == 303


def test_solve_watch_move_pin_and_publish(
    organizer_token: str,
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    csrf = sign_in(client, organizer_token)
    assert "Published: nothing yet" in client.get(CONSOLE).text
    draft_id = run_solve(client, csrf)
    draft_url = f"{CONSOLE}/drafts/{draft_id}"

    page = client.get(draft_url).text
    assert '<p id="no-violations">' in page
    assert "Nothing is published yet" in page
    assert "Workshop on Practical Approaches to Preventing Urban Crime" in page

    def post(action: str, page: str, **fields: str) -> Response:
        data = {"csrf": csrf, "revision": revision_of(page), **fields}
        return client.post(f"{draft_url}/{action}", data=data)

    # Splitting a workshop over two days breaks the 2010 rule; the draft says so.
    moved = post("move", page, key="workshop-3:2", date="2010-04-16", slot="afternoon")
    assert moved.status_code == 200
    assert "Moved. The draft now breaks" in moved.text
    assert 'class="violations"' in moved.text
    refused = post("publish", moved.text)
    assert refused.status_code == 409
    assert "cannot be published" in refused.text
    back = post("move", refused.text, key="workshop-3:2", date="2010-04-14", slot="afternoon")
    assert "Moved. The draft breaks no rule." in back.text
    unknown = post("move", back.text, key="workshop-3:2", slot="evening")
    assert unknown.status_code == 422

    pinned = post("pin", unknown.text, key="plenary:cluster-3-5:2")
    assert pinned.status_code == 200
    assert "Pinned: the next solve keeps plenary:cluster-3-5:2" in pinned.text
    with transaction(session_factory) as session:
        pins = session.scalars(
            select(Pin).where(Pin.reason == "Pinned in the organizer console")
        ).all()
        assert [(p.target, p.meeting, p.slot_key) for p in pins] == [
            ("cluster-3-5", 2, "afternoon")
        ]
    not_pinnable = post("pin", pinned.text, key="plenary:opening")
    assert not_pinnable.status_code == 422

    published = post("publish", not_pinnable.text, change_log="First organization of work.")
    assert published.status_code == 303
    assert published.headers["location"] == (
        f"/congresses/{SLUG}/organization-of-work/changes?to=1"
    )
    public = client.get(f"/congresses/{SLUG}/organization-of-work").text
    assert "First organization of work." in public
    assert "Published: <a" in client.get(CONSOLE).text


def test_a_form_filled_in_on_an_older_draft_changes_nothing(
    organizer_token: str,
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    client: TestClient,
) -> None:
    csrf = sign_in(client, organizer_token)
    draft_url = f"{CONSOLE}/drafts/{run_solve(client, csrf)}"
    seen = client.get(draft_url).text  # one organizer's page
    other = client.post(  # another organizer moves a meeting meanwhile
        f"{draft_url}/move",
        data={
            "csrf": csrf,
            "revision": revision_of(client.get(draft_url).text),
            "key": "workshop-3:2",
            "date": "2010-04-16",
        },
    )
    assert other.status_code == 200
    for action, fields in (
        ("move", {"key": "workshop-3:1", "date": "2010-04-16"}),
        ("pin", {"key": "plenary:cluster-3-5:2"}),
        ("publish", {"change_log": "As I saw it"}),
    ):
        data = {"csrf": csrf, "revision": revision_of(seen), **fields}
        stale = client.post(f"{draft_url}/{action}", data=data)
        assert stale.status_code == 409, action
        assert "This draft changed since the page was loaded" in stale.text
        # The answer shows the draft as it is now, with the revision to act on.
        assert revision_of(stale.text) == revision_of(other.text)
    # A form without a revision (an old page) is refused the same way.
    bare = client.post(f"{draft_url}/publish", data={"csrf": csrf})
    assert bare.status_code == 409
    # Nothing was done: no version is published, no pin was made, and the draft is
    # as the other organizer left it.
    assert client.get(f"/congresses/{SLUG}/timetable").status_code == 404
    with transaction(session_factory) as session:
        assert session.scalars(select(Pin).where(Pin.reason.contains("console"))).all() == []
    assert revision_of(client.get(draft_url).text) == revision_of(other.text)


#: Rounds of two organizers publishing one draft at once: the race was lost in 2 of 4.
PUBLISH_ROUNDS = 4


def draft_to_publish(session_factory: sessionmaker[Session], round_: int) -> int:
    """A new draft, ready to publish and different from the version published last:
    the solver's proposal at first, then the last version with the pre-Congress
    consultations moved to the other room (a change that breaks no rule, pins included)."""
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        latest = repository.latest_published(session, congress.id)
        if latest is None:
            timetable, draft = solving.solve_congress(session, congress, time_limit_s=5)
            assert draft is not None, timetable.explanation
        else:
            proposal = mapping.timetable_of(latest, congress)
            draft = release.save_draft(session, congress, proposal, seed=None, based_on=latest)
            room = "Committee Room I" if round_ % 2 == 0 else "Plenary Hall"
            violations = service.edit_meeting(
                session, congress, draft, "plenary:pre-congress-consultations", {"room": room}
            )
            assert violations == []
        return draft.id


def said(answer: httpx.Response) -> str:
    """What an answer tells the organizer: its alert, else the start of its body."""
    alert = re.search(r'role="alert"[^>]*>(.*?)</p>', answer.text, re.S)
    return alert.group(1) if alert else answer.text[:300]


def publish_at_once(
    organizers: list[httpx.Client], draft_url: str, forms: list[dict[str, str]]
) -> list[httpx.Response]:
    """Each organizer submits its publish form, all released at the same instant."""
    together = threading.Barrier(len(organizers))

    def submit(client: httpx.Client, form: dict[str, str]) -> httpx.Response:
        together.wait(timeout=30)
        return client.post(f"{draft_url}/publish", data=form)

    with ThreadPoolExecutor(max_workers=len(organizers)) as pool:
        return list(pool.map(submit, organizers, forms))


def test_two_organizers_publishing_one_draft_at_once_publish_it_once(
    organizer_token: str,
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    engine: Engine,
    database_url: str,
) -> None:
    """Issue #13 item 5: both submissions used to succeed now and then, the second
    renumbering the version the first had just published and replacing its change log.
    Against a real server (two requests in flight at once, each in its own thread and
    transaction), several rounds: one submission publishes, the other is told the draft
    is already published as that version."""
    with transaction(session_factory) as session:
        second_token = issue_token(session, role=Role.ORGANIZER, name="second organizer").token
    app = create_app(Settings(database_url=database_url, job_runner="worker"), engine=engine)
    with (
        serve(app) as base,
        httpx.Client(base_url=base, follow_redirects=False, timeout=60) as first,
        httpx.Client(base_url=base, follow_redirects=False, timeout=60) as second,
    ):
        organizers = [first, second]
        csrfs = [sign_in(first, organizer_token), sign_in(second, second_token)]
        for round_ in range(1, PUBLISH_ROUNDS + 1):
            draft_id = draft_to_publish(session_factory, round_)
            draft_url = f"{CONSOLE}/drafts/{draft_id}"
            # Both organizers have the draft's page open, as it is before either acts.
            forms = [
                {
                    "csrf": csrf,
                    "revision": revision_of(client.get(draft_url).text),
                    "change_log": f"Round {round_}, organizer {number}.",
                }
                for number, (client, csrf) in enumerate(zip(organizers, csrfs, strict=True), 1)
            ]
            answers = publish_at_once(organizers, draft_url, forms)

            statuses = sorted(a.status_code for a in answers)
            assert statuses == [303, 409], (round_, [said(a) for a in answers])
            winner = next(i for i, a in enumerate(answers) if a.status_code == 303)
            assert answers[winner].headers["location"] == (
                f"/congresses/{SLUG}/organization-of-work/changes?to={round_}"
            )
            loser = answers[1 - winner]
            assert loser.headers["content-type"].startswith("text/html")
            assert f"Draft {draft_id} was already published as version {round_}" in loser.text
            assert "Nothing was published again" in loser.text
            # The loser sees what was published: the winner's change log.
            assert forms[winner]["change_log"] in loser.text
            with session_factory() as session:
                published = repository.published_versions(session, salvador_2010.congress_id)
                # One new version per round, numbered on: none vanished, none doubled.
                assert [v.number for v in published] == list(range(1, round_ + 1))
                version = session.get(TimetableVersion, draft_id)
                assert version is not None
                assert version.state is VersionState.PUBLISHED
                assert version.number == round_
                # The winner's change log, not overwritten by the other submission.
                assert version.change_log == forms[winner]["change_log"]


def test_pin_targets() -> None:
    assert pin_target("plenary:cluster-3-5:2") == ("cluster-3-5", 2)
    assert pin_target("workshop-3:1") == ("workshop-3", 1)
    assert pin_target("plenary:high-level-segment:4") == ("high-level-segment", 4)
    assert pin_target("committee-1:item-4:3") == ("item-4", 3)
    assert pin_target("plenary:opening") is None
    assert pin_target("committee-2:informal:2010-04-14:morning") is None
