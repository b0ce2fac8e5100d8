"""The one exception tree of claimwatch; every user-facing error says what was wrong and how to fix it.

    ClaimwatchError
    ├── ConfigError            bad settings or environment
    │   └── SourcesError       sources.yaml is malformed (carries file and line)
    ├── FetchError             one URL could not be fetched (recorded, never fatal to a run)
    │   ├── TransientFetchError    timeouts, resets, 429 and 5xx: retried with backoff
    │   ├── HTTPStatusError        a non-retryable HTTP status (404, 410, 403 ...)
    │   ├── HostNotFound           DNS has no such host (not retried)
    │   ├── RobotsDisallowed       robots.txt forbids the URL for our user agent
    │   ├── RobotsUnavailable      robots.txt answers 5xx: RFC 9309 says assume "disallow all"
    │   ├── TooLarge               the body went past the size cap
    │   └── UnsupportedContent     a scheme or content type claimwatch cannot read
    ├── ExtractError           bytes that could not be turned into text (recorded as discarded)
    ├── StoreError             the claim store cannot be opened or migrated
    └── ModelError             a translation package cannot be installed, read or run
"""

from __future__ import annotations

__all__ = [
    "ClaimwatchError",
    "ConfigError",
    "SourcesError",
    "FetchError",
    "TransientFetchError",
    "HTTPStatusError",
    "HostNotFound",
    "RobotsDisallowed",
    "RobotsUnavailable",
    "TooLarge",
    "UnsupportedContent",
    "ExtractError",
    "StoreError",
    "ModelError",
    "one_line",
]


def one_line(message: object) -> str:
    """A message folded onto one line: errors are printed and stored one per line."""
    return " ".join(str(message).split())


class ClaimwatchError(Exception):
    """Base of every error claimwatch raises on purpose."""


class ConfigError(ClaimwatchError):
    """Settings or environment that claimwatch cannot work with."""


class SourcesError(ConfigError):
    """A sources file that does not validate; the message names file, line and fix."""

    def __init__(self, path: str, line: int | None, problem: str, fix: str = "") -> None:
        self.path = path
        self.line = line
        self.problem = problem
        self.fix = fix
        where = f"{path} line {line}" if line else path
        message = f"{where}: {problem}"
        if fix:
            message += f"; {fix}"
        super().__init__(message)


class FetchError(ClaimwatchError):
    """A URL that could not be fetched; the pipeline records it with its reason and goes on."""


class TransientFetchError(FetchError):
    """A failure worth retrying: timeouts, connection resets, 429 and 5xx answers."""

    def __init__(self, message: str, *, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.status = status


class HTTPStatusError(FetchError):
    """A final HTTP status that retrying will not change (404, 410, 401, 403 ...)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class HostNotFound(FetchError):
    """DNS knows no such host; retrying in a second will not change that."""


class RobotsDisallowed(FetchError):
    """robots.txt of the host disallows the URL for claimwatch's user agent."""


class RobotsUnavailable(FetchError):
    """robots.txt of the host answers 5xx; RFC 9309 says to fetch nothing from it until it recovers."""


class TooLarge(FetchError):
    """The response body grew past the configured size cap."""


class UnsupportedContent(FetchError):
    """A URL scheme or content type that claimwatch does not read."""


class ExtractError(ClaimwatchError):
    """Bytes that could not be turned into usable text."""


class StoreError(ClaimwatchError):
    """The claim store cannot be opened, migrated or written."""


class ModelError(ClaimwatchError):
    """A translation model package cannot be found, installed or loaded."""
