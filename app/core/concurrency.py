"""A cap on requests in flight, so that threads and database connections cannot deadlock.

FastAPI runs sync dependencies and routes in a thread pool (40 threads by default), and a
request takes a database connection in one thread (the session and auth dependencies)
and needs another thread for its route. With more requests in flight than connections,
threads wait for connections held by requests that wait for threads, until the pool
times out. Admitting at most `limit` requests at once — fewer than both the thread pool
and the connection pool — rules that out; the others wait in the event loop, holding
neither a thread nor a connection.
"""

from __future__ import annotations

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send


class ConcurrencyLimit:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self._semaphore: anyio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._semaphore is None:
            # Created inside the running event loop, on first use.
            self._semaphore = anyio.Semaphore(self.limit)
        async with self._semaphore:
            await self.app(scope, receive, send)
