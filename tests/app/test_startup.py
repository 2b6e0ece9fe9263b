"""API processes start light, and `congress serve` gives its workers time to start.

Under load, uvicorn killed worker processes of `congress serve --workers 2` that had not
answered its health check within its default 5 s, most of that spent importing the
solver: the app no longer imports OR-Tools at start, and the timeout is an option.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from app.cli import app as cli


def _modules_loaded_by(statement: str) -> set[str]:
    probe = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return set(done.stdout.split())


def test_importing_the_app_loads_no_solver() -> None:
    loaded = _modules_loaded_by("import app.main; app.main.create_app")
    assert not {m for m in loaded if m == "ortools" or m.startswith("ortools.")}
    assert "scheduler.solve" not in loaded
    assert "scheduler.model" not in loaded


def test_the_solver_is_still_there_when_a_solve_needs_it() -> None:
    loaded = _modules_loaded_by("import scheduler; scheduler.solve; scheduler.allocate_side_events")
    assert "ortools.sat.python.cp_model" in loaded


def _serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> dict[str, Any]:
    """The options `congress serve` hands to uvicorn (uvicorn itself is not started)."""
    seen: dict[str, Any] = {}

    def run(app: str, **options: Any) -> None:
        seen.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", run)
    result = CliRunner().invoke(cli, ["serve", *args])
    assert result.exit_code == 0, result.output
    return seen


def test_serve_passes_the_worker_health_check_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    options = _serve(monkeypatch, "--workers", "2", "--timeout-worker-healthcheck", "90")
    assert options["workers"] == 2
    assert options["timeout_worker_healthcheck"] == 90


def test_serve_waits_a_minute_for_a_starting_worker_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _serve(monkeypatch)["timeout_worker_healthcheck"] == 60
