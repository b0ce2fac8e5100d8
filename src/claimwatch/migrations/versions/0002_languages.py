"""Languages: a language per segment, the document's languages, translations and their cache.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Added columns are nullable: rows stored before this revision get a language on the next
    # run (the pipeline fills in documents that have none).
    with op.batch_alter_table("segments") as batch:
        batch.add_column(sa.Column("section", sa.Integer))
        batch.add_column(sa.Column("language", sa.String(16)))
        batch.add_column(sa.Column("language_prob", sa.Float))
        batch.add_column(sa.Column("script", sa.String(8)))
        batch.add_column(sa.Column("language_method", sa.String(16)))
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("languages", sa.JSON))
    op.create_index("ix_segments_language", "segments", ["language"])
    op.create_table(
        "translation_cache",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("model", sa.String(160), nullable=False),
        sa.Column("source_language", sa.String(16), nullable=False),
        sa.Column("target_language", sa.String(16), nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("translation", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "segment_translations",
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source_language", sa.String(16), nullable=False),
        sa.Column("target_language", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("model", sa.String(160)),
        sa.Column("text", sa.Text),
        sa.Column("alignment", sa.JSON),
        sa.Column("detail", sa.Text),
        sa.Column("updated_at", TS, nullable=False),
        sa.Index("ix_segment_translations_doc", "document_id"),
        sa.Index("ix_segment_translations_status", "status"),
    )


def downgrade() -> None:
    op.drop_table("segment_translations")
    op.drop_table("translation_cache")
    op.drop_index("ix_segments_language", "segments")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("languages")
    with op.batch_alter_table("segments") as batch:
        for column in ("language_method", "script", "language_prob", "language", "section"):
            batch.drop_column(column)
