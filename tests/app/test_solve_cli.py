"""`congress solve` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.app.test_cli import congress
from tests.support.databases import temporary_database
from tests.support.seeds import SALVADOR_2010


def test_solve_a_seed_file_as_json(tmp_path: Path) -> None:
    result = congress("solve", str(SALVADOR_2010), "--format", "json", database_url="sqlite://")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["status"] == "OPTIMAL"
    assert body["violations"] == [] and body["explanation"] is None
    first = body["meetings"][0]
    assert set(first) == {
        "date",
        "slot",
        "body",
        "kind",
        "agenda_items",
        "workshop",
        "start",
        "end",
        "room",
    }
    kinds = {m["kind"] for m in body["meetings"]}
    assert {"pre-congress", "opening", "agenda", "workshop", "high-level", "closing"} <= kinds


def test_the_table_reads_like_the_annex(tmp_path: Path) -> None:
    result = congress("solve", str(SALVADOR_2010), database_url="sqlite://")
    assert result.returncode == 0, result.stderr
    assert "Plenary" in result.stdout and "Committee II" in result.stdout
    assert "Monday, 12 April 2010" in result.stdout
    assert "status OPTIMAL" in result.stdout


def test_an_impossible_congress_is_explained(tmp_path: Path) -> None:
    impossible = tmp_path / "twelfth-congress-salvador-2010.yaml"
    text = SALVADOR_2010.read_text(encoding="utf-8")
    # Six meetings fit the window of three days on their face (six slots), but not with
    # the closing in it: the solver explains. (Nine would be refused at load.)
    impossible.write_text(text.replace("  meetings: 4\n  window:", "  meetings: 6\n  window:"))
    result = congress("solve", str(impossible), "--format", "json", database_url="sqlite://")
    assert result.returncode == 2
    body = json.loads(result.stdout)
    assert body["status"] == "INFEASIBLE"
    assert "high-level segment" in body["explanation"]


def test_solve_and_publish_a_stored_congress(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As `PORT=8765 ./scripts/start` runs it: the printed URL is where it will serve.
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("HOST", raising=False)
    monkeypatch.setenv("PORT", "8765")
    with temporary_database(backend, tmp_path) as url:
        assert congress("db", "upgrade", database_url=url).returncode == 0
        assert congress("seed", "load", str(SALVADOR_2010), database_url=url).returncode == 0
        first = congress("solve", "twelfth-congress-salvador-2010", "--publish", database_url=url)
        assert first.returncode == 0, first.stderr
        assert "Published version 1" in first.stderr
        assert (
            "Organization of work: http://127.0.0.1:8765/congresses/"
            "twelfth-congress-salvador-2010/organization-of-work" in first.stderr
        )
        again = congress("solve", "twelfth-congress-salvador-2010", "--publish", database_url=url)
        assert "already matches" in again.stderr


def test_publishing_a_file_is_refused_with_the_way_forward(tmp_path: Path) -> None:
    result = congress("solve", str(SALVADOR_2010), "--publish", database_url="sqlite://")
    assert result.returncode == 1
    assert "congress seed load" in result.stderr
