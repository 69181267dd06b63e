"""trust: office contact, user lock, user audit, UTR uses

Revision ID: 0002_trust
Revises: 0001
Create Date: 2026-11-30 16:40:00

- office.contact: whom a counter's staff ask when the central revoked or quarantined it.
- central_user.failed_pins / locked_at: wrong PINs counted across all the office's counters.
- user_audit: what was done to a user's record, by whom (unlock, failed PIN, ...).
- utr_use: one row per UPI UTR in the whole system, so a UTR pays one booking anywhere.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_trust"
down_revision = "0002_office"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact", sa.Text(), nullable=True))
    with op.batch_alter_table("central_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_pins", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "user_audit",
        sa.Column("user_id", sa.String(length=48), nullable=False),
        sa.Column("audit_id", sa.String(length=40), nullable=False),
        sa.Column("office_id", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "audit_id"),
    )
    op.create_table(
        "utr_use",
        sa.Column("utr", sa.String(length=35), nullable=False),
        sa.Column("office_id", sa.String(length=40), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("upi_ref", sa.String(length=35), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("utr"),
    )


def downgrade() -> None:
    op.drop_table("utr_use")
    op.drop_table("user_audit")
    with op.batch_alter_table("central_user", schema=None) as batch_op:
        batch_op.drop_column("locked_at")
        batch_op.drop_column("failed_pins")
    with op.batch_alter_table("office", schema=None) as batch_op:
        batch_op.drop_column("contact")
