"""Repeated code outside the tests and migrations does not grow.

The workplace's `duplicates` tool lists pairs of places that share six or more lines (the
same lines, or lines of the same shape). Each pair is a place where one piece of code could
serve; the count may only go down. When a change removes pairs, lower the ceiling to the
new count so that it stays a real check. Tests and migrations are left out: repeated
set-up in a test and a migration's frozen copy of a table are on purpose.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: What `duplicates` counted outside tests/ and migrations/ at the last lowering (issue #14:
#: 162 before the restructuring).
PAIRS_AT_MOST = 143

_HEADER = re.compile(r"^(\d+) pairs? of places")


def _tracked_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    return [
        name
        for name in listed.stdout.splitlines()
        if not name.startswith(("tests/", "migrations/")) and (ROOT / name).is_file()
    ]


def test_repeated_code_outside_tests_and_migrations_does_not_grow(tmp_path: Path) -> None:
    tool = shutil.which("duplicates")
    if tool is None:
        pytest.skip("the workplace's `duplicates` tool is not on this machine")
    for name in _tracked_files():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, target)
    found = subprocess.run(
        [tool, "--repo", str(tmp_path), "--most", "40", "--seconds", "300"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = found.stdout
    assert "incomplete:" not in report, report
    header = _HEADER.match(report)
    pairs = int(header.group(1)) if header else 0
    assert header is not None or report.startswith("No duplicates"), report
    assert pairs <= PAIRS_AT_MOST, (
        f"{pairs} pairs of repeated places outside tests/ and migrations/, more than the "
        f"{PAIRS_AT_MOST} allowed: make one piece of code serve where the logic is the same\n"
        + report
    )
