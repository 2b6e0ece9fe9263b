"""Entity tags: a validator per resource, and the If-Match / If-None-Match rules.

The tag is derived from the resource's representation (a SHA-256 of its JSON), so it
changes exactly when what a client sees changes, and needs no version column. Writes
compare it with If-Match after the congress has been locked for writing (see
`app.congresses.deps.write_lock`), so two editors holding the same tag cannot both win.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import parsedate_to_datetime
from typing import Annotated

from fastapi import Header
from pydantic import BaseModel

from app.core.problems import ProblemError

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=1000,
        description="The ETag of the resource as you last read it. Required for every "
        "change: 428 without it, 412 when someone changed the resource since.",
    ),
]
IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        max_length=1000,
        description="ETag(s) you hold; 304 Not Modified when the resource still has one.",
    ),
]


def etag_of(representation: BaseModel) -> str:
    """A strong ETag of a representation (same JSON, same tag)."""
    digest = hashlib.sha256(representation.model_dump_json().encode("utf-8")).hexdigest()
    return f'"{digest[:32]}"'


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def require_if_match(if_match: str | None, current: str, what: str) -> None:
    """428 without If-Match, 412 when it names none of the current tag (strong comparison)."""
    if if_match is None or not if_match.strip():
        raise ProblemError(
            428,
            f"Changing {what} needs an If-Match header with the ETag you last read "
            "(GET it first), so that nobody's change is overwritten unseen.",
            headers={"ETag": current},
        )
    tags = _tags(if_match)
    if "*" in tags or current in tags:
        return
    raise ProblemError(
        412,
        f"{what[:1].upper()}{what[1:]} was changed by someone else since you read it "
        "(your If-Match no longer matches its ETag). GET it again, check the changes, "
        "then repeat yours.",
        headers={"ETag": current},
    )


def not_modified(if_none_match: str | None, current: str) -> bool:
    """If-None-Match uses the weak comparison: W/"x" matches "x"."""
    if not if_none_match:
        return False
    tags = [tag.removeprefix("W/") for tag in _tags(if_none_match)]
    return "*" in tags or current in tags


def modified_since(if_modified_since: str | None, last_modified: dt.datetime | None) -> bool:
    """False when the representation has not changed since the date the client holds
    (If-Modified-Since, at the second: HTTP dates have no fractions)."""
    if not if_modified_since or last_modified is None:
        return True
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return True  # an unreadable date is ignored (RFC 9110 13.1.3)
    if since.tzinfo is None:
        return True
    return last_modified.replace(microsecond=0) > since


def is_fresh(
    if_none_match: str | None,
    if_modified_since: str | None,
    etag: str,
    last_modified: dt.datetime | None,
) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when sent; If-Modified-Since only without it."""
    if if_none_match is not None:
        return not_modified(if_none_match, etag)
    return if_modified_since is not None and not modified_since(if_modified_since, last_modified)
