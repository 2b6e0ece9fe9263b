"""Schemathesis over the OpenAPI document: no 5xx, every response as documented, and
every error in problem+json.

Runs in-process against the ASGI app on the loaded Salvador congress, as the secretariat
(its token) and as the public (no token), with valid and with invalid generated data,
seeded and bounded (a few examples per operation and mode). Writes send
`If-Match: *` so that generated bodies reach the services (the 412/428 paths have
their own tests). SQLite only: the point is the document and the validation, which do
not depend on the database, and the run must stay short.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.core.config import Settings
from app.core.problems import PROBLEM_JSON
from app.main import create_app
from tests.support.api import SLUG, make_tokens

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
EXAMPLES_PER_OPERATION = 10
CONFIGURATION_TAGS = {
    "congresses",
    "rooms",
    "bodies",
    "agenda",
    "workshops",
    "programme",
    "delegations",
}


@schemathesis.check
def errors_are_problems(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx and 5xx answers application/problem+json (RFC 9457)."""
    if response.status_code < 400:
        return None
    content_type = (response.headers.get("content-type") or [""])[0]
    if not content_type.startswith(PROBLEM_JSON):
        raise AssertionError(
            f"{response.status_code} answered {content_type or 'no content type'}, "
            f"not {PROBLEM_JSON}: {response.content[:200]!r}"
        )
    return True


def _call(case: Any, token: str | None, configuration: bool) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    checks = [not_a_server_error, response_schema_conformance, errors_are_problems]
    if not configuration:
        # Other parts of the API: as generated (their own tests go deeper; and this keeps
        # solver jobs from being started here).
        case.call_and_validate(headers=headers, checks=checks)
        return
    # The configuration API documents every status it returns.
    checks.append(status_code_conformance)
    label = f"{case.method.upper()} {case.operation.path}"
    if case.method.upper() in WRITES and label != "DELETE /congresses/{congress}":
        # (Deleting the congress itself would leave nothing for the rest.)
        headers["If-Match"] = "*"
    # Random ids and slugs would almost never name anything: aim at the loaded congress
    # and at small ids, so that the generated data reaches the services.
    parameters = case.path_parameters or {}
    for name, value in parameters.items():
        if name == "congress":
            parameters[name] = SLUG
        elif isinstance(value, int):
            parameters[name] = value % 40 + 1
    case.call_and_validate(headers=headers, checks=checks)


def _run(operation: Any, token: str | None, mode: GenerationMode) -> None:
    configuration = bool(CONFIGURATION_TAGS & set(operation.tags or ()))

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        database=None,
        phases=[Phase.explicit, Phase.generate],
    )
    def call(case: Any) -> None:
        _call(case, token, configuration)

    try:
        call()
    except Unsatisfiable:
        # Nothing of the operation can be made invalid (no parameters, no body).
        if mode is not GenerationMode.NEGATIVE:
            raise


@pytest.mark.parametrize("caller", ["secretariat", "public"])
def test_the_api_keeps_to_its_document(
    caller: str,
    backend: str,
    engine: Engine,
    database_url: str,
    salvador_2010: object,
    session_factory: sessionmaker[Session],
) -> None:
    if backend != "sqlite":
        pytest.skip("schemathesis runs on SQLite only (the document does not depend on it)")
    app = create_app(Settings(database_url=database_url), engine=engine)
    token = make_tokens(session_factory).organizer if caller == "secretariat" else None
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    # schemathesis's pytest plugin (from_fixture) reads a pytest-internal attribute that
    # pytest 9 removed, so each operation runs as a plain Hypothesis test here, and the
    # failures of all operations are reported together.
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run(operation, token, mode)
            except (Exception, BaseExceptionGroup) as error:
                label = f"{operation.label} ({mode.value} data)"
                # (A flaky failure is a group: say what failed, not only that it did.)
                causes = getattr(error, "exceptions", ())
                failures[label] = "\n".join(
                    f"{type(e).__name__}: {e}"[:1500] for e in (error, *causes)
                )
    assert operations > 50
    assert not failures, f"{len(failures)} operation(s) fail: {sorted(failures)}\n\n" + (
        "\n\n".join(f"{label}\n{text}" for label, text in failures.items())
    )
