"""sources.yaml: valid files load; malformed ones fail with file, line and fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimwatch.errors import SourcesError
from claimwatch.models import SourceKind
from claimwatch.sources import load_sources, parse_sources

REPO = Path(__file__).resolve().parents[1]

VALID = """\
version: 1
defaults:
  min_interval: 0.5
  tags: [default-tag]
sources:
  - id: lab-feed
    kind: feed
    url: https://news.example/feed.xml
    language: en
  - id: newsroom
    kind: page
    url: https://lab.example/news
    follow: '/news/[a-z-]+$'
    max_pages: 5
    tags: [lab]
  - id: archive
    kind: local
    path: archive
"""


def test_valid_file_loads_every_kind_with_defaults(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(VALID)
    loaded = load_sources(path)
    feed, page, local = loaded.sources
    assert (feed.kind, feed.language, feed.tags, feed.min_interval, feed.line) == (SourceKind.FEED, "en", ("default-tag",), 0.5, 6)
    assert (page.follow, page.max_pages, page.tags) == ("/news/[a-z-]+$", 5, ("lab",))
    assert local.url == str((tmp_path / "archive").resolve())


def test_base_url_resolves_relative_urls() -> None:
    loaded = parse_sources("sources:\n  - {id: a, kind: feed, url: feed.xml}\n", base_url="http://127.0.0.1:8000/sample/")
    assert loaded.sources[0].url == "http://127.0.0.1:8000/sample/feed.xml"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("sources:\n  - id: a\n    kind: rss2\n    url: https://x.example/\n", 3, ["unknown kind 'rss2'", "feed, page, sitemap, primary or local"]),
        ("sources:\n  - id: a\n    kind: feed\n", 2, ["missing 'url'", "add url:"]),
        ("sources:\n  - id: a\n    kind: feed\n   url: https://x.example/\n", 4, ["invalid YAML", "indentation"]),
        ("sources:\n  - id: a\n    kind: feed\n    urll: https://x.example/\n", 4, ["unknown key 'urll'", "did you mean 'url'"]),
        ("sources:\n  - id: a\n    kind: feed\n    url: ftp://x.example/f\n", 4, ["not an http(s) URL"]),
        ("sources:\n  - {id: a, kind: feed, url: 'https://x/'}\n  - {id: a, kind: page, url: 'https://y/'}\n", 3, ["duplicate id 'a'", "first on line 2"]),
        ("sources:\n  - id: a\n    kind: feed\n    url: https://x.example/\n    max_pages: 0\n", 5, ["'max_pages' is 0", "whole number"]),
        ("sources:\n  - id: a\n    kind: feed\n    url: https://x.example/\n    follow: 'x'\n", 5, ["only for kind page"]),
        ("sources:\n  - id: a\n    kind: page\n    url: https://x.example/\n    follow: '(['\n", 5, ["not a valid regular expression"]),
        ("sources:\n  - id: a\n    kind: local\n    url: https://x.example/\n", 4, ["takes 'path', not 'url'"]),
        ("sources:\n  - id: Bad Id\n    kind: feed\n    url: https://x.example/\n", 2, ["lowercase letters"]),
        ("sources:\n  - id: a\n    kind: feed\n    url: https://x.example/\n    language: English\n", 5, ["not a language code"]),
        ("x: &x [1, 2]\nsources: *x\n", 2, ["aliases"]),
        ("sources:\n  - id: a\n    kind: feed\n    url: !!python/object/apply:os.system [echo]\n", 4, ["not allowed", "without tags"]),
        ("feeds:\n  - id: a\n", 1, ["unknown key 'feeds'", "allowed keys"]),
        ("", 1, ["empty"]),
    ],
)
def test_malformed_file_names_file_line_and_fix(text: str, line: int, words: list[str]) -> None:
    with pytest.raises(SourcesError) as info:
        parse_sources(text, path="sources.yaml")
    message = str(info.value)
    assert message.startswith(f"sources.yaml line {line}: "), message
    assert "\n" not in message
    for word in words:
        assert word in message


def test_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match=r"nope\.yaml: file not found; .*--sources"):
        load_sources(tmp_path / "nope.yaml")


def test_shipped_sources_file_is_valid_and_watches_several_languages() -> None:
    loaded = load_sources(REPO / "sources.yaml")
    kinds = {s.kind for s in loaded.sources}
    languages = {s.language for s in loaded.sources}
    assert {SourceKind.FEED, SourceKind.PAGE, SourceKind.PRIMARY} <= kinds
    assert {"en", "de", "fr", "zh"} <= languages
    assert all(re.match(r"https://", s.url) for s in loaded.sources)


def test_sample_sources_file_is_valid() -> None:
    loaded = load_sources(REPO / "data" / "sample" / "sources.yaml", base_url="http://127.0.0.1:1/")
    assert len(loaded.sources) >= 4
