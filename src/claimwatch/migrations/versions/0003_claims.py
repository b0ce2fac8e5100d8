"""Claims: one row per claim a document makes, and the extractor state each document's claims were made with.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Null for every document stored before this revision: the next run extracts their claims.
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("claims_state", sa.Text))
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE")),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("predicate", sa.String(32), nullable=False),
        sa.Column("value_kind", sa.String(16), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("precision", sa.String(8)),
        sa.Column("currency", sa.String(8)),
        sa.Column("money_kind", sa.String(16)),
        sa.Column("as_of", sa.String(16)),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("attributed_to", sa.Text),
        sa.Column("hedging", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("language", sa.String(16), nullable=False),
        sa.Column("translated", sa.Boolean, nullable=False),
        sa.Column("translation_start", sa.Integer),
        sa.Column("translation_end", sa.Integer),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("extractor", sa.String(32), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Index("ix_claims_document", "document_id"),
        sa.Index("ix_claims_subject_predicate", "subject", "predicate"),
        sa.Index("ix_claims_type", "type"),
        sa.Index("ix_claims_origin", "origin"),
    )


def downgrade() -> None:
    op.drop_table("claims")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("claims_state")
