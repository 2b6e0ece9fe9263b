"""What the API shows of the feeds: the index a page uses for its subscribe links."""

from __future__ import annotations

from pydantic import BaseModel, Field

from app.core.inputs import InputModel


class FeedLink(BaseModel):
    kind: str = Field(
        description="congress, body, room, agenda-item, workshop, high-level-segment or side-events"
    )
    key: str | None = Field(description="Body key, room id, item or workshop number")
    name: str = Field(examples=["Committee I"])
    url: str = Field(
        description="The feed over HTTP(S), from the service's public base URL",
        examples=["https://congress.example.org/congresses/x/feeds/congress.ics"],
    )
    webcal: str = Field(
        description="The same feed as a webcal:// link, which opens the calendar client",
        examples=["webcal://congress.example.org/congresses/x/feeds/congress.ics"],
    )


class FeedIndex(BaseModel):
    congress: str = Field(description="Slug of the congress")
    published_version: int | None = Field(
        description="Number of the version the feeds show; null: nothing published yet"
    )
    time_zone: str
    feeds: list[FeedLink]


class DelegationFeedCreate(InputModel):
    delegation_id: int | None = Field(
        default=None,
        description="The delegation (the secretariat must give it; a delegation's own "
        "token issues its own feed)",
    )


class DelegationFeedIssued(BaseModel):
    delegation_id: int
    delegation: str
    url: str = Field(description="The private feed: shown once, keep it secret")
    webcal: str
    token_prefix: str = Field(description="First characters of the token, to tell URLs apart")
