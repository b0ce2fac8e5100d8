"""Shared fixtures: a programmable HTTP server on 127.0.0.1, settings, stores and fixture files."""

from __future__ import annotations

import gzip
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimwatch.config import Settings
from claimwatch.store import Store, open_store

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the headers are sent
    length: bool = True  # False: no Content-Length, the body ends when the connection closes
    reason: str | None = None  # the status line's reason phrase, if not the standard one


Route = Callable[["Request"], Reply] | Reply


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class Site:
    """A tiny web site for tests: routes map a path to a Reply (or a function returning one)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Request] = []
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path.lstrip("/")

    def add(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", etag: str | None = None) -> str:
        """A static resource that honours If-None-Match with a 304, as real servers do."""
        data = body.encode("utf-8") if isinstance(body, str) else body

        def reply(request: Request) -> Reply:
            if etag and request.headers.get("if-none-match") == etag:
                return Reply(304, b"", {"ETag": etag})
            headers = {"Content-Type": content_type}
            if etag:
                headers["ETag"] = etag
            return Reply(200, data, headers)

        return self.add(path, reply)

    def count(self, path: str) -> int:
        return sum(1 for r in self.hits if r.path == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            request = Request(self.path, {k.lower(): v for k, v in self.headers.items()})
            site.hits.append(request)
            route = site.routes.get(self.path.split("?")[0])
            if route is None:
                reply = Reply(404, b"not found", {"Content-Type": "text/plain"})
            else:
                reply = route(request) if callable(route) else route
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status, reply.reason)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if not reply.length:
                self.send_header("Connection", "close")
                self.close_connection = True
            elif "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            try:
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that hang up early (the size-cap tests do, on purpose) are not server errors.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    server = _Server(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # Short timeouts and backoff keep the fault tests fast; the logic is the same as production's.
    return Settings(data_dir=tmp_path, connect_timeout=2.0, read_timeout=1.0, backoff=0.01, retries=2, max_bytes=2_000_000, host_interval=0.0)


def _postgres_bindir() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 for this test session; yields its base URL."""
    bindir = _postgres_bindir()
    if bindir is None:
        pytest.fail("PostgreSQL server binaries not found; install them (Debian/Ubuntu: apt-get install postgresql). "
                    "`make test` does this itself when run as root.")
    # initdb refuses to run as root; pytest's own temp folders are closed to other users.
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="claimwatch-pg-"))
    if as_postgres:
        shutil.chown(root, "postgres")
    port = free_port()
    data = root / "data"
    run = lambda *args: subprocess.run([*as_postgres, *map(str, args)], check=True, capture_output=True, timeout=60)  # noqa: E731
    run(bindir / "initdb", "-D", data, "-A", "trust", "-U", "claimwatch", "--no-sync", "-E", "UTF8", "--locale=C")
    run(bindir / "pg_ctl", "-D", data, "-l", root / "log", "-w", "start",
        "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off")
    try:
        yield f"postgresql://claimwatch@127.0.0.1:{port}"
    finally:
        run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


_databases = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Store]:
    """The claim store on each backend it supports, fresh for every test."""
    url = settings.resolved_db_url
    if request.param == "postgresql":
        import psycopg

        server = request.getfixturevalue("postgres_server")
        name = f"claimwatch_test_{os.getpid()}_{next(_databases)}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = f"{server}/{name}"
    with open_store(url) as s:
        yield s


@pytest.fixture
def sqlite_store(settings: Settings) -> Iterator[Store]:
    with open_store(settings.resolved_db_url) as s:
        yield s


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)


@pytest.fixture(scope="session")
def policy_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A small policy PDF written with fpdf2 (text in it is the project's own)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Frontier Safety Commitments - Version History")
    pdf.set_author("Example Lab Policy Office")
    pdf.add_page()
    pdf.set_font("Helvetica", size=16)
    pdf.cell(0, 10, "Version history", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for paragraph in (
        "Version 1.0 took effect on 19 September 2023 and introduced graded safety levels for models "
        "whose capabilities could cause catastrophic harm.",
        "Version 2.0 took effect on 15 October 2024. It replaced fixed evaluation triggers with capability "
        "thresholds and named a responsible scaling officer who reports to the board.",
        "Version 3.0 took effect on 24 February 2026 and removed the commitment to pause training when "
        "required safeguards were not ready.",
    ):
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())


@pytest.fixture(scope="session")
def argos_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny real de->en Argos package that has memorised ``argos_package.PAIRS`` (built once, ~7 s)."""
    from argos_package import PAIRS, build_argos_package

    return build_argos_package(tmp_path_factory.mktemp("argos"), PAIRS)


@pytest.fixture(autouse=True)
def _isolated_models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI run as a subprocess or in-process installs models here, never into the checkout's data/."""
    monkeypatch.setenv("CLAIMWATCH_MODELS_DIR", str(tmp_path / "models"))
