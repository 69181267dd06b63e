"""The Alembic migrations build exactly the schema the models describe, on SQLite and
PostgreSQL, and running them again changes nothing."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlmodel import SQLModel

import postterm.central.models  # noqa: F401  (registers the tables)
from postterm.central.schema import alembic_config, upgrade


def test_migrations_match_the_models_and_are_idempotent(engine: Engine) -> None:
    upgrade(engine)  # already at head: a no-op
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
        assert context.get_current_revision() == head
