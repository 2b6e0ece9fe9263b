"""The opening burst: all 193 member States inscribe at the opening minute, each
request sent twice at once with its Idempotency-Key, against a real uvicorn server on
127.0.0.1 (PostgreSQL with TEST_DATABASE=postgresql; SQLite otherwise). No timing is
asserted here; benchmarks/speakers_burst_bench.py measures it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.congresses.repository import find_congress
from app.core.config import Settings
from app.core.database import transaction
from app.main import create_app
from app.seeds.loader import LoadResult
from app.speakers import lists
from app.speakers.models import IdempotencyKey, ProtocolLevel, SpeakerEntry, SpeakersAudit
from app.speakers.schemas import SpeakersListCreate
from benchmarks.speakers_burst_bench import burst, member_states, serve

SLUG = "twelfth-congress-salvador-2010"
PATH = f"/congresses/{SLUG}/speakers-lists/item-4/entries"
#: 193 on PostgreSQL, the production database; on SQLite, whose single writer makes
#: every commit wait for the disk in turn, fewer keep the suite quick.
MEMBER_STATES = {"postgresql": 193, "sqlite": 60}


def open_item_4(session_factory: sessionmaker[Session]) -> None:
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        now = dt.datetime.now(dt.UTC)
        lists.create_list(
            session,
            congress,
            SpeakersListCreate(
                target="item-4",
                opens_at=now - dt.timedelta(minutes=1),
                closes_at=now + dt.timedelta(hours=1),
                time_limit_minutes=5,
            ),
            None,
        )


def test_all_member_states_at_once_with_retries_lose_and_duplicate_nothing(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    engine: Engine,
    database_url: str,
    backend: str,
) -> None:
    count = MEMBER_STATES[backend]
    open_item_4(session_factory)
    tokens = member_states(session_factory, salvador_2010.congress_id, count)
    app = create_app(Settings(database_url=database_url, job_runner="worker"), engine=engine)
    with serve(app) as base:
        opening = burst(base, PATH, tokens, copies=2, key="opening")
        # A client that never saw its answer retries later: the same answer again.
        late = burst(base, PATH, tokens, copies=1, key="opening")
        listed = httpx.get(f"{base}/congresses/{SLUG}/speakers-lists/item-4", timeout=30)

    statuses = {o.status for o in opening.outcomes + late.outcomes}
    assert statuses == {201}, [o.body for o in opening.outcomes if o.status != 201][:3]
    by_delegation = defaultdict(list)
    for outcome in opening.outcomes + late.outcomes:
        by_delegation[outcome.number].append(outcome)
    assert len(by_delegation) == count
    for number, outcomes in by_delegation.items():
        assert len({o.body["id"] for o in outcomes}) == 1, number
        assert all(o.body == outcomes[0].body for o in outcomes)
        # Exactly one of the three requests inscribed; the others were replays.
        assert sum(not o.replayed for o in outcomes) == 1, number
        assert outcomes[0].body["delegation"] == f"Member State {number:03d}"

    with session_factory() as session:
        entries = session.scalars(select(SpeakerEntry)).all()
        assert len(entries) == count
        assert len({e.delegation_id for e in entries}) == count
        # Inscription numbers: gap-free, one each, as assigned in the transactions.
        assert sorted(e.sequence for e in entries) == list(range(1, count + 1))
        assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == count
        registered = select(func.count()).where(SpeakersAudit.action == "entry.register")
        assert session.scalar(registered.select_from(SpeakersAudit)) == count

    # The order follows from protocol level and inscription number alone.
    assert listed.status_code == 200
    rows = listed.json()["entries"]
    rank = {level.value: index for index, level in enumerate(ProtocolLevel)}
    expected = sorted(rows, key=lambda r: (rank[r["protocol_level"]], r["sequence"]))
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    assert [r["position"] for r in rows] == list(range(1, count + 1))
