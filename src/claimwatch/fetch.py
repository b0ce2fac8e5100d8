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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import httpx
import lxml.etree
import lxml.html
from protego import Protego

from .config import Settings
from .errors import (
    FetchError,
    HTTPStatusError,
    RobotsDisallowed,
    RobotsUnavailable,
    TooLarge,
    TransientFetchError,
    UnsupportedContent,
)
from .models import FetchResult, Outcome, Source, SourceKind, Validators

__all__ = ["Fetcher", "fetch", "make_client", "normalize_url", "sha256"]

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref_src)$", re.I)
LOCAL_SUFFIXES = {".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf", ".txt": "text/plain"}
# error_class values (see Fetcher.get) of failures that a later run may not repeat
TRANSIENT_CLASSES = frozenset({"TransientFetchError", "RobotsUnavailable", "ConnectError", "ConnectTimeout", "ReadTimeout",
                               "WriteTimeout", "PoolTimeout", "ReadError", "WriteError", "RemoteProtocolError", "DecodingError"})
# Crawl-delay above this is treated as this: a source is polled once a run, not crawled.
MAX_CRAWL_DELAY = 30.0


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalize_url(url: str) -> str:
    """Drop the fragment and tracking parameters, lowercase scheme and host."""
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMS.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def make_client(settings: Settings, *, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The one HTTP client of a run; tests pass a ``transport`` (``httpx.MockTransport``)."""
    timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
    limits = httpx.Limits(max_connections=max(4, settings.workers * settings.per_host_concurrency), max_keepalive_connections=8)
    return httpx.Client(
        timeout=timeout,
        limits=limits,
        follow_redirects=True,
        max_redirects=settings.max_redirects,
        headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
        transport=transport,
    )


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - _now()).total_seconds())


class Fetcher:
    """Shared state of one run's fetching: the client, robots.txt per origin, per-host slots."""

    def __init__(
        self,
        settings: Settings,
        *,
        client: httpx.Client | None = None,
        validators: Callable[[str], Validators | None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._own_client = client is None
        self.client = client or make_client(settings)
        self._validators = validators or (lambda url: None)
        self._sleep = sleep
        self._lock = threading.Lock()
        self._robots: dict[str, tuple[Protego | None, FetchError | None]] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._host_next: dict[str, float] = {}

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

    def _get_once(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        host = urlsplit(url).netloc
        with self._slot(host):
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status in RETRY_STATUSES:
                        raise TransientFetchError(
                            f"HTTP {status} from {urlsplit(str(response.url)).netloc}",
                            retry_after=_retry_after(response.headers.get("Retry-After")),
                            status=status,
                        )
                    if status >= 400:
                        raise HTTPStatusError(f"HTTP {status} {response.reason_phrase}".strip(), status=status)
                    declared = response.headers.get("Content-Length", "")
                    if declared.isdigit() and int(declared) > self.settings.max_bytes:
                        raise TooLarge(f"Content-Length {int(declared)} bytes is over the {self.settings.max_bytes}-byte cap")
                    body = bytearray()
                    # iter_bytes() decodes gzip/deflate, so the cap bounds what we hold, not what
                    # crossed the wire: a small compressed bomb stops here too.
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > self.settings.max_bytes:
                            raise TooLarge(f"body went past the {self.settings.max_bytes}-byte cap")
                    return response, bytes(body)
            except httpx.TooManyRedirects:
                raise FetchError(f"more than {self.settings.max_redirects} redirects") from None
            except httpx.UnsupportedProtocol as exc:
                raise UnsupportedContent(f"unsupported URL scheme ({exc})") from None
            except httpx.ConnectError as exc:
                message = str(exc) or type(exc).__name__
                if "Name or service not known" in message or "nodename nor servname" in message:
                    # NXDOMAIN will not change in the next second: no retry.
                    raise FetchError(f"cannot resolve host {host!r} ({message})") from exc
                raise TransientFetchError(f"{type(exc).__name__}: {message}") from exc
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError, httpx.DecodingError) as exc:
                raise TransientFetchError(f"{type(exc).__name__}: {exc or 'no detail'}") from exc

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        attempt = 0
        while True:
            try:
                return self._get_once(url, headers)
            except TransientFetchError as exc:
                if attempt >= self.settings.retries:
                    raise
                wait = self.settings.backoff * (2**attempt) * (1 + random.random() / 4)
                if exc.retry_after is not None:
                    if exc.retry_after > self.settings.max_retry_after:
                        raise TransientFetchError(
                            f"{exc} and Retry-After {exc.retry_after:.0f} s, more than the {self.settings.max_retry_after:.0f} s claimwatch waits",
                            status=exc.status,
                        ) from exc
                    wait = max(wait, exc.retry_after)
                attempt += 1
                log.info("retrying %s in %.1f s after %s", url, wait, exc)
                self._sleep(wait)

    def _pace_host(self, host: str, crawl_delay: float) -> None:
        """Keep ``host_interval`` (or the host's Crawl-delay) between requests to one host,
        whichever sources they come from: each caller books the next free start time."""
        gap = max(self.settings.host_interval, crawl_delay)
        if gap <= 0:
            return
        with self._lock:
            now = time.monotonic()
            start = max(now, self._host_next.get(host, now))
            self._host_next[host] = start + gap
        if start > now:
            self._sleep(start - now)

    # ---- robots.txt --------------------------------------------------------------------------

    def _robots_for(self, url: str) -> tuple[Protego | None, FetchError | None]:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin in self._robots:
                return self._robots[origin]
            entry: tuple[Protego | None, FetchError | None]
            try:
                response, body = self._get_with_retries(origin + "/robots.txt", {})
                entry = (Protego.parse(body.decode(response.encoding or "utf-8", errors="replace")), None)
            except HTTPStatusError:
                entry = (None, None)  # RFC 9309: a 4xx robots.txt means no restrictions
            except TransientFetchError as exc:
                # RFC 9309: robots.txt unreachable (5xx, network) means assume full disallow.
                if exc.status:
                    unavailable = RobotsUnavailable(f"robots.txt answered HTTP {exc.status}, which means 'disallow all' until it recovers")
                    entry = (None, unavailable)
                else:
                    entry = (None, exc)
            except FetchError as exc:
                entry = (None, exc)
            self._robots[origin] = entry
            return entry

    def _check_robots(self, url: str) -> float:
        """Raise if robots.txt forbids ``url``; return the host's crawl delay (0 if none)."""
        robots, error = self._robots_for(url)
        if error is not None:
            # A fresh copy per URL: one exception object raised from several threads would
            # collect their tracebacks.
            again = copy.copy(error)
            again.__cause__ = error.__cause__
            raise again
        if robots is None:
            return 0.0
        if not robots.can_fetch(url, self.settings.user_agent):
            raise RobotsDisallowed(f"robots.txt of {urlsplit(url).netloc} disallows this URL for {self.settings.user_agent.split()[0]}")
        delay = robots.crawl_delay(self.settings.user_agent)
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0

    # ---- public: one URL ---------------------------------------------------------------------

    def get(self, url: str, *, source_id: str, role: str, conditional: bool = True) -> FetchResult:
        """Fetch one URL; never raises for network trouble: failures come back as results."""
        started = time.monotonic()
        fetched_at = _now()
        known = self._validators(url) if conditional else None
        headers: dict[str, str] = {}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        try:
            crawl_delay = self._check_robots(url)
            self._pace_host(urlsplit(url).netloc, crawl_delay)
            response, body = self._get_with_retries(url, headers)
        except FetchError as exc:
            status = getattr(exc, "status", None)
            cause = exc.__cause__
            error_class = type(cause).__name__ if isinstance(cause, httpx.HTTPError) else type(exc).__name__
            return FetchResult(
                source_id=source_id, url=url, role=role, outcome=Outcome.FAILED, fetched_at=fetched_at, status=status,
                elapsed_ms=int((time.monotonic() - started) * 1000), error_class=error_class, error_message=str(exc),
            )
        elapsed = int((time.monotonic() - started) * 1000)
        common = dict(
            source_id=source_id, url=url, role=role, fetched_at=fetched_at, final_url=str(response.url),
            status=response.status_code, elapsed_ms=elapsed,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
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
        """Every request one source needs this run, as results; ends with the container result."""
        if source.kind is SourceKind.LOCAL:
            yield from self._local(source)
            return
        if source.kind in (SourceKind.PRIMARY,) or (source.kind is SourceKind.PAGE and not source.follow):
            result = self.get(source.url, source_id=source.id, role="document")
            yield result
            return
        role = {SourceKind.FEED: "feed", SourceKind.SITEMAP: "sitemap", SourceKind.PAGE: "index"}[source.kind]
        container = self.get(source.url, source_id=source.id, role=role)
        if container.outcome is not Outcome.FETCHED:
            yield container
            return
        try:
            entries = _entries(source, container)
        except FetchError as exc:
            yield replace(container, outcome=Outcome.FAILED, content=None, error_class=type(exc).__name__, error_message=str(exc))
            return
        pacer = _Pacer(source.min_interval, self._sleep)
        transient = False
        for entry_url, title, published in entries[: source.max_pages]:
            pacer.wait()
            result = self.get(entry_url, source_id=source.id, role="document")
            if title or published:
                result = replace(result, hint_title=title, hint_published=published)
            transient |= result.outcome is Outcome.FAILED and result.error_class in TRANSIENT_CLASSES
            yield result
        # An entry that failed for a passing reason must be tried again next run, so the
        # container's validators are not kept: next run it is fetched in full, not answered 304.
        yield replace(container, content=None, etag=None if transient else container.etag,
                      last_modified=None if transient else container.last_modified,
                      content_hash=None if transient else container.content_hash)

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
            known = self._validators(url)
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
        found = _sitemap_entries(body, base)
    else:
        found = _index_entries(body, base, source.follow or "")
    seen: set[str] = set()
    unique: list[Entry] = []
    for url, title, published in found:
        key = normalize_url(url)
        if key in seen or urlsplit(key).scheme not in ("http", "https"):
            continue
        seen.add(key)
        unique.append((key, title, published))
    return unique


def _feed_entries(body: bytes, base: str) -> list[Entry]:
    parsed = feedparser.parse(body, response_headers={"content-location": base})
    reason = parsed.get("bozo_exception")
    detail = f" ({type(reason).__name__}: {reason})" if reason else ""
    if not parsed.version and not parsed.entries:
        raise FetchError(f"not a usable RSS/Atom feed: no feed found in the response{detail}")
    out: list[Entry] = []
    for entry in parsed.entries:
        link = entry.get("link") or next((l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        if not link:
            continue
        published = None
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            published = datetime(*stamp[:6], tzinfo=timezone.utc).isoformat()
        out.append((urljoin(base, link), entry.get("title"), published))
    if parsed.bozo and not out:
        # A broken feed that still yields linked entries is used (feedparser is liberal on
        # purpose); one that yields none is a failure, not an empty feed.
        raise FetchError(f"not a usable RSS/Atom feed: malformed, no linked entries{detail}")
    return out


_SAFE_XML = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


def _sitemap_entries(body: bytes, base: str) -> list[Entry]:
    try:
        root = lxml.etree.fromstring(body, parser=_SAFE_XML)
    except lxml.etree.XMLSyntaxError as exc:
        raise FetchError(f"not a usable XML sitemap ({exc})") from None
    rows: list[tuple[str, str | None]] = []
    for node in root.iter("{*}url", "{*}sitemap"):
        loc = node.findtext("{*}loc")
        if loc and loc.strip():
            rows.append((urljoin(base, loc.strip()), (node.findtext("{*}lastmod") or "").strip() or None))
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
        if not href:
            continue
        url = urljoin(base, href)
        if urlsplit(url).netloc == host and regex.search(url):
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
    validators: Callable[[str], Validators | None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[FetchResult]:
    """Fetch every source, ``settings.workers`` at a time, yielding results as they arrive.

    The caller (the pipeline's main thread) does all store writes, so workers only read.
    """
    sources = list(sources)
    results: queue.Queue[object] = queue.Queue()  # unbounded: a consumer that stops early must not block workers
    fetcher = Fetcher(settings, client=client, validators=validators, sleep=sleep)

    def work(source: Source) -> None:
        try:
            for result in fetcher.fetch_source(source):
                results.put(result)
        except Exception as exc:  # a bug in one source's handling must not end the run
            log.exception("source %s crashed", source.id)
            results.put(FetchResult(source_id=source.id, url=source.url, role="source", outcome=Outcome.FAILED, fetched_at=_now(),
                                    error_class=type(exc).__name__, error_message=f"internal error: {exc}"))
        finally:
            results.put(_DONE)

    with fetcher, ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="fetch") as pool:
        for source in sources:
            pool.submit(work, source)
        remaining = len(sources)
        while remaining:
            item = results.get()
            if item is _DONE:
                remaining -= 1
            else:
                yield item  # type: ignore[misc]
