"""read paths at a million claims: indexes in list and queue order; the dashboard's counters

Revision ID: p002
Revises: f001
Create Date: 2026-12-02 11:00:00

- ``ix_claims_priority_id``: `claim list` in its default order (priority, id)
  reads the first page from the index instead of sorting the table.
- ``ix_claims_claim_type_priority_id`` replaces ``ix_claims_claim_type``: `claim list
  --type X` in default order reads the index in order instead of sorting a fifth
  of the table (SQLite picked the type index, then a temp B-tree).
- ``ix_claims_priority_version_id_start_offset_id``: the review queue reads each
  priority's claims in queue order.
- ``claim_counts``: what `claimdb status` shows, per document, kept by triggers on
  claims, citations and flags (``claimdb.db.counts``), filled here by one recount.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from claimdb.db import counts

revision: str = "p002"
down_revision: str | None = "f001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_claims_priority_id", "claims", ["priority", "id"])
    op.drop_index("ix_claims_claim_type", table_name="claims")
    op.create_index("ix_claims_claim_type_priority_id", "claims", ["claim_type", "priority", "id"])
    op.create_index(
        "ix_claims_priority_version_id_start_offset_id",
        "claims",
        ["priority", "version_id", "start_offset", "id"],
    )
    op.create_table(
        "claim_counts",
        sa.Column("document_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("metric", sa.String(length=16), nullable=False),
        sa.Column("bucket", sa.String(length=40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "metric", "bucket", name=op.f("pk_claim_counts")),
    )
    dialect = op.get_bind().dialect.name
    triggers = counts.sqlite_triggers() if dialect == "sqlite" else counts.postgresql_triggers()
    for sql in triggers:
        op.execute(sql)
    op.execute(counts.RECOUNT)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in counts.SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for sql in counts.postgresql_drop():
            op.execute(sql)
    op.drop_table("claim_counts")
    op.drop_index("ix_claims_priority_version_id_start_offset_id", table_name="claims")
    op.drop_index("ix_claims_claim_type_priority_id", table_name="claims")
    op.create_index("ix_claims_claim_type", "claims", ["claim_type"])
    op.drop_index("ix_claims_priority_id", table_name="claims")
