"""link_checks: the history of `source check`; link statuses redirected and blocked; quote flags

Revision ID: lc01
Revises: x001
Create Date: 2026-12-02 10:45:00

`claimdb source check` writes one ``link_checks`` row per request and derives the
source's ``link_status`` from that history, which gains ``redirected`` (moved for
good) and ``blocked`` (the server refuses automated readers). `source archive`
records when the archived copy was captured (``sources.archive_captured_at``).
`source check --quotes` raises ``quote-not-found`` flags, each naming the
citation whose passage is gone (``flags.citation_id``). ``sources`` and ``flags``
are rebuilt on SQLite (batch) to change their CHECK constraints; neither has
triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "lc01"
down_revision: str | None = "x001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_STATUS = ("live", "dead", "unknown")
NEW_STATUS = ("live", "redirected", "dead", "blocked", "unknown")
OLD_REASONS = (
    "unsupported",
    "needs-source",
    "outdated",
    "misquoted",
    "disputed",
    "transcription",
    "other",
    "anchor-changed",
    "anchor-orphaned",
)
NEW_REASONS = (*OLD_REASONS, "quote-not-found")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    op.create_table(
        "link_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("redirects", sa.JSON(), nullable=False),
        sa.Column("permanent_redirect", sa.Boolean(), nullable=False),
        sa.Column("content_type", sa.String(length=255), nullable=True),
        sa.Column("content_length", sa.BigInteger(), nullable=True),
        sa.Column("bytes_read", sa.BigInteger(), nullable=False),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=True),
        sa.Column("soft_404", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("elapsed_ms", sa.Integer(), nullable=True),
        sa.Column("quotes", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            _in("outcome", NEW_STATUS), name=op.f("ck_link_checks_link_check_outcome")
        ),
        sa.ForeignKeyConstraint(
            ["checked_by_id"], ["people.id"], name=op.f("fk_link_checks_checked_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_link_checks_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_checks")),
    )
    op.create_index(op.f("ix_link_checks_source_id_id"), "link_checks", ["source_id", "id"])
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("archive_captured_at", sa.DateTime(timezone=True)))
        batch.drop_constraint(op.f("ck_sources_link_status"), type_="check")
        batch.alter_column(
            "link_status", type_=sa.String(length=10), existing_type=sa.String(length=7)
        )
        batch.create_check_constraint("link_status", _in("link_status", NEW_STATUS))
    with op.batch_alter_table("flags") as batch:
        batch.add_column(sa.Column("citation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_flags_citation_id_citations"), "citations", ["citation_id"], ["id"]
        )
        batch.drop_constraint(op.f("ck_flags_flag_reason"), type_="check")
        batch.create_check_constraint("flag_reason", _in("reason", NEW_REASONS))


def downgrade() -> None:
    with op.batch_alter_table("flags") as batch:
        batch.drop_constraint(op.f("ck_flags_flag_reason"), type_="check")
    op.execute("UPDATE flags SET reason = 'misquoted' WHERE reason = 'quote-not-found'")
    with op.batch_alter_table("flags") as batch:
        batch.drop_constraint(op.f("fk_flags_citation_id_citations"), type_="foreignkey")
        batch.drop_column("citation_id")
        batch.create_check_constraint("flag_reason", _in("reason", OLD_REASONS))
    with op.batch_alter_table("sources") as batch:
        batch.drop_constraint(op.f("ck_sources_link_status"), type_="check")
    # A moved page still answers; a blocked one could not be told: the old vocabulary's nearest.
    op.execute("UPDATE sources SET link_status = 'live' WHERE link_status = 'redirected'")
    op.execute("UPDATE sources SET link_status = 'unknown' WHERE link_status = 'blocked'")
    with op.batch_alter_table("sources") as batch:
        batch.alter_column(
            "link_status", type_=sa.String(length=7), existing_type=sa.String(length=10)
        )
        batch.create_check_constraint("link_status", _in("link_status", OLD_STATUS))
        batch.drop_column("archive_captured_at")
    op.drop_index(op.f("ix_link_checks_source_id_id"), table_name="link_checks")
    op.drop_table("link_checks")
