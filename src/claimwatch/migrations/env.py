"""Alembic environment: claimwatch passes the open connection in ``config.attributes``."""

from alembic import context

from claimwatch.store import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through claimwatch (claimwatch db upgrade), which passes the connection")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
