"""Fetch sources over HTTP politely (robots.txt, conditional GET, retries, size cap) and from disk."""

from __future__ import annotations

import copy
import email.utils
import hashlib
import logging
import queue
import random
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
import httpx
import lxml.etree
import lxml.html
from protego import Protego

from .config import Settings
from .errors import (
    FetchError,
    HostNotFound,
    HTTPStatusError,
    RobotsDisallowed,
    RobotsUnavailable,
    TooLarge,
    TransientFetchError,
    UnsupportedContent,
    one_line,
)
from .models import FetchResult, Outcome, Source, SourceKind, Validators

__all__ = ["Fetcher", "fetch", "make_client", "normalize_url", "sha256"]

log = logging.getLogger(__name__)

# Worth asking again: request timeout, too early, too many requests, and every 5xx
# (Cloudflare's 52x "origin down" answers included).
RETRY_STATUSES = frozenset({408, 425, 429})
TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref_src)$", re.I)
LOCAL_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf", ".txt": "text/plain"}
# Crawl-delay above this is treated as this: a source is polled once a run, not crawled.
MAX_CRAWL_DELAY = 30.0
# Child sitemaps read from one sitemap index per run; news sites split by month or section,
# and the newest few hold what a daily run needs.
MAX_CHILD_SITEMAPS = 5
# A gzipped sitemap may hold 50,000 URLs in at most 50 MB once unzipped (sitemaps.org limits).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024

Lookup = Callable[[str, str], Validators | None]  # (url, role) -> what the store remembers


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalize_url(url: str) -> str:
    """Drop the fragment and tracking parameters, lowercase scheme and host.

    The query is rebuilt only when a tracking parameter was removed, and then from its raw
    pieces, so ``?12345`` or ``tag=a;b`` reach the server exactly as the page wrote them.
    """
    parts = urlsplit(url.strip())
    query = parts.query
    if query:
        pieces = query.split("&")
        kept = [p for p in pieces if not TRACKING_PARAMS.match(p.split("=", 1)[0])]
        if len(kept) != len(pieces):
            query = "&".join(kept)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def make_client(settings: Settings, *, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The one HTTP client of a run; tests pass a ``transport`` (``httpx.MockTransport``).

    Redirects are followed by :class:`Fetcher` itself, hop by hop, so that robots.txt, host
    pacing and the per-host slots apply to every host a redirect leads to.
    """
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(max_connections=max(4, settings.workers * settings.per_host_concurrency), max_keepalive_connections=8)
    return httpx.Client(
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        transport=transport,
    )


def _is_redirect(response: httpx.Response) -> bool:
    return response.status_code in (301, 302, 303, 307, 308) and bool(response.headers.get("Location", "").strip())


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]{1,9}", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - _now()).total_seconds())


class _Body:
    """Collects a response body, decoding gzip/deflate ourselves so the cap bounds memory.

    httpx decodes each network chunk in one go, so a few KB of nested gzip can become
    gigabytes before any cap is checked; here every decompress call is limited to what is
    still allowed under ``limit``.
    """

    def __init__(self, coding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in coding.split(",") if c.strip() and c.strip().lower() != "identity"]
        if len(codings) > 1:
            raise UnsupportedContent(f"stacked Content-Encoding {coding!r}; claimwatch reads one layer of gzip or deflate")
        self.coding = codings[0] if codings else ""
        if self.coding not in ("", "gzip", "x-gzip", "deflate"):
            raise UnsupportedContent(f"Content-Encoding {self.coding!r} was not asked for (claimwatch accepts gzip, deflate)")
        self.limit = limit
        self.data = bytearray()
        self._decoder = None
        if self.coding in ("gzip", "x-gzip"):
            self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.coding == "deflate":
            self._decoder = zlib.decompressobj()
        self._first = True
        self._fed = False

    def feed(self, raw: bytes) -> None:
        self._fed = self._fed or bool(raw)
        if self._decoder is None:
            self._append(raw)
            return
        data = raw
        while data:
            try:
                out = self._decoder.decompress(data, self.limit - len(self.data) + 1)
            except zlib.error as exc:
                if self.coding == "deflate" and self._first:
                    # Some servers send raw deflate without the zlib header the RFC asks for.
                    self._decoder = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first = False
                    continue
                raise FetchError(f"corrupt {self.coding} body ({exc})") from None
            self._first = False
            self._append(out)
            data = self._decoder.unconsumed_tail

    def finish(self) -> bytes:
        if self._decoder is not None:
            if self._fed and not self._decoder.eof:
                raise FetchError(f"truncated {self.coding} body: the stream ended early")
            self._append(self._decoder.flush())
        return bytes(self.data)

    def _append(self, chunk: bytes) -> None:
        self.data += chunk
        if len(self.data) > self.limit:
            raise TooLarge(f"body went past the {self.limit}-byte cap")


class Fetcher:
    """Shared state of one run's fetching: the client, robots.txt per origin, per-host slots."""

    def __init__(
        self,
        settings: Settings,
        *,
        client: httpx.Client | None = None,
        validators: Lookup | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.settings = settings
        self._own_client = client is None
        self.client = client or make_client(settings)
        self._validators = validators or (lambda url, role: None)
        self._stop = threading.Event()
        # Waiting on the stop event instead of time.sleep lets Ctrl-C end a run at once.
        self._sleep = sleep or self._stop.wait
        self._agent = settings.user_agent.split("/", 1)[0].split()[0]  # robots.txt matches the product token
        self._lock = threading.Lock()
        self._robots: dict[str, tuple[Protego | None, FetchError | None]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._host_next: dict[str, float] = {}

    def stop(self) -> None:
        """Ask every source still running to end after its current request."""
        self._stop.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- one request -------------------------------------------------------------------------

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._host_slots:
                self._host_slots[host] = threading.BoundedSemaphore(self.settings.per_host_concurrency)
            return self._host_slots[host]

    def _pace_host(self, url: str) -> None:
        """Keep ``host_interval`` (or the host's Crawl-delay) between requests to one host,
        whichever sources they come from: each caller books the next free start time."""
        host = urlsplit(url).netloc
        gap = max(self.settings.host_interval, self._crawl_delay(url))
        if gap <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._host_next.get(host, now))
            self._host_next[host] = start + gap
        if start > now:
            self._sleep(start - now)

    def _request(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        """One GET, paced and within the host's slots; a redirect comes back with no body."""
        self._pace_host(url)
        host = urlsplit(url).netloc
        with self._slot(host):
            try:
                # We decode the body ourselves (see _Body), so we say what we can decode even
                # on a client passed in by a caller.
                with self.client.stream("GET", url, headers={"Accept-Encoding": "gzip, deflate", **headers}) as response:
                    status = response.status_code
                    if status in RETRY_STATUSES or status >= 500:
                        raise TransientFetchError(
                            f"HTTP {status} from {host}", retry_after=_retry_after(response.headers.get("Retry-After")), status=status
                        )
                    if _is_redirect(response) or status == 304:
                        return response, b""
                    if status >= 400:
                        raise HTTPStatusError(f"HTTP {status} {response.reason_phrase}".strip(), status=status)
                    declared = response.headers.get("Content-Length", "").strip()
                    if declared.isdecimal() and int(declared) > self.settings.max_bytes:
                        raise TooLarge(f"Content-Length {int(declared)} bytes is over the {self.settings.max_bytes}-byte cap")
                    body = _Body(response.headers.get("Content-Encoding", ""), self.settings.max_bytes)
                    for raw in response.iter_raw():
                        body.feed(raw)
                        if self._stop.is_set():
                            raise FetchError("run stopped while this page was downloading")
                    return response, body.finish()
            except httpx.UnsupportedProtocol as exc:
                raise UnsupportedContent(f"unsupported URL scheme ({exc})") from None
            except httpx.ConnectError as exc:
                message = str(exc) or type(exc).__name__
                if "Name or service not known" in message or "nodename nor servname" in message or "No address associated" in message:
                    # NXDOMAIN will not change in the next second: no retry.
                    raise HostNotFound(f"cannot resolve host {host!r} ({message})") from exc
                raise TransientFetchError(message) from exc
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                raise TransientFetchError(str(exc) or type(exc).__name__) from exc

    def _request_with_retries(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        attempt = 0
        while True:
            try:
                return self._request(url, headers)
            except TransientFetchError as exc:
                if attempt >= self.settings.retries or self._stop.is_set():
                    raise
                wait = self.settings.backoff * (2**attempt) * (1 + random.random() / 4)
                if exc.retry_after is not None:
                    if exc.retry_after > self.settings.max_retry_after:
                        raise TransientFetchError(
                            f"{exc}, and Retry-After {exc.retry_after:.0f} s is more than the {self.settings.max_retry_after:.0f} s claimwatch waits",
                            status=exc.status,
                        ) from exc
                    wait = max(wait, exc.retry_after)
                attempt += 1
                log.info("retrying %s in %.1f s after %s", url, wait, exc)
                self._sleep(wait)

    def _follow(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes, str]:
        """GET ``url``, following redirects hop by hop with robots.txt checked on each hop."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            self._check_robots(current)
            response, body = self._request_with_retries(current, headers if current == url else {})
            if not _is_redirect(response):
                return response, body, current
            target = urljoin(current, response.headers["Location"].strip())
            if urlsplit(target).scheme not in ("http", "https"):
                raise UnsupportedContent(f"redirect to a non-HTTP URL ({target[:80]!r}) refused")
            current = target
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    # ---- robots.txt --------------------------------------------------------------------------

    def _robots_for(self, url: str) -> tuple[Protego | None, FetchError | None]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            if origin in self._robots:
                return self._robots[origin]
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin in self._robots:
                return self._robots[origin]
            entry: tuple[Protego | None, FetchError | None]
            try:
                # robots.txt may itself redirect (http -> https, bare -> www); five hops at most.
                robots_url = origin + "/robots.txt"
                for _ in range(self.settings.max_redirects + 1):
                    response, body = self._request_with_retries(robots_url, {})
                    if not _is_redirect(response):
                        break
                    robots_url = urljoin(robots_url, response.headers["Location"].strip())
                entry = (Protego.parse(body.decode(response.encoding or "utf-8", errors="replace")), None)
            except HTTPStatusError:
                entry = (None, None)  # RFC 9309: a 4xx robots.txt means no restrictions
            except TransientFetchError as exc:
                # RFC 9309: robots.txt unreachable (5xx, network) means assume full disallow.
                if exc.status:
                    entry = (None, RobotsUnavailable(f"robots.txt answered HTTP {exc.status}, which means 'disallow all' until it recovers"))
                else:
                    entry = (None, exc)
            except FetchError as exc:
                entry = (None, exc)
            except Exception as exc:  # a robots.txt Protego cannot read is treated like a missing one
                log.warning("unreadable robots.txt at %s: %s", origin, exc)
                entry = (None, None)
            with self._lock:
                self._robots[origin] = entry
            return entry

    def _crawl_delay(self, url: str) -> float:
        parts = urlsplit(url)
        robots, _ = self._robots.get(f"{parts.scheme}://{parts.netloc}", (None, None))
        delay = robots.crawl_delay(self._agent) if robots is not None else None
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0

    def _check_robots(self, url: str) -> None:
        """Raise if robots.txt forbids ``url`` (or cannot be read and so forbids everything)."""
        robots, error = self._robots_for(url)
        if error is not None:
            # A fresh copy per URL: one exception object raised from several threads would
            # collect their tracebacks.
            again = copy.copy(error)
            again.__cause__ = error.__cause__
            raise again
        if robots is not None and not robots.can_fetch(url, self._agent):
            raise RobotsDisallowed(f"robots.txt of {urlsplit(url).netloc} disallows this URL for {self._agent}")

    # ---- public: one URL ---------------------------------------------------------------------

    def get(self, url: str, *, source_id: str, role: str, conditional: bool = True) -> FetchResult:
        """Fetch one URL; never raises: every failure comes back as a result with its reason."""
        started = time.monotonic()
        fetched_at = _now()
        known = self._validators(url, role) if conditional else None
        headers: dict[str, str] = {}
        # A validator that is not ASCII cannot go in a header; it was the server's mistake.
        if known and known.etag and known.etag.isascii():
            headers["If-None-Match"] = known.etag
        if known and known.last_modified and known.last_modified.isascii():
            headers["If-Modified-Since"] = known.last_modified

        def failed(exc: Exception, error_class: str, retryable: bool) -> FetchResult:
            return FetchResult(
                source_id=source_id, url=url, role=role, outcome=Outcome.FAILED, fetched_at=fetched_at,
                status=getattr(exc, "status", None), elapsed_ms=int((time.monotonic() - started) * 1000),
                error_class=error_class, error_message=one_line(exc) or type(exc).__name__, retryable=retryable,
            )

        try:
            response, body, final_url = self._follow(url, headers)
        except FetchError as exc:
            cause = exc.__cause__
            error_class = type(cause).__name__ if isinstance(exc, TransientFetchError) and isinstance(cause, httpx.HTTPError) else type(exc).__name__
            return failed(exc, error_class, isinstance(exc, (TransientFetchError, RobotsUnavailable)))
        except Exception as exc:  # a malformed URL, header or body must cost one result, not the run
            log.warning("unexpected error fetching %s", url, exc_info=True)
            return failed(exc, type(exc).__name__, False)
        elapsed = int((time.monotonic() - started) * 1000)
        common = dict(
            source_id=source_id, url=url, role=role, fetched_at=fetched_at, final_url=final_url,
            status=response.status_code, elapsed_ms=elapsed,
            etag=response.headers.get("ETag"), last_modified=response.headers.get("Last-Modified"),
        )
        if response.status_code == 304:
            # A 304 may omit the validators; the ones we sent still hold.
            kept = dict(common, etag=common["etag"] or (known.etag if known else None),
                        last_modified=common["last_modified"] or (known.last_modified if known else None))
            return FetchResult(outcome=Outcome.UNCHANGED, content_hash=known.content_hash if known else None, **kept)
        digest = sha256(body)
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower() or None
        if known and known.content_hash == digest:
            return FetchResult(outcome=Outcome.UNCHANGED, content_hash=digest, n_bytes=len(body), content_type=content_type, **common)
        charset = response.charset_encoding
        if charset and content_type:
            content_type = f"{content_type}; charset={charset.lower()}"
        return FetchResult(outcome=Outcome.FETCHED, content=body, content_hash=digest, n_bytes=len(body), content_type=content_type, **common)

    # ---- public: one source ------------------------------------------------------------------

    def fetch_source(self, source: Source) -> Iterator[FetchResult]:
        """Every request one source needs this run, as results; containers come last."""
        if source.kind is SourceKind.LOCAL:
            yield from self._local(source)
            return
        if source.kind is SourceKind.PRIMARY or (source.kind is SourceKind.PAGE and not source.follow):
            yield self.get(source.url, source_id=source.id, role="document")
            return
        role = {SourceKind.FEED: "feed", SourceKind.SITEMAP: "sitemap", SourceKind.PAGE: "index"}[source.kind]
        container = self.get(source.url, source_id=source.id, role=role)
        if container.outcome is not Outcome.FETCHED:
            yield container
            return
        containers = [container]
        try:
            if source.kind is SourceKind.SITEMAP and _is_sitemap_index(container.content or b""):
                entries, children = self._sitemap_index(source, container)
                containers += children
            else:
                entries = _entries(source, container)
        except FetchError as exc:
            yield replace(container, outcome=Outcome.FAILED, content=None, error_class=type(exc).__name__, error_message=str(exc))
            return
        pacer = _Pacer(source.min_interval, self._sleep)
        retry_next_run = False
        for entry_url, title, published in entries[: source.max_pages]:
            if self._stop.is_set():
                retry_next_run = True
                break
            pacer.wait()
            result = self.get(entry_url, source_id=source.id, role="document")
            if title or published:
                result = replace(result, hint_title=title, hint_published=published)
            retry_next_run |= result.retryable
            yield result
        # An entry that failed for a passing reason must be tried again next run, so the
        # containers' validators are not kept: next run they are fetched in full, not answered 304.
        for item in containers:
            if retry_next_run:
                item = replace(item, etag=None, last_modified=None, content_hash=None)
            yield replace(item, content=None)

    def _sitemap_index(self, source: Source, index: FetchResult) -> tuple[list[Entry], list[FetchResult]]:
        """Entries of the newest child sitemaps of a sitemap index, and their fetch results."""
        children: list[FetchResult] = []
        entries: list[Entry] = []
        for child_url, _, _ in _sitemap_entries(_maybe_gunzip(index.content or b"", self.settings.max_bytes), index.final_url or index.url)[:MAX_CHILD_SITEMAPS]:
            child = self.get(child_url, source_id=source.id, role="sitemap")
            if child.outcome is Outcome.FETCHED:
                try:
                    entries += _entries(source, child)
                except FetchError as exc:
                    child = replace(child, outcome=Outcome.FAILED, error_class=type(exc).__name__, error_message=str(exc))
            children.append(child)
        newest: dict[str, Entry] = {}
        for entry in sorted(entries, key=lambda e: e[2] or "", reverse=True):
            newest.setdefault(entry[0], entry)  # a URL listed in two child sitemaps is fetched once
        return list(newest.values()), children

    def _local(self, source: Source) -> Iterator[FetchResult]:
        folder = Path(source.url)
        if not folder.is_dir():
            yield FetchResult(source_id=source.id, url=folder.as_uri(), role="folder", outcome=Outcome.FAILED, fetched_at=_now(),
                              error_class="FileNotFoundError", error_message=f"folder {folder} does not exist; fix 'path' in the sources file")
            return
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in LOCAL_SUFFIXES)
        for path in files[: source.max_pages]:
            started = time.monotonic()
            url = path.as_uri()
            fetched_at = _now()
            try:
                size = path.stat().st_size
                if size > self.settings.max_bytes:
                    raise TooLarge(f"file is {size} bytes, over the {self.settings.max_bytes}-byte cap")
                body = path.read_bytes()
            except (OSError, TooLarge) as exc:
                yield FetchResult(source_id=source.id, url=url, role="document", outcome=Outcome.FAILED, fetched_at=fetched_at,
                                  error_class=type(exc).__name__, error_message=str(exc))
                continue
            digest = sha256(body)
            known = self._validators(url, "document")
            outcome = Outcome.UNCHANGED if known and known.content_hash == digest else Outcome.FETCHED
            yield FetchResult(
                source_id=source.id, url=url, role="document", outcome=outcome, fetched_at=fetched_at, final_url=url,
                content=body if outcome is Outcome.FETCHED else None, content_type=LOCAL_SUFFIXES[path.suffix.lower()],
                content_hash=digest, n_bytes=len(body), elapsed_ms=int((time.monotonic() - started) * 1000),
            )


class _Pacer:
    """Keeps a source's ``min_interval`` between its requests (hosts are paced in Fetcher)."""

    def __init__(self, min_interval: float, sleep: Callable[[float], None]) -> None:
        self.min_interval = min_interval
        self._sleep = sleep
        self._last = time.monotonic()

    def wait(self) -> None:
        remaining = self._last + self.min_interval - time.monotonic()
        if remaining > 0:
            self._sleep(remaining)
        self._last = time.monotonic()


# ---- containers: feed, sitemap, index page -------------------------------------------------

Entry = tuple[str, str | None, str | None]  # url, title hint, published hint


def _entries(source: Source, container: FetchResult) -> list[Entry]:
    base = container.final_url or container.url
    body = container.content or b""
    if source.kind is SourceKind.FEED:
        found = _feed_entries(body, base)
    elif source.kind is SourceKind.SITEMAP:
        found = _sitemap_entries(_maybe_gunzip(body, MAX_SITEMAP_BYTES), base)
    else:
        found = _index_entries(body, base, source.follow or "")
    seen: set[str] = set()
    unique: list[Entry] = []
    for url, title, published in found:
        try:
            key = normalize_url(url)
            scheme = urlsplit(key).scheme
        except ValueError:  # a malformed link (bad IPv6 literal, ...) costs that link only
            log.info("skipping malformed link %r in %s", url[:200], base)
            continue
        if key in seen or scheme not in ("http", "https"):
            continue
        seen.add(key)
        unique.append((key, title, published))
    return unique


def _join(base: str, link: str) -> str | None:
    try:
        return urljoin(base, link.strip())
    except ValueError:
        return None


def _feed_entries(body: bytes, base: str) -> list[Entry]:
    parsed = feedparser.parse(body, response_headers={"content-location": base})
    reason = parsed.get("bozo_exception")
    detail = f" ({type(reason).__name__}: {reason})" if reason else ""
    if not parsed.version and not parsed.entries:
        raise FetchError(f"not a usable RSS/Atom feed: no feed found in the response{detail}")
    out: list[Entry] = []
    for entry in parsed.entries:
        link = entry.get("link") or next((l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        url = _join(base, link) if link else None
        if not url:
            continue
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            try:
                published = datetime(*stamp[:6], tzinfo=timezone.utc).isoformat()
            except (TypeError, ValueError):
                published = None
        out.append((url, entry.get("title"), published))
    if parsed.bozo and not out:
        # A broken feed that still yields linked entries is used (feedparser is liberal on
        # purpose); one that yields none is a failure, not an empty feed.
        raise FetchError(f"not a usable RSS/Atom feed: malformed, no linked entries{detail}")
    return out


_SAFE_XML = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


def _maybe_gunzip(body: bytes, limit: int) -> bytes:
    """Sitemaps are often served as .xml.gz files (gzip bytes, not a Content-Encoding)."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    try:
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = decoder.decompress(body, limit + 1)
    except zlib.error as exc:
        raise FetchError(f"corrupt gzip sitemap ({exc})") from None
    if len(data) > limit:
        raise TooLarge(f"gzip sitemap decodes to more than {limit} bytes")
    return data


def _xml_root(body: bytes) -> lxml.etree._Element:
    try:
        return lxml.etree.fromstring(body, parser=_SAFE_XML)
    except lxml.etree.XMLSyntaxError as exc:
        raise FetchError(f"not a usable XML sitemap ({exc})") from None


def _is_sitemap_index(body: bytes) -> bool:
    try:
        root = _xml_root(_maybe_gunzip(body, MAX_SITEMAP_BYTES))
    except FetchError:
        return False
    return isinstance(root.tag, str) and root.tag.rsplit("}", 1)[-1] == "sitemapindex"


def _sitemap_entries(body: bytes, base: str) -> list[Entry]:
    root = _xml_root(body)
    rows: list[tuple[str, str | None]] = []
    for node in root.iter("{*}url", "{*}sitemap"):
        loc = node.findtext("{*}loc")
        url = _join(base, loc) if loc and loc.strip() else None
        if url:
            lastmod = (node.findtext("{*}lastmod") or "").strip()[:40] or None
            rows.append((url, lastmod))
    if not rows:
        raise FetchError("not a usable XML sitemap (no <loc> entries)")
    # Newest first, so max_pages keeps the recent ones; undated entries last.
    rows.sort(key=lambda r: r[1] or "", reverse=True)
    return [(url, None, lastmod) for url, lastmod in rows]


def _index_entries(body: bytes, base: str, pattern: str) -> list[Entry]:
    try:
        tree = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise FetchError(f"index page is not parseable HTML ({exc})") from None
    host = urlsplit(base).netloc
    regex = re.compile(pattern)
    out: list[Entry] = []
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        url = _join(base, href) if href else None
        if url is None:
            continue
        try:
            same_host = urlsplit(url).netloc == host
        except ValueError:
            continue
        if same_host and regex.search(url):
            text = " ".join(anchor.text_content().split()) or None
            out.append((url, text, None))
    return out


# ---- the stage -----------------------------------------------------------------------------

_DONE = object()


def fetch(
    sources: Iterable[Source],
    *,
    settings: Settings,
    client: httpx.Client | None = None,
    validators: Lookup | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Iterator[FetchResult]:
    """Fetch every source, ``settings.workers`` at a time, yielding results as they arrive.

    The caller (the pipeline's main thread) does all store writes, so workers only read. If
    the caller stops early (Ctrl-C, an error), the sources still queued never start and the
    running ones end after their current request.
    """
    sources = list(sources)
    results: queue.Queue[object] = queue.Queue()  # unbounded: a consumer that stops early must not block workers
    fetcher = Fetcher(settings, client=client, validators=validators, sleep=sleep)

    def work(source: Source) -> None:
        try:
            if not fetcher.stopped:
                for result in fetcher.fetch_source(source):
                    results.put(result)
        except Exception as exc:  # a bug in one source's handling must not end the run
            log.exception("source %s crashed", source.id)
            results.put(FetchResult(source_id=source.id, url=source.url, role="source", outcome=Outcome.FAILED, fetched_at=_now(),
                                    error_class=type(exc).__name__, error_message=f"internal error: {exc}"))
        finally:
            results.put(_DONE)

    pool = ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="fetch")
    try:
        for source in sources:
            pool.submit(work, source)
        remaining = len(sources)
        while remaining:
            item = results.get()
            if item is _DONE:
                remaining -= 1
            else:
                yield item  # type: ignore[misc]
    finally:
        fetcher.stop()
        pool.shutdown(wait=True, cancel_futures=True)
        fetcher.close()
