"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine, text

from app.congresses import repository as congresses
from app.congresses.router import router as congresses_router
from app.core.access_log import install_access_log_filter
from app.core.api_docs import install_api_docs
from app.core.concurrency import ConcurrencyLimit
from app.core.config import Settings, get_settings
from app.core.database import REQUESTS_IN_FLIGHT, make_engine, make_session_factory
from app.core.deps import SessionDep
from app.core.outage import install_outage_handlers
from app.core.problems import install_problem_handlers
from app.core.rate_limit import FailedTokenLimit, RateLimits
from app.documentation.router import router as documentation_router
from app.exports.router import router as exports_router
from app.feeds.router import router as feeds_router
from app.jobs.router import router as jobs_router
from app.jobs.runner import job_runner_lifespan
from app.pages.index import render_index
from app.pages.router import router as pages_router
from app.pages.security import install_security_headers
from app.resources import install_resource_api
from app.side_events.form import router as side_events_form_router
from app.side_events.router import router as side_events_router
from app.speakers.router import router as speakers_router
from app.timetables.drafts_router import router as drafts_router
from app.timetables.router import router as timetables_router


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    engine = engine or make_engine(settings.database_url, echo=settings.sql_echo)
    app = FastAPI(
        # Starts the in-process solver threads (CONGRESS_JOB_RUNNER=inprocess).
        lifespan=job_runner_lifespan,
        title="Congress scheduling service",
        version="0.1.0",
        summary="Organization of work, timetables, feeds and lists of speakers "
        "for United Nations congresses and commission sessions.",
        # Served with their assets from this service (app.core.api_docs), not a CDN.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    install_access_log_filter()
    install_problem_handlers(app)
    install_outage_handlers(app)
    # First: routes are matched one by one in the order they were included, and the
    # lists of speakers take the opening burst (193 inscriptions at once); their
    # paths (/congresses/{congress}/speakers-lists/…) overlap no other router's.
    app.include_router(speakers_router)
    install_resource_api(app)
    app.include_router(congresses_router)
    app.include_router(timetables_router)
    app.include_router(feeds_router)
    app.include_router(jobs_router)
    app.include_router(drafts_router)
    app.include_router(documentation_router)
    app.include_router(pages_router)
    app.include_router(exports_router)
    app.include_router(side_events_router)
    app.include_router(side_events_form_router)
    # Before /static: the longer prefix must be matched first.
    install_api_docs(app)
    app.mount("/static", StaticFiles(packages=[("app", "static")]), name="static")
    install_security_headers(app)
    app.state.rate_limits = RateLimits.from_settings(settings)
    app.add_middleware(FailedTokenLimit, failures=app.state.rate_limits.failed_tokens)
    # Outermost, so that waiting requests hold neither a thread nor a connection.
    app.add_middleware(ConcurrencyLimit, limit=REQUESTS_IN_FLIGHT)

    @app.get("/health", summary="Liveness and database check", tags=["service"])
    def health(session: SessionDep) -> dict[str, str]:
        session.execute(text("SELECT 1"))
        return {"status": "ok"}

    @app.get("/", summary="Index page", response_class=HTMLResponse, include_in_schema=False)
    def index(session: SessionDep) -> str:
        return render_index(congresses.list_congresses(session))

    return app
