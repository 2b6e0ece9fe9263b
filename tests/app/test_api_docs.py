"""The API's documentation pages work on a venue's network without the internet: /docs
(Swagger UI) and /redoc load their scripts, styles and icon from this service."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.core.config import Settings
from app.main import create_app


@pytest.fixture
def client(engine: Engine, database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url), engine=engine)) as client:
        yield client


def _references(html: str) -> list[str]:
    """Every URL the page loads or links to: src and href attributes, and the
    Swagger UI's configuration (url: '…')."""
    return re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*'([^']+)'""", html)


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_load_nothing_from_another_host(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "://" not in html.replace("http://www.w3.org", ""), "an absolute URL to a foreign host"
    assets = [a or b for a, b in _references(html)]
    assert assets, html
    for url in assets:
        assert url.startswith("/"), url
        assert client.get(url).status_code == 200, url


def test_swagger_ui_loads_its_script_and_style_from_the_service(client: TestClient) -> None:
    html = client.get("/docs").text
    script = re.search(r'<script src="([^"]+swagger-ui-bundle\.js)"', html)
    style = re.search(r'<link [^>]*href="([^"]+swagger-ui\.css)"', html)
    assert script is not None and style is not None
    js = client.get(script.group(1))
    assert js.status_code == 200 and "SwaggerUIBundle" in js.text
    assert client.get(style.group(1)).headers["content-type"].startswith("text/css")
    # No validator badge fetched from validator.swagger.io.
    assert '"validatorUrl": null' in html
    assert client.get("/docs/oauth2-redirect").status_code == 200
