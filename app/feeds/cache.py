"""Feeds built once per published version and kept in memory.

A request that finds the feed of the version published a moment ago is answered from
here without a thread or a database session (calendar clients poll, and most polls
find nothing new).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass

from app.feeds.refs import SIDE_EVENT_FEEDS, FeedRef
from app.feeds.repository import PublishedHead


@dataclass(frozen=True)
class BuiltFeed:
    body: bytes
    etag: str  #: strong ETag, quoted
    last_modified: dt.datetime  #: publication of the version shown (UTC)
    private: bool = False


def built(body: bytes, published_at: dt.datetime, *, private: bool = False) -> BuiltFeed:
    """A rendered feed with its ETag (a digest of its bytes)."""
    digest = hashlib.sha256(body).hexdigest()[:32]
    return BuiltFeed(body=body, etag=f'"{digest}"', last_modified=published_at, private=private)


class FeedCache:
    """Feeds already built, and the latest published version of each congress as
    last looked up; least recently used feeds dropped first; safe across threads.

    `head_ttl_s`: for so long a request trusts the latest look-up of "which version
    is published" and is served from memory without touching the database. A new
    publication reaches the feeds within that time (calendar clients poll hourly);
    0 looks it up on every request.
    """

    def __init__(self, max_entries: int = 512, head_ttl_s: float = 1.0) -> None:
        self._entries: OrderedDict[Hashable, BuiltFeed] = OrderedDict()
        self._heads: dict[str, tuple[float, PublishedHead]] = {}
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.head_ttl_s = head_ttl_s

    def get(self, key: Hashable) -> BuiltFeed | None:
        with self._lock:
            feed = self._entries.get(key)
            if feed is not None:
                self._entries.move_to_end(key)
            return feed

    def put(self, key: Hashable, feed: BuiltFeed) -> None:
        with self._lock:
            self._entries[key] = feed
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def fresh_head(self, congress_ref: str) -> PublishedHead | None:
        found = self._heads.get(congress_ref)
        if found is None or time.monotonic() - found[0] >= self.head_ttl_s:
            return None
        return found[1]

    def remember_head(self, congress_ref: str, head: PublishedHead) -> None:
        if self.head_ttl_s > 0:
            with self._lock:
                if len(self._heads) >= self.max_entries:
                    self._heads.clear()
                self._heads[congress_ref] = (time.monotonic(), head)


def cache_key(head: PublishedHead, feed: FeedRef, language: str | None, base_url: str) -> Hashable:
    # The congress's own data (titles, translations) shows in the feed too: a seed
    # reload that changes it changes updated_at, and the feed is built again. So do
    # the side events in the feeds that hold them: a confirmation, a move or a
    # withdrawal changes their requests' updated_at.
    return (
        head.congress_id,
        head.congress_updated_at,
        head.version_id,
        head.published_at,
        head.side_events_updated_at if feed.kind in SIDE_EVENT_FEEDS else None,
        feed,
        language or "en",
        base_url,
    )


def cached_feed(
    cache: FeedCache, congress_ref: str, feed: FeedRef, *, language: str | None, base_url: str
) -> BuiltFeed | None:
    """The feed from memory, when the published version was looked up a moment ago."""
    head = cache.fresh_head(congress_ref)
    if head is None:
        return None
    return cache.get(cache_key(head, feed, language, base_url))
