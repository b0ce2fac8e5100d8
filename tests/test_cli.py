"""The command line: every command documented with an example, clear errors, real runs end to end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from claimwatch.cli import cli
from claimwatch.store import open_store

from conftest import Reply, Site, fixture_bytes, free_port

REPO = Path(__file__).resolve().parents[1]


def commands(group: click.Group = cli, prefix: str = "claimwatch") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = [(prefix, group)]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix} {name}")
        else:
            found.append((f"{prefix} {name}", command))
    return found


def claimwatch(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as a user would."""
    script = Path(sys.executable).with_name("claimwatch")
    full_env = {**os.environ, "COLUMNS": "200", **(env or {})}
    return subprocess.run([str(script), *args], capture_output=True, text=True, timeout=timeout, env=full_env, cwd=REPO)


@pytest.mark.parametrize(("path", "command"), commands(), ids=[p for p, _ in commands()])
def test_every_command_has_help_with_an_example(path: str, command: click.Command) -> None:
    args = path.split()[1:] + ["--help"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Example:" in result.output and path.split()[-1] in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [path for path, command in commands() if not isinstance(command, click.Group) and path not in readme]
    assert missing == []


def test_malformed_sources_exit_2_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - id: lab\n    kind: rss2\n    url: https://lab.example/feed\n")
    result = claimwatch("sources", "check", "--sources", str(bad), "--no-probe")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: {bad} line 3: unknown kind 'rss2'; use feed, page, sitemap, primary or local"]
    assert "Traceback" not in result.stderr


def test_run_over_unreachable_sources_records_each_and_exits_3(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n"
        "  - {id: refused, kind: feed, url: 'http://127.0.0.1:9/feed.xml'}\n"
        "  - {id: refused-too, kind: primary, url: 'http://127.0.0.1:9/policy.pdf'}\n"
    )
    db = f"sqlite:///{tmp_path / 'c.db'}"
    result = claimwatch("run", "--sources", str(sources), "--db", db, "--quiet", env={"CLAIMWATCH_RETRIES": "0"})
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "failed refused: ConnectError" in result.stdout
    assert "failed 2" in result.stdout
    with open_store(db) as store:
        log = store.fetch_log()
    assert sorted((r["source_id"], r["outcome"], r["error_class"]) for r in log) == [
        ("refused", "failed", "ConnectError"), ("refused-too", "failed", "ConnectError")]


def test_sources_check_probes_each_source(tmp_path: Path, site: Site) -> None:
    site.page("/feed.xml", fixture_bytes("site/feed.xml"), "application/rss+xml")
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - {{id: ok, kind: feed, url: '{site.url('feed.xml')}'}}\n  - {{id: gone, kind: page, url: '{site.url('gone')}'}}\n")
    result = claimwatch("sources", "check", "--sources", str(sources))
    assert result.returncode == 0, result.stderr
    assert "2 sources, valid" in result.stdout
    lines = {line.split()[1]: line for line in result.stdout.splitlines() if line.startswith("│")}
    assert "ok" in lines["ok"] and "200" in lines["ok"]
    assert "failed" in lines["gone"] and "404" in lines["gone"]


def test_server_text_is_printed_not_parsed_as_markup(tmp_path: Path, site: Site) -> None:
    site.add("/policy", Reply(403, b"no", reason="Forbidden [/] by [bold]policy"))
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - {{id: walled, kind: primary, url: '{site.url('policy')}'}}\n")
    for args in (["run", "--sources", str(sources), "--db", f"sqlite:///{tmp_path / 'c.db'}", "-q"], ["sources", "check", "--sources", str(sources)]):
        result = claimwatch(*args)
        assert "Traceback" not in result.stderr, result.stderr
        assert "Forbidden [/] by [bold]policy" in result.stdout


@pytest.mark.parametrize(
    ("db", "words"),
    [("mysql://u@h/db", "is not supported"), ("postgresql+psycopg2://u@h/db", "not installed with claimwatch"), ("not a url", "cannot read database URL")],
)
def test_unusable_database_urls_are_one_line_errors(db: str, words: str) -> None:
    result = claimwatch("db", "upgrade", "--db", db)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr


@pytest.mark.slow
def test_demo_twice_second_run_unchanged(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    port = str(free_port())  # the default 8765 may be taken on a shared machine
    first = claimwatch("demo", "--db", db, "--quiet", "--port", port)
    assert first.returncode == 0, first.stderr
    with open_store(db) as store:
        counts = store.counts()
        docs = store.documents(status="ok")
    assert len(docs) >= 12
    assert {d["content_type"] for d in docs} >= {"html", "pdf"}
    assert any(d["is_primary"] for d in docs)
    second = claimwatch("demo", "--db", db, "--quiet", "--port", port)
    assert second.returncode == 0, second.stderr
    assert "fetched 0 ·" in second.stdout and "new documents 0" in second.stdout
    with open_store(db) as store:
        again = store.counts()
    assert (again["documents"], again["segments"], again["sources"]) == (counts["documents"], counts["segments"], counts["sources"])
    assert f"store: {db} ({counts['documents']} documents" in second.stdout
    # languages: every segment not in English is accounted for, and the summary says how to fix it
    assert "untranslated, no model installed: de " in first.stdout
    assert "fix: claimwatch models install de fr zh" in first.stdout
    with open_store(db) as store:
        mixed = next(d for d in store.documents(status="ok") if d["url"].endswith("mythos-leck-sicherheitsversprechen.html"))
        segments = store.segments_of(mixed["id"])
        waiting = store.untranslated("en")
        foreign = sum(n for lang, n in store.language_counts().items() if lang not in ("en", "und"))
    assert segments[0]["kind"] == "title" and segments[0]["language"] == "de"
    assert {s["language"] for s in segments if s["kind"] == "paragraph" and s["text"].isascii()} == {"en"}
    assert mixed["language"] == "en" and [code for code, _ in mixed["languages"]] == ["en", "zh", "de"]
    assert sum(waiting.values()) == foreign and set(waiting) == {"de", "fr", "zh"}
    assert "translation into en: 0 segments translated" in second.stdout
    _deliberate_errors_are_claims(db)


# The sample corpus's deliberate errors (data/sample/README.md): page, (type, subject, predicate, value), words of the original
DELIBERATE_ERRORS = [
    ("digest-mythos-preview-vendor-access.html", ("date", "asl-3", "activated", "2024-05-22"), "2024-05-22", "ai-generated"),
    ("mythos-cms-leak.html", ("funding", "anthropic", "valued-at", "18400000000"), "$18.4 billion", "body"),
    ("us-aisi-agreements-caisi.html", ("relation", "inspect", "developed-by", "apollo-research"), "built by Apollo Research", "body"),
    # French, and no fr->en model in the demo: read language-independently, the span in French
    ("anthropic-washington-pentagone.html", ("date", "anthropic", "signed", "2024-05"), "mai 2024, Anthropic et OpenAI signent", "body"),
]


def _deliberate_errors_are_claims(db: str) -> None:
    with open_store(db) as store:
        documents = {d["url"].rsplit("/", 1)[-1]: d for d in store.documents(status="ok")}
        for page, expected, words, origin in DELIBERATE_ERRORS:
            document = documents[page]
            found = [c for c in store.claims_of(document["id"]) if (c.type, c.subject, c.predicate, c.value) == expected]
            assert found, f"{page}: no claim {expected}"
            claim = found[0]
            assert words in document["text"][claim.start:claim.end], (page, document["text"][claim.start:claim.end])
            assert claim.origin == origin
    mythos = next(c for c in _claims_json(db, "mythos-cms-leak.html") if c["predicate"] == "valued-at")
    assert mythos["value"] == {"money": {"amount": "18400000000", "currency": "USD", "kind": "valuation"}}
    assert mythos["as_of"] == "2026-03-27"  # "currently valued at": as of the page's date, which verification needs


def _claims_json(db: str, page: str) -> list[dict]:
    import json

    with open_store(db) as store:
        url = next(d["url"] for d in store.documents(status="ok") if d["url"].endswith(page))
    result = claimwatch("claims", url, "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _german_site(site: Site) -> None:
    from argos_package import PAIRS

    body = "".join(f"<p>{german}</p>" for german, _ in PAIRS)
    site.page("/de.html", f'<html lang="de"><head><title>{PAIRS[2][0]}</title></head><body><article>{body}</article></body></html>')


def test_models_install_from_file_then_run_translates(tmp_path: Path, site: Site, argos_package: Path) -> None:
    from argos_package import PAIRS

    _german_site(site)
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - {{id: de, kind: page, url: '{site.url('de.html')}', language: de}}\n")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    before = claimwatch("run", "--sources", str(sources), "--db", db, "-q")
    assert before.returncode == 0, before.stderr
    assert "untranslated, no model installed: de 11 segments" in before.stdout
    assert "fix: claimwatch models install de" in before.stdout
    assert "language-independent: dates, amounts and names read from untranslated segments" in before.stdout
    listed = claimwatch("models", "list", "--db", db)
    assert "no translation packages installed" in listed.stdout and "segments waiting for a model: de 11" in listed.stdout

    installed = claimwatch("models", "install", "--from-file", str(argos_package))
    assert installed.returncode == 0, installed.stderr
    assert "installed argos:translate-de_en@0.1.0 (de->en)" in installed.stdout
    listed = claimwatch("models", "list", "--db", db)
    assert "argos:translate-de_en@0.1.0" in listed.stdout
    assert "segments whose model is now installed: de 11" in listed.stdout and "waiting for a model" not in listed.stdout

    # translate alone, without fetching: the document's claims are read again, now from the English
    after = claimwatch("translate", "--db", db)
    assert after.returncode == 0, after.stderr
    assert "translation into en: 11 segments translated with argos:translate-de_en@0.1.0" in after.stdout
    assert "untranslated" not in after.stdout
    assert re.search(r"^claims: [1-9]\d* from 1 documents \(.*funding 1", after.stdout, re.M) and "language-independent" not in after.stdout
    rerun = claimwatch("run", "--sources", str(sources), "--db", db, "-q")
    assert rerun.returncode == 0 and "0 segments translated" in rerun.stdout and "claims: 0 from 0 documents" in rerun.stdout
    shown = claimwatch("claims", site.url("de.html"), "--db", db)
    assert shown.returncode == 0, shown.stderr
    # read from the English, shown with the German sentence it came from
    assert "The «valuation stands at 380 billion dollars»." in shown.stdout
    assert "original (de): Die Bewertung liegt bei 380 Milliarden Dollar." in shown.stdout
    with open_store(db) as store:
        doc = store.documents(status="ok")[0]
        translations = store.translations_of(doc["id"])
    assert [t.text for _, t in sorted(translations.items())][1:] == [english for _, english in PAIRS]

    again = claimwatch("translate", "--db", db)
    assert again.returncode == 0 and "0 segments translated" in again.stdout and "claims: 0 from 0 documents" in again.stdout


def test_models_install_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "x.argosmodel"
    bad.write_bytes(b"not a zip")
    for args, words in ((["models", "install", "--from-file", str(bad)], "not an Argos package"),
                        (["models", "install", "de"], "cannot read the Argos package index"),
                        (["models", "install"], "name the languages to install"),
                        (["models", "install", "d3"], "is not a language code"),
                        (["models", "list", "--db", f"sqlite:///{tmp_path / 'typo.db'}"], "no claim store at")):
        result = claimwatch(*args, env={"ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"})
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and words in result.stderr, (args, result.stderr)
    assert not (tmp_path / "typo.db").exists()  # a mistyped store path creates nothing


@pytest.mark.slow
def test_claims_of_a_document_as_text_and_json(tmp_path: Path, site: Site) -> None:
    site.page("/series-g.html", fixture_bytes("pages/funding_en.html"))
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - {{id: ledger, kind: page, url: '{site.url('series-g.html')}'}}\n")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    ran = claimwatch("run", "--sources", str(sources), "--db", db, "-q")
    assert ran.returncode == 0, ran.stderr
    [line] = [line for line in ran.stdout.splitlines() if line.startswith("claims: ")]
    assert " from 1 documents (funding " in line and line.endswith(" words/s")

    listed = claimwatch("claims", "--db", db)
    assert "Anthropic raises $30 billion at a $380 billion valuation" in listed.stdout
    text = claimwatch("claims", "https://quayside-ledger.example/markets/anthropic-series-g", "--db", db)  # the canonical URL
    assert text.returncode == 0, text.stderr
    out = text.stdout
    assert out.startswith("Anthropic raises $30 billion at a $380 billion valuation\n")
    assert "funding  anthropic  valued-at  USD 380,000,000,000 (post-money)" in out
    assert "source: attributed (anthropic)" in out and "reported" in out
    assert "at a «$380 billion post-money valuation»" in out  # the claim's words marked in their sentence
    assert "founded  2021 (year)" in out
    assert '"This round gives [us] the compute' in out  # article text is printed, never read as markup

    as_json = claimwatch("claims", "1", "--db", db, "--format", "json")
    assert as_json.returncode == 0, as_json.stderr
    items = json.loads(as_json.stdout)
    [valuation] = [c for c in items if c["predicate"] == "valued-at" and c["money_kind"] == "post-money"]
    assert valuation["value"] == {"money": {"amount": "380000000000", "currency": "USD", "kind": "post-money"}}
    assert valuation["original_text"] == valuation["text"] == "$380 billion post-money valuation"
    assert {c["type"] for c in items} >= {"funding", "date", "quote"} and all(c["document_id"] == 1 for c in items)


def test_claims_of_an_unknown_document_says_what_to_run(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert claimwatch("db", "upgrade", "--db", db).returncode == 0
    for ref in ("42", "https://example.org/never-fetched"):
        result = claimwatch("claims", ref, "--db", db)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert f"no document '{ref}'" in line and "claimwatch claims to list" in line and "claimwatch run" in line
    missing = claimwatch("claims", "1", "--db", f"sqlite:///{tmp_path / 'typo.db'}")
    assert missing.returncode == 2 and "no claim store at" in missing.stderr
    assert not (tmp_path / "typo.db").exists()
