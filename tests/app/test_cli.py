"""The `congress` command line, run as a user runs it (a subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.databases import temporary_database
from tests.support.seeds import SALVADOR_2010


def congress(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_upgrade_then_load_twice(backend: str, tmp_path: Path) -> None:
    with temporary_database(backend, tmp_path) as url:
        upgraded = congress("db", "upgrade", database_url=url)
        assert upgraded.returncode == 0, upgraded.stderr
        first = congress("seed", "load", str(SALVADOR_2010), database_url=url)
        assert first.returncode == 0, first.stderr
        assert "twelfth-congress-salvador-2010 created" in first.stdout
        second = congress("seed", "load", str(SALVADOR_2010), database_url=url)
        assert "twelfth-congress-salvador-2010 unchanged" in second.stdout


def test_a_bad_seed_fails_with_file_and_field(backend: str, tmp_path: Path) -> None:
    bad = tmp_path / "twelfth-congress-salvador-2010.yaml"
    bad.write_text(
        SALVADOR_2010.read_text(encoding="utf-8").replace(
            "  - items: [6, 10]", "  - items: [6, 14]"
        ),
        encoding="utf-8",
    )
    with temporary_database(backend, tmp_path) as url:
        assert congress("db", "upgrade", database_url=url).returncode == 0
        result = congress("seed", "load", str(bad), database_url=url)
        assert result.returncode == 1
        assert f"{bad}: clusters[2].items[1]: unknown agenda item 14" in result.stderr
        assert "nothing was loaded" in result.stderr
