"""claim_candidates: the assertions `claimdb extract` proposes, until a person decides

Revision ID: x001
Revises: d001
Create Date: 2026-12-02 11:00:00

One row per passage of a document version and scorer (name, version): its anchor, the
sentence it is in, the guessed type, checkability, speaker and quantities, the document's
own citation there, the check-worthiness score (NULL when not scored, with a note), the
stored claim it resembles, and the person's decision (accepted as claim N, or dismissed with
a reason). A new table only: nothing else changes, so there are no triggers to rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "x001"
down_revision: str | None = "d001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("quote_exact", sa.Text(), nullable=False),
        sa.Column("quote_prefix", sa.Text(), nullable=False),
        sa.Column("quote_suffix", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "claim_type",
            sa.Enum(
                "statistic",
                "quote",
                "event",
                "causal",
                "prediction",
                "opinion",
                "other",
                name="claim_type",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("checkable", sa.Boolean(), nullable=False),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("quantities", sa.JSON(), nullable=False),
        sa.Column("document_citation_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("scorer_name", sa.String(length=100), nullable=False),
        sa.Column("scorer_version", sa.String(length=40), nullable=False),
        sa.Column("score_note", sa.Text(), nullable=True),
        sa.Column("match_claim_id", sa.Integer(), nullable=True),
        sa.Column("match_tier", sa.String(length=20), nullable=True),
        sa.Column("match_score", sa.Double(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "accepted",
                "dismissed",
                name="candidate_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("dismissal_reason", sa.Text(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'accepted') = (claim_id IS NOT NULL)",
            name=op.f("ck_claim_candidates_accepted_has_claim"),
        ),
        sa.CheckConstraint(
            "status <> 'dismissed' OR dismissal_reason IS NOT NULL",
            name=op.f("ck_claim_candidates_dismissal_has_reason"),
        ),
        sa.CheckConstraint(
            "0 <= start_offset AND start_offset <= end_offset AND sentence_start <= start_offset AND end_offset <= sentence_end",
            name=op.f("ck_claim_candidates_spans_ordered"),
        ),
        sa.CheckConstraint(
            "score IS NULL OR (score >= 0 AND score <= 1)",
            name=op.f("ck_claim_candidates_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_candidates_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_claim_candidates_created_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["people.id"], name=op.f("fk_claim_candidates_decided_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["document_citation_id"],
            ["document_citations.id"],
            name=op.f("fk_claim_candidates_document_citation_id_document_citations"),
        ),
        sa.ForeignKeyConstraint(
            ["match_claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_candidates_match_claim_id_claims"),
        ),
        sa.ForeignKeyConstraint(
            ["section_id"], ["sections.id"], name=op.f("fk_claim_candidates_section_id_sections")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_claim_candidates_version_id_document_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_candidates")),
        sa.UniqueConstraint(
            "version_id",
            "start_offset",
            "end_offset",
            "scorer_name",
            "scorer_version",
            name="uq_claim_candidates_passage_scorer",
        ),
    )
    with op.batch_alter_table("claim_candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_candidates_version_id_status_start_offset"),
            ["version_id", "status", "start_offset"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_candidates_version_id_status_start_offset"))

    op.drop_table("claim_candidates")
