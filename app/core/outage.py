"""A database that cannot be reached answers 503 with Retry-After, not 500 and not a hang.

While PostgreSQL restarts (or the network to it is down) every request that needs the
database fails to connect or loses its connection. That is not a bug of the request:
the client should simply try again shortly, so the answer is a problem+json 503 with
Retry-After. The engine's pool_pre_ping and short connect timeout (app/core/database.py)
keep each such request short, and the next request after the outage reconnects by itself.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from app.core.problems import problem_response

log = logging.getLogger(__name__)

#: Seconds a client should wait before trying again: about one PostgreSQL restart.
RETRY_AFTER_S = 5

UNAVAILABLE = "The database is unavailable; try again shortly."


def _unavailable(request: Request) -> JSONResponse:
    return problem_response(
        request,
        503,
        UNAVAILABLE,
        title="Service Unavailable",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def install_outage_handlers(app: FastAPI) -> None:
    @app.exception_handler(OperationalError)
    async def _operational(request: Request, error: OperationalError) -> JSONResponse:
        # OperationalError is the DBAPI's class for "cannot connect / connection lost /
        # server shutting down"; an SQL mistake is ProgrammingError and stays a 500.
        log.warning("database unavailable during %s: %s", request.url.path, error.orig)
        return _unavailable(request)

    @app.exception_handler(PoolTimeoutError)
    async def _pool_timeout(request: Request, _error: PoolTimeoutError) -> JSONResponse:
        log.warning("no database connection free in time during %s", request.url.path)
        return _unavailable(request)

    @app.exception_handler(DBAPIError)
    async def _dbapi(request: Request, error: DBAPIError) -> JSONResponse:
        if error.connection_invalidated:
            log.warning("database connection lost during %s: %s", request.url.path, error.orig)
            return _unavailable(request)
        # Any other database error is a bug: let it be the server error it is.
        raise error
