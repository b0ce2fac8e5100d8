"""Foundation: runs, sources, fetches, http_cache, documents, segments.

Revision ID: 0001
Revises:

The tables are written out here rather than taken from ``claimwatch.store.metadata``: a
migration is a frozen step of history, and the metadata moves on. tests/test_store.py checks
that the migrated schema and the metadata agree.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sources_file", sa.Text),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("summary", sa.JSON),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("language", sa.String(16)),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("config", sa.JSON, nullable=False),
        sa.Column("first_seen_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
    )
    op.create_table(
        "fetches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("source_id", sa.String(80), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("final_url", sa.Text),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("status_code", sa.Integer),
        sa.Column("n_bytes", sa.Integer, nullable=False),
        sa.Column("elapsed_ms", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("error_class", sa.String(64)),
        sa.Column("error_message", sa.Text),
        sa.Column("fetched_at", TS, nullable=False),
    )
    op.create_index("ix_fetches_run", "fetches", ["run_id"])
    op.create_table(
        "http_cache",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.String(80), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("url_hash", sa.String(64), nullable=False),
        sa.Column("final_url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("discard_reason", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.Text),
        sa.Column("site_name", sa.Text),
        sa.Column("language_hint", sa.String(16)),
        sa.Column("language", sa.String(16)),
        sa.Column("is_primary", sa.Boolean, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("n_bytes", sa.Integer, nullable=False),
        sa.Column("first_run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("fetched_at", TS, nullable=False),
        sa.UniqueConstraint("url_hash", "content_hash", name="uq_documents_url_content"),
    )
    op.create_index("ix_documents_source", "documents", ["source_id"])
    op.create_index("ix_documents_hash", "documents", ["content_hash"])
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start_offset", sa.Integer, nullable=False),
        sa.Column("end_offset", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "position", name="uq_segments_doc_pos"),
    )


def downgrade() -> None:
    for table in ("segments", "documents", "http_cache", "fetches", "sources", "runs"):
        op.drop_table(table)
