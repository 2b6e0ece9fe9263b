"""Headless Chromium (Debian's chromium and chromium-driver) driven by Selenium against
the app served by uvicorn on 127.0.0.1 and a free port, in a thread of the test process.

Without /usr/bin/chromium the tests skip and say why (in CI, CI=true, they fail instead);
scripts/test installs it where it may (as root with apt-get, as in CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from sqlalchemy import Engine

from app.core.config import Settings
from app.main import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
#: Screenshots and printed pages, kept by CI as artifacts (the directory is gitignored).
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _missing_browser() -> str | None:
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            return (
                f"{path} is missing: install Debian's {package} "
                "(apt-get install -y chromium chromium-driver, as scripts/test does as root)"
            )
    return None


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def live_server(engine: Engine, database_url: str) -> Iterator[str]:
    """The app on http://127.0.0.1:<free port>, sharing the tests' database."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # No PUBLIC_BASE_URL: links follow the address the browser reaches (app.core.urls).
    app = create_app(Settings(database_url=database_url, public_base_url=None), engine=engine)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, name="uvicorn-e2e", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on {base}")
        time.sleep(0.05)
    yield base
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    reason = _missing_browser()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests: {reason}")
    if reason:
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path / "chromium-profile"
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
        "--lang=en-GB",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
