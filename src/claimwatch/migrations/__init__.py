"""Alembic migrations of the claim store; run by :func:`claimwatch.store.open_store` on every open."""
