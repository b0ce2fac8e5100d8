"""Settings for a claimwatch run, read once from defaults, the environment and CLI flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import __version__
from .errors import ConfigError

__all__ = ["Settings", "load_settings", "project_root", "default_db_url"]


def project_root() -> Path:
    """The checkout this package lives in (src layout: two folders above the package)."""
    return Path(__file__).resolve().parents[2]


def default_db_url(data_dir: Path) -> str:
    return f"sqlite:///{(data_dir / 'claimwatch.db').as_posix()}"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a stage may read; stages never look at the environment themselves."""

    data_dir: Path = field(default_factory=lambda: project_root() / "data")
    db_url: str = ""
    # Operators add a contact with CLAIMWATCH_CONTACT (a URL or e-mail), as site owners expect.
    user_agent: str = f"claimwatch/{__version__} (AI-safety news monitor)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # A long news page with inline scripts is rarely above 3 MB; policy PDFs reach 5-8 MB.
    max_bytes: int = 15 * 1024 * 1024
    max_redirects: int = 5
    # Two tries after the first, 1 s then 2 s apart (plus jitter): a 5xx burst of a few seconds
    # is ridden out while a dead host costs a source at most ~4 s.
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 30.0
    per_host_concurrency: int = 2
    # Seconds between two requests to one host across all sources; robots.txt Crawl-delay wins if longer.
    host_interval: float = 0.5
    workers: int = 4
    # Text shorter than this after extraction is not an article (consent walls, JS shells).
    min_text_chars: int = 200
    # Translation: every segment not in this language is translated into it, when a model exists.
    target_language: str = "en"
    # Argos packages live here (packages/, plus argos's own index and cache), not in ~/.local:
    # a store and the models that translated it travel together. "" means data_dir/models.
    models_dir: Path | None = None
    # Sentence chunks longer than this are cut at the last space before it: Argos models are
    # trained on sentences, and past ~400 characters the tiny and the real models alike drift.
    max_chunk_chars: int = 400
    # Documents whose pending segments go to the model together (CTranslate2 batches their
    # sentences); each document is still written in its own transaction.
    translate_batch: int = 16
    # Documents read by one extract_claims call: spaCy's nlp.pipe batches their sentences across
    # documents; each document's claims are still written in their own transaction.
    claims_batch: int = 32

    @property
    def resolved_db_url(self) -> str:
        return self.db_url or default_db_url(self.data_dir)

    @property
    def resolved_models_dir(self) -> Path:
        return self.models_dir or self.data_dir / "models"

    def with_overrides(self, **changes: object) -> "Settings":
        """A copy with the given fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _env_number(env: Mapping[str, str], name: str, cast: type, default: float | int) -> float | int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = cast(raw)
    except ValueError:
        expected = "whole number" if cast is int else "number"
        raise ConfigError(f"environment variable {name}={raw!r} is not a {expected}; set it to a value such as {default}") from None
    if value < 0:
        raise ConfigError(f"environment variable {name}={raw!r} is negative; use 0 or more")
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Defaults, overridden by ``CLAIMWATCH_*`` environment variables."""
    env = os.environ if env is None else env
    base = Settings()
    data_dir = Path(env["CLAIMWATCH_DATA_DIR"]) if env.get("CLAIMWATCH_DATA_DIR") else base.data_dir
    return replace(
        base,
        data_dir=data_dir,
        db_url=env.get("CLAIMWATCH_DB", ""),
        user_agent=f"claimwatch/{__version__} (AI-safety news monitor; +{env['CLAIMWATCH_CONTACT']})" if env.get("CLAIMWATCH_CONTACT") else base.user_agent,
        connect_timeout=float(_env_number(env, "CLAIMWATCH_CONNECT_TIMEOUT", float, base.connect_timeout)),
        read_timeout=float(_env_number(env, "CLAIMWATCH_READ_TIMEOUT", float, base.read_timeout)),
        max_bytes=int(_env_number(env, "CLAIMWATCH_MAX_BYTES", int, base.max_bytes)),
        retries=int(_env_number(env, "CLAIMWATCH_RETRIES", int, base.retries)),
        workers=max(1, int(_env_number(env, "CLAIMWATCH_WORKERS", int, base.workers))),
        models_dir=Path(env["CLAIMWATCH_MODELS_DIR"]) if env.get("CLAIMWATCH_MODELS_DIR") else None,
    )
