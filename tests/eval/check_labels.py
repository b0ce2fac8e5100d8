"""The shape of a labelled claim set, checked before anyone scores or trains on it.

    python tests/eval/check_labels.py tests/eval/claims/set_X.yaml ...   # prints each problem, or "format OK"

It checks form, not judgement: the YAML is a list of pages (id, style, published, segments, claims); each
segment has a kind and text; each claim names a segment, quotes words that stand in it exactly, uses a type
and predicate of the vocabulary in docs/claims.md with a value of the kind that predicate takes (a date with
its precision, an amount as digits with an ISO currency and a kind, a version, an entity id, a phrase), and
one of the documented sources, hedgings and origins. A writer labelling a new set runs it without running
the extractor, so the set stays blind.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from claimwatch.origin import ORIGINS

#: the predicates of each claim type (docs/claims.md, "Types and predicates")
PREDICATES = {
    "date": {"published", "effective", "released", "announced", "signed", "activated", "founded", "occurred"},
    "policy-change": {"adopts", "drops", "changes", "has-version"},
    "leak": {"leaked", "exposed-via", "accessed-by", "accessed-via"},
    "funding": {"raised", "valued-at", "revenue"},
    "quote": {"said"},
    "relation": {"developed-by", "leads", "renamed-to", "partner-of"},
}
VALUE_KIND = {"date": "date", "funding": "money", "quote": "text", "leak": "text", "relation": "entity"}
MONEY_KINDS = {"raised": {"round"}, "valued-at": {"post-money", "pre-money", "valuation"}, "revenue": {"revenue", "run-rate"}}
SEGMENT_KINDS = {"title", "heading", "paragraph", "list-item", "quote", "table-row"}
SOURCES = {"outlet", "attributed", "reportedly", "anonymous", "document"}
HEDGING = {"asserted", "reported", "speculated", "denied"}
FIELDS = {"segment", "text", "type", "subject", "predicate", "value", "as_of", "source", "attributed_to", "hedging", "origin"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def problems(path: Path) -> list[str]:
    out: list[str] = []
    try:
        docs = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return [f"{path}: not valid YAML: {error}"]
    if not isinstance(docs, list):
        return [f"{path}: the file must be a list of pages"]
    ids = set()
    for d, doc in enumerate(docs):
        where = f"{path.name} page {d} ({doc.get('id') if isinstance(doc, dict) else '?'})"
        if not isinstance(doc, dict) or set(doc) != {"id", "style", "published", "segments", "claims"}:
            out.append(f"{where}: a page has exactly id, style, published, segments, claims")
            continue
        if doc["id"] in ids:
            out.append(f"{where}: duplicate page id")
        ids.add(doc["id"])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(doc["published"])):
            out.append(f"{where}: published must be YYYY-MM-DD")
        segments = doc["segments"] if isinstance(doc["segments"], list) else []
        if not segments:
            out.append(f"{where}: segments must be a non-empty list")
        good = set()  # the segments a claim may point at
        for s, seg in enumerate(segments):
            if not isinstance(seg, dict) or set(seg) != {"kind", "text"} or seg["kind"] not in SEGMENT_KINDS or not str(seg["text"]).strip():
                out.append(f"{where} segment {s}: needs kind (one of {sorted(SEGMENT_KINDS)}) and non-empty text")
            else:
                good.add(s)
        seen_claims = set()
        for c, claim in enumerate(doc["claims"] or []):
            cw = f"{where} claim {c}"
            if not isinstance(claim, dict) or not FIELDS <= set(claim) or set(claim) - FIELDS - {"detail"}:
                out.append(f"{cw}: needs exactly {sorted(FIELDS)} (+ optional detail)")
                continue
            if type(claim["segment"]) is not int or claim["segment"] not in good:
                out.append(f"{cw}: segment {claim['segment']!r} is not an index into segments (or that segment is malformed)")
            elif str(claim["text"]) not in str(segments[claim["segment"]]["text"]):
                out.append(f"{cw}: text {claim['text']!r} is not an exact substring of segment {claim['segment']}")
            kind, predicate = str(claim["type"]), str(claim["predicate"])
            if kind not in PREDICATES or predicate not in PREDICATES[kind]:
                out.append(f"{cw}: {kind}/{predicate} is not in the vocabulary")
                continue
            if not isinstance(claim["subject"], str) or not SLUG.match(claim["subject"]):
                out.append(f"{cw}: subject {claim['subject']!r} must be a lower-case hyphenated id")
            value = claim["value"]
            want = "version" if predicate == "has-version" else ("text" if kind == "policy-change" else VALUE_KIND[kind])
            if not isinstance(value, dict) or list(value) != [want]:
                out.append(f"{cw}: value must be {{{want}: ...}} for {kind}/{predicate}")
            else:
                v = value[want]
                if want == "date" and not DATE.match(str(v)):
                    out.append(f"{cw}: date {v!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
                if want == "money" and (not isinstance(v, dict) or not re.match(r"^\d+$", str(v.get("amount")))
                                        or not re.match(r"^[A-Z]{3}$", str(v.get("currency"))) or v.get("kind") not in MONEY_KINDS[predicate]):
                    out.append(f"{cw}: money needs amount (a string of digits), currency (ISO, USD) and kind in {sorted(MONEY_KINDS[predicate])}")
                if want == "version" and not re.match(r"^\d+(\.\d+)*$", str(v)):
                    out.append(f"{cw}: version {v!r} must be digits and dots")
                if want == "entity" and not SLUG.match(str(v)):
                    out.append(f"{cw}: entity {v!r} must be a lower-case hyphenated id")
                if want == "text" and not str(v).strip():
                    out.append(f"{cw}: empty text value")
            if claim["as_of"] is not None and not DATE.match(str(claim["as_of"])):
                out.append(f"{cw}: as_of must be null or a date")
            if str(claim["source"]) not in SOURCES:
                out.append(f"{cw}: source must be one of {sorted(SOURCES)}")
            if str(claim["hedging"]) not in HEDGING:
                out.append(f"{cw}: hedging must be one of {sorted(HEDGING)}")
            if str(claim["origin"]) not in ORIGINS:
                out.append(f"{cw}: origin must be one of {sorted(ORIGINS)}")
            key = tuple(str(claim.get(name)) for name in ("segment", "text", "type", "predicate", "subject", "value", "detail"))
            if key in seen_claims:
                out.append(f"{cw}: the same claim twice")
            seen_claims.add(key)
    return out


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sets", nargs="+", type=Path, metavar="SET.yaml", help="labelled claim sets to check")
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.sets if not path.is_file()]
    if missing:
        print(f"no such file: {', '.join(missing)} (give the path of a labelled set, e.g. tests/eval/claims/set_a.yaml)",
              file=sys.stderr)
        return 2
    found = [p for path in args.sets for p in problems(path)]
    print("\n".join(found) if found else "format OK")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
