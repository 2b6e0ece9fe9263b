"""`congress export` and `congress import`."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from app.congresses.repository import find_congress
from app.core.config import get_settings
from app.core.database import make_engine, make_session_factory, transaction
from app.core.problems import ProblemError
from app.transfer.service import export_congress, import_congress


def run_export(ref: str, output: Path | None, *, out: Console, err: Console) -> int:
    factory = make_session_factory(make_engine(get_settings().database_url))
    with factory() as session:
        congress = find_congress(session, ref)
        if congress is None:
            err.print(f"No congress {ref!r} in the database")
            return 1
        document = export_congress(session, congress)
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True)
    if output is None:
        print(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        err.print(f"Wrote {congress.slug} to {output}")
    return 0


def run_import(path: Path, *, replace: bool, out: Console, err: Console) -> int:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        err.print(f"{path}: cannot read the file: {error.strerror}")
        return 1
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        err.print(f"{path}: not a JSON document: {error}")
        return 1
    if not isinstance(document, dict):
        err.print(f"{path}: not a congress export (expected a JSON object)")
        return 1
    factory = make_session_factory(make_engine(get_settings().database_url))
    try:
        with transaction(factory) as session:
            congress_id = import_congress(session, document, replace=replace)
    except ProblemError as error:
        err.print(f"{path}: {error.detail}; nothing was imported")
        return 1
    out.print(f"{path}: imported {document.get('congress')} (id {congress_id})")
    return 0
