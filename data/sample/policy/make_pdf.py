"""Write rsp-version-history.pdf, the sample corpus's policy change log, next to this script (needs fpdf2)."""

from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

TITLE = "Responsible Scaling Policy: version history and change log"
NOTE = (
    "Sample primary document bundled with claimwatch for its offline demo. The wording was written "
    "for this project; versions and dates follow the public version history of Anthropic's "
    "Responsible Scaling Policy."
)

INTRO = [
    "This document records each published version of the Responsible Scaling Policy (RSP), the date "
    "on which it took effect, and what changed. The policy links the safeguards a model must have to "
    "the capabilities it shows, using AI Safety Levels (ASL-1, ASL-2, ASL-3, ASL-4 and higher) modelled "
    "on the biosafety levels used for laboratories that handle pathogens.",
    "Entries are listed from the oldest version to the newest. Dates are effective dates in the format "
    "YYYY-MM-DD. Version 3.0, effective 2026-02-24, was the current version when this log was compiled "
    "on 2026-03-01.",
]

# (version, effective date, headline, details)
VERSIONS = [
    ("1.0", "2023-09-19", "First version",
     ["Approved by the board and published on 2023-09-19.",
      "Introduced AI Safety Levels: ASL-1 for systems with no meaningful catastrophic risk, ASL-2 for the "
      "models of the time, ASL-3 for models that substantially raise the risk of catastrophic misuse, and "
      "ASL-4 and higher, left to be defined later.",
      "Committed the lab to evaluate models for dangerous capabilities and not to train or deploy models "
      "beyond the safeguards it could show to be in place: in effect, a commitment to pause scaling when "
      "safeguards were not ready."]),
    ("2.0", "2024-10-15", "Capability thresholds and required safeguards",
     ["Reorganised the policy around Capability Thresholds paired with Required Safeguards.",
      "Set two main thresholds: CBRN weapons uplift, requiring ASL-3 safeguards, and autonomous AI "
      "research and development, requiring ASL-4 safeguards or higher.",
      "Split safeguards into a Deployment Standard and a Security Standard.",
      "Formalised the role of the Responsible Scaling Officer. All models were at ASL-2 when this "
      "version took effect."]),
    ("2.1", "2025-03-31", "Higher thresholds clarified",
     ["Added and clarified the CBRN-4 and AI R&D-4 capability thresholds, which describe the next level "
      "of concern above the ASL-3 triggers."]),
    ("2.2", "2025-05-14", "Scope revisions",
     ["Revised several sections, including a narrower insider-threat scope in the ASL-3 Security Standard.",
      "Eight days later, on 2025-05-22, ASL-3 protections were activated for the first time, together "
      "with the launch of Claude Opus 4. The activation was precautionary: the lab could no longer clearly "
      "rule out that the model crossed the CBRN threshold, but had not concluded that it did."]),
    ("3.0", "2026-02-24", "Pause commitment removed",
     ["Removed the unconditional commitment to pause training or deployment when adequate safeguards "
      "could not be shown in advance.",
      "Replaced it with a conditional commitment to delay development only if the lab judges itself to "
      "be the leader in frontier AI and considers the risk of catastrophe to be material.",
      "Committed the lab to match or exceed the safety efforts of its competitors.",
      "Separated the lab's unilateral commitments from recommendations for the industry as a whole.",
      "Introduced a public Frontier Safety Roadmap of non-binding safety goals, and Risk Reports every "
      "three to six months, some reviewed by external experts.",
      "Kept the ASL-3 safeguards against chemical, biological, radiological and nuclear misuse."]),
]


def build() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2026, 3, 1, tzinfo=timezone.utc))
    pdf.set_title(TITLE)
    pdf.set_author("claimwatch sample corpus")
    pdf.set_subject("Version history of a responsible scaling policy")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()

    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "I", 9)
    pdf.multi_cell(0, 5, NOTE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    for paragraph in INTRO:
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)

    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 8, "Summary table", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    with pdf.table(col_widths=(18, 32, 120), text_align="LEFT") as table:
        table.row(("Version", "Effective date", "Change"))
        for version, date, headline, _ in VERSIONS:
            table.row((version, date, headline))
    pdf.ln(6)

    for version, date, headline, details in VERSIONS:
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 8, f"Version {version} ({date}): {headline}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 11)
        for line in details:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.ln(3)
    return pdf


if __name__ == "__main__":
    out = Path(__file__).with_name("rsp-version-history.pdf")
    build().output(str(out))
    print(f"wrote {out}")
