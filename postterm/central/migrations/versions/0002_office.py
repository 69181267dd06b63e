"""an office's own UPI payee; no automatic UPI payer in a central database

Revision ID: 0002_office
Revises: 0001
Create Date: 2026-11-30 16:30:00

The office record carries the UPI payee address (VPA) and the payee name its counters put in
payment links, beside its GSTIN. The setting with which `seed-demo` made the central mark
pending UPI payments paid by itself is removed: that payer now lives only in `postterm demo`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_office"
down_revision = "0002_migrate"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("upi_vpa", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("upi_payee", sa.String(length=40), nullable=True))
    op.execute("DELETE FROM central_setting WHERE key = 'demo_payer_seconds'")


def downgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.drop_column("upi_payee")
        batch.drop_column("upi_vpa")
