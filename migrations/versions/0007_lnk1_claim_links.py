"""claim_links: a person"s word that a claim repeats another, or is related to it

Revision ID: lnk1
Revises: s001
Create Date: 2026-12-02 10:18:24

A new table only; nothing existing changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "lnk1"
down_revision: str | None = "s001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("same", "related", name="link_kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("claim_id <> other_id", name=op.f("ck_claim_links_not_itself")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_links_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_claim_links_created_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["other_id"], ["claims.id"], name=op.f("fk_claim_links_other_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_links")),
        sa.UniqueConstraint("claim_id", "other_id", name=op.f("uq_claim_links_claim_id_other_id")),
    )
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_links_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_links_other_id"), ["other_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_links_other_id"))
        batch_op.drop_index(batch_op.f("ix_claim_links_claim_id"))

    op.drop_table("claim_links")
