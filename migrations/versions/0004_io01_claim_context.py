"""claims.context: where or how a claim was made (a mailer, a floor speech, a TV interview)

Revision ID: io01
Revises: 0003
Create Date: 2026-11-28 01:20:00

Imports carry it (LIAR's "context" column, ClaimReview's itemReviewed
appearance name) and exports give it back. A plain ADD COLUMN, not a batch
rebuild: on SQLite a rebuild of ``claims`` would drop the FTS triggers, and
SQLite (3.35+) adds and drops a nullable column in place.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "io01"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("claims", sa.Column("context", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("claims", "context")
