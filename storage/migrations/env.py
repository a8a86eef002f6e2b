"""Alembic environment: runs on the connection the app hands over (foreign keys off)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from storage.fts import include_in_autogenerate
from storage.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_name=include_in_autogenerate,  # FTS5 tables are not in the models
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # developers running alembic by hand against sqlalchemy.url
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
