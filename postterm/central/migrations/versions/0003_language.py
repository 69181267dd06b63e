"""language: the language of a user's screens after log-in

Revision ID: 0003_language
Revises: 0002_trust
Create Date: 2026-11-30 20:50:00

- central_user.language: "hi" or "en" as the user chose at a counter's log-in screen; null
  until they choose (the counter's own language applies).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_language"
down_revision = "0002_trust"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("central_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("central_user", schema=None) as batch_op:
        batch_op.drop_column("language")
