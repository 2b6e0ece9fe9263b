"""A database outage answers 503 problem+json with Retry-After, promptly, and heals by itself.

PostgreSQL is shared with other work on this machine, so the outage is made by a small
loopback TCP proxy between the API and 127.0.0.1:5432: stopping the proxy (listener and
every open connection) is, for the API, the server going away; starting it again on the
same port is the server coming back.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app.core.config import Settings
from app.core.database import make_engine
from app.main import create_app
from app.seeds.loader import LoadResult

SLUG = "twelfth-congress-salvador-2010"


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target; stop() cuts every connection at once."""

    def __init__(self, target: tuple[str, int], port: int = 0) -> None:
        self.target = target
        self.port = port
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._running = threading.Event()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.2)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._running.set()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._running.clear()
        if self._thread is not None:
            self._thread.join(5)
        if self._listener is not None:
            self._listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _accept(self) -> None:
        assert self._listener is not None
        while self._running.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a: socket.socket, b: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        try:
            selector.register(a, selectors.EVENT_READ, b)
            selector.register(b, selectors.EVENT_READ, a)
            while self._running.is_set():
                for key, _ in selector.select(0.2):
                    data = key.fileobj.recv(65536)  # type: ignore[union-attr]
                    if not data:
                        return
                    key.data.sendall(data)
        except (OSError, ValueError):
            return
        finally:
            selector.close()
            with self._lock:
                for sock in (a, b):
                    self._sockets.discard(sock)
                    sock.close()


@pytest.fixture
def proxy(backend: str, database_url: str) -> Iterator[TcpProxy]:
    if backend != "postgresql":
        pytest.skip("an unreachable database server exists only with PostgreSQL")
    url = make_url(database_url)
    proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
    proxy.start()
    yield proxy
    proxy.stop()


def timed_get(client: TestClient, path: str) -> tuple[int, dict[str, str], bytes, float]:
    started = time.monotonic()
    response = client.get(path)
    return (
        response.status_code,
        dict(response.headers),
        response.content,
        time.monotonic() - started,
    )


def test_the_api_answers_503_while_the_database_is_away_and_recovers(
    salvador_2010: LoadResult,
    session_factory: sessionmaker[Session],
    database_url: str,
    proxy: TcpProxy,
) -> None:
    through_proxy = (
        make_url(database_url).set(port=proxy.port).render_as_string(hide_password=False)
    )
    engine = make_engine(through_proxy)
    settings = Settings(database_url=through_proxy, job_runner="worker")
    try:
        with TestClient(create_app(settings, engine=engine)) as client:
            assert client.get("/health").status_code == 200
            assert client.get(f"/congresses/{SLUG}").status_code == 200

            proxy.stop()
            for path in ("/health", f"/congresses/{SLUG}", f"/congresses/{SLUG}/rooms"):
                status, headers, body, elapsed = timed_get(client, path)
                assert status == 503, body
                assert headers["content-type"].startswith("application/problem+json")
                assert int(headers["retry-after"]) > 0
                assert b"The database is unavailable" in body
                # Bounded (the connect timeout is 5 s): a refused or cut connection
                # must not leave the client hanging.
                assert elapsed < 10, (path, elapsed)

            proxy.start()  # the same port: the server is back
            deadline = time.monotonic() + 20
            status = 0
            while time.monotonic() < deadline:
                status = client.get("/health").status_code
                if status == 200:
                    break
                time.sleep(0.2)
            assert status == 200
            assert client.get(f"/congresses/{SLUG}").status_code == 200
    finally:
        engine.dispose()
