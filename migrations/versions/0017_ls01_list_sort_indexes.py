"""claims: an index for each order `claim list --sort` offers

Revision ID: ls01
Revises: sp01
Create Date: 2026-12-02 17:05:00

`claim list --sort created|updated|status|type|position` sorted every matching
claim before taking a page: 0.35-0.50 s at 1M claims against 0.18 s for the
default order, and up to 2.7x its time at 10k (bench/README.md, "claim list on
the light read path"). Each sort now has an index in its own order, ending with
the id as the listing's order does, so a page is read in order and the sort is
gone. ``(version_id, start_offset, id)`` replaces ``(version_id)``, which it
serves too (a version's claims, the foreign key's lookups).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "ls01"
down_revision: str | None = "sp01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW = {
    "ix_claims_version_id_start_offset_id": ["version_id", "start_offset", "id"],
    "ix_claims_created_at_id": ["created_at", "id"],
    "ix_claims_updated_at_id": ["updated_at", "id"],
    "ix_claims_status_id": ["status", "id"],
    "ix_claims_claim_type_id": ["claim_type", "id"],
}


def upgrade() -> None:
    for name, columns in NEW.items():
        op.create_index(name, "claims", columns)
    op.drop_index("ix_claims_version_id", table_name="claims")


def downgrade() -> None:
    op.create_index("ix_claims_version_id", "claims", ["version_id"])
    for name in NEW:
        op.drop_index(name, table_name="claims")
