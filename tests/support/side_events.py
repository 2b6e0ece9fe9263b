"""Side events for page and feed tests, through the real path: an organization's token
requests, the secretariat allocates (CP-SAT) and confirms, over the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

import scheduler
from app.auth.models import Role
from app.auth.tokens import issue_token
from app.congresses.repository import find_congress
from app.core.database import transaction
from app.delegations.models import Delegation, DelegationKind
from app.rooms.models import Room
from app.timetables import release

SLUG = "twelfth-congress-salvador-2010"
SIDE_EVENTS = f"/congresses/{SLUG}/side-events"
APRIL_14 = dt.date(2010, 4, 14)
ALL_DAYS = [dt.date(2010, 4, 12) + dt.timedelta(days=i) for i in range(8)]


@dataclass(frozen=True)
class Tokens:
    organizer: dict[str, str]
    ngo: dict[str, str]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def side_event_rooms_and_tokens(session_factory: sessionmaker[Session]) -> Tokens:
    """Two rooms for side events, an NGO and the tokens of the secretariat and the NGO."""
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        congress.rooms.extend(
            [
                Room(name="Side Room A", capacity=120, webcast=True, position=10),
                Room(name="Side Room B", capacity=120, position=11),
            ]
        )
        ngo = Delegation(name="Penal Reform International", kind=DelegationKind.NON_GOVERNMENTAL)
        congress.delegations.append(ngo)
        session.flush()
        return Tokens(
            organizer=bearer(issue_token(session, role=Role.ORGANIZER, name="secretariat").token),
            ngo=bearer(
                issue_token(session, role=Role.DELEGATION, name="pri", delegation=ngo).token
            ),
        )


def only(day: dt.date) -> list[str]:
    """impossible_dates that leave only `day`."""
    return [d.isoformat() for d in ALL_DAYS if d != day]


def request(client: TestClient, tokens: Tokens, **body: Any) -> int:
    data = {
        "title": "Prison reform",
        "expected_attendance": 50,
        "length": "lunchtime",
        "impossible_dates": only(APRIL_14),
        **body,
    }
    response = client.post(f"{SIDE_EVENTS}/requests", json=data, headers=tokens.ngo)
    assert response.status_code == 201, response.text
    request_id: int = response.json()["id"]
    return request_id


def allocate(client: TestClient, tokens: Tokens) -> dict[int, dict[str, Any]]:
    """Every request by id, with its placement, after an allocation."""
    response = client.post(
        f"{SIDE_EVENTS}/allocate", json={"time_limit_s": 5}, headers=tokens.organizer
    )
    assert response.status_code == 200, response.text
    return {r["id"]: r for r in response.json()["requests"]}


def confirm(client: TestClient, tokens: Tokens, request_id: int) -> dict[str, Any]:
    response = client.post(f"{SIDE_EVENTS}/requests/{request_id}/confirm", headers=tokens.organizer)
    assert response.status_code == 200, response.text
    confirmed: dict[str, Any] = response.json()
    assert confirmed["state"] == "confirmed"
    return confirmed


def publish_meetings(
    session_factory: sessionmaker[Session], meetings: list[scheduler.Meeting]
) -> None:
    """Publish an organization of work through the real draft → publish path."""
    with transaction(session_factory) as session:
        congress = find_congress(session, SLUG, full=True)
        assert congress is not None
        timetable = scheduler.Timetable(
            status="OPTIMAL", time_zone=congress.time_zone, meetings=meetings
        )
        draft = release.save_draft(session, congress, timetable, seed=0, based_on=None)
        release.publish(session, draft)


def plenary(key: str, day: dt.date, start: int, end: int, room: str) -> scheduler.Meeting:
    return scheduler.Meeting(
        key=key,
        date=day,
        slot="morning" if start < 13 else "afternoon",
        body="plenary",
        body_name="Plenary",
        kind="agenda",
        start=dt.datetime.combine(day, dt.time(start)),
        end=dt.datetime.combine(day, dt.time(end)),
        agenda_items=(3,),
        room=room,
        title=f"Plenary {key}",
    )
