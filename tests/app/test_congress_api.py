"""Reading congresses over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.core.config import Settings
from app.main import create_app
from app.seeds.loader import LoadResult


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url), engine=engine)) as client:
        yield client


def test_the_congress_is_found_by_slug_and_by_id(
    client: TestClient, salvador_2010: LoadResult
) -> None:
    by_slug = client.get("/congresses/twelfth-congress-salvador-2010")
    by_id = client.get(f"/congresses/{salvador_2010.congress_id}")
    assert by_slug.status_code == by_id.status_code == 200
    assert by_slug.json() == by_id.json()
    body = by_slug.json()
    assert body["time_zone"] == "America/Bahia"
    assert [c["key"] for c in body["clusters"]] == ["3+5", "7+9", "6+10"]
    assert [b["name"] for b in body["bodies"]] == ["Plenary", "Committee I", "Committee II"]
    assert body["high_level_segment"]["window"] == {"anchor": "end", "days": 3, "dates": None}
    assert len(body["credentials_committee"]) == 9


def test_list_of_congresses(client: TestClient, salvador_2010: LoadResult) -> None:
    response = client.get("/congresses")
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()] == ["twelfth-congress-salvador-2010"]


def test_agenda_with_documents_and_clusters(client: TestClient, salvador_2010: LoadResult) -> None:
    items = client.get("/congresses/twelfth-congress-salvador-2010/agenda").json()
    assert len(items) == 11
    item_3 = items[2]
    assert item_3["cluster"] == "3+5"
    assert item_3["documents"][0] == "A/CONF.213/4"
    assert items[1]["sub_items"][0] == {
        "label": "(a)",
        "title": "Election of the President and of other officers;",
    }


def test_titles_in_another_official_language_fall_back_to_english(
    client: TestClient, salvador_2010: LoadResult
) -> None:
    items = client.get("/congresses/twelfth-congress-salvador-2010/agenda?lang=fr").json()
    assert items[2]["title"] == "Enfants, jeunes et criminalité."
    assert items[3]["title"].startswith("Provision of technical assistance")  # no French given
    congress = client.get("/congresses/twelfth-congress-salvador-2010?lang=zh").json()
    assert congress["name"] == "第十二届联合国预防犯罪和刑事司法大会"


def test_an_unknown_congress_is_a_problem_document(client: TestClient) -> None:
    response = client.get("/congresses/thirtieth-congress")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404
    assert "thirtieth-congress" in problem["detail"]


def test_an_unknown_language_names_the_parameter(
    client: TestClient, salvador_2010: LoadResult
) -> None:
    response = client.get("/congresses/twelfth-congress-salvador-2010?lang=de")
    assert response.status_code == 422
    assert response.json()["invalid-params"][0]["name"] == "query.lang"


def test_front_page_lists_the_congress(client: TestClient, salvador_2010: LoadResult) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Twelfth United Nations Congress" in response.text
    assert client.get("/health").json() == {"status": "ok"}
