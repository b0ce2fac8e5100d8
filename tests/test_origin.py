"""Segment origins: AI-generated boxes, timelines, FAQs and boilerplate told apart from the article body."""

from __future__ import annotations

from claimwatch.extract import segment_blocks
from claimwatch.origin import tag_origins


def origins(*blocks: tuple) -> list[str]:
    _, segments = segment_blocks(list(blocks))
    return tag_origins(segments)


def test_aggregator_page() -> None:
    assert origins(
        ("title", "Unauthorised access to Mythos Preview: what we know"),
        ("paragraph", "A small group reached the restricted model through a contractor's environment, the company said."),
        ("heading", "AI-generated analysis", 2),
        ("paragraph", "The incident suggests vendor controls lag behind the model's sensitivity."),
        ("heading", "Timeline", 3),
        ("list-item", "2026-04-07 — Anthropic announces Claude Mythos Preview."),
        ("heading", "About Stackfeed", 2),
        ("paragraph", "About Stackfeed: summaries are produced automatically."),
    ) == ["body", "body", "ai-generated", "ai-generated", "ai-generated", "ai-generated", "boilerplate", "boilerplate"]


def test_timeline_rows_without_a_timeline_heading() -> None:
    assert origins(
        ("paragraph", "The policy has changed several times since it was first published."),
        ("heading", "How we got here", 2),
        ("list-item", "September 2023: version 1.0 introduces AI Safety Levels."),
        ("list-item", "2024年10月15日：2.0版生效。"),
        ("list-item", "Critics say the changes are overdue."),
    ) == ["body", "body", "timeline", "timeline", "body"]


def test_faq_questions_in_flat_and_nested_markup() -> None:
    flat = origins(("heading", "FAQ", 2), ("heading", "Was it a hack?", 2), ("paragraph", "No, a configuration error."),
                   ("heading", "What comes next", 2), ("paragraph", "Regulators will ask questions."))
    assert flat == ["faq", "faq", "faq", "body", "body"]
    nested = origins(("heading", "常见问题", 2), ("heading", "这次泄露的是什么内容？", 3), ("paragraph", "近3000个尚未发布的文件。"))
    assert nested == ["faq", "faq", "faq"]


def test_labels_in_other_languages() -> None:
    assert origins(("heading", "KI-generierte Zusammenfassung", 2), ("paragraph", "Die Fassung streicht die Pausenzusage.")) == ["ai-generated"] * 2
    assert origins(("heading", "Résumé généré par l'IA", 2), ("paragraph", "La version 3.0 supprime l'engagement.")) == ["ai-generated"] * 2
    assert origins(("heading", "Zeitleiste", 2), ("paragraph", "Die erste Fassung erschien 2023.")) == ["timeline"] * 2
