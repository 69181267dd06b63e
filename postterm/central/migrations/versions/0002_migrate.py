"""migrate: bring an office's data across from the old system

Revision ID: 0002_migrate
Revises: 0001
Create Date: 2026-11-30 16:40:00

- article.source: `journal` (booked at a counter) or `migration` (from the old system).
- central_user.mobile, central_user.must_change_pin (a migrated user's one-time PIN).
- migrated_row: each imported row as read, so a rerun says unchanged and a changed row is a
  conflict.
- balance_sheet, opening_balance, balance_approval: an office's closing balances, effective
  after two supervisors approve.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_migrate"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=12), nullable=False, server_default="journal")
        )
    with op.batch_alter_table("central_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mobile", sa.String(length=15), nullable=True))
        batch_op.add_column(
            sa.Column("must_change_pin", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "migrated_row",
        sa.Column("source_file", sa.String(length=40), nullable=False),
        sa.Column("row_key", sa.String(length=80), nullable=False),
        sa.Column("office_id", sa.String(length=40), nullable=False),
        sa.Column("row_sha256", sa.String(length=64), nullable=False),
        sa.Column("row_json", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source_file", "row_key"),
    )
    with op.batch_alter_table("migrated_row", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_migrated_row_office_id"), ["office_id"], unique=False)
    op.create_table(
        "balance_sheet",
        sa.Column("office_id", sa.String(length=40), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cash_terminal_id", sa.String(length=64), nullable=True),
        sa.Column("cash_taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("office_id"),
    )
    op.create_table(
        "opening_balance",
        sa.Column("office_id", sa.String(length=40), nullable=False),
        sa.Column("item", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("office_id", "item"),
    )
    op.create_table(
        "balance_approval",
        sa.Column("office_id", sa.String(length=40), nullable=False),
        sa.Column("supervisor_id", sa.String(length=48), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("office_id", "supervisor_id"),
    )


def downgrade() -> None:
    op.drop_table("balance_approval")
    op.drop_table("opening_balance")
    op.drop_table("balance_sheet")
    with op.batch_alter_table("migrated_row", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_migrated_row_office_id"))
    op.drop_table("migrated_row")
    with op.batch_alter_table("central_user", schema=None) as batch_op:
        batch_op.drop_column("must_change_pin")
        batch_op.drop_column("mobile")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_column("source")
