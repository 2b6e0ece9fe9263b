"""Private feed URLs (and any token) are masked in the access log.

A delegation's private feed is a URL whose path holds its secret
(/congresses/{c}/feeds/delegations/cgf_….ics); uvicorn's access log would write it in
full for every calendar poll, and log files travel further than secrets should. The
filter rewrites each access record's arguments, so any formatter and handler see the
masked path. Tokens are recognised by their prefixes (cgf_ feed, cgs_ API token),
in the path or in the query.
"""

from __future__ import annotations

import logging
import re

#: A token: its prefix and at least a few of its URL-safe characters.
_TOKEN = re.compile(r"\b(cg[fs]_)[A-Za-z0-9_\-]{4,}")
MASK = r"\1***"


def mask_tokens(text: str) -> str:
    return _TOKEN.sub(MASK, text)


class MaskTokens(logging.Filter):
    """Masks tokens in a log record's message and string arguments; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(mask_tokens(a) if isinstance(a, str) else a for a in record.args)
        if isinstance(record.msg, str):
            record.msg = mask_tokens(record.msg)
        return True


def install_access_log_filter(logger_name: str = "uvicorn.access") -> None:
    """Add the filter once (create_app runs once per process, and again in tests)."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(f, MaskTokens) for f in logger.filters):
        logger.addFilter(MaskTokens())
