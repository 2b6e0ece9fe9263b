"""The `congress` command line."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from app.core.config import get_settings
from app.core.database import make_engine, make_session_factory, transaction
from app.seeds.errors import SeedError
from app.seeds.loader import load_seed
from app.seeds.reader import read_seed_file

app = typer.Typer(
    help="Scheduling and logistics for United Nations congresses.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
seed_app = typer.Typer(help="Congress data files under seeds/.", no_args_is_help=True)
token_app = typer.Typer(help="API bearer tokens (organizers, delegations).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(seed_app, name="seed")
app.add_typer(token_app, name="token")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "heads",
) -> None:
    """Migrate the database named by DATABASE_URL to the latest schema."""
    from app.core import migrations

    url = get_settings().database_url
    migrations.upgrade(url, revision)
    out.print(f"Database at {_safe_url(url)} is at revision {revision}.")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. base")],
) -> None:
    """Migrate the database back to an earlier revision."""
    from app.core import migrations

    migrations.downgrade(get_settings().database_url, revision)
    out.print(f"Database downgraded to {revision}.")


@seed_app.command("load")
def seed_load(
    paths: Annotated[list[Path], typer.Argument(help="Seed files (YAML), e.g. seeds/*.yaml")],
) -> None:
    """Load congress seed files. Idempotent: loading a file twice changes nothing.

    Each file is loaded in its own transaction: a file with an error writes nothing.
    """
    factory = make_session_factory(make_engine(get_settings().database_url))
    failed = False
    for path in paths:
        try:
            seed_file = read_seed_file(path)
            with transaction(factory) as session:
                result = load_seed(session, seed_file)
        except SeedError as error:
            err.print(error.describe(), markup=False, highlight=False)
            failed = True
            continue
        out.print(f"{path}: {result.slug} {result.outcome.value} (id {result.congress_id})")
    if failed:
        raise typer.Exit(code=1)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(envvar="HOST", help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT", help="TCP port")] = 8000,
    show: Annotated[
        list[str] | None, typer.Option(help="Congress slug whose URLs to print; repeatable")
    ] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="API processes (use PostgreSQL for more than 1)")
    ] = 1,
    timeout_worker_healthcheck: Annotated[
        int,
        typer.Option(
            min=1,
            help="Seconds uvicorn waits for a starting worker process to answer before it "
            "kills and restarts it (uvicorn's own default, 5 s, is too short on a loaded "
            "machine)",
        ),
    ] = 60,
) -> None:
    """Serve the API and pages with uvicorn, printing the URLs to open."""
    import uvicorn

    from app.core.urls import served_base_url

    base = served_base_url(get_settings().public_base_url, host, port)
    out.print(f"Front page:           {base}/")
    out.print(f"API documentation:    {base}/docs")
    for slug in show or []:
        out.print(f"Organization of work: {base}/congresses/{slug}/organization-of-work")
        out.print(f"Calendar (iCal):      {base}/congresses/{slug}/feeds/congress.ics")
        out.print(f"Organizer console:    {base}/congresses/{slug}/console")
        out.print(f"Congress (JSON):      {base}/congresses/{slug}")
        out.print(f"Timetable (JSON):     {base}/congresses/{slug}/timetable")
    # The factory string lets uvicorn start several worker processes, each with its app.
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        timeout_worker_healthcheck=timeout_worker_healthcheck,
        log_level="info",
    )


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="organizer or delegation")] = "organizer",
    name: Annotated[str | None, typer.Option(help="Who holds it, for the record")] = None,
    congress: Annotated[
        str | None,
        typer.Option(
            help="Limit an organizer token to this congress (id or slug); "
            "required for a delegation token"
        ),
    ] = None,
    delegation: Annotated[
        str | None, typer.Option(help="Name of the delegation (for a delegation token)")
    ] = None,
) -> None:
    """Create a bearer token and print it once; only its hash is stored."""
    from app.auth.cli import create_token

    code = create_token(
        role=role, name=name, congress_ref=congress, delegation_name=delegation, out=out, err=err
    )
    if code:
        raise typer.Exit(code=code)


@token_app.command("revoke")
def token_revoke(
    prefix: Annotated[str, typer.Argument(help="The token's first 12 characters, as listed")],
) -> None:
    """Revoke a token: it stops working at once."""
    from app.auth.cli import revoke_token

    code = revoke_token(prefix, out=out, err=err)
    if code:
        raise typer.Exit(code=code)


@app.command("export")
def export(
    congress: Annotated[str, typer.Argument(help="Id or slug of the congress")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; default stdout")
    ] = None,
) -> None:
    """Write a whole congress (configuration, versions, lists, logs) as one JSON document."""
    from app.transfer.cli import run_export

    raise typer.Exit(code=run_export(congress, output, out=out, err=err))


@app.command("import")
def import_(
    path: Annotated[Path, typer.Argument(help="A document written by congress export")],
    replace: Annotated[bool, typer.Option(help="Overwrite a congress with the same slug")] = False,
) -> None:
    """Read a congress written by `congress export`, in one transaction."""
    from app.transfer.cli import run_import

    raise typer.Exit(code=run_import(path, replace=replace, out=out, err=err))


@app.command("worker")
def worker(
    threads: Annotated[
        int | None, typer.Option(help="Solves at once (default: CONGRESS_JOB_WORKERS, 1)")
    ] = None,
    burst: Annotated[bool, typer.Option(help="Solve the queued jobs, then exit")] = False,
) -> None:
    """Run a solver worker: take solve jobs from the database's queue and solve them.

    Start as many as wanted, on any machine that reaches DATABASE_URL; with
    CONGRESS_JOB_RUNNER=worker the API processes only queue jobs.
    """
    from app.jobs.cli import run_worker

    code = run_worker(workers=threads, burst=burst, out=out, err=err)
    if code:
        raise typer.Exit(code=code)


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


@app.command("solve")
def solve(
    congress: Annotated[
        str, typer.Argument(help="A seed file, or a congress's id or slug in the database")
    ],
    time_limit: Annotated[float, typer.Option(help="Seconds the solver may search")] = 10.0,
    seed: Annotated[int, typer.Option(help="Random seed (same input and seed, same result)")] = 0,
    output: Annotated[OutputFormat, typer.Option("--format", help="table or json")] = (
        OutputFormat.TABLE
    ),
    publish: Annotated[
        bool, typer.Option(help="Publish the proposal as the next timetable version")
    ] = False,
    change_log: Annotated[str | None, typer.Option(help="What changed, for the record")] = None,
) -> None:
    """Propose the organization of work with the CP-SAT solver.

    A congress in the database is solved close to its latest published version and the
    proposal is kept as a draft (published with --publish). A seed file is solved on its
    own, without touching the database. Exit code 2 when no timetable exists.
    """
    from app.timetables.cli import run_solve

    code = run_solve(
        congress,
        time_limit_s=time_limit,
        seed=seed,
        as_json=output is OutputFormat.JSON,
        publish=publish,
        change_log=change_log,
        out=out,
        err=err,
    )
    if code:
        raise typer.Exit(code=code)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
