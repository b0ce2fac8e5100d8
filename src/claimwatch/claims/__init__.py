"""Claim extraction: typed, normalised, checkable statements with their provenance, from English or translated text.

Each segment is read in English: its own text when it is English (or has no language), else
its machine translation. spaCy's English pipeline gives sentences, entities and the parse; the
alias table (``data/aliases.yaml``) gives canonical entities; ``normalize`` reads dates and
money. Rules per claim type then decide what is claimed, of whom, and how firmly. Segments
still waiting for a translation model get the language-independent part only (dates,
amounts, alias-table names in any script), and their claims say ``method: language-independent``.

Why rules rather than a trained model: no claim-extraction model ships offline, and the
claims a fact-checker needs (a date of a policy version, a valuation and its kind, who leads
what) are few and well-marked in news prose. The rules are measured on the labelled set in
``tests/eval/claims/`` (``tests/eval/evaluate.py``), gated by the floors in ``floors.json``.
"""

from __future__ import annotations

# The stage is read through the package (``claimwatch.claims.EXTRACTOR_VERSION``,
# ``claimwatch.claims.extract_claims``): the pipeline looks these names up here at call time.
from .reading import CLAIM_TYPES, EXTRACTOR_VERSION, SPACY_MODEL, extract_claims, load_nlp

__all__ = ["EXTRACTOR_VERSION", "SPACY_MODEL", "load_nlp", "extract_claims", "CLAIM_TYPES"]
