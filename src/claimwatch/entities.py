"""The alias table: names of organisations, people, models and policies mapped to canonical ids.

The table is data (``data/aliases.yaml``) that analysts extend; this module reads and checks
it, and answers "which entity is this name?" for the claim extractor and the fact ledger.
Matching ignores case, accents' composed/decomposed forms, punctuation, whitespace runs and a
leading English article, so "the U.S. AI Safety Institute" and "US AI safety institute" agree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .config import project_root
from .errors import ConfigError, one_line

__all__ = ["Entity", "AliasTable", "load_aliases", "parse_aliases", "name_key", "slug", "DEFAULT_ALIASES", "KINDS"]

DEFAULT_ALIASES = project_root() / "data" / "aliases.yaml"
KINDS = ("organisation", "government-body", "person", "model", "tool", "policy", "framework", "event", "outlet")
ENTRY_KEYS = ("name", "kind", "aliases", "renamed_to", "valid_to", "shared_aliases", "cues", "part_of")
_ID = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")
_NOT_WORD = re.compile(r"[\W_]+")
_ARTICLE = re.compile(r"^the\s+")


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    renamed_to: str | None = None
    valid_to: date | None = None  # the last day this name was current
    shared_aliases: tuple[str, ...] = ()  # names other entities go by too ("AI Safety Institute": the US and the UK one)
    cues: tuple[str, ...] = ()  # words near a shared name that mean this entity ("Britain", "U.S.")
    part_of: str | None = None  # the document this one is a part of (ASL-3, a safety level the RSP defines: "rsp")


def name_key(name: str) -> str:
    """The form two names are compared in: NFKC, case-folded, punctuation and a leading "the" dropped."""
    text = unicodedata.normalize("NFKC", name).casefold().replace(".", "")
    text = " ".join(_NOT_WORD.sub(" ", text).split())
    return _ARTICLE.sub("", text)


def slug(name: str) -> str:
    """The id an entity not in the table gets: its name, lower-case and hyphenated, accents off Latin letters
    (outlets spell "Lucía" and "Lucia"; CJK and kana kept as written)."""
    return "-".join(_fold_latin(name_key(name)).split()) or "unknown"


def _fold_latin(text: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) == "Mn" and out and out[-1].isascii():
            continue  # an accent on a Latin letter (not a kana's voicing mark)
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


class AliasTable:
    """Canonical entities by id, and the lookup from any of their names."""

    def __init__(self, entities: list[Entity], path: str = "<aliases>") -> None:
        self.path = path
        self.entities = {e.id: e for e in entities}
        self._by_key: dict[str, str] = {}
        self._shared: dict[str, list[str]] = {}
        for entity in entities:
            for name in (entity.id, entity.name, *entity.aliases):
                self._by_key.setdefault(name_key(name), entity.id)
            for name in entity.shared_aliases:
                candidates = self._shared.setdefault(name_key(name), [])
                if entity.id not in candidates:
                    candidates.append(entity.id)

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def resolve(self, name: str) -> str | None:
        """The canonical id of ``name``, or None when the table does not know it."""
        return self._by_key.get(name_key(name))

    def candidates(self, name: str) -> tuple[str, ...]:
        """The ids that share ``name`` (a shared alias), in table order; empty for other names."""
        return tuple(self._shared.get(name_key(name), ()))

    def choose(self, name: str, text: str, at: int) -> str | None:
        """Which entity a shared name at offset ``at`` of ``text`` means: the one whose cue stands nearest.

        None when no cue of any candidate occurs in ``text``: the caller decides from the page.
        """
        best: tuple[int, str] | None = None
        for entity_id in self.candidates(name):
            for cue in self.entities[entity_id].cues:
                for match in re.finditer(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", text):
                    gap = abs(match.start() - at)
                    if best is None or gap < best[0]:
                        best = (gap, entity_id)
        return best[1] if best else None

    def canonical(self, name: str) -> str:
        """The canonical id of ``name``; an unknown name gets its :func:`slug`."""
        return self.resolve(name) or slug(name)

    def current(self, entity_id: str, on: date | None = None) -> str:
        """The id an entity went by on ``on`` (default: today), following renames."""
        seen = set()
        entity = self.entities.get(entity_id)
        while entity is not None and entity.renamed_to and entity.id not in seen:
            seen.add(entity.id)
            if entity.valid_to is not None and on is not None and on <= entity.valid_to:
                break
            entity = self.entities.get(entity.renamed_to)
        return entity.id if entity is not None else entity_id

    def whole(self, entity_id: str) -> str:
        """The document an entity is a part of (its ``part_of``, followed to the top), else the entity itself: a
        version, revision or date of publication of ASL-3 is one of the Responsible Scaling Policy that defines it."""
        seen = set()
        entity = self.entities.get(entity_id)
        while entity is not None and entity.part_of and entity.id not in seen:
            seen.add(entity.id)
            entity = self.entities.get(entity.part_of)
        return entity.id if entity is not None else entity_id

    def names(self) -> list[tuple[str, str]]:
        """Every (name, canonical id) pair, longest name first: the patterns for a phrase matcher."""
        pairs = {(name, e.id) for e in self.entities.values() for name in (e.name, *e.aliases, *e.shared_aliases)}
        return sorted(pairs, key=lambda p: (-len(p[0]), p[0]))


def _fail(path: str, node: yaml.Node | None, problem: str, fix: str) -> ConfigError:
    where = f"{path} line {node.start_mark.line + 1}" if node is not None else path
    return ConfigError(f"{where}: {problem}; {fix}")


def _text(node: yaml.Node, path: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise _fail(path, node, f"{what} must be a non-empty text", f"write {what}: followed by the text")
    return str(node.value).strip()


def load_aliases(path: str | Path = DEFAULT_ALIASES) -> AliasTable:
    """Read and check an alias file; a malformed entry is a ConfigError naming file, line and fix."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the alias table {path} ({exc.strerror}); restore data/aliases.yaml from the repository") from None
    return parse_aliases(text, str(path))


def parse_aliases(text: str, path: str = "<aliases>") -> AliasTable:
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "tag", None) not in (None, "!"):
                raise ConfigError(f"{path} line {event.start_mark.line + 1}: YAML aliases and tags are not allowed; write values out in full")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML ({one_line(exc)}); check the indentation") from None
    if root is None:
        return AliasTable([], path)
    if not isinstance(root, yaml.MappingNode):
        raise _fail(path, root, "the alias table must be a mapping of ids to entries", "start each entry with 'some-id:' at the left margin")
    entities: list[Entity] = []
    owners: dict[str, tuple[str, yaml.Node]] = {}
    for key_node, value_node in root.value:
        entity_id = _text(key_node, path, "an id")
        if not _ID.match(entity_id):
            raise _fail(path, key_node, f"id {entity_id!r} is not lower-case kebab-case", "use ids such as us-aisi or claude-opus-4")
        if entity_id in {e.id for e in entities}:
            raise _fail(path, key_node, f"id {entity_id!r} appears twice", "merge the two entries")
        if not isinstance(value_node, yaml.MappingNode):
            raise _fail(path, value_node, f"{entity_id} must be a mapping with name, kind and aliases", "indent its keys under the id")
        fields = {}
        for k, v in value_node.value:
            name = _text(k, path, "a key")
            if name not in ENTRY_KEYS:
                raise _fail(path, k, f"unknown key {name!r} in {entity_id}", f"use {', '.join(ENTRY_KEYS)}")
            if name in fields:
                raise _fail(path, k, f"{name} appears twice in {entity_id}", "merge the two lists into one")
            fields[name] = v
        for required in ("name", "kind"):
            if required not in fields:
                raise _fail(path, key_node, f"{entity_id} has no {required}", f"add {required}: ...")
        kind = _text(fields["kind"], path, "kind")
        if kind not in KINDS:
            raise _fail(path, fields["kind"], f"unknown kind {kind!r} for {entity_id}", f"use one of {', '.join(KINDS)}")
        aliases: list[str] = []
        if "aliases" in fields:
            node = fields["aliases"]
            if not isinstance(node, yaml.SequenceNode):
                raise _fail(path, node, f"aliases of {entity_id} must be a list", "write aliases: [name one, name two]")
            aliases = [_text(item, path, "an alias") for item in node.value]
        listed: dict[str, list[str]] = {}
        for key in ("shared_aliases", "cues"):
            node = fields.get(key)
            if node is None:
                continue
            if not isinstance(node, yaml.SequenceNode):
                raise _fail(path, node, f"{key} of {entity_id} must be a list", f"write {key}: [one, two]")
            listed[key] = [_text(item, path, f"an entry of {key}") for item in node.value]
        if listed.get("shared_aliases") and not listed.get("cues"):
            raise _fail(path, fields["shared_aliases"], f"{entity_id} shares names but has no cues to tell it apart",
                        "add cues: [words that mark this entity near the shared name]")
        if listed.get("cues") and not listed.get("shared_aliases"):
            raise _fail(path, fields["cues"], f"{entity_id} has cues but no shared_aliases for them to tell apart",
                        "add shared_aliases: [the name it shares], or remove cues")
        for cue in listed.get("cues", ()):
            if not re.search(r"\w", cue):
                raise _fail(path, fields["cues"], f"cue {cue!r} of {entity_id} has no letters or digits", "use words such as Britain or U.S.")
        valid_to = None
        if "valid_to" in fields:
            raw = _text(fields["valid_to"], path, "valid_to")
            try:
                valid_to = date.fromisoformat(raw)
            except ValueError:
                raise _fail(path, fields["valid_to"], f"valid_to {raw!r} of {entity_id} is not a date", "write it as YYYY-MM-DD") from None
        entity = Entity(entity_id, _text(fields["name"], path, "name"), kind, tuple(aliases),
                        _text(fields["renamed_to"], path, "renamed_to") if "renamed_to" in fields else None, valid_to,
                        tuple(listed.get("shared_aliases", ())), tuple(listed.get("cues", ())),
                        _text(fields["part_of"], path, "part_of") if "part_of" in fields else None)
        for name, node in [(entity.name, fields["name"])] + list(zip(aliases, fields["aliases"].value if aliases else [])):
            key = name_key(name)
            other = owners.get(key)
            if other is not None and other[0] != entity_id:
                raise _fail(path, node, f"{name!r} names both {other[0]} and {entity_id}", "keep it under one entity only")
            owners[key] = (entity_id, node)
        entities.append(entity)
    ids = {name_key(e.id): e.id for e in entities}
    sharers: dict[str, list[Entity]] = {}
    for entity in entities:
        for name in dict.fromkeys(entity.shared_aliases):
            other = owners.get(name_key(name)) or ((ids[name_key(name)], None) if name_key(name) in ids else None)
            if other is not None:
                raise ConfigError(f"{path}: {entity.id} shares the name {name!r}, which is an ordinary alias of {other[0]}; "
                                  f"list it under shared_aliases of both, or under aliases of one")
            sharers.setdefault(name_key(name), []).append(entity)
    for key, group in sharers.items():
        if len({e.id for e in group}) < 2:
            raise ConfigError(f"{path}: only {group[0].id} lists the shared name {key!r}; list it under shared_aliases of every "
                              f"entity that goes by it, or make it an ordinary alias")
        if len({e.kind for e in group}) > 1:
            raise ConfigError(f"{path}: the shared name {key!r} names entities of different kinds "
                              f"({', '.join(f'{e.id}: {e.kind}' for e in group)}); share names only within one kind")
    known = {e.id for e in entities}
    for entity in entities:
        if entity.renamed_to and entity.renamed_to not in known:
            raise ConfigError(f"{path}: {entity.id} is renamed_to {entity.renamed_to!r}, which has no entry; add it or fix the id")
        if entity.part_of and (entity.part_of not in known or entity.part_of == entity.id):
            raise ConfigError(f"{path}: {entity.id} is part_of {entity.part_of!r}, which "
                              f"{'is itself' if entity.part_of == entity.id else 'has no entry'}; give the id of the "
                              f"document it belongs to")
    return AliasTable(entities, path)
