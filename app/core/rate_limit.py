"""Rate limits: bad bearer tokens per client address, and writes per delegation token.

Two limits, both sliding windows kept in the memory of each API process:

- **Failed token use.** A client address whose bearer tokens were refused
  `failed_token_limit` times in `rate_limit_window_s` gets 429 (with Retry-After) for
  every further *unknown or revoked* token, until its oldest failure leaves the window.
  A live token is never refused by this counter: behind a venue's shared NAT, where
  every delegate has the same address, one client sending bad tokens must not lock
  out the secretariat or the opening burst of the lists of speakers. (Telling a hit
  from a miss gains a guesser nothing: tokens carry 256 random bits, and the limit
  still caps the guesses per address.) Requests without a token are never counted.
  Private feed URLs are not counted: calendar applications keep polling a revoked one
  for months (a new URL revokes the old), which is no guess, and their 256 random bits
  are not guessable at any rate.
- **Writes to the lists of speakers** (inscriptions, replacements, withdrawals): at most
  `registration_limit` per delegation token per window. A retry with an Idempotency-Key
  already answered is a replay, neither counted nor refused, so the opening burst (every
  delegation once, plus its retries) is never limited.

Why per process: with `congress serve --workers N` each process counts on its own, so the
effective limits are N times the settings. That keeps a failed request from costing a
database write (which would itself be a way to load the database), and N x 20 guesses a
minute against tokens of 256 random bits changes nothing; the registration limit only
has to stop a runaway client, which N x 30 still does.

The client address is the ASGI peer (`scope["client"]`): behind a reverse proxy, set
FORWARDED_ALLOW_IPS to the proxy's address so that uvicorn takes it from X-Forwarded-For.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.config import Settings
from app.core.problems import ProblemError

#: Keys (addresses, tokens) forgotten once this many are held: a sweep drops the idle ones.
_SWEEP_AT = 10_000


class SlidingWindow:
    """At most `limit` events per key in any `window_s` seconds; thread-safe."""

    def __init__(
        self, limit: int, window_s: float, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._events: dict[Hashable, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: Hashable, now: float) -> deque[float]:
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= _SWEEP_AT:
                self._sweep(now)
            events = self._events[key] = deque()
        while events and events[0] <= now - self.window_s:
            events.popleft()
        return events

    def _sweep(self, now: float) -> None:
        idle = [k for k, e in self._events.items() if not e or e[-1] <= now - self.window_s]
        for key in idle:
            del self._events[key]

    def _wait(self, events: deque[float], now: float) -> float:
        return max(events[0] + self.window_s - now, 0.0)

    def retry_after(self, key: Hashable) -> float | None:
        """Seconds until `key` may act again, or None if it may now (records nothing)."""
        with self._lock:
            now = self._clock()
            events = self._recent(key, now)
            return self._wait(events, now) if len(events) >= self.limit else None

    def record(self, key: Hashable) -> None:
        with self._lock:
            now = self._clock()
            self._recent(key, now).append(now)

    def take(self, key: Hashable) -> float | None:
        """Record one event for `key` if the limit allows it (None), else the seconds to wait."""
        with self._lock:
            now = self._clock()
            events = self._recent(key, now)
            if len(events) >= self.limit:
                return self._wait(events, now)
            events.append(now)
            return None


@dataclass(frozen=True)
class RateLimits:
    """The limits of one application (each API process has its own)."""

    failed_tokens: SlidingWindow
    registrations: SlidingWindow

    @classmethod
    def from_settings(cls, settings: Settings) -> RateLimits:
        window = settings.rate_limit_window_s
        return cls(
            failed_tokens=SlidingWindow(settings.failed_token_limit, window),
            registrations=SlidingWindow(settings.registration_limit, window),
        )


def too_many(wait_s: float, detail: str) -> ProblemError:
    return ProblemError(429, detail, headers={"Retry-After": str(max(1, math.ceil(wait_s)))})


# ---------------------------------------------------------------- failed token use


@dataclass(frozen=True)
class _Client:
    failures: SlidingWindow
    address: str


#: The current request's client and its application's counter. Set by the middleware
#: for each HTTP request and read where tokens are checked (app.auth.tokens.find_token),
#: so that every way of presenting a token (header, console cookie, form field) is
#: counted in one place; outside a request (the CLI) nothing is limited.
_client: ContextVar[_Client | None] = ContextVar("rate_limited_client", default=None)


class FailedTokenLimit:
    """Pure ASGI middleware that makes the client known to the token checks."""

    def __init__(self, app: ASGIApp, failures: SlidingWindow) -> None:
        self.app = app
        self.failures = failures

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        peer = scope.get("client")
        address = str(peer[0]) if peer else "unknown"
        reset = _client.set(_Client(self.failures, address))
        try:
            await self.app(scope, receive, send)
        finally:
            _client.reset(reset)


def count_unknown_token() -> None:
    """Count a presented token that matched no live one; 429 if this client already
    presented too many lately. Called only after a lookup failed, so that a live
    token is never refused here."""
    client = _client.get()
    if client is None:
        return
    wait = client.failures.take(client.address)
    if wait is not None:
        raise too_many(
            wait,
            f"Too many unknown or revoked tokens from this address ({client.failures.limit} "
            f"in {client.failures.window_s:g} s); try again later. Live tokens still work.",
        )


# ---------------------------------------------------------------- registrations


def take_registration(limits: RateLimits, token_id: int) -> None:
    """Count one write to a list of speakers by this delegation token, or 429."""
    wait = limits.registrations.take(token_id)
    if wait is not None:
        raise too_many(
            wait,
            f"This token made {limits.registrations.limit} changes to lists of speakers "
            f"in the last {limits.registrations.window_s:g} s, the most allowed; "
            "try again later (a retry with the same Idempotency-Key is always answered).",
        )
