"""Lists of speakers: windows, inscription by delegations, order, swaps, estimated times."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from app.auth.models import Role
from app.auth.tokens import issue_token
from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.delegations.models import Delegation, DelegationKind
from app.main import create_app
from app.seeds.loader import LoadResult
from app.speakers import lists, order
from app.speakers.allocation import MeetingWindow, Slot, allocate
from app.speakers.models import SpeakerEntry, SpeakersAudit
from app.timetables.models import TimetableMeeting, TimetableVersion, VersionState

SLUG = "twelfth-congress-salvador-2010"
BASE = f"/congresses/{SLUG}/speakers-lists"


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, job_runner="worker")
    with TestClient(create_app(settings, engine=engine)) as client:
        yield client


@dataclass
class Tokens:
    organizer: dict[str, str]
    by_name: dict[str, dict[str, str]]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def tokens(salvador_2010: LoadResult, session_factory: sessionmaker[Session]) -> Tokens:
    """An organizer token, and a token for each seed delegation and for three more
    delegations of the other kinds (created through the model, as the seed would)."""
    with transaction(session_factory) as session:
        extra = [
            ("Holy See", DelegationKind.OBSERVER_STATE),
            ("Council of Europe", DelegationKind.INTERGOVERNMENTAL),
            ("Penal Reform International", DelegationKind.NON_GOVERNMENTAL),
        ]
        for name, kind in extra:
            session.add(Delegation(congress_id=salvador_2010.congress_id, name=name, kind=kind))
        session.flush()
        organizer = issue_token(session, role=Role.ORGANIZER, name="secretariat").token
        by_name = {}
        for delegation in session.scalars(
            select(Delegation).where(Delegation.congress_id == salvador_2010.congress_id)
        ):
            issued = issue_token(
                session, role=Role.DELEGATION, name=delegation.name, delegation=delegation
            )
            by_name[delegation.name] = bearer(issued.token)
    return Tokens(bearer(organizer), by_name)


def open_list(client: TestClient, tokens: Tokens, target: str = "cluster-3-5", **extra: object):
    now = dt.datetime.now(dt.UTC)
    body = {
        "target": target,
        "opens_at": (now - dt.timedelta(hours=1)).isoformat(),
        "closes_at": (now + dt.timedelta(hours=1)).isoformat(),
        "time_limit_minutes": 5,
        **extra,
    }
    response = client.post(BASE, json=body, headers=tokens.organizer)
    assert response.status_code == 201, response.text
    return response.json()


def speaker(name: str, level: str = "minister", language: str = "en") -> dict[str, str]:
    return {
        "name": name,
        "title": "Minister of Justice",
        "protocol_level": level,
        "language": language,
    }


def inscribe(
    client: TestClient,
    tokens: Tokens,
    delegation: str,
    body: dict[str, str],
    key: str,
    target: str = "cluster-3-5",
):
    headers = {**tokens.by_name[delegation], "Idempotency-Key": key}
    return client.post(f"{BASE}/{target}/entries", json=body, headers=headers)


# ---------------------------------------------------------------- the seed's list


def test_the_seed_opens_the_high_level_segment_list_on_8_march_2010(
    tokens: Tokens, client: TestClient
) -> None:
    lists = client.get(BASE).json()
    assert [item["target"] for item in lists] == ["high-level-segment"]
    segment = lists[0]
    # A/CONF.213/1: "a list of speakers will be opened on 8 March 2010"; Salvador is UTC-3.
    assert segment["opens_at"] == "2010-03-08T00:00:00-03:00"
    # The segment takes the last three days (17-19 April); the list closes as it begins.
    assert segment["closes_at"] == "2010-04-17T00:00:00-03:00"
    assert segment["allowed_kinds"] == ["member_state", "observer_state"]
    assert segment["is_open"] is False

    response = inscribe(
        client, tokens, "Brazil", speaker("A. Minister"), "k1", "high-level-segment"
    )
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert "is closed" in detail
    assert "from 08 March 2010 00:00 to 17 April 2010 00:00 (America/Bahia)" in detail


def test_reloading_the_seed_keeps_the_secretariats_changes(
    tokens: Tokens, client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    patched = client.patch(
        f"{BASE}/high-level-segment", json={"time_limit_minutes": 5}, headers=tokens.organizer
    )
    assert patched.status_code == 200, patched.text
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        again = lists.ensure_high_level_list(session, congress)
        assert again is not None and again.time_limit_minutes == 5


# ---------------------------------------------------------------- window and rules


def test_a_list_not_yet_open_answers_409_naming_its_window_in_local_time(
    tokens: Tokens, client: TestClient
) -> None:
    response = client.post(
        BASE,
        json={
            "target": "item-4",
            # Naive times are local times of the congress (America/Bahia, UTC-3).
            "opens_at": "2099-03-08T09:00:00",
            "closes_at": "2099-04-01T18:00:00",
            "time_limit_minutes": 5,
        },
        headers=tokens.organizer,
    )
    assert response.status_code == 201, response.text
    assert response.json()["opens_at"] == "2099-03-08T09:00:00-03:00"
    refused = inscribe(client, tokens, "Brazil", speaker("X"), "k", "item-4")
    assert refused.status_code == 409
    assert "is not open yet" in refused.json()["detail"]
    assert (
        "from 08 March 2099 09:00 to 01 April 2099 18:00 (America/Bahia)"
        in refused.json()["detail"]
    )


def test_bad_list_requests_name_the_field(tokens: Tokens, client: TestClient) -> None:
    now = dt.datetime.now(dt.UTC).isoformat()
    cases = {
        "cluster-3-6": "no cluster 3+6",
        "item-3": "use cluster-3-5",
        "item-99": "no agenda item 99",
        "plenary": "expected",
    }
    for target, reason in cases.items():
        response = client.post(
            BASE,
            json={"target": target, "opens_at": now, "closes_at": now, "time_limit_minutes": 5},
            headers=tokens.organizer,
        )
        assert response.status_code == 422, target
        assert response.json()["invalid-params"][0]["name"] == "body.target"
        assert reason in response.json()["invalid-params"][0]["reason"]
    backwards = client.post(
        BASE,
        json={"target": "item-4", "opens_at": now, "closes_at": now, "time_limit_minutes": 5},
        headers=tokens.organizer,
    )
    assert backwards.json()["invalid-params"][0]["name"] == "body.closes_at"
    as_delegation = client.post(
        BASE,
        json={"target": "item-4", "opens_at": now, "closes_at": now, "time_limit_minutes": 5},
        headers=tokens.by_name["Brazil"],
    )
    assert as_delegation.status_code == 403
    open_list(client, tokens, "item-4")
    assert (
        client.post(
            BASE,
            json={"target": "item-4", "opens_at": now, "closes_at": now, "time_limit_minutes": 5},
            headers=tokens.organizer,
        ).status_code
        == 409
    )


def test_inscription_is_idempotent_and_one_statement_per_delegation(
    tokens: Tokens, client: TestClient
) -> None:
    open_list(client, tokens)
    first = inscribe(client, tokens, "Brazil", speaker("Tarso Genro"), "brazil-1")
    assert first.status_code == 201, first.text
    entry = first.json()
    assert (entry["sequence"], entry["delegation"], entry["list"]) == (1, "Brazil", "cluster-3-5")

    retry = inscribe(client, tokens, "Brazil", speaker("Tarso Genro"), "brazil-1")
    assert retry.status_code == 201
    assert retry.json() == entry
    assert retry.headers["Idempotent-Replayed"] == "true"

    other_body = inscribe(client, tokens, "Brazil", speaker("Someone Else"), "brazil-1")
    assert other_body.status_code == 422
    assert other_body.json()["invalid-params"][0]["name"] == "header.Idempotency-Key"

    second = inscribe(client, tokens, "Brazil", speaker("Someone Else"), "brazil-2")
    assert second.status_code == 409
    assert "already has 1 statement(s)" in second.json()["detail"]

    no_key = client.post(
        f"{BASE}/cluster-3-5/entries", json=speaker("X"), headers=tokens.by_name["China"]
    )
    assert no_key.status_code == 422
    assert no_key.json()["invalid-params"][0]["name"] == "header.Idempotency-Key"

    listed = client.get(f"{BASE}/cluster-3-5").json()
    assert [e["name"] for e in listed["entries"]] == ["Tarso Genro"]


def test_who_may_inscribe(tokens: Tokens, client: TestClient) -> None:
    open_list(client, tokens, allowed_kinds=["member_state", "observer_state"])
    ngo = inscribe(client, tokens, "Penal Reform International", speaker("N. G. O."), "k")
    assert ngo.status_code == 403
    assert "non_governmental" in ngo.json()["detail"]
    assert inscribe(client, tokens, "Holy See", speaker("Nuncio"), "k").status_code == 201
    anonymous = client.post(
        f"{BASE}/cluster-3-5/entries", json=speaker("X"), headers={"Idempotency-Key": "k"}
    )
    assert anonymous.status_code == 401
    organizer = client.post(
        f"{BASE}/cluster-3-5/entries",
        json=speaker("X"),
        headers={**tokens.organizer, "Idempotency-Key": "k"},
    )
    assert organizer.status_code == 403
    wrong_language = inscribe(client, tokens, "China", speaker("X", language="de"), "k")
    assert wrong_language.status_code == 422
    assert wrong_language.json()["invalid-params"][0]["name"] == "body.language"
    bad_level = inscribe(client, tokens, "China", speaker("X", level="king"), "k")
    assert bad_level.status_code == 422
    assert bad_level.json()["invalid-params"][0]["name"] == "body.protocol_level"


def test_more_statements_when_the_list_allows_them(tokens: Tokens, client: TestClient) -> None:
    open_list(client, tokens, statements_per_delegation=2)
    assert inscribe(client, tokens, "Brazil", speaker("One"), "a").status_code == 201
    assert inscribe(client, tokens, "Brazil", speaker("Two"), "b").status_code == 201
    assert inscribe(client, tokens, "Brazil", speaker("Three"), "c").status_code == 409


# ---------------------------------------------------------------- order, changes, audit


def test_order_is_protocol_level_then_member_states_then_inscription(
    tokens: Tokens, client: TestClient
) -> None:
    open_list(client, tokens)
    for key, (delegation, level) in enumerate(
        [
            ("Brazil", "head_of_delegation"),
            ("Holy See", "minister"),
            ("China", "minister"),
            ("Jamaica", "head_of_state_or_government"),
            ("Council of Europe", "minister"),
            ("Philippines", "minister"),
        ]
    ):
        response = inscribe(client, tokens, delegation, speaker(delegation, level), str(key))
        assert response.status_code == 201, response.text
    entries = client.get(f"{BASE}/cluster-3-5").json()["entries"]
    assert [(e["delegation"], e["sequence"]) for e in entries] == [
        ("Jamaica", 4),
        ("China", 3),
        ("Philippines", 6),
        ("Holy See", 2),
        ("Council of Europe", 5),
        ("Brazil", 1),
    ]
    assert [e["position"] for e in entries] == [1, 2, 3, 4, 5, 6]


def test_a_delegation_changes_only_its_own_entries_and_everything_is_audited(
    tokens: Tokens, client: TestClient, session: Session
) -> None:
    open_list(client, tokens)
    brazil = inscribe(client, tokens, "Brazil", speaker("First", "minister"), "b").json()
    china = inscribe(client, tokens, "China", speaker("Second", "minister"), "c").json()
    url = f"{BASE}/cluster-3-5/entries"

    foreign = client.put(
        f"{url}/{china['id']}", json=speaker("Hijack"), headers=tokens.by_name["Brazil"]
    )
    assert foreign.status_code == 403
    assert (
        client.delete(f"{url}/{china['id']}", headers=tokens.by_name["Brazil"]).status_code == 403
    )

    replaced = client.put(
        f"{url}/{brazil['id']}",
        json=speaker("Luiz Paulo Barreto", "vice_minister", "es"),
        headers=tokens.by_name["Brazil"],
    )
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["sequence"] == 1  # the place of inscription is kept
    order = [e["delegation"] for e in client.get(f"{BASE}/cluster-3-5").json()["entries"]]
    assert order == ["China", "Brazil"]  # a vice-minister comes after a minister

    swapped = client.post(
        f"{BASE}/cluster-3-5/swap",
        json={"first": brazil["id"], "second": china["id"], "reason": "At their request"},
        headers=tokens.organizer,
    )
    assert swapped.status_code == 200, swapped.text
    assert [e["delegation"] for e in swapped.json()["entries"]] == ["Brazil", "China"]
    refused = client.post(
        f"{BASE}/cluster-3-5/swap",
        json={"first": brazil["id"], "second": brazil["id"]},
        headers=tokens.organizer,
    )
    assert refused.json()["invalid-params"][0]["name"] == "body.second"
    assert (
        client.post(
            f"{BASE}/cluster-3-5/swap",
            json={"first": brazil["id"], "second": china["id"]},
            headers=tokens.by_name["Brazil"],
        ).status_code
        == 403
    )

    anyway = {**tokens.by_name["China"], "If-Match": "*"}  # the swap changed its tag
    assert client.delete(f"{url}/{china['id']}", headers=anyway).status_code == 204
    assert [e["delegation"] for e in client.get(f"{BASE}/cluster-3-5").json()["entries"]] == [
        "Brazil"
    ]

    audit = client.get(f"{BASE}/cluster-3-5/audit", headers=tokens.organizer)
    assert audit.status_code == 200
    actions = [row["action"] for row in audit.json()]
    assert actions == [
        "list.create",
        "entry.register",
        "entry.register",
        "entry.replace",
        "entry.swap",
        "entry.withdraw",
    ]
    replace_row = audit.json()[3]
    assert replace_row["before"]["name"] == "First"
    assert replace_row["after"]["name"] == "Luiz Paulo Barreto"
    assert replace_row["actor_role"] == "delegation"
    assert audit.json()[4]["after"]["reason"] == "At their request"
    assert (
        client.get(f"{BASE}/cluster-3-5/audit", headers=tokens.by_name["Brazil"]).status_code == 403
    )
    assert session.scalar(select(SpeakersAudit).where(SpeakersAudit.action == "entry.withdraw"))
    assert session.scalars(select(SpeakerEntry)).all()[0].name == "Luiz Paulo Barreto"


def test_closing_a_list_early_stops_inscriptions_not_withdrawals(
    tokens: Tokens, client: TestClient
) -> None:
    open_list(client, tokens)
    entry = inscribe(client, tokens, "Brazil", speaker("B"), "b").json()
    closed = client.patch(
        f"{BASE}/cluster-3-5",
        json={"closes_at": dt.datetime.now(dt.UTC).isoformat()},
        headers=tokens.organizer,
    )
    assert closed.status_code == 200 and closed.json()["is_open"] is False
    assert inscribe(client, tokens, "China", speaker("C"), "c").status_code == 409
    # A retry of an inscription made while the list was open still gets its answer.
    retry = inscribe(client, tokens, "Brazil", speaker("B"), "b")
    assert (retry.status_code, retry.json()["id"]) == (201, entry["id"])
    assert (
        client.put(
            f"{BASE}/cluster-3-5/entries/{entry['id']}",
            json=speaker("B2"),
            headers=tokens.by_name["Brazil"],
        ).status_code
        == 409
    )
    assert (
        client.delete(
            f"{BASE}/cluster-3-5/entries/{entry['id']}",
            headers={**tokens.by_name["Brazil"], "If-Match": retry.headers["etag"]},
        ).status_code
        == 204
    )


# ---------------------------------------------------------------- allocation and times


def test_allocation_fills_meetings_in_order_and_reports_overflow() -> None:
    day = dt.datetime(2010, 4, 13)
    meetings = [
        MeetingWindow("plenary:b", day.replace(hour=15), day.replace(hour=15, minute=25)),
        MeetingWindow("plenary:a", day.replace(hour=10), day.replace(hour=10, minute=20)),
    ]
    result = allocate(["s1", "s2", "s3", "s4", "s5", "s6", "s7"], meetings, 10)
    assert result.slots["s1"] == Slot(
        "plenary:a", day.replace(hour=10), day.replace(hour=10, minute=10)
    )
    assert result.slots["s2"].start == day.replace(hour=10, minute=10)
    # s3 no longer fits before 10:20; it goes to the afternoon meeting.
    assert result.slots["s3"] == Slot(
        "plenary:b", day.replace(hour=15), day.replace(hour=15, minute=10)
    )
    assert result.slots["s4"].end == day.replace(hour=15, minute=20)
    assert result.overflow == ["s5", "s6", "s7"]
    assert allocate(["x"], [], 10).overflow == ["x"]
    with pytest.raises(ValueError):
        allocate(["x"], meetings, 0)


def publish_version(
    session_factory: sessionmaker[Session], congress_id: int, number: int, starts: list[dt.datetime]
) -> None:
    """A published version whose cluster 3+5 meetings start at `starts` (three hours each)."""
    with transaction(session_factory) as session:
        version = TimetableVersion(
            congress_id=congress_id,
            state=VersionState.PUBLISHED,
            number=number,
            published_at=dt.datetime.now(dt.UTC),
            solver_status="OPTIMAL",
        )
        for index, start in enumerate(starts, start=1):
            version.meetings.append(
                TimetableMeeting(
                    key=f"plenary:cluster-3-5:{index}",
                    date=start.date(),
                    slot_key="morning",
                    body_key="plenary",
                    body_name="Plenary",
                    kind="agenda",
                    start=start,
                    end=start + dt.timedelta(hours=3),
                    agenda_items=[3, 5],
                )
            )
        # A meeting of another item is not the list's.
        version.meetings.append(
            TimetableMeeting(
                key="committee-1:item-4:1",
                date=starts[0].date(),
                slot_key="morning",
                body_key="committee-1",
                body_name="Committee I",
                kind="agenda",
                start=starts[0],
                end=starts[0] + dt.timedelta(hours=3),
                agenda_items=[4],
            )
        )
        session.add(version)


def test_estimated_times_move_when_the_timetable_moves(
    tokens: Tokens,
    client: TestClient,
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
) -> None:
    # 3 hours of 60-minute statements: three speakers per meeting.
    open_list(client, tokens, time_limit_minutes=60)
    names = ["Brazil", "China", "Jamaica", "Philippines"]
    for name in names:
        assert inscribe(client, tokens, name, speaker(name), name).status_code == 201
    before = client.get(f"{BASE}/cluster-3-5").json()
    assert before["timetable_version"] is None
    assert before["overflow"] == 4 and all(e["overflow"] for e in before["entries"])

    monday = dt.datetime(2010, 4, 12, 10, 0)
    publish_version(session_factory, salvador_2010.congress_id, 1, [monday])
    first = client.get(f"{BASE}/cluster-3-5").json()
    assert first["timetable_version"] == 1
    assert first["meetings"] == ["plenary:cluster-3-5:1"]
    assert [e["estimated_start"] for e in first["entries"]] == [
        "2010-04-12T10:00:00-03:00",
        "2010-04-12T11:00:00-03:00",
        "2010-04-12T12:00:00-03:00",
        None,
    ]
    assert first["overflow"] == 1 and first["entries"][3]["overflow"] is True

    # The secretariat publishes a second version: the cluster moves to Tuesday, and
    # has an afternoon meeting too.
    tuesday = dt.datetime(2010, 4, 13, 10, 0)
    publish_version(
        session_factory, salvador_2010.congress_id, 2, [tuesday, tuesday.replace(hour=15)]
    )
    second = client.get(f"{BASE}/cluster-3-5").json()
    assert second["timetable_version"] == 2
    assert [(e["meeting"], e["estimated_start"]) for e in second["entries"]] == [
        ("plenary:cluster-3-5:1", "2010-04-13T10:00:00-03:00"),
        ("plenary:cluster-3-5:1", "2010-04-13T11:00:00-03:00"),
        ("plenary:cluster-3-5:1", "2010-04-13T12:00:00-03:00"),
        ("plenary:cluster-3-5:2", "2010-04-13T15:00:00-03:00"),
    ]
    assert second["overflow"] == 0

    # The list changes: Brazil withdraws, everyone moves up.
    brazil = second["entries"][0]["id"]
    assert (
        client.delete(
            f"{BASE}/cluster-3-5/entries/{brazil}",
            # "*": the entry as it is now (the list shows no entry's ETag).
            headers={**tokens.by_name["Brazil"], "If-Match": "*"},
        ).status_code
        == 204
    )
    third = client.get(f"{BASE}/cluster-3-5").json()
    assert third["entries"][0]["estimated_start"] == "2010-04-13T10:00:00-03:00"
    assert third["entries"][-1]["meeting"] == "plenary:cluster-3-5:1"

    # The CSV carries the same list.
    response = client.get(f"{BASE}/cluster-3-5/speakers.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["delegation"] for r in rows] == ["China", "Jamaica", "Philippines"]
    assert rows[0]["estimated_start"] == "2010-04-13T10:00:00-03:00"
    assert rows[0]["overflow"] == "no"

    # The delegation's slots, for its private calendar feed.
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG)
        assert congress is not None
        china = session.scalar(select(Delegation).where(Delegation.name == "China"))
        assert china is not None
        slots = order.speaker_slots_for_delegation(session, congress, china.id)
    assert [
        (s.meeting_key, s.start.isoformat(), s.end.isoformat(), s.speaker_name) for s in slots
    ] == [
        ("plenary:cluster-3-5:1", "2010-04-13T10:00:00-03:00", "2010-04-13T11:00:00-03:00", "China")
    ]


def test_odd_input_is_refused_with_the_field_named(tokens: Tokens, client: TestClient) -> None:
    open_list(client, tokens)
    nul = inscribe(client, tokens, "Brazil", speaker("A\x00B"), "k")
    assert nul.status_code == 422
    assert nul.json()["invalid-params"][0]["name"] == "body.name"
    huge = client.put(
        f"{BASE}/cluster-3-5/entries/{2**40}", json=speaker("X"), headers=tokens.by_name["Brazil"]
    )
    assert huge.status_code == 422
    assert huge.json()["invalid-params"][0]["name"] == "path.entry_id"
    far = client.patch(
        f"{BASE}/cluster-3-5", json={"closes_at": "9999-12-31T23:59:00"}, headers=tokens.organizer
    )
    assert far.status_code == 422
    assert far.json()["invalid-params"][0]["name"] == "body.closes_at"
    formula = inscribe(client, tokens, "China", speaker("=HYPERLINK(1)"), "k")
    assert formula.status_code == 201
    rows = list(csv.DictReader(io.StringIO(client.get(f"{BASE}/cluster-3-5/speakers.csv").text)))
    assert rows[0]["name"] == "'=HYPERLINK(1)"


def test_withdrawing_a_speaker_needs_the_entrys_etag(tokens: Tokens, client: TestClient) -> None:
    open_list(client, tokens)
    brazil = tokens.by_name["Brazil"]
    created = inscribe(client, tokens, "Brazil", speaker("First"), "first")
    entry = f"{BASE}/cluster-3-5/entries/{created.json()['id']}"
    first_tag = created.headers["etag"]
    missing = client.delete(entry, headers=brazil)
    assert missing.status_code == 428
    assert missing.headers["content-type"] == "application/problem+json"
    assert "If-Match" in missing.json()["detail"]
    replaced = client.put(entry, json=speaker("Second"), headers=brazil)
    assert replaced.status_code == 200 and replaced.headers["etag"] != first_tag
    # A client that has not seen the replacement cannot withdraw it unseen.
    stale = client.delete(entry, headers={**brazil, "If-Match": first_tag})
    assert stale.status_code == 412
    assert stale.headers["etag"] == replaced.headers["etag"]
    done = client.delete(entry, headers={**brazil, "If-Match": replaced.headers["etag"]})
    assert done.status_code == 204


def test_a_withdrawn_entrys_id_is_never_given_to_another_speaker(
    tokens: Tokens, client: TestClient, session: Session
) -> None:
    """#13 item 4: SQLite gave the last deleted row's id to the next row, so the next
    delegation's speaker took the withdrawn one's id (its feed URL and its log)."""
    open_list(client, tokens)
    brazil = inscribe(client, tokens, "Brazil", speaker("First"), "b").json()
    # China's is the last entry inscribed, the highest id, when it is withdrawn.
    china = inscribe(client, tokens, "China", speaker("Second"), "c").json()
    url = f"{BASE}/cluster-3-5/entries"
    withdrawn = client.delete(
        f"{url}/{china['id']}", headers={**tokens.by_name["China"], "If-Match": "*"}
    )
    assert withdrawn.status_code == 204
    jamaica = inscribe(client, tokens, "Jamaica", speaker("Third"), "j").json()
    assert jamaica["id"] not in (brazil["id"], china["id"])
    assert jamaica["id"] > china["id"]
    # The withdrawn id names nothing now: another delegation's speaker is not found there.
    missing = client.put(f"{url}/{china['id']}", json=speaker("X"), headers=tokens.organizer)
    assert missing.status_code == 404

    ids = {
        name: session.scalar(select(Delegation.id).where(Delegation.name == name))
        for name in ("Brazil", "China", "Jamaica")
    }
    audit = client.get(f"{BASE}/cluster-3-5/audit", headers=tokens.organizer).json()
    delegations: dict[int, set[object]] = {}
    for row in audit:
        if row["entry_id"] is not None:
            state = row["after"] or row["before"]
            delegations.setdefault(row["entry_id"], set()).add(state["delegation_id"])
    assert delegations == {
        brazil["id"]: {ids["Brazil"]},
        china["id"]: {ids["China"]},
        jamaica["id"]: {ids["Jamaica"]},
    }
