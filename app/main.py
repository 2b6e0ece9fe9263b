"""The FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine, text

from app.congresses import repository as congresses
from app.congresses.router import router as congresses_router
from app.core.config import Settings, get_settings
from app.core.database import make_engine, make_session_factory
from app.core.deps import SessionDep
from app.core.problems import install_problem_handlers
from app.pages.index import render_index
from app.timetables.router import router as timetables_router


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    engine = engine or make_engine(settings.database_url, echo=settings.sql_echo)
    app = FastAPI(
        title="Congress scheduling service",
        version="0.1.0",
        summary="Organization of work, timetables, feeds and lists of speakers "
        "for United Nations congresses and commission sessions.",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    install_problem_handlers(app)
    app.include_router(congresses_router)
    app.include_router(timetables_router)

    @app.get("/health", summary="Liveness and database check", tags=["service"])
    def health(session: SessionDep) -> dict[str, str]:
        session.execute(text("SELECT 1"))
        return {"status": "ok"}

    @app.get("/", summary="Index page", response_class=HTMLResponse, include_in_schema=False)
    def index(session: SessionDep) -> str:
        return render_index(congresses.list_congresses(session))

    return app
