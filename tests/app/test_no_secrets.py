"""No secret is committed: the repository's files hold no token, key or password.

Scans the files git tracks, and the new ones it would add (untracked, not ignored), so
that a secret is caught before its first commit. Looked for: this service's own bearer
and feed tokens (`cgs_` / `cgf_` and the 43 url-safe characters of 32 random bytes),
private keys in PEM form, well-known cloud token shapes, and passwords written into
URLs — except the documented local defaults (the compose file's own PostgreSQL) and
references to the environment (`${VAR}`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: The prefixes are split so that this file does not describe itself as a secret.
PATTERNS = {
    "bearer or feed token": re.compile(r"\bcg[sf]" + r"_[A-Za-z0-9_-]{40,}"),
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE" + r" KEY( BLOCK)?-----"),
    "AWS access key": re.compile(r"\b(AKIA|ASIA)" + r"[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]" + r"_[A-Za-z0-9]{36,}"),
    "Slack token": re.compile(r"\bxox[abprs]" + r"-[A-Za-z0-9-]{10,}"),
}
#: a scheme, then user, colon, password and "@" before the host
PASSWORD_IN_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://([^/\s:@\"'`]+):([^/\s@\"'`]+)@")
#: user:password pairs documented as local, throw-away defaults (README, compose.yaml).
LOCAL_DEFAULTS = {("congress", "congress")}


def _files() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return [ROOT / name for name in sorted(set(listed.split("\0"))) if name]


def _text(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):  # deleted in the working tree
        return None
    if b"\0" in data[:8192]:
        return None  # binary
    return data.decode("utf-8", errors="replace")


def _findings(path: Path, text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{path.relative_to(ROOT)}:{number}"
        for kind, pattern in PATTERNS.items():
            if pattern.search(line):
                found.append(f"{where}: {kind}")
        for match in PASSWORD_IN_URL.finditer(line):
            user, password = match.groups()
            if password.startswith("$") or (user, password) in LOCAL_DEFAULTS:
                continue
            found.append(f"{where}: password in a URL (user {user!r})")
    return found


def test_no_secret_is_in_the_repository() -> None:
    files = _files()
    assert len(files) > 100  # the listing worked
    findings = []
    for path in files:
        text = _text(path)
        if text is not None:
            findings.extend(_findings(path, text))
    assert not findings, "secrets in the repository:\n" + "\n".join(findings)


@pytest.mark.parametrize(
    "line",
    [
        "Authorization: Bearer cgs" + "_" + "A" * 43,
        "https://example.org/feeds/delegations/cgf" + "_" + "b-" * 22 + ".ics",
        "-----BEGIN OPENSSH PRIVATE" + " KEY-----",
        "DATABASE_URL=postgresql://app:" + "s3cret@db.example.org/app",
    ],
)
def test_the_scan_recognises_secrets(line: str) -> None:
    assert _findings(ROOT / "example.txt", line)


@pytest.mark.parametrize(
    "line",
    [
        "postgresql+psycopg://congress:congress@postgres:5432/congress",
        "postgresql+psycopg://congress:${POSTGRES_PASSWORD:-congress}@postgres:5432/congress",
        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
        'prefix="cgs_"  # token[:12] such as cgs_AbCdEfGh',
    ],
)
def test_documented_defaults_and_placeholders_pass(line: str) -> None:
    assert not _findings(ROOT / "example.txt", line)
