"""Subscribe links for the iCal feeds: the URL for a browser, webcal for a calendar app.

The feeds package is the authority on which feeds exist and where they live (its JSON
index is /congresses/{c}/feeds); the page shows the same links, from the same function.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from app.congresses.models import Congress
from app.core.urls import request_base_url, webcal
from app.feeds.refs import feed_refs


@dataclass(frozen=True)
class FeedLink:
    kind: str
    key: str
    name: str
    #: Path on this service, e.g. /congresses/x/feeds/congress.ics
    path: str
    #: The absolute URL (http or https, as the service is reached) and its label.
    url: str
    webcal: str


def feed_links(request: Request, congress: Congress, lang: str | None = None) -> list[FeedLink]:
    """The congress feed, one per body, room, agenda item, workshop, high-level segment."""
    prefix = f"/congresses/{congress.slug}/feeds/"
    base = request_base_url(request)
    query = f"?lang={lang}" if lang else ""
    links = []
    for ref, name in feed_refs(congress, lang):
        url = base + prefix + ref.path + query
        links.append(
            FeedLink(
                kind=ref.kind,
                key=ref.key,
                name=name,
                path=prefix + ref.path,
                url=url,
                webcal=webcal(url),
            )
        )
    return links
