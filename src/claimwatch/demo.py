"""Serve a folder over HTTP on 127.0.0.1 so the demo and the tests exercise the real fetch path."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .config import project_root
from .errors import ConfigError

__all__ = ["serve_folder", "sample_dir"]


def sample_dir() -> Path:
    """The bundled sample corpus (``data/sample`` of the checkout)."""
    return project_root() / "data" / "sample"


class _QuietHandler(SimpleHTTPRequestHandler):
    # SimpleHTTPRequestHandler answers If-Modified-Since with 304 from the file's mtime,
    # which is what makes the demo's second run cost one 304 per unchanged URL.
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_folder(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (``port`` 0: any free one); yields the base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise ConfigError(
            f"cannot serve the sample corpus on 127.0.0.1:{port} ({exc.strerror}); stop what uses that port or pass --port N "
            "(the demo's URLs include the port, so a store filled on one port sees new URLs on another)"
        ) from None
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="claimwatch-demo-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
