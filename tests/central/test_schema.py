"""The Alembic migrations build exactly the schema the models describe, on SQLite and
PostgreSQL, and running them again changes nothing."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

import postterm.central.models  # noqa: F401  (registers the tables)
from postterm.central.db import make_engine
from postterm.central.schema import alembic_config, upgrade


def test_migrations_match_the_models_and_are_idempotent(engine: Engine) -> None:
    upgrade(engine)  # already at head: a no-op
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        heads = ScriptDirectory.from_config(alembic_config(engine)).get_heads()
        assert heads == [context.get_current_revision()]  # one line of migrations, at its head


def test_the_office_migration_drops_the_old_automatic_upi_payer(tmp_path: Path) -> None:
    """A database seeded by an older seed-demo carried a setting with which the central paid
    pending UPI payments by itself; upgrading removes it and keeps everything else."""
    from alembic import command

    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = alembic_config(engine)
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(
            text(
                "INSERT INTO central_setting (key, value) VALUES "
                "('demo_payer_seconds', '5'), ('upi_callback_secret', 'kept')"
            )
        )
        conn.commit()
    upgrade(engine)
    with engine.connect() as conn:
        held = dict(conn.execute(text("SELECT key, value FROM central_setting")).all())
    engine.dispose()
    assert held == {"upi_callback_secret": "kept"}
