"""document_citations: a document version's own footnotes and links; anchor flag reasons

Revision ID: d001
Revises: lnk1
Create Date: 2026-12-02 10:00:00

`claimdb doc add` reads a report's own citations (footnote markers with their
notes, links) into ``document_citations``, one row per marker, each pointing at
a source. ``flags.reason`` gains ``anchor-changed`` and ``anchor-orphaned``, raised
when a new version of a document re-anchors a claim. The flags table is rebuilt
on SQLite (batch) to change its CHECK constraint; it has no triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d001"
down_revision: str | None = "lnk1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("unsupported", "needs-source", "outdated", "misquoted", "disputed", "transcription", "other")
NEW = (*OLD, "anchor-changed", "anchor-orphaned")


def _reasons(values: Sequence[str]) -> str:
    return "reason IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _flags(values: Sequence[str], length: int) -> sa.Table:
    """The flags table as it stands, for a SQLite batch rebuild (which cannot reflect CHECKs)."""
    meta = sa.MetaData()
    return sa.Table(
        "flags",
        meta,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("claim_id", sa.Integer(), sa.ForeignKey("claims.id"), nullable=False),
        sa.Column("reason", sa.String(length=length), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("raised_by_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(resolved_at IS NULL AND resolved_by_id IS NULL AND resolution IS NULL) OR "
            "(resolved_at IS NOT NULL AND resolved_by_id IS NOT NULL AND resolution IS NOT NULL)",
            name="ck_flags_resolution_complete",
        ),
        sa.CheckConstraint(_reasons(values), name="ck_flags_flag_reason"),
        sa.Index("ix_flags_claim_id_resolved_at", "claim_id", "resolved_at"),
    )


def _change_reasons(old: Sequence[str], new: Sequence[str], old_len: int, new_len: int) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table(
            "flags", copy_from=_flags(old, old_len), recreate="always"
        ) as batch:
            batch.drop_constraint(op.f("ck_flags_flag_reason"), type_="check")
            batch.alter_column(
                "reason",
                type_=sa.String(length=new_len),
                existing_type=sa.String(length=old_len),
            )
            batch.create_check_constraint(op.f("ck_flags_flag_reason"), _reasons(new))
        return
    op.drop_constraint(op.f("ck_flags_flag_reason"), "flags", type_="check")
    op.alter_column(
        "flags",
        "reason",
        type_=sa.String(length=new_len),
        existing_type=sa.String(length=old_len),
    )
    op.create_check_constraint(op.f("ck_flags_flag_reason"), "flags", _reasons(new))


def upgrade() -> None:
    op.create_table(
        "document_citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("marker", sa.Text(), nullable=False),
        sa.Column("marker_start", sa.Integer(), nullable=False),
        sa.Column("marker_end", sa.Integer(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "0 <= marker_start AND marker_start <= marker_end AND sentence_start <= sentence_end",
            name=op.f("ck_document_citations_spans_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_document_citations_source_id_sources"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_document_citations_version_id_document_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_citations")),
        sa.UniqueConstraint(
            "version_id", "ordinal", name=op.f("uq_document_citations_version_id_ordinal")
        ),
    )
    op.create_index(op.f("ix_document_citations_source_id"), "document_citations", ["source_id"])
    op.create_index(op.f("ix_document_citations_version_id"), "document_citations", ["version_id"])
    with op.batch_alter_table("flags") as batch:
        batch.drop_constraint(op.f("ck_flags_flag_reason"), type_="check")
        batch.alter_column("reason", type_=sa.String(length=15), existing_type=sa.String(length=13))
        batch.create_check_constraint("flag_reason", _reasons(NEW))


def downgrade() -> None:
    with op.batch_alter_table("flags") as batch:
        batch.drop_constraint(op.f("ck_flags_flag_reason"), type_="check")
    op.execute(
        "UPDATE flags SET reason = 'other' WHERE reason IN ('anchor-changed', 'anchor-orphaned')"
    )
    with op.batch_alter_table("flags") as batch:
        batch.alter_column("reason", type_=sa.String(length=13), existing_type=sa.String(length=15))
        batch.create_check_constraint("flag_reason", _reasons(OLD))
    op.drop_index(op.f("ix_document_citations_version_id"), table_name="document_citations")
    op.drop_index(op.f("ix_document_citations_source_id"), table_name="document_citations")
    op.drop_table("document_citations")
