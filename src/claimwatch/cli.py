"""The ``claimwatch`` command line: parses, calls the library, prints."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .config import Settings, load_settings
from .demo import sample_dir as bundled_sample_dir
from .demo import serve_folder
from .errors import ClaimwatchError
from .fetch import Fetcher
from .claims import EXTRACTOR_VERSION
from .models import Claim, ClaimReport, FetchResult, Outcome, RunSummary, SourceKind, SourceReport, TranslatedSegment, TranslationReport
from .pipeline import run as run_pipeline
from .pipeline import extract_claims_pending, identify_pending, translate_pending
from .translate import install_from_file, install_from_index, installed_models
from .sources import SourcesFile, load_sources
from .store import Store, open_store

__all__ = ["cli", "main"]

console = Console()
err_console = Console(stderr=True)

#: exit status when the run completed but not one source could be fetched
EXIT_ALL_FAILED = 3


def _settings(db: str | None) -> Settings:
    return load_settings().with_overrides(db_url=db)


def _run_with_progress(sources_file: SourcesFile, settings: Settings, quiet: bool) -> tuple[RunSummary, dict[str, int]]:
    """Run the pipeline; returns its summary and the store's row counts after it."""
    with open_store(settings.resolved_db_url) as store:
        return _run(store, sources_file, settings, quiet), store.counts()


def _run(store: Store, sources_file: SourcesFile, settings: Settings, quiet: bool) -> RunSummary:
    if quiet or not console.is_terminal:
        return run_pipeline(sources_file, settings=settings, store=store)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} requests"),
                  TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task("fetching", total=None)

        def on_result(result: FetchResult, report: SourceReport) -> None:
            progress.update(task, advance=1, description=f"{result.source_id}: {result.outcome.value}")

        return run_pipeline(sources_file, settings=settings, store=store, on_result=on_result)


def _print_summary(summary: RunSummary, counts: dict[str, int]) -> None:
    # Sized for an 80-column terminal: source ids are never cut, the counts are narrow.
    table = Table(title=f"run {summary.run_id}: {len(summary.sources)} sources in {summary.seconds:.1f} s", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("source", no_wrap=True)
    for name in ("fetched", "unchanged", "failed", "new docs", "discarded"):
        table.add_column(name, justify="right", no_wrap=True)
    for r in summary.sources:
        style = "red" if r.failed and not (r.fetched or r.unchanged) else None
        table.add_row(escape(r.source_id), str(r.fetched), str(r.unchanged), str(r.failed), str(r.new_documents), str(r.discarded), style=style)
    console.print(table)
    failures = [r for r in summary.sources if r.last_error]
    for r in failures[:20]:
        # Error text comes from servers and pages: never read it as rich markup.
        console.print(Text.assemble(("  failed ", "red"), f"{r.source_id}: {r.last_error}"), soft_wrap=True, highlight=False)
    if len(failures) > 20:
        console.print(f"  ... and {len(failures) - 20} more sources with failures (see the fetches table)")
    console.print(
        f"fetched {summary.total('fetched')} · unchanged {summary.total('unchanged')} · failed {summary.total('failed')} · "
        f"new documents {summary.total('new_documents')} · discarded {summary.total('discarded')}",
        highlight=False,
    )
    if summary.languages:
        console.print("languages (segments stored this run): " + " · ".join(f"{k} {v}" for k, v in summary.languages.items()), highlight=False)
    if summary.translation is not None:
        _print_translation(summary.translation)
    if summary.claims is not None:
        _print_claim_report(summary.claims)
    console.print(f"store: {summary.db_url} ({counts['documents']} documents, {counts['segments']} segments, {counts['claims']} claims)",
                  highlight=False)


def _print_translation(t: TranslationReport) -> None:
    models = f" with {', '.join(t.models)}" if t.models else ""
    console.print(f"translation into {t.target_language}: {t.segments_translated} segments translated{models}; "
                  f"sentences: {t.chunks_from_model} by the model, {t.chunks_from_cache} from the cache (cache hits)"
                  + (f"; {t.segments_failed} failed (retried next run)" if t.segments_failed else ""), highlight=False, markup=False)
    if t.missing:
        langs = ", ".join(f"{lang} {n}" for lang, n in t.missing.items())
        console.print(Text.assemble(("untranslated, no model installed: ", "yellow"), f"{langs} segments (kept in the original language)"), highlight=False)
        console.print(f"  fix: {t.fix_command}", highlight=False, soft_wrap=True)
        console.print("  offline: claimwatch models install --from-file FILE.argosmodel", highlight=False, soft_wrap=True)


def _print_claim_report(c: ClaimReport) -> None:
    by_type = f" ({', '.join(f'{kind} {n}' for kind, n in c.by_type.items())})" if c.by_type else ""
    console.print(f"claims: {c.claims} from {c.documents} documents{by_type}, {c.words_per_second:,.0f} words/s"
                  + (f"; {c.failed} documents failed (tried again next run)" if c.failed else ""), highlight=False, markup=False)
    if c.language_independent:
        console.print(f"  {c.language_independent} of them language-independent: dates, amounts and names read from untranslated "
                      "segments (install their translation models for full claims)", highlight=False, markup=False)


def _exit_code(summary: RunSummary) -> int:
    if summary.sources and all(r.failed and not (r.fetched or r.unchanged) for r in summary.sources):
        return EXIT_ALL_FAILED
    return 0


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="claimwatch")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Watch coverage of AI-safety events and tell what is true.

    \b
    Example:
      claimwatch demo                          # offline demo on the bundled sample corpus
      claimwatch run --sources sources.yaml    # one run over real sources
      claimwatch sources check                 # validate sources.yaml and probe each source
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    # trafilatura and htmldate log every page they find thin at WARNING; the run records those itself.
    for noisy in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(noisy).setLevel(max(level, logging.ERROR))


@cli.command()
@click.option("--sources", "sources_path", type=click.Path(path_type=Path), default=Path("sources.yaml"), show_default=True,
              help="The sources file to run over.")
@click.option("--db", help="Claim store URL (default: $CLAIMWATCH_DB or sqlite:///data/claimwatch.db).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def run(sources_path: Path, db: str | None, quiet: bool) -> None:
    """Run the pipeline once over every source and print a summary.

    Every request ends as a row in the store's fetch log: fetched, unchanged (304 or same
    bytes) or failed with its reason. Exits 3 when not one source could be fetched.

    \b
    Example:
      claimwatch run --sources sources.yaml --db sqlite:///data/claimwatch.db
    """
    summary, counts = _run_with_progress(load_sources(sources_path), _settings(db), quiet)
    _print_summary(summary, counts)
    sys.exit(_exit_code(summary))


@cli.command()
@click.option("--db", help="Claim store URL (default: sqlite:///data/demo/claimwatch.db).")
@click.option("--sample-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="The sample corpus to serve (default: data/sample of this checkout).")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="Port on 127.0.0.1 to serve the corpus on (default: the one in the sample's base_url, 8765).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def demo(db: str | None, sample_dir: Path | None, port: int | None, quiet: bool) -> None:
    """Run the pipeline on the bundled sample corpus, served on 127.0.0.1.

    The corpus is fetched over real HTTP from a local server, so conditional GET, feeds,
    sitemaps and PDFs are all exercised offline. Run it twice: the second run reports
    everything unchanged and stores nothing new.

    \b
    Example:
      claimwatch demo
      claimwatch demo --db sqlite:///tmp/demo.db --port 8800
    """
    folder = sample_dir or bundled_sample_dir()
    settings = load_settings()
    # host_interval 0: the server is our own, on loopback, and politeness is owed to nobody.
    settings = settings.with_overrides(db_url=db or f"sqlite:///{(settings.data_dir / 'demo' / 'claimwatch.db').as_posix()}", host_interval=0.0)
    if not (folder / "sources.yaml").is_file():
        raise ClaimwatchError(f"no sources.yaml in {folder}; pass --sample-dir pointing at claimwatch's data/sample")
    declared = load_sources(folder / "sources.yaml").base_url
    # A fixed port keeps the demo's URLs, and so its conditional GETs, the same from run to run.
    port = port or (urlsplit(declared).port if declared else None) or 8765
    with serve_folder(folder, port) as base_url:
        sources_file = load_sources(folder / "sources.yaml", base_url=base_url)
        summary, counts = _run_with_progress(sources_file, settings, quiet)
    _print_summary(summary, counts)
    console.print("digest: none yet (the daily digest is not built in this version)", highlight=False)


@cli.group()
def sources() -> None:
    """Inspect the sources file.

    \b
    Example:
      claimwatch sources check --sources sources.yaml
    """


@sources.command("check")
@click.option("--sources", "sources_path", type=click.Path(path_type=Path), default=Path("sources.yaml"), show_default=True)
@click.option("--no-probe", is_flag=True, help="Only validate the file; make no requests.")
def sources_check(sources_path: Path, no_probe: bool) -> None:
    """Validate the sources file, then probe each source with one request.

    Exits 2 when the file is malformed (the message names file, line and fix), 3 when
    no source answered.

    \b
    Example:
      claimwatch sources check --sources sources.yaml
      claimwatch sources check --no-probe
    """
    sources_file = load_sources(sources_path)
    console.print(f"{sources_path}: {len(sources_file.sources)} sources, valid", highlight=False)
    if no_probe:
        return
    settings = load_settings().with_overrides(retries=0)
    table = Table()
    for name in ("source", "kind", "result", "status", "bytes", "ms", "detail"):
        table.add_column(name)
    ok = 0
    with Fetcher(settings) as fetcher:
        for src in sources_file.sources:
            if src.kind is SourceKind.LOCAL:
                folder = Path(src.url)
                good = folder.is_dir()
                table.add_row(src.id, src.kind.value, "ok" if good else "failed", "", "", "", escape(str(folder)) if good else "folder does not exist")
                ok += good
                continue
            result = fetcher.get(src.url, source_id=src.id, role="probe", conditional=False)
            good = result.outcome is not Outcome.FAILED
            ok += good
            detail = (result.content_type or "") if good else f"{result.error_class}: {result.error_message}"
            table.add_row(src.id, src.kind.value, "ok" if good else "[red]failed[/red]", str(result.status or ""), str(result.n_bytes),
                          str(result.elapsed_ms), escape(detail))
    console.print(table)
    if not ok:
        sys.exit(EXIT_ALL_FAILED)


@cli.group()
def models() -> None:
    """List and install the translation models (Argos Translate packages).

    Packages live in the models folder: $CLAIMWATCH_MODELS_DIR, else data/models.

    \b
    Example:
      claimwatch models list
      claimwatch models install de zh fr ja
      claimwatch models install --from-file translate-de_en-1_9.argosmodel
    """


@models.command("list")
@click.option("--db", help="Also count the store's segments that wait for a model (default: $CLAIMWATCH_DB or sqlite:///data/claimwatch.db).")
def models_list(db: str | None) -> None:
    """Show the installed translation packages, and the languages in the store that have none.

    \b
    Example:
      claimwatch models list --db sqlite:///data/demo/claimwatch.db
    """
    settings = _settings(db)
    found, broken = installed_models(settings)
    console.print(f"models folder: {settings.resolved_models_dir / 'argos' / 'packages'}", highlight=False, markup=False)
    if found:
        table = Table(box=box.SIMPLE_HEAD)
        for name in ("model id", "from", "to", "version"):
            table.add_column(name, no_wrap=True)
        for info in found:
            table.add_row(escape(info.model_id), f"{info.from_code} {escape(info.from_name)}".strip(),
                          f"{info.to_code} {escape(info.to_name)}".strip(), escape(info.version))
        console.print(table)
    else:
        console.print("no translation packages installed", highlight=False)
    for line in broken:
        console.print(Text.assemble(("  unreadable: ", "red"), line), highlight=False)
    db_url = settings.resolved_db_url
    sqlite_file = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite:///") else None
    if db and sqlite_file is not None and not sqlite_file.is_file():
        raise ClaimwatchError(f"no claim store at {sqlite_file}; check --db, or run claimwatch run to create it")
    if db or (sqlite_file is not None and sqlite_file.is_file()):
        with open_store(db_url) as store:
            waiting = store.untranslated(settings.target_language)
        have = {info.from_code for info in found if info.to_code == settings.target_language}
        ready = {k: v for k, v in waiting.items() if k in have}
        missing = {k: v for k, v in waiting.items() if k not in have}
        if missing:
            console.print("segments waiting for a model: " + ", ".join(f"{k} {v}" for k, v in missing.items()), highlight=False)
            console.print(f"  fix: claimwatch models install {' '.join(missing)}", highlight=False)
        if ready:
            console.print("segments whose model is now installed: " + ", ".join(f"{k} {v}" for k, v in ready.items()), highlight=False)
            console.print("  translate them: claimwatch translate (or the next claimwatch run)", highlight=False)


@models.command("install")
@click.argument("languages", nargs=-1)
@click.option("--from-file", "files", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Install a downloaded .argosmodel file instead of fetching from the index (repeatable).")
def models_install(languages: tuple[str, ...], files: tuple[Path, ...]) -> None:
    """Install packages that translate LANGUAGES into English.

    From the Argos package index when online, or from local .argosmodel files with
    --from-file. Segments left untranslated for want of a model are translated by the next
    `claimwatch run` (or `claimwatch translate`).

    \b
    Example:
      claimwatch models install de zh fr ja
      claimwatch models install --from-file ~/Downloads/translate-de_en-1_9.argosmodel
    """
    settings = load_settings()
    if not languages and not files:
        raise click.UsageError("name the languages to install (claimwatch models install de zh) or give --from-file FILE.argosmodel")
    codes = []
    for code in languages:
        code = code.strip().lower()
        if not code.isalpha() or not 2 <= len(code) <= 3:
            raise click.BadParameter(f"{code!r} is not a language code; use ISO 639-1 codes such as de, zh, fr, ja", param_hint="LANGUAGES")
        if code == settings.target_language:
            raise click.BadParameter(f"{code} is the target language; nothing to install for it", param_hint="LANGUAGES")
        codes.append(code)
    done = [install_from_file(path, settings) for path in files]
    if codes:
        done += install_from_index(codes, settings)
    for info in done:
        console.print(f"installed {info.model_id} ({info.from_code}->{info.to_code}) in {info.path}", highlight=False, markup=False)


@cli.command("translate")
@click.option("--db", help="Claim store URL (default: $CLAIMWATCH_DB or sqlite:///data/claimwatch.db).")
def translate_cmd(db: str | None) -> None:
    """Translate the stored segments that wait for it, without fetching anything.

    Run it after `claimwatch models install`; `claimwatch run` does the same at its end.
    Then every stored document whose claims are due (a segment newly translated, a new
    extractor) gets them read again, from the English where there is a translation.

    \b
    Example:
      claimwatch translate --db sqlite:///data/claimwatch.db
    """
    settings = _settings(db)
    with open_store(settings.resolved_db_url) as store:
        identify_pending(store)  # a store migrated from before languages existed
        report = translate_pending(store, settings=settings)
        claims = extract_claims_pending(store, settings=settings)
    _print_translation(report)
    _print_claim_report(claims)


def _existing_store_url(settings: Settings) -> str:
    """The store URL, refusing a SQLite file that does not exist (a mistyped --db creates nothing)."""
    db_url = settings.resolved_db_url
    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).is_file():
        raise ClaimwatchError(f"no claim store at {db_url.removeprefix('sqlite:///')}; check --db, or run claimwatch run to create it")
    return db_url


def _format_value(c: Claim) -> str:
    if c.value_kind == "money":
        try:
            amount = Decimal(c.value)
            shown = f"{amount:,f}" if amount != amount.to_integral_value() else f"{int(amount):,}"
        except (InvalidOperation, ValueError):
            shown = c.value
        return f"{c.currency or '?'} {shown}" + (f" ({c.money_kind})" if c.money_kind else "")
    if c.value_kind == "date":
        return f"{c.value} ({c.precision})" if c.precision else c.value
    if c.value_kind == "version":
        return f"version {c.value}"
    if c.value_kind == "text":
        return f"“{c.value}”"
    return c.value


def _span_in_sentence(c: Claim, haystack: str | None) -> tuple[int, int] | None:
    """Where the claim's words stand in its sentence: from its offsets when the sentence is found around them, else by search."""
    start, end = (c.translation_start, c.translation_end) if c.translated else (c.start, c.end)
    sentence = c.sentence
    if haystack and start is not None and end is not None and end - start <= len(sentence):
        at = haystack.find(sentence, max(0, end - len(sentence)), start + len(sentence))
        if at != -1 and at <= start and end <= at + len(sentence):
            return start - at, end - at
    found = sentence.find(c.text) if c.text else -1
    return (found, found + len(c.text)) if found != -1 else None


def _print_document_claims(doc: dict[str, Any], items: list[Claim], translations: dict[int, TranslatedSegment]) -> None:
    # Titles, sentences and values are article text: Text objects, never markup.
    console.print(Text(doc["title"] or "(no title)", style="bold"))
    console.print(Text(f"{doc['url']} · document {doc['id']} · language {doc['language'] or '?'}"), highlight=False)
    state = doc["claims_state"]
    if doc["status"] != "ok":
        console.print(Text(f"discarded ({doc['discard_reason'] or 'no reason recorded'}): no text, no claims"), highlight=False)
        return
    if state is None:
        console.print("claims: not extracted yet (the next claimwatch run extracts them)", highlight=False)
        return
    made_by = state.split(" translated=")[0]
    stale = f"; made by {made_by}, the next claimwatch run redoes them with {EXTRACTOR_VERSION}" if made_by != EXTRACTOR_VERSION else ""
    console.print(f"{len(items)} claims{stale}", highlight=False, markup=False)
    for i, c in enumerate(items, 1):
        console.print()
        console.print(Text.assemble((f"{i}. ", "bold"), (c.type, "cyan"), "  ", (c.subject, "bold"), "  ", (c.predicate, "magenta"), "  ",
                                    (_format_value(c), "green")), highlight=False)
        source = c.source + (f" ({c.attributed_to})" if c.attributed_to else "")
        facts = [f"as of {c.as_of}" if c.as_of else None, c.hedging, f"source: {source}", f"origin: {c.origin}",
                 f"detail: {c.detail}" if c.detail else None,
                 f"translated from {c.language}" if c.translated else (f"{c.method}, {c.language}" if c.method != "full" else None)]
        console.print(Padding(Text(" · ".join(f for f in facts if f), style="dim"), (0, 0, 0, 3), expand=False), highlight=False)
        translation = translations.get(c.position)
        span = _span_in_sentence(c, translation.text if c.translated and translation else doc["text"])
        sentence = Text()
        if span:
            # Without colour (a pipe, a file) the claim's words are marked so they still stand out.
            plain = console.color_system is None
            sentence.append(c.sentence[:span[0]])
            sentence.append(f"«{c.sentence[span[0]:span[1]]}»" if plain else c.sentence[span[0]:span[1]], style="bold reverse")
            sentence.append(c.sentence[span[1]:])
        else:
            sentence.append(c.sentence)
        console.print(Padding(sentence, (0, 0, 0, 3), expand=False), highlight=False)
        if c.translated:
            original = Text.assemble((f"original ({c.language}): ", "dim"), doc["text"][c.start:c.end])
            console.print(Padding(original, (0, 0, 0, 3), expand=False), highlight=False)


def _claim_json(document_id: int, c: Claim, text: str) -> dict[str, Any]:
    return {"document_id": document_id, **asdict(c), "value": c.value_dict, "original_text": text[c.start:c.end]}


@cli.command("claims")
@click.argument("document", required=False)
@click.option("--db", help="Claim store URL (default: $CLAIMWATCH_DB or sqlite:///data/claimwatch.db).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for reading; json: every field, the typed value and the original-language words.")
def claims_cmd(document: str | None, db: str | None, fmt: str) -> None:
    """Show the claims a stored document makes, each with its sentence and provenance.

    DOCUMENT is a document id or a URL (as listed, after redirects, or canonical). Without
    it, list the stored documents with their number of claims. A claim read from a
    translation also shows the original-language sentence it came from.

    \b
    Example:
      claimwatch claims                      # the documents, with their ids
      claimwatch claims 12
      claimwatch claims https://harbortech.example/policy/scaling-pledge-rewrite --format json
    """
    settings = _settings(db)
    with open_store(_existing_store_url(settings)) as store:
        if document is None:
            overview = store.claim_overview()
            if fmt == "json":
                click.echo(json.dumps(overview, ensure_ascii=False, indent=2))
                return
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            for name in ("id", "claims", "lang", "title / url"):
                table.add_column(name, justify="right" if name in ("id", "claims") else "left")
            for row in overview:
                claimed = "-" if row["claims_state"] is None else str(row["claims"])
                table.add_row(str(row["id"]), claimed, row["language"] or "?", Text(row["title"] or row["url"]))
            console.print(table)
            return
        doc = store.find_document(document)
        if doc is None:
            raise ClaimwatchError(f"no document {document!r} in the claim store at {store.url}; run claimwatch claims to list "
                                  "the stored documents, or claimwatch run to fetch it")
        items = store.claims_of(doc["id"])
        translations = store.translations_of(doc["id"]) if any(c.translated for c in items) else {}
    if fmt == "json":
        click.echo(json.dumps([_claim_json(doc["id"], c, doc["text"]) for c in items], ensure_ascii=False, indent=2))
    else:
        _print_document_claims(doc, items, translations)


@cli.group()
def db() -> None:
    """Manage the claim store's schema.

    \b
    Example:
      claimwatch db upgrade --db postgresql://claimwatch@localhost/claimwatch
    """


@db.command("upgrade")
@click.option("--db", "db_url", help="Claim store URL (default: $CLAIMWATCH_DB or sqlite:///data/claimwatch.db).")
def db_upgrade(db_url: str | None) -> None:
    """Create the store if needed and migrate it to the newest schema.

    \b
    Example:
      claimwatch db upgrade --db sqlite:///data/claimwatch.db
    """
    settings = _settings(db_url)
    with open_store(settings.resolved_db_url) as store:
        current, head = store.revision()
        console.print(f"{store.url}: schema at revision {current} (newest {head})", highlight=False)
        counts = store.counts()
    console.print(", ".join(f"{k} {v}" for k, v in counts.items()), highlight=False)


def main() -> None:
    """Console entry point: library errors become one line on stderr and exit status 2."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err_console.print("aborted")
        sys.exit(130)
    except ClaimwatchError as exc:
        err_console.print(f"error: {exc}", highlight=False, markup=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
