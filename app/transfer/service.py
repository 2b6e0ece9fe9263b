"""A whole congress as one JSON document, and back (`congress export` / `congress import`).

Generic over the schema: every table that belongs to a congress — directly through a
`congress_id` column, or through foreign keys to rows that do — is written out in the
metadata's dependency order, and read back with fresh primary keys and every foreign
key remapped. A table added later is carried along without changes here.

Some ids are no foreign keys: the speakers' audit log outlives the rows it names, and
stored answers quote ids in JSON. Their columns say what they name (`info["refers_to"]`,
`info["json_refers_to"]` for keys inside a JSON object), and they are renumbered like
foreign keys. An id of a row that no longer exists (a withdrawn speaker) is written
negated: it still ties the log's records of that row together, and it can never be taken
for a row of the database it is imported into.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Column, Table, insert, select
from sqlalchemy.orm import Session

from app.congresses.models import Congress
from app.core.problems import ProblemError
from app.models import Base

FORMAT = "congress-export"
FORMAT_VERSION = 1

#: Secrets and runtime state stay where they are: token hashes must not travel, and a
#: solve job belongs to the process that ran it.
EXCLUDED_TABLES = frozenset({"api_tokens", "solve_jobs"})


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name not in EXCLUDED_TABLES]


def soft_references(table: Table) -> dict[str, str]:
    """Columns holding ids of rows without a foreign key: column name → table named."""
    return {c.name: c.info["refers_to"] for c in table.columns if "refers_to" in c.info}


def json_references(table: Table) -> dict[str, dict[str, str]]:
    """JSON columns quoting ids: column name → {key in the object → table named}."""
    return {c.name: c.info["json_refers_to"] for c in table.columns if "json_refers_to" in c.info}


def _import_order() -> list[Table]:
    """Foreign-key order, with the tables holding soft references last: what they name
    must have its new ids first (and no foreign key points at them: checked here)."""
    tables = _tables()
    soft = {t.name for t in tables if soft_references(t) or json_references(t)}
    for table in tables:
        for fk in table.foreign_keys:
            if fk.column.table.name in soft:
                raise RuntimeError(f"{table.name} refers to {fk.column.table.name}, imported last")
    return [t for t in tables if t.name not in soft] + [t for t in tables if t.name in soft]


def _renumbered(old: Any, target: str, new_ids: dict[str, dict[Any, Any]]) -> Any:
    if not isinstance(old, int) or isinstance(old, bool):
        return old
    if target in EXCLUDED_TABLES:
        return None  # a token (say) that does not travel
    new = new_ids.get(target, {}).get(old)
    return new if new is not None else -abs(old)


def _encode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _decode(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    python_type: type[Any] | None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        python_type = None
    enum_class = getattr(column.type, "enum_class", None)
    if enum_class is not None:
        return enum_class(value)
    if python_type is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if python_type is dt.date:
        return dt.date.fromisoformat(value)
    if python_type is dt.time:
        return dt.time.fromisoformat(value)
    return value


def _single_key(table: Table) -> Column[Any] | None:
    keys = list(table.primary_key.columns)
    return keys[0] if len(keys) == 1 and keys[0].autoincrement is not False else None


def export_congress(session: Session, congress: Congress) -> dict[str, Any]:
    selected: dict[str, set[Any]] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in _tables():
        rows = _rows_of(session, table, congress.id, selected)
        if rows is None:
            continue
        key = _single_key(table)
        if key is not None:
            selected[table.name] = {row[key.name] for row in rows}
        tables[table.name] = [
            {c.name: _encode(c, row[c.name]) for c in table.columns} for row in rows
        ]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(),
        "congress": congress.slug,
        "tables": tables,
    }


def _rows_of(
    session: Session, table: Table, congress_id: int, selected: dict[str, set[Any]]
) -> list[dict[str, Any]] | None:
    """The table's rows that belong to the congress, or None if it does not hang off one."""
    if table.name == "congresses":
        query = select(table).where(table.c.id == congress_id)
    elif "congress_id" in table.c:
        query = select(table).where(table.c.congress_id == congress_id)
    else:
        # Rows reached through a foreign key to rows already taken (sub-items, cluster
        # members, association tables, meetings of a version, …).
        links = [
            fk
            for fk in table.foreign_keys
            if fk.column.table.name in selected and not fk.parent.nullable
        ]
        if not links:
            return None
        fk = links[0]
        ids = selected[fk.column.table.name]
        if not ids:
            return []
        query = select(table).where(fk.parent.in_(ids))
    key = _single_key(table)
    order = [key] if key is not None else list(table.primary_key.columns)
    return [dict(row._mapping) for row in session.execute(query.order_by(*order))]


def import_congress(session: Session, document: dict[str, Any], *, replace: bool = False) -> int:
    """Write an exported congress into this database; returns the new congress id."""
    if document.get("format") != FORMAT or document.get("version") != FORMAT_VERSION:
        raise ProblemError(
            422,
            f"not a {FORMAT} document of version {FORMAT_VERSION} "
            f"(format={document.get('format')!r}, version={document.get('version')!r})",
        )
    tables: dict[str, list[dict[str, Any]]] = document.get("tables") or {}
    known = {t.name for t in _tables()}
    unknown = sorted(set(tables) - known)
    if unknown:
        raise ProblemError(422, f"tables unknown to this schema: {', '.join(unknown)}")
    congresses = tables.get("congresses") or []
    if len(congresses) != 1:
        raise ProblemError(422, "the document must hold exactly one congress")
    slug = congresses[0]["slug"]
    existing = session.scalar(select(Congress).where(Congress.slug == slug))
    if existing is not None:
        if not replace:
            raise ProblemError(
                409, f"congress {slug!r} exists already; import with --replace to overwrite it"
            )
        session.delete(existing)
        session.flush()
        session.expunge_all()

    new_ids: dict[str, dict[Any, Any]] = {}
    for table in _import_order():
        rows = tables.get(table.name)
        if not rows:
            continue
        key = _single_key(table)
        mapping: dict[Any, Any] = {}
        # Rows may refer to rows of their own table (a version based on another).
        for row in _self_referencing_order(table, rows):
            # A column the document lacks (added to the schema after the export) takes
            # its default, as it did for the rows present when it was added.
            values = {
                c.name: _decode(c, row[c.name])
                for c in table.columns
                if c is not key and c.name in row
            }
            for fk in table.foreign_keys:
                values[fk.parent.name] = _remap(
                    fk.parent, fk.column.table, values, new_ids, mapping
                )
            for name, target in soft_references(table).items():
                if name in values:
                    values[name] = _renumbered(values[name], target, new_ids)
            for name, keys in json_references(table).items():
                quoted = values.get(name)
                if isinstance(quoted, dict):
                    values[name] = {
                        k: _renumbered(v, keys[k], new_ids) if k in keys else v
                        for k, v in quoted.items()
                    }
            if key is None:
                session.execute(insert(table).values(**values))
            else:
                new_key = session.execute(
                    insert(table).values(**values).returning(key)
                ).scalar_one()
                mapping[row[key.name]] = new_key
        new_ids[table.name] = mapping
    session.flush()
    return int(new_ids["congresses"][congresses[0]["id"]])


def _remap(
    column: Column[Any],
    target: Table,
    values: dict[str, Any],
    new_ids: dict[str, dict[Any, Any]],
    own: dict[Any, Any],
) -> Any:
    old = values.get(column.name)
    if old is None:
        return None
    targets = own if target is column.table else new_ids.get(target.name, {})
    if old in targets:
        return targets[old]
    if column.nullable:
        # A reference to something that does not travel (a token) is dropped.
        return None
    raise ProblemError(
        422,
        f"{column.table.name}.{column.name}: refers to {target.name} {old!r}, not in the document",
    )


def _self_referencing_order(table: Table, rows: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """Rows ordered so that one referring to another of its table comes after it."""
    self_fks = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    key = _single_key(table)
    if not self_fks or key is None:
        return rows
    done: set[Any] = set()
    ordered: list[dict[str, Any]] = []
    pending = list(rows)
    while pending:
        progressed = False
        for row in list(pending):
            refs = [row.get(name) for name in self_fks]
            if all(ref is None or ref in done for ref in refs):
                ordered.append(row)
                done.add(row[key.name])
                pending.remove(row)
                progressed = True
        if not progressed:
            raise ProblemError(422, f"{table.name}: rows refer to each other in a circle")
    return ordered
