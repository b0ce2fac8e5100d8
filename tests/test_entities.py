"""The alias table: names across languages and spun renderings resolve to one id; bad entries are refused."""

from __future__ import annotations

from datetime import date

import pytest

from claimwatch.entities import DEFAULT_ALIASES, load_aliases, name_key, parse_aliases, slug
from claimwatch.errors import ConfigError


@pytest.fixture(scope="module")
def table():
    return load_aliases(DEFAULT_ALIASES)


@pytest.mark.parametrize(("name", "entity"), [
    ("Responsible Scaling Policy", "rsp"),
    ("the RSP", "rsp"),
    ("Accountable Scaling Coverage", "rsp"),  # a synonym spinner's rendering
    ("负责任扩展政策", "rsp"),
    ("Richtlinie für verantwortungsvolle Skalierung", "rsp"),
    ("Policy of Scaling Responsible", "rsp"),  # a machine translation of the French name, back into English
    ("responsible expansion policy", "rsp"),  # ... and of the Chinese one
    ("U.S. AI Safety Institute", "us-aisi"),
    ("the US AI safety institute", "us-aisi"),
    ("CAISI", "caisi"),
    ("UK AI Safety Institute", "uk-aisi"),
    ("AI Security Institute", "uk-aisi"),
    ("the Pentagon", "us-department-of-defense"),
    ("Pentagone", "us-department-of-defense"),
    ("Mythos Preview", "claude-mythos-preview"),
    ("贾里德·卡普兰", "jared-kaplan"),
    ("ANTHROPIC", "anthropic"),
])
def test_names_resolve_to_one_id(table, name: str, entity: str) -> None:
    assert table.resolve(name) == entity


def test_unknown_names_get_a_slug(table) -> None:
    assert table.resolve("Northwind Tech Journal") is None
    assert table.canonical("Northwind Tech Journal") == "northwind-tech-journal"
    assert slug("Lena Vasquez-Hart") == "lena-vasquez-hart"
    assert slug("Lucía Ferrandis Ocampo") == slug("Lucia Ferrandis Ocampo") == "lucia-ferrandis-ocampo"
    assert slug("ガイド") == "ガイド"  # a kana's voicing mark is no accent
    assert name_key("The  U.S.  AI Safety Institute") == "us ai safety institute"


def test_renamed_agency_follows_the_date(table) -> None:
    assert table.current("us-aisi") == "caisi"
    assert table.current("us-aisi", date(2024, 8, 29)) == "us-aisi"
    assert table.current("us-aisi", date(2025, 6, 3)) == "caisi"


def test_the_eval_sets_ids_for_real_entities_are_in_the_table(table) -> None:
    for entity in ("anthropic", "openai", "google-deepmind", "rsp", "preparedness-framework", "frontier-safety-framework", "asl-3",
                   "claude-mythos", "claude-mythos-preview", "claude-opus-4", "us-aisi", "caisi", "uk-aisi", "inspect",
                   "apollo-research", "metr", "project-glasswing", "dario-amodei", "jared-kaplan", "us-department-of-defense"):
        assert entity in table
    assert len(table.names()) > 100
    longest, _ = table.names()[0]
    assert len(longest) == max(len(n) for n, _ in table.names())


@pytest.mark.parametrize(("text", "message"), [
    ("a:\n  name: A\n  kind: planet\n", "<aliases> line 3: unknown kind 'planet' for a; use one of"),
    ("a:\n  kind: organisation\n", "<aliases> line 1: a has no name; add name: ..."),
    ("Big Co:\n  name: A\n  kind: organisation\n", "line 1: id 'Big Co' is not lower-case kebab-case"),
    ("a:\n  name: A\n  kind: organisation\n  alias: [x]\n", "line 4: unknown key 'alias' in a"),
    ("a:\n  name: A\n  kind: organisation\n  aliases: x\n", "line 4: aliases of a must be a list"),
    ("a:\n  name: A\n  kind: organisation\n  aliases: [Acme]\nb:\n  name: B\n  kind: organisation\n  aliases: [ACME]\n",
     "line 8: 'ACME' names both a and b"),
    ("a:\n  name: A\n  kind: organisation\n  renamed_to: b\n", "a is renamed_to 'b', which has no entry"),
    ("a:\n  name: A\n  kind: framework\n  part_of: b\n", "a is part_of 'b', which has no entry"),
    ("a:\n  name: A\n  kind: framework\n  part_of: a\n", "a is part_of 'a', which is itself"),
    ("a:\n  name: A\n  kind: organisation\n  valid_to: June\n", "line 4: valid_to 'June' of a is not a date"),
    ("a: &x\n  name: A\n  kind: organisation\nb: *x\n", "YAML aliases and tags are not allowed"),
    ("- a\n- b\n", "must be a mapping of ids to entries"),
    ("a:\n  name: A\n  kind: organisation\n  shared_aliases: [The Institute]\n", "line 4: a shares names but has no cues"),
    ("a:\n  name: A\n  kind: organisation\n  aliases: [Acme]\nb:\n  name: B\n  kind: organisation\n"
     "  shared_aliases: [Acme]\n  cues: [b]\n", "b shares the name 'Acme', which is an ordinary alias of a"),
    ("a:\n  name: A\n  kind: organisation\n  shared_aliases: [The Lab]\n  cues: [x]\n", "only a lists the shared name 'lab'"),
    ("a:\n  name: A\n  kind: organisation\n  cues: [x]\n", "line 4: a has cues but no shared_aliases"),
    ("a:\n  name: A\n  kind: organisation\n  shared_aliases: [Lab]\n  cues: [x]\nb:\n  name: B\n  kind: person\n"
     "  shared_aliases: [Lab]\n  cues: [y]\n", "the shared name 'lab' names entities of different kinds"),
    ("a:\n  name: A\n  kind: organisation\n  shared_aliases: [b]\n  cues: [x]\nb:\n  name: B\n  kind: organisation\n",
     "a shares the name 'b', which is an ordinary alias of b"),
    ("a:\n  name: A\n  kind: organisation\n  shared_aliases: [Lab]\n  cues: [.]\n", "cue '.' of a has no letters or digits"),
    ("a:\n  name: A\n  kind: organisation\n  aliases: [x]\n  aliases: [y]\n", "line 5: aliases appears twice in a"),
])
def test_malformed_entries_name_line_and_fix(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_aliases(text)
    assert message in str(error.value)


def test_a_shared_name_is_told_apart_by_the_words_near_it(table) -> None:
    name = "AI Safety Institute"
    assert table.resolve(name) is None  # neither body owns the bare name
    assert set(table.candidates(name)) == {"us-aisi", "uk-aisi"}
    text = "Britain renamed its AI Safety Institute in February; the U.S. body followed in June."
    assert table.choose(name, text, text.index(name)) == "uk-aisi"
    text = "Commerce Secretary Howard Lutnick said the AI Safety Institute at NIST would change."
    assert table.choose(name, text, text.index(name)) == "us-aisi"
    assert table.choose(name, "The AI Safety Institute said so.", 4) is None  # no cue: the page decides


def test_a_part_belongs_to_the_document_that_defines_it(table) -> None:
    assert table.whole("asl-3") == "rsp"  # a safety level the Responsible Scaling Policy defines
    assert table.whole("rsp") == "rsp"
    assert table.whole("not-in-the-table") == "not-in-the-table"
