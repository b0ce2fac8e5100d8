"""Shared fixtures: a programmable HTTP server on 127.0.0.1, settings, stores and fixture files."""

from __future__ import annotations

import gzip
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
            self.send_response(reply.status)
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


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
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
    return Settings(data_dir=tmp_path, connect_timeout=2.0, read_timeout=1.0, backoff=0.01, retries=2, max_bytes=2_000_000)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
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
