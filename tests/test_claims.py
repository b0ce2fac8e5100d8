"""What the claim extractor reads from a page, rule by rule, on short texts written for these tests."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from claimwatch.claims import extract_claims, load_nlp
from claimwatch.config import Settings
from claimwatch.extract import segment_blocks
from claimwatch.models import Claim, Document

pytestmark = pytest.mark.slow  # the real spaCy pipeline


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def read(nlp, *blocks: tuple[str, str], published: str = "2026-04-22", learned=None) -> list[Claim]:
    text, segments = segment_blocks(list(blocks))
    document = Document(source_id="t", url="https://example.test/page", content_hash="h", content_type="text/html",
                        fetched_at=datetime(2026, 4, 22, tzinfo=timezone.utc), published=published, text=text, segments=segments)
    return list(extract_claims([(document, {})], settings=Settings(), nlp=nlp, learned=learned)[0])


def find(claims: list[Claim], type_: str, predicate: str) -> list[Claim]:
    return [c for c in claims if c.type == type_ and c.predicate == predicate]


def test_a_shared_name_means_the_body_the_words_around_it_point_to(nlp) -> None:
    claims = read(nlp, ("paragraph", "In February Britain renamed its AI Safety Institute the AI Security Institute."),
                  ("paragraph", "Four months later the AI Safety Institute at the Commerce Department became the Center for AI "
                                "Standards and Innovation."))
    renames = {(c.subject, c.value) for c in find(claims, "relation", "renamed-to")}
    assert renames == {("uk-aisi", "uk-aisi"), ("us-aisi", "caisi")}


def test_a_day_without_its_month_is_read_against_the_page_date(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic announced on the 9th that Claude Opus 4.6 would ship to all customers."),
                  ("paragraph", "The company had told partners on the 28th that the launch was near."))
    dates = {(c.value, c.precision) for c in claims if c.type == "date"}
    assert ("2026-04-09", "day") in dates
    assert ("2026-03-28", "day") in dates  # later in the month than the page's date: last month's


def test_a_timeline_row_that_starts_with_a_year(nlp) -> None:
    claims = read(nlp, ("heading", "Timeline"), ("list-item", "2021 — Anthropic is founded by a group of former OpenAI researchers"))
    [founded] = find(claims, "date", "founded")
    assert (founded.subject, founded.value, founded.precision, founded.origin) == ("anthropic", "2021", "year", "timeline")


def test_two_event_words_on_one_date_are_two_claims(nlp) -> None:
    claims = read(nlp, ("paragraph", "Version 3.0 of the Responsible Scaling Policy was published and took effect on February 24, 2026."))
    assert {c.predicate for c in claims if c.type == "date" and c.value == "2026-02-24"} >= {"published", "effective"}


def test_a_second_event_on_the_same_date(nlp) -> None:
    claims = read(nlp, ("paragraph", "ASL-3 protections were switched on for the first time on May 22, 2025, with the launch of "
                                     "Claude Opus 4."))
    dated = {(c.subject, c.predicate) for c in claims if c.type == "date" and c.value == "2025-05-22"}
    assert {("asl-3", "activated"), ("claude-opus-4", "released")} <= dated


def test_a_version_named_without_its_policy(nlp) -> None:
    blocks = (("paragraph", "Anthropic first published its Responsible Scaling Policy in September 2023."),
              ("paragraph", "Version 2.0 arrived in October 2024, and the policy is now at version 2.2."))
    assert {c.value for c in find(read(nlp, *blocks, learned=False), "policy-change", "has-version")} >= {"2.0", "2.2"}
    # the current version is the page's claim; an earlier one is history (the sets label it on its date)
    assert "2.2" in {c.value for c in find(read(nlp, *blocks), "policy-change", "has-version")}
    software = read(nlp, ("paragraph", "Anthropic's Responsible Scaling Policy is unchanged; version 2.1.88 of the npm package was pulled."))
    assert not find(software, "policy-change", "has-version")


def test_coordinated_commitments_are_two_claims(nlp) -> None:
    claims = read(nlp, ("paragraph", "The new Responsible Scaling Policy introduces a public safety roadmap and quarterly risk reports."))
    adopted = {c.value for c in find(claims, "policy-change", "adopts")}
    assert {"a public safety roadmap", "quarterly risk reports"} <= adopted


def test_rewriting_a_named_policy_is_not_itself_a_change(nlp) -> None:
    claims = read(nlp, ("paragraph", "Weeks earlier Anthropic rewrote its Responsible Scaling Policy."))
    assert not [c for c in claims if c.type == "policy-change" and c.predicate != "has-version"]


def test_a_government_body_s_new_mandate(nlp) -> None:
    claims = read(nlp, ("paragraph", "The Center for AI Standards and Innovation will focus on testing models for national-security "
                                     "risks, the department said."))
    [mandate] = find(claims, "policy-change", "adopts")
    assert mandate.subject == "caisi" and mandate.value == "testing models for national-security risks"


def test_what_an_incident_was_and_was_not(nlp) -> None:
    claims = read(nlp, ("title", "Claude Code source leaks through npm"),
                  ("paragraph", "The Claude Code leak was a packaging mistake, not a breach, Anthropic said."),
                  ("paragraph", "The company said no customer data was exposed."))
    routes = {(c.value, c.hedging) for c in find(claims, "leak", "exposed-via")}
    assert ("a packaging mistake", "reported") in routes and ("a breach", "denied") in routes
    [data] = [c for c in find(claims, "leak", "leaked") if "customer data" in c.value]
    assert data.value == "customer data" and data.hedging == "denied"


def test_a_leak_detail_in_a_spokesperson_s_quote_is_the_speaker_s_account(nlp) -> None:
    # the quote stays a quote; how the model was reached is a leak detail too, on the speaker's word, not the outlet's
    # the readers' reading; the tagger's screen drops it, as most labelled pages leave the route in a spokesperson's
    # words unlabelled (docs/claims.md, Quality)
    from claimwatch.claims.learned import LearnedReader, default_reader

    shipped = default_reader()
    unscreened = LearnedReader(shipped.relations, shipped.phrases, shipped.reviewer, vectors=shipped.vectors)
    claims = read(nlp, ("title", "Unauthorized users reached Claude Mythos Preview"),
                  ("quote", "“We are investigating a report of unauthorized access through a vendor's environment,” an Anthropic "
                            "spokesperson said."), learned=unscreened)
    assert find(claims, "quote", "said")
    [via] = [c for c in claims if c.type == "leak" and "vendor" in c.value]
    assert (via.predicate, via.subject) == ("accessed-via", "claude-mythos-preview")
    assert via.source != "outlet" and via.hedging != "asserted"


def test_words_in_single_quotation_marks_are_a_quote(nlp) -> None:
    claims = read(nlp, ("paragraph", "Jared Kaplan called the new approach 'a more honest kind of commitment' and said "
                                     "the company's 'pause' wording had aged badly."))
    # "company's" opens no quotation, and a one-word 'pause' with no naming verb is a scare quote, not a quote
    assert {c.value for c in find(claims, "quote", "said")} == {"a more honest kind of commitment"}


def test_a_partner_list_goes_on_past_the_alias_table(nlp) -> None:
    claims = read(nlp, ("paragraph", "Project Glasswing's launch partners include Apple, Cisco, Ravenbrook Systems and Tallis Bank."))
    partners = {c.value for c in find(claims, "relation", "partner-of") if c.subject == "project-glasswing"}
    assert {"apple", "cisco", "ravenbrook-systems", "tallis-bank"} <= partners


def test_matching_deals_share_their_counterpart(nlp) -> None:
    claims = read(nlp, ("paragraph", "The Pentagon gave Anthropic a prototype contract in July 2025; Google and xAI won similar "
                                     "contracts the same week."))
    pairs = {(c.subject, c.value) for c in find(claims, "relation", "partner-of")}
    assert {("us-department-of-defense", "anthropic"), ("us-department-of-defense", "google"),
            ("us-department-of-defense", "xai")} <= pairs


def test_roles_written_before_the_name_and_department_secretaries(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic said Thursday that its Responsible Scaling Officer, Jared Kaplan, would stay on."),
                  ("paragraph", "The order was signed by the Secretary of Defense Pete Hegseth."))
    leads = {(c.subject, c.value) for c in find(claims, "relation", "leads")}
    assert ("pete-hegseth", "us-department-of-defense") in leads
    assert ("jared-kaplan", "anthropic") in leads


def test_a_post_held_where_a_body_was_just_named_is_at_that_body(nlp) -> None:
    claims = read(nlp, ("paragraph", "Apollo Research ran the evaluation; Apollo Research shared the results."),
                  ("paragraph", "METR, where Beth Barnes serves as founder, published its own report."))
    leads = {(c.subject, c.value, c.detail) for c in find(claims, "relation", "leads")}
    assert ("beth-barnes", "metr", "founder") in leads  # not the page's most-named organisation
    assert not any(s == "beth-barnes" and v == "apollo-research" for s, v, _ in leads)


def test_the_same_day_and_the_following_day(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic switched on ASL-3 protections on May 22, 2025, the same day it launched Claude Opus 4."),
                  ("paragraph", "Shares of rival labs rose the following day."))
    dated = {(c.subject, c.value) for c in claims if c.type == "date"}
    assert ("claude-opus-4", "2025-05-22") in dated
    assert "2025-05-23" in {value for _, value in dated}


def test_who_got_in_and_how(nlp) -> None:
    claims = read(nlp, ("title", "Unauthorised outsiders reached an unreleased model"),
                  ("paragraph", "A handful of outsiders reached Claude Mythos Preview by guessing the address of its endpoint, "
                                "and they had been using the model since April 7."))
    by = {c.value for c in find(claims, "leak", "accessed-by")}
    via = {c.value for c in find(claims, "leak", "accessed-via")}
    assert "A handful of outsiders" in by
    assert "guessing the address of its endpoint" in via
    assert not [v for v in via if v.startswith("the model")]  # what was reached is not how


def test_makers_in_order_and_evaluators_and_their_clients(nlp) -> None:
    claims = read(nlp, ("paragraph", "Google DeepMind and OpenAI, which publish the Frontier Safety Framework and the Preparedness "
                                     "Framework, revised both last year."),
                  ("paragraph", "METR has tested OpenAI models before release."), learned=False)
    # the rules' reading (the readers retrained at stop 26 screen out the METR claim on this one short sentence)
    made = {(c.subject, c.value) for c in find(claims, "relation", "developed-by")}
    assert {("frontier-safety-framework", "google-deepmind"), ("preparedness-framework", "openai")} <= made
    assert ("metr", "openai") in {(c.subject, c.value) for c in find(claims, "relation", "partner-of")}


def test_a_later_model_is_not_its_predecessor_and_working_with_a_body_is_no_rename(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic released Claude Sonnet 4.5 on September 29, 2025."),
                  ("paragraph", "Anthropic has been working with the Center for AI Standards and Innovation on testing."))
    assert "claude-sonnet-4" not in {c.subject for c in claims}
    assert not find(claims, "relation", "renamed-to")


def test_a_takeaway_written_as_a_sentence_is_read_as_prose(nlp) -> None:
    # a list item in an AI-generated block that does not lead with its date is no timeline row: each date
    # takes the event word next to it, before or after
    claims = read(nlp, ("title", "Anthropic's Responsible Scaling Policy, version by version"),
                  ("heading", "Key takeaways (AI-generated)"),
                  ("list-item", "Version 3.0 was published in November 2025 and took effect on February 24, 2026."))
    dated = {(c.predicate, c.value) for c in claims if c.type == "date"}
    assert {("published", "2025-11"), ("effective", "2026-02-24")} <= dated
    assert ("effective", "2025-11") not in dated
    assert {c.origin for c in claims if c.type == "date"} == {"ai-generated"}


def test_a_date_and_the_day_something_else_happened(nlp) -> None:
    claims = read(nlp, ("paragraph", "Members of a private Discord channel had been using Claude Mythos Preview since April 7, "
                                     "the day Anthropic unveiled it."))
    on_the_seventh = [c for c in claims if c.type == "date" and c.value == "2026-04-07"]
    assert {"announced", "occurred"} <= {c.predicate for c in on_the_seventh}
    [use] = [c for c in on_the_seventh if c.predicate == "occurred"]
    assert "had been using" in use.text


def test_a_date_with_no_name_near_it_is_the_page_s(nlp) -> None:
    claims = read(nlp, ("title", "Four point releases of the Responsible Scaling Policy"),
                  ("paragraph", "The changelog entry for 3.1, dated 2 April 2026, reads like a reply to critics."))
    assert ("rsp", "2026-04-02") in {(c.subject, c.value) for c in claims if c.type == "date"}


def test_a_company_of_a_size_and_the_figure_before_the_money(nlp) -> None:
    claims = read(nlp, ("title", "Anthropic becomes a $965 billion company"),
                  ("paragraph", "Anthropic raised $30 billion; the pre-money figure comes to roughly $350 billion."))
    figures = {(c.predicate, c.value, c.money_kind) for c in claims if c.type == "funding"}
    assert ("valued-at", "965000000000", "valuation") in figures
    assert ("valued-at", "350000000000", "pre-money") in figures


def test_a_second_post_of_the_same_person_is_a_claim_of_its_own(nlp) -> None:
    claims = read(nlp, ("paragraph", "Jared Kaplan, Anthropic's chief science officer, is also the company's Responsible "
                                     "Scaling Officer."))
    posts = {(c.subject, c.value, c.detail) for c in find(claims, "relation", "leads")}
    assert posts == {("jared-kaplan", "anthropic", "chief science officer"),
                     ("jared-kaplan", "anthropic", "Responsible Scaling Officer")}


def test_versions_by_ordinal_by_a_spinner_s_word_and_in_force(nlp) -> None:
    claims = read(nlp, ("paragraph", "When Anthropic put model 3.0 of its Accountable Scaling Coverage into impact, it retired "
                                     "the clause."),
                  ("paragraph", "OpenAI's second Preparedness Framework replaced the scorecard."),
                  ("paragraph", "Google DeepMind's Frontier Safety Framework, now in its third iteration, was updated."),
                  ("paragraph", "The version currently in force, 3.1, adds a definition."), learned=False)  # the rules' readings
    versions = {(c.subject, c.value) for c in find(claims, "policy-change", "has-version")}
    assert {("rsp", "3.0"), ("preparedness-framework", "2.0"), ("frontier-safety-framework", "3.0"), ("rsp", "3.1")} <= versions


def test_a_spun_speech_verb_and_the_words_a_side_demands(nlp) -> None:
    claims = read(nlp, ("quote", "“This reads like a lab that has moved into triage mode,” mentioned Chris Painter."),
                  ("paragraph", "The Defense Department had demanded that Anthropic allow Claude's use “for all lawful "
                                "purposes”."))
    said = {(c.subject, c.value.rstrip(".")) for c in find(claims, "quote", "said")}
    assert ("chris-painter", "This reads like a lab that has moved into triage mode") in said
    assert ("us-department-of-defense", "for all lawful purposes") in said


def test_glasswing_partners_the_alias_table_names(nlp) -> None:
    claims = read(nlp, ("paragraph", "Project Glasswing, the programme whose partners include Apple, Broadcom and JPMorganChase, "
                                     "launched in April."))
    partners = {c.value for c in find(claims, "relation", "partner-of") if c.subject == "project-glasswing"}
    assert {"apple", "broadcom", "jpmorganchase"} <= partners


def test_two_people_who_got_in_are_two_claims(nlp) -> None:
    claims = read(nlp, ("title", "Anthropic's unreleased Mythos model exposed in a public data cache"),
                  ("paragraph", "Anthropic said the draft posts about Claude Mythos sat in a public cache. The exposed store was "
                                "spotted by Roy Paz of LayerX Security and Alexandre Pauwels of the University of Cambridge, "
                                "who alerted Fortune."))
    who = {c.value for c in find(claims, "leak", "accessed-by")}
    assert {"Roy Paz of LayerX Security", "Alexandre Pauwels of the University of Cambridge"} <= who
    assert not [v for v in who if " and " in v]


def test_days_and_months_counted_from_the_date_before(nlp) -> None:
    claims = read(nlp, ("paragraph", "Draft posts about Claude Mythos were exposed on March 26, 2026."),
                  ("paragraph", "Five days later, the Claude Code source map leaked through npm."),
                  ("paragraph", "Anthropic sued the Pentagon in March 2026. A month earlier, Anthropic had launched Claude Gov."),
                  ("paragraph", "The review came two days before the launch."), learned=False)  # the rules' readings
    dated = {(c.value, c.precision) for c in claims if c.type == "date"}
    assert ("2026-03-31", "day") in dated
    assert ("2026-02", "month") in dated
    assert len([c for c in claims if c.type == "date" and c.position == 3]) == 0  # "before the launch": no date named


def test_a_spinner_s_months_and_a_translation_s_word_order_are_dates(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic first switched on ASL-3 protections in Might 2025."),
                  ("paragraph", "Thornquist Alignment closed its Series A on 14 Could 2025."),
                  ("paragraph", "OpenAI restructured final October."),
                  ("paragraph", "The RSP was first established in 2023 year 9 month 19 day."),
                  ("paragraph", "Anthropic, founded 2021 by former OpenAI staff, closed its Series E in the summer of 2025."),
                  ("paragraph", "It could 2025 be a better year, and the final may be the hardest."), learned=False)
    dated = {(c.position, c.value, c.precision) for c in claims if c.type == "date"}
    assert (0, "2025-05", "month") in dated
    assert (1, "2025-05-14", "day") in dated
    assert (2, "2025-10", "month") in dated  # read on 22 April 2026: the October before
    assert (3, "2023-09-19", "day") in dated
    assert {(4, "2021", "year"), (4, "2025", "year")} <= dated
    assert not [d for d in dated if d[0] == 5]  # a modal verb in lower case is no month


def test_the_same_week_that_year_and_days_earlier_follow_the_date_before(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic published version 3.0 of its Responsible Scaling Policy on February 24, 2026."),
                  ("paragraph", "Defense Secretary Pete Hegseth met Dario Amodei in the same week."),
                  ("paragraph", "Anthropic signed agreements with the U.S. AI Safety Institute in August 2024."),
                  ("paragraph", "The memoranda were signed on August 29 of that year."),
                  ("paragraph", "The Claude Code source map leaked on March 31, 2026. Draft posts about Claude Mythos had "
                                "surfaced days earlier."),
                  ("paragraph", "Shares of cybersecurity vendors slid this morning."), learned=False)
    dated = {(c.position, c.value, c.precision) for c in claims if c.type == "date"}
    assert (1, "2026-02", "month") in dated
    assert (3, "2024-08-29", "day") in dated  # the year of the date before, not the page's
    assert not [d for d in dated if d[0] == 3 and d[2] == "year"]  # "that year" is part of the day, not a claim of its own
    assert (4, "2026-03", "month") in dated
    assert (5, "2026-04-22", "day") in dated  # the page's day


def test_the_day_a_model_launched_is_the_date_the_page_gave_it(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic announced Claude Mythos Preview on April 7, 2026."),
                  ("paragraph", "A Discord group had been using the model since launch day."),
                  ("paragraph", "Anthropic switched on ASL-3 protections on May 22, 2025, when Claude Opus 4 launched."),
                  ("paragraph", "Anthropic signed the deal on July 14, 2025, when the department awarded four contracts."),
                  learned=False)
    dated = {(c.position, c.subject, c.value) for c in claims if c.type == "date"}
    assert (1, "2026-04-07") in {(p, v) for p, _, v in dated}
    assert (2, "claude-opus-4", "2025-05-22") in dated
    assert not [d for d in dated if d[0] == 3 and d[1] != "anthropic"]  # a "when" clause without a model dates nothing


def test_a_date_written_beside_a_relative_one_says_when(nlp) -> None:
    claims = read(nlp, ("paragraph", "A week earlier, on May 14, Anthropic published version 2.2 of its policy."),
                  ("paragraph", "The audit came days before the launch of Claude Opus 4."), published="2025-05-30", learned=False)
    dated = {(c.position, c.value) for c in claims if c.type == "date"}
    assert (0, "2025-05-14") in dated
    assert not [d for d in dated if d[0] == 0 and d[1] != "2025-05-14"]
    assert not [d for d in dated if d[0] == 1]  # "before the launch of": no date named


def test_a_surname_is_the_person_the_page_named_in_full(nlp) -> None:
    claims = read(nlp, ("paragraph", "Chris Painter, METR's director of policy, read the new text."),
                  ("quote", "“It reads like an organisation that has moved into triage mode,” Painter said."),
                  ("paragraph", "Dario Amodei and Daniela Amodei founded the company."),
                  ("quote", "“We will keep our red lines in place,” Amodei said."))
    said = {c.value: c.subject for c in find(claims, "quote", "said")}
    assert said["It reads like an organisation that has moved into triage mode"] == "chris-painter"
    # two people of the page share "Amodei": the surname alone names neither
    assert said.get("We will keep our red lines in place") not in ("dario-amodei", "daniela-amodei")


def test_the_owners_of_frameworks_set_side_by_side(nlp) -> None:
    claims = read(nlp, ("paragraph", "The three documents are Anthropic's Responsible Scaling Policy, OpenAI's Preparedness "
                                     "Framework and Google DeepMind's Frontier Safety Framework."))
    makers = {(c.subject, c.value) for c in find(claims, "relation", "developed-by")}
    assert makers == {("rsp", "anthropic"), ("preparedness-framework", "openai"),
                      ("frontier-safety-framework", "google-deepmind")}


def test_leaders_named_after_is_and_by_with_words_between(nlp) -> None:
    claims = read(nlp, ("paragraph", "Its chief executive is John Smith, a former banker."),
                  ("paragraph", "The U.S. AI Safety Institute was headed for most of its brief life by Elizabeth Kelly."),
                  ("paragraph", "Anthropic publishes a new policy in the week that Defense Secretary Pete Hegseth meets "
                                "chief executive Dario Amodei."))
    led = {(c.subject, c.value) for c in find(claims, "relation", "leads")}
    assert {("elizabeth-kelly", "us-aisi"), ("pete-hegseth", "us-department-of-defense")} <= led
    assert ("dario-amodei", "defense") not in led  # the body before the other person's title is not his
    assert any(c.subject == "john-smith" for c in find(claims, "relation", "leads"))


def test_a_timeline_of_a_company_the_alias_table_does_not_know(nlp) -> None:
    claims = read(nlp, ("title", "Postmortem: Brindlecourt Robotics exposed a staging key"),
                  ("paragraph", "Brindlecourt Robotics said a staging key had been public for nine days. The key gave read "
                                "access to a test cluster, according to Brindlecourt Robotics, which builds warehouse robots."),
                  ("heading", "Timeline"),
                  ("table-row", "19 Apr 2026, 09:41 — service account revoked"),
                  ("table-row", "23 Apr 2026 — contractor confirms the password was posted in chat"))
    rows = {c.value: c.subject for c in claims if c.type == "date" and c.position in (3, 4)}
    assert set(rows) == {"2026-04-19", "2026-04-23"}
    assert set(rows.values()) == {"brindlecourt-robotics"}


def test_an_amount_that_names_no_currency_takes_the_page_s(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic raised $30 billion in February."),
                  ("paragraph", "With a run-rate of fourteen billion, it is growing faster than any rival."))
    [revenue] = find(claims, "funding", "revenue")
    assert (revenue.value, revenue.currency, revenue.money_kind) == ("14000000000", "USD", "run-rate")


def test_a_transcript_label_and_a_statement_s_owner_are_speakers(nlp) -> None:
    claims = read(nlp, ("quote", "KOFI MARLOW-SANDOVAL: “Very clear. They did not say the model had crossed the line.”"),
                  ("quote", "Anthropic's statement: \"We're investigating a report claiming unauthorized access to Claude "
                            "Mythos Preview.\""),
                  ("quote", "“It is difficult to find a precedent for a private company that grows this fast,” opined "
                            "Lucía Ferrandis Ocampo, an analyst."))
    said = {c.subject for c in find(claims, "quote", "said")}
    assert said == {"kofi-marlow-sandoval", "anthropic", "lucia-ferrandis-ocampo"}


def test_what_a_revision_puts_in_the_place_of_what_it_drops(nlp) -> None:
    claims = read(nlp, ("paragraph", "The Responsible Scaling Policy removes the unconditional pause and replaces it with a "
                                     "conditional commitment to delay."),
                  ("paragraph", "It was a rewrite of the Responsible Scaling Policy that strips out the promise to stop "
                                "training."))
    changes = {(c.predicate, c.value) for c in claims if c.type == "policy-change"}
    assert ("adopts", "a conditional commitment to delay") in changes
    assert ("drops", "the promise to stop training") in changes
    assert not [v for p, v in changes if p == "changes"]  # neither "replaces it with" nor the noun "rewrite" is a change


def test_a_dispute_is_no_partnership_and_a_partner_at_a_firm_is_a_post(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic is locked in a dispute with the Pentagon."),
                  ("quote", "“The market prices Anthropic like a megacap,” said Rafael Duquesne-Mbeki, a partner at the "
                            "advisory firm Ostrava Capital."),
                  ("paragraph", "Anthropic signed a deal with the Pentagon."))
    partners = {(c.position, c.subject, c.value) for c in find(claims, "relation", "partner-of")}
    assert partners == {(2, "anthropic", "us-department-of-defense")}


def test_a_group_from_a_server_is_who_got_in_and_no_one_exposed_data(nlp) -> None:
    claims = read(nlp, ("paragraph", "A small group from a Discord server about unreleased models accessed Claude Mythos "
                                     "Preview through a vendor."),
                  ("paragraph", "Anthropic said no customer data or credentials were exposed in the leak."))
    routes = {c.value for c in find(claims, "leak", "accessed-via")}
    assert "a vendor" in routes and not [r for r in routes if "Discord" in r]
    [nothing] = [c for c in claims if c.type == "leak" and c.position == 1]
    assert (nothing.predicate, nothing.value, nothing.hedging) == ("leaked", "customer data or credentials", "denied")


def test_what_a_company_now_does_after_an_incident_is_a_commitment(nlp) -> None:
    claims = read(nlp, ("title", "Brindlecourt Robotics left a storage bucket exposed for nine days"),
                  ("paragraph", "The bucket was exposed through a public-read template, Brindlecourt Robotics said. "
                                "Brindlecourt Robotics builds warehouse robots."),
                  ("list-item", "Public-read access is now blocked at the organisation level for every storage project."),
                  ("paragraph", "Is the model now blocked?"))
    adopted = [c for c in find(claims, "policy-change", "adopts") if c.position == 2]
    assert [c.value for c in adopted] == ["Public-read access is now blocked at the organisation level for every storage project"]
    assert not [c for c in claims if c.type == "policy-change" and c.position == 3]  # a question commits to nothing


def test_a_quotation_after_a_colon_and_the_person_who_names_a_thing(nlp) -> None:
    claims = read(nlp, ("paragraph", "11:05 — Okapi's chief executive, Leopold Varga-Asante, on a call with reporters: “Our "
                                     "partner's sandbox was the weak link, but it is our model.”"),
                  ("paragraph", "Chris Painter, METR's director of policy, who read an early draft, called the shift a move "
                                "into “triage mode.”"),
                  ("paragraph", "U.S. District Judge Rita F. Lin barred the Department of Defense from acting, calling the "
                                "government's approach “Orwellian.”"))
    said = {c.value.rstrip("."): c.subject for c in find(claims, "quote", "said")}
    assert said == {"Our partner's sandbox was the weak link, but it is our model": "leopold-varga-asante",
                    "triage mode": "chris-painter", "Orwellian": "rita-f-lin"}


def test_names_the_recogniser_gets_wrong_are_read_by_the_words_around_them(nlp) -> None:
    # written for this test: invented companies and people whose kind the small English model confuses
    claims = read(nlp, ("paragraph", "Demis Hassabis, the chief executive of Google DeepMind, said the framework would change."),
                  ("paragraph", "Brambleford Labs, a nine-person team building audit tools, closed a $6 million seed round. "
                                "Its chief executive is Oriane Castellanos-Whyte."),
                  ("paragraph", "Brambleford was founded in 2022 in Leeds by Saoirse Lindqvist-Amadi and Emeka Torvund-Hale."))
    leads = {(c.subject, c.value) for c in find(claims, "relation", "leads")}
    assert ("demis-hassabis", "google-deepmind") in leads
    assert {("oriane-castellanos-whyte", "brambleford-labs"), ("saoirse-lindqvist-amadi", "brambleford-labs"),
            ("emeka-torvund-hale", "brambleford-labs")} <= leads
    [raised] = find(claims, "funding", "raised")
    assert (raised.subject, raised.value) == ("brambleford-labs", "6000000")
    assert {c.subject for c in find(claims, "date", "founded")} == {"brambleford-labs"}  # the short name is the company


def test_a_founder_s_post_and_whom_the_company_was_founded_with(nlp) -> None:
    claims = read(nlp, ("title", "Red-teaming start-up Tarnwick raises $40 million"),
                  ("paragraph", "Tarnwick Assurance raised $40 million in a Series B round led by Halden Capital. Chief "
                                     "executive Isaura Quintanilla-Rhee, who co-founded the company in 2023 with former engineer "
                                     "Tomasz Ugwu-Fairlie, said revenue had doubled."))
    leads = {(c.subject, c.value, c.detail.lower()) for c in find(claims, "relation", "leads")}
    assert {("isaura-quintanilla-rhee", "tarnwick-assurance", "chief executive"),
            ("isaura-quintanilla-rhee", "tarnwick-assurance", "co-founder"),
            ("tomasz-ugwu-fairlie", "tarnwick-assurance", "co-founder")} <= leads
    assert not any(c.subject == "halden-capital" for c in find(claims, "relation", "leads"))  # a round led by an investor


def test_what_a_changelog_lists_and_a_conditional_commitment(nlp) -> None:
    claims = read(nlp, ("paragraph", "Anthropic revised its Responsible Scaling Policy on Tuesday."),
                  ("list-item", "Added: a conditional delay clause, the Frontier Safety Roadmap and periodic Risk Reports."),
                  ("list-item", "Removed: the unconditional pause commitment."),
                  ("paragraph", "The policy now requires two-party authorisation, egress limits and faster patching."),
                  ("paragraph", "Anthropic will now delay development only if it is the race leader and the risk is material."))
    adopted = {c.value for c in find(claims, "policy-change", "adopts") if c.subject == "rsp"}
    assert {"a conditional delay clause", "the Frontier Safety Roadmap", "periodic Risk Reports", "two-party authorisation",
            "egress limits", "faster patching"} <= adopted
    assert any(v.startswith("development only if") for v in adopted)
    assert [c.value for c in find(claims, "policy-change", "drops")] == ["the unconditional pause commitment"]


def test_what_an_incident_did_not_reach(nlp) -> None:
    claims = read(nlp, ("paragraph", "Unauthorised users accessed Claude Mythos Preview through a vendor environment, Anthropic said."),
                  ("paragraph", "No model weights appear to have been exfiltrated."))
    [weights] = [c for c in find(claims, "leak", "leaked") if "weights" in c.value]
    assert (weights.subject, weights.value, weights.hedging) == ("claude-mythos-preview", "model weights", "denied")


def test_a_table_s_columns_say_who_made_what(nlp) -> None:
    claims = read(nlp, ("title", "The evaluation tools labs lean on"),
                  ("table-row", "Tool | Maintained by | First released"),
                  ("table-row", "Hollowmere Probe | Saltreach Assurance | March 2025"),
                  ("table-row", "Inspect | UK AI Security Institute | May 2024"),
                  ("heading", "The frameworks"),
                  ("table-row", "Framework | Responsible Scaling Policy | Preparedness Framework"),
                  ("table-row", "Developer | Anthropic | OpenAI"), learned=False)
    made = {(c.subject, c.value) for c in find(claims, "relation", "developed-by")}
    assert {("hollowmere-probe", "saltreach-assurance"), ("inspect", "uk-aisi")} <= made  # a name no table knows, by its column
    assert {("rsp", "anthropic"), ("preparedness-framework", "openai")} <= made  # a table on its side, column by column
    assert not any(c.subject == "tool" or c.value in ("first-released", "march-2025") for c in find(claims, "relation", "developed-by"))


def test_a_row_without_a_heading_row_names_no_maker_by_its_columns(nlp) -> None:
    claims = read(nlp, ("paragraph", "Three projects we watched this year."),
                  ("table-row", "Hollowmere Probe | Saltreach Assurance | March 2025"), learned=False)
    assert not find(claims, "relation", "developed-by")


def test_each_post_of_a_person_is_a_claim_of_its_own(nlp) -> None:
    claims = read(nlp, ("paragraph", "“Tests find what reviews miss,” said Ilsabet Norquist-Oduya, co-founder and chief executive of "
                                     "Farrowdeep Labs."),
                  ("paragraph", "At Anthropic, Jared Kaplan, a co-founder, is chief science officer and also holds the title of "
                                "Responsible Scaling Officer, while Dario Amodei remains chief executive."), learned=False)
    posts = {(c.subject, c.value, c.detail.lower()) for c in find(claims, "relation", "leads")}
    assert {("ilsabet-norquist-oduya", "farrowdeep-labs", "co-founder"),
            ("ilsabet-norquist-oduya", "farrowdeep-labs", "chief executive")} <= posts
    assert {("jared-kaplan", "anthropic", "co-founder"), ("jared-kaplan", "anthropic", "chief science officer"),
            ("jared-kaplan", "anthropic", "responsible scaling officer"), ("dario-amodei", "anthropic", "chief executive")} <= posts
    assert not any(c.subject == "responsible-scaling-officer" for c in claims)  # a post is nobody's name


def test_posts_taken_and_given_by_the_verbs_around_the_name(nlp) -> None:
    claims = read(nlp, ("paragraph", "Pellmoor Assurance has appointed Rosalind Achterberg-Oyelowo as chief executive."),
                  ("paragraph", "Tamsin Vreeland-Okoro is now Cindervale AI's permanent chief executive."), learned=False)
    posts = {(c.subject, c.value) for c in find(claims, "relation", "leads")}
    assert {("rosalind-achterberg-oyelowo", "pellmoor-assurance"), ("tamsin-vreeland-okoro", "cindervale-ai")} <= posts


def test_a_short_name_and_a_surname_mean_whom_the_page_named_in_full(nlp) -> None:
    claims = read(nlp, ("paragraph", "Corvellan AI signed an agreement with the Aldermere Institute for Model Assurance on Tuesday."),
                  ("paragraph", "Aldermere's director, Osric Penhallow-Dube, said more developers would follow."),
                  ("paragraph", "Tamsyn Okafor-Brandt founded the company in 2023."),
                  ("paragraph", "“We would rather be embarrassed in public,” said Okafor-Brandt, Corvellan's chief executive."),
                  learned=False)
    posts = {(c.subject, c.value) for c in find(claims, "relation", "leads")}
    assert ("osric-penhallow-dube", "aldermere-institute-for-model-assurance") in posts
    assert ("tamsyn-okafor-brandt", "corvellan-ai") in posts
    assert {c.subject for c in find(claims, "quote", "said")} == {"tamsyn-okafor-brandt"}


def test_a_roster_table_says_who_holds_which_post(nlp) -> None:
    claims = read(nlp, ("title", "Who runs the evaluators"),
                  ("table-row", "Organisation | Person | Post"),
                  ("table-row", "Apollo Research | Marius Hobbhahn | Chief executive"),
                  ("table-row", "Anthropic | Jared Kaplan | Chief science officer; Responsible Scaling Officer"),
                  ("table-row", "Pellmoor Assurance | — | Head of evaluations"), learned=False)
    posts = {(c.subject, c.value, c.detail.lower()) for c in find(claims, "relation", "leads")}
    assert posts == {("marius-hobbhahn", "apollo-research", "chief executive"),
                     ("jared-kaplan", "anthropic", "chief science officer"),
                     ("jared-kaplan", "anthropic", "responsible scaling officer")}  # a vacant post names nobody


def test_renamings_said_outright_between_names_no_table_knows(nlp) -> None:
    claims = read(nlp, ("paragraph", "OAKLAND, May 5, 2026 — Kettlemere AI today announced that it has changed its name to "
                                     "Cinderholt Labs."),
                  ("list-item", "Renamed: Plumbrule is now Sextane; the old package name keeps working until June."),
                  ("table-row", "Sextane (formerly Plumbrule) | Hollowfen Research | renamed January 2026"), learned=False)
    renames = {(c.subject, c.value) for c in find(claims, "relation", "renamed-to")}
    assert renames == {("kettlemere-ai", "cinderholt-labs"), ("plumbrule", "sextane")}


def test_makers_named_by_what_stands_behind_or_came_from_them(nlp) -> None:
    claims = read(nlp, ("paragraph", "Ondmere Labs, the Rotterdam group behind the Sieveline red-teaming toolkit, hired a new CTO."),
                  ("paragraph", "Added: the Gantrell benchmark, which the Ashmere Institute released in December, now ships built in."),
                  learned=False)
    made = {(c.subject, c.value) for c in find(claims, "relation", "developed-by")}
    assert {("sieveline", "ondmere-labs"), ("gantrell", "ashmere-institute")} <= made


def test_a_partner_named_by_the_noun(nlp) -> None:
    claims = read(nlp, ("paragraph", "Sorrelmoor Labs raised a seed round last year and names Quillmere Robotics as its launch "
                                     "partner."), learned=False)
    assert ("sorrelmoor-labs", "quillmere-robotics") in {(c.subject, c.value) for c in find(claims, "relation", "partner-of")}


def test_what_an_incident_page_says_the_company_now_does(nlp) -> None:
    claims = read(nlp, ("title", "Postmortem: a public bucket at Vantmere Labs"),
                  ("paragraph", "Vantmere Labs found on May 3 that a storage bucket had been left open to anyone with its link."),
                  ("paragraph", "Every new bucket is now created private by default, and Keelward now refuses any change that "
                                "grants public-read unless two engineers approve it. We have also rotated every credential that "
                                "appeared in the exposed files."), learned=False)
    adopted = [c.value for c in find(claims, "policy-change", "adopts")]
    assert any(v.startswith("Every new bucket is now created private") and "Keelward" not in v for v in adopted)
    assert any(v.startswith("refuses any change") for v in adopted)
    assert any("rotated every credential" in v for v in adopted)


def test_posts_said_after_the_name_with_who_and_the_pronoun(nlp) -> None:
    claims = read(nlp, ("title", "Brackwell Labs reshuffles its top team"),
                  ("paragraph", "Brackwell Labs was founded in 2021 by former Ferrington staff, among them Odile Marsh-Kettering, "
                                "who became chief executive, and Tobiah Renwick-Oyelaran, who became president."),
                  ("paragraph", "Renwick-Oyelaran, who doubles as chief science officer and head of safety, signs off on each "
                                "release."),
                  ("paragraph", "Maria Lindqvist joined the lab in 2023. Today she is the company's chief operating officer."),
                  learned=False)
    posts = {(c.subject, c.value, c.detail.lower()) for c in find(claims, "relation", "leads")}
    assert {("odile-marsh-kettering", "brackwell-labs", "chief executive"),
            ("tobiah-renwick-oyelaran", "brackwell-labs", "president"),
            ("tobiah-renwick-oyelaran", "brackwell-labs", "chief science officer"),
            ("tobiah-renwick-oyelaran", "brackwell-labs", "head of safety"),
            ("maria-lindqvist", "brackwell-labs", "chief operating officer")} <= posts
    assert not any(value == "ferrington" for _, value, _ in posts)  # the founders' former employer leads nothing of theirs


def test_a_post_taken_on_joining_and_the_one_replaced(nlp) -> None:
    claims = read(nlp, ("paragraph", "Oksana Whitmore-Barros has joined Cindervale Evals as chief executive, replacing co-founder "
                                     "Bram Oduya-Lindholm, who stays on as chief scientist."), learned=False)
    posts = {(c.subject, c.value, c.detail.lower()) for c in find(claims, "relation", "leads")}
    assert ("oksana-whitmore-barros", "cindervale-evals", "chief executive") in posts
    assert {("bram-oduya-lindholm", "cindervale-evals", "co-founder"),
            ("bram-oduya-lindholm", "cindervale-evals", "chief scientist")} <= posts
    assert ("bram-oduya-lindholm", "cindervale-evals", "chief executive") not in posts  # the post he gave up


def test_a_founder_described_before_the_name_and_a_post_after_it(nlp) -> None:
    claims = read(nlp, ("paragraph", "Lanmere Zhiyuan was founded in 2022 by Tsinghua graduate Fang Yuhe, who serves as chief "
                                     "executive officer."), learned=False)
    posts = {(c.subject, c.value, c.detail.lower()) for c in find(claims, "relation", "leads")}
    assert ("fang-yuhe", "lanmere-zhiyuan", "chief executive officer") in posts
    assert ("fang-yuhe", "lanmere-zhiyuan", "founder") in posts
    assert not any(value == "tsinghua" for _, value, _ in posts)


def test_bodies_set_up_or_started_by_someone_and_posts_held_by_running_it(nlp) -> None:
    claims = read(nlp, ("title", "Three small evaluators"),
                  ("paragraph", "Tarnholt Robotics, which Jane Whitcombe started in 2022, raised $4 million."),
                  ("paragraph", "Orrisford Analytics sells audits. It was founded in 2021 by Peter Lang."),
                  ("paragraph", "Set up in 2023 by Mary Ellison, Kelbrook Labs employs 30 people."),
                  ("paragraph", "“We built it to be audited,” said Tom Hardy, who runs Kelbrook Labs as chief executive."),
                  ("paragraph", "Helbury Evals has had Anna Price as president from the start."),
                  ("paragraph", "John Carver started at Orrisford Analytics in 2019."), learned=False)
    posts = {(c.subject, c.value, c.detail.lower()) for c in find(claims, "relation", "leads")}
    assert {("jane-whitcombe", "tarnholt-robotics", "founder"), ("peter-lang", "orrisford-analytics", "founder"),
            ("mary-ellison", "kelbrook-labs", "founder"), ("tom-hardy", "kelbrook-labs", "chief executive"),
            ("anna-price", "helbury-evals", "president")} <= posts
    assert not any(person == "john-carver" for person, _, _ in posts)  # starting a job founds nothing


def test_a_revision_said_of_a_safety_level_is_one_of_the_policy_that_defines_it(nlp) -> None:
    claims = read(nlp, ("title", "Anthropic's Responsible Scaling Policy, version by version"),
                  ("paragraph", "Version 2.2, effective 14 May 2025, narrowed who counts as an insider under the ASL-3 "
                                "security standard."),
                  ("paragraph", "In May 2025 Anthropic activated ASL-3 protections for Claude Opus 4."), learned=False)
    revised = [c for c in claims if c.position == 1 and (c.type, c.predicate) in
               {("policy-change", "has-version"), ("policy-change", "changes"), ("date", "effective")}]
    assert {c.predicate for c in revised} >= {"has-version", "changes", "effective"}
    assert {c.subject for c in revised} == {"rsp"}
    assert any(c.subject == "asl-3" and c.predicate == "activated" for c in claims)  # what a level does stays its own
