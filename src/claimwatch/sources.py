"""Load and validate ``sources.yaml``: what to watch, with errors that name file, line and fix."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from .errors import SourcesError, one_line
from .models import Source, SourceKind

__all__ = ["SourcesFile", "load_sources", "parse_sources"]

TOP_KEYS = ("version", "base_url", "defaults", "sources")
SOURCE_KEYS = ("id", "kind", "url", "path", "language", "tags", "min_interval", "max_pages", "follow")
DEFAULT_KEYS = ("language", "tags", "min_interval", "max_pages")
KINDS = ", ".join(k.value for k in SourceKind)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
DEFAULT_MIN_INTERVAL = 1.0
DEFAULT_MAX_PAGES = 50
# Size of a sources file we will parse; a real one is a few KB.
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class SourcesFile:
    path: str
    sources: tuple[Source, ...]
    base_url: str | None = None


def load_sources(path: str | Path, *, base_url: str | None = None) -> SourcesFile:
    """Read and validate a sources file; ``base_url`` overrides the file's own ``base_url``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourcesError(str(path), None, "file not found", "create it (see README, 'Sources') or pass --sources FILE") from None
    except OSError as exc:
        raise SourcesError(str(path), None, f"cannot read: {exc.strerror}", "check the path and its permissions") from None
    if len(raw) > MAX_FILE_BYTES:
        raise SourcesError(str(path), None, f"file is {len(raw)} bytes", f"a sources file must be under {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourcesError(str(path), None, f"not UTF-8 (byte {exc.start})", "save the file as UTF-8") from None
    return parse_sources(text, path=str(path), base_dir=path.parent, base_url=base_url)


def parse_sources(text: str, *, path: str = "<sources>", base_dir: Path | None = None, base_url: str | None = None) -> SourcesFile:
    """Validate the text of a sources file; see :func:`load_sources`."""
    root = _compose(text, path)
    if root is None:
        raise SourcesError(path, 1, "the file is empty", "add a 'sources:' list (see README, 'Sources')")
    top = _mapping(root, path, "the top level", TOP_KEYS)
    if "sources" not in top:
        raise SourcesError(path, _line(root), "missing 'sources:' list", "add 'sources:' with one entry per source")
    if "version" in top and _scalar(top["version"], path) not in (1, "1"):
        raise SourcesError(path, _line(top["version"]), "unsupported version", "use 'version: 1'")
    if base_url is None and "base_url" in top:
        base_url = _string(top["base_url"], path, "base_url")
    if base_url is not None and not _is_http(base_url):
        raise SourcesError(path, _line(top.get("base_url", root)), f"base_url {base_url!r} is not an http(s) URL", "write it as https://host/path/")
    defaults: dict[str, object] = {}
    if "defaults" in top:
        for key, node in _mapping(top["defaults"], path, "defaults", DEFAULT_KEYS).items():
            defaults[key] = node
    seq = top["sources"]
    if not isinstance(seq, yaml.SequenceNode):
        raise SourcesError(path, _line(seq), "'sources' must be a list", "start each source with '- id: ...'")
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for item in seq.value:
        source = _source(item, path, defaults, base_dir or Path("."), base_url)
        if source.id in seen:
            raise SourcesError(path, source.line, f"duplicate id {source.id!r} (first on line {seen[source.id]})", "give each source a unique id")
        seen[source.id] = source.line
        sources.append(source)
    if not sources:
        raise SourcesError(path, _line(seq), "the 'sources' list is empty", "add at least one source")
    return SourcesFile(path=path, sources=tuple(sources), base_url=base_url)


def _is_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _compose(text: str, path: str) -> yaml.Node | None:
    # Aliases are refused before anything is built: an alias bomb expands to gigabytes
    # from a few lines, and no honest sources file needs one.
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise SourcesError(path, event.start_mark.line + 1, "YAML aliases (*name) are not allowed here", "write the value out in full")
            if getattr(event, "tag", None) not in (None, "!"):
                raise SourcesError(path, event.start_mark.line + 1, f"YAML tag {event.tag!r} is not allowed here", "write a plain value without tags")
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = one_line(exc.problem or exc.context or "invalid YAML")
        raise SourcesError(path, line, f"invalid YAML ({problem})", "check the indentation: each source starts with '- ' and its keys line up under 'id'") from None
    except yaml.reader.ReaderError as exc:
        line = _line_of(text, exc.position)
        raise SourcesError(path, line, f"character {_codepoint(exc.character)} is not allowed in YAML", "remove it, or write it as an escape in a double-quoted string") from None
    except yaml.YAMLError as exc:
        raise SourcesError(path, None, f"invalid YAML ({one_line(exc)})", "check the file's syntax") from None
    except RecursionError:
        raise SourcesError(path, None, "nesting is too deep", "a sources file is a list of flat entries; remove the nested lists") from None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, max(0, position)) + 1


def _codepoint(character: int | str) -> str:
    return f"U+{character if isinstance(character, int) else ord(character[0]):04X}"


def _mapping(node: yaml.Node, path: str, what: str, allowed: tuple[str, ...]) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise SourcesError(path, _line(node), f"{what} must be a mapping of 'key: value' lines", f"allowed keys: {', '.join(allowed)}")
    out: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise SourcesError(path, _line(key_node), f"unknown key {key!r} in {what}", f"{hint}allowed keys: {', '.join(allowed)}")
        if key in out:
            raise SourcesError(path, _line(key_node), f"key {key!r} appears twice in {what}", "keep one")
        out[key] = value_node
    return out


def _scalar(node: yaml.Node, path: str) -> object:
    if not isinstance(node, yaml.ScalarNode):
        raise SourcesError(path, _line(node), "expected a single value, got a list or mapping", "write a plain value")
    try:
        return _construct(node)
    except yaml.constructor.ConstructorError as exc:
        raise SourcesError(path, _line(node), f"cannot read value ({one_line(exc.problem)})", "write a plain value without tags") from None
    except (ValueError, OverflowError) as exc:
        # YAML 1.1 reads 2026-02-30 as a date and 0x_ as a number, and both fail to convert.
        raise SourcesError(path, _line(node), f"cannot read value {node.value!r} ({one_line(exc)})", "quote it to make it a string") from None


def _construct(node: yaml.ScalarNode) -> object:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _string(node: yaml.Node, path: str, key: str) -> str:
    value = _scalar(node, path)
    if not isinstance(value, str) or not value.strip():
        raise SourcesError(path, _line(node), f"'{key}' must be a non-empty string", f"write it as {key}: some-text")
    return value.strip()


def _number(node: yaml.Node, path: str, key: str, *, integer: bool, minimum: float) -> float | int:
    value = _scalar(node, path)
    ok = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not ok or value < minimum:
        kind = "a whole number" if integer else "a number of seconds"
        raise SourcesError(path, _line(node), f"'{key}' is {value!r}", f"use {kind}, {minimum:g} or more")
    return value


def _source(node: yaml.Node, path: str, defaults: dict[str, object], base_dir: Path, base_url: str | None) -> Source:
    line = _line(node)
    fields = _mapping(node, path, "a source", SOURCE_KEYS)
    merged: dict[str, yaml.Node] = {**defaults, **fields}  # type: ignore[dict-item]
    for key in ("id", "kind"):
        if key not in fields:
            raise SourcesError(path, line, f"source is missing '{key}'", f"add '{key}:' ({'a short unique name' if key == 'id' else 'one of ' + KINDS})")
    sid = _string(fields["id"], path, "id")
    if not ID_RE.match(sid):
        raise SourcesError(path, _line(fields["id"]), f"id {sid!r} has characters ids cannot hold", "use lowercase letters, digits, '.', '_' and '-'")
    kind_text = _string(fields["kind"], path, "kind")
    try:
        kind = SourceKind(kind_text)
    except ValueError:
        raise SourcesError(path, _line(fields["kind"]), f"unknown kind {kind_text!r}", f"use {KINDS.replace(', local', ' or local')}") from None

    if kind is SourceKind.LOCAL:
        if "url" in fields:
            raise SourcesError(path, _line(fields["url"]), f"source {sid!r} is local and takes 'path', not 'url'", "write path: some/folder")
        if "path" not in fields:
            raise SourcesError(path, line, f"source {sid!r} is missing 'path'", "add path: a folder of .html, .pdf or .txt files")
        raw_path = _string(fields["path"], path, "path")
        if "\x00" in raw_path:
            raise SourcesError(path, _line(fields["path"]), "'path' contains a NUL character", "write a plain folder path")
        folder = Path(raw_path).expanduser()
        location = str(folder if folder.is_absolute() else (base_dir / folder).resolve())
    else:
        if "path" in fields:
            raise SourcesError(path, _line(fields["path"]), f"'path' is only for kind local; source {sid!r} is {kind.value}", "write url: https://...")
        if "url" not in fields:
            raise SourcesError(path, line, f"source {sid!r} is missing 'url'", "add url: https://...")
        location = _url(fields["url"], path, base_url)

    language = None
    if "language" in merged:
        language = _string(merged["language"], path, "language").lower()
        if not LANG_RE.match(language):
            raise SourcesError(path, _line(merged["language"]), f"language {language!r} is not a language code", "use an ISO 639-1 code such as en, de, fr, zh")
    tags: tuple[str, ...] = ()
    if "tags" in merged:
        tnode = merged["tags"]
        if not isinstance(tnode, yaml.SequenceNode):
            raise SourcesError(path, _line(tnode), "'tags' must be a list", "write tags: [lab, policy]")
        tags = tuple(_string(t, path, "tags") for t in tnode.value)
    min_interval = float(_number(merged["min_interval"], path, "min_interval", integer=False, minimum=0)) if "min_interval" in merged else DEFAULT_MIN_INTERVAL
    max_pages = int(_number(merged["max_pages"], path, "max_pages", integer=True, minimum=1)) if "max_pages" in merged else DEFAULT_MAX_PAGES
    follow = None
    if "follow" in fields:
        if kind is not SourceKind.PAGE:
            raise SourcesError(path, _line(fields["follow"]), f"'follow' is only for kind page; source {sid!r} is {kind.value}", "remove it, or make the source a page")
        follow = _string(fields["follow"], path, "follow")
        try:
            re.compile(follow)
        except re.error as exc:
            raise SourcesError(path, _line(fields["follow"]), f"'follow' is not a valid regular expression ({exc})", "quote it in single quotes and escape special characters") from None
    return Source(id=sid, kind=kind, url=location, language=language, tags=tags, min_interval=min_interval, max_pages=max_pages, follow=follow, line=line)


def _url(node: yaml.Node, path: str, base_url: str | None) -> str:
    raw = _string(node, path, "url")
    try:
        url = urljoin(base_url, raw) if base_url else raw
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError as exc:
        raise SourcesError(path, _line(node), f"url {raw!r} is malformed ({one_line(exc)})", "write a full http:// or https:// URL") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        fix = "write a full http:// or https:// URL" if base_url is None else "write a path under base_url or a full URL"
        raise SourcesError(path, _line(node), f"url {raw!r} is not an http(s) URL", fix)
    return url
