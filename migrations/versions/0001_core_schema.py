"""core schema: people, documents, claims, sources, citations, verdicts, notes, flags, events

Revision ID: 0001
Revises:
Create Date: 2026-11-28 00:37:07.555478
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), server_default="en", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("slug", name=op.f("uq_documents_slug")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "fact-checker",
                "editor",
                "analyst",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("name", name=op.f("uq_people_name")),
    )
    op.create_table(
        "rating_scales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("worst_value", sa.Integer(), nullable=True),
        sa.Column("best_value", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_scales")),
        sa.UniqueConstraint("name", name=op.f("uq_rating_scales_name")),
    )
    op.create_table(
        "document_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_versions_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_versions")),
        sa.UniqueConstraint(
            "document_id", "number", name=op.f("uq_document_versions_document_id_number")
        ),
    )
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_versions_content_hash"), ["content_hash"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_versions_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "rating_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column(
            "verdict_class",
            sa.Enum(
                "true",
                "mixed",
                "misleading",
                "false",
                "unverifiable",
                name="verdict_class",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("maps_to_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "verdict_class IS NOT NULL OR maps_to_id IS NOT NULL",
            name=op.f("ck_rating_labels_is_mapped"),
        ),
        sa.ForeignKeyConstraint(
            ["maps_to_id"],
            ["rating_labels.id"],
            name=op.f("fk_rating_labels_maps_to_id_rating_labels"),
        ),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["rating_scales.id"], name=op.f("fk_rating_labels_scale_id_rating_scales")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_labels")),
        sa.UniqueConstraint("scale_id", "label", name=op.f("uq_rating_labels_scale_id_label")),
    )
    with op.batch_alter_table("rating_labels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_labels_scale_id"), ["scale_id"], unique=False)

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("csl_type", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("container_title", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("issued", sa.String(length=10), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("url_normalized", sa.Text(), nullable=True),
        sa.Column("doi", sa.String(length=255), nullable=True),
        sa.Column("accessed", sa.Date(), nullable=True),
        sa.Column("archive_url", sa.Text(), nullable=True),
        sa.Column("archive_hash", sa.String(length=100), nullable=True),
        sa.Column(
            "reliability",
            sa.Enum(
                "high",
                "medium",
                "low",
                "unknown",
                name="reliability",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "link_status",
            sa.Enum(
                "live",
                "dead",
                "unknown",
                name="link_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("link_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("external_id", sa.String(length=255), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_sources_created_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("doi", name=op.f("uq_sources_doi")),
        sa.UniqueConstraint("external_id", name=op.f("uq_sources_external_id")),
        sa.UniqueConstraint("url_normalized", name=op.f("uq_sources_url_normalized")),
    )
    op.create_table(
        "sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.CheckConstraint("level >= 1", name=op.f("ck_sections_level_positive")),
        sa.CheckConstraint("start_offset <= end_offset", name=op.f("ck_sections_span_ordered")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["sections.id"], name=op.f("fk_sections_parent_id_sections")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_sections_version_id_document_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sections")),
        sa.UniqueConstraint("version_id", "ordinal", name=op.f("uq_sections_version_id_ordinal")),
    )
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sections_version_id"), ["version_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
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
        sa.Column("speaker_description", sa.Text(), nullable=True),
        sa.Column("claimed_on", sa.Date(), nullable=True),
        sa.Column("appearance_url", sa.Text(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("quote_exact", sa.Text(), nullable=True),
        sa.Column("quote_prefix", sa.Text(), nullable=True),
        sa.Column("quote_suffix", sa.Text(), nullable=True),
        sa.Column("start_offset", sa.Integer(), nullable=True),
        sa.Column("end_offset", sa.Integer(), nullable=True),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "unreviewed",
                "in_progress",
                "needs_review",
                "verified",
                "disputed",
                "unsupported",
                name="claim_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("current_verdict_id", sa.Integer(), nullable=True),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("external_id", sa.String(length=255), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(start_offset IS NULL AND end_offset IS NULL) OR (start_offset IS NOT NULL AND end_offset IS NOT NULL AND 0 <= start_offset AND start_offset <= end_offset AND version_id IS NOT NULL)",
            name=op.f("ck_claims_anchor_offsets"),
        ),
        sa.CheckConstraint("priority BETWEEN 1 AND 5", name=op.f("ck_claims_priority_range")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["people.id"], name=op.f("fk_claims_created_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["section_id"], ["sections.id"], name=op.f("fk_claims_section_id_sections")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["document_versions.id"],
            name=op.f("fk_claims_version_id_document_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("external_id", name=op.f("uq_claims_external_id")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_claim_type"), ["claim_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claims_current_verdict_id"), ["current_verdict_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claims_section_id"), ["section_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_claims_status_priority"), ["status", "priority"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claims_version_id"), ["version_id"], unique=False)

    op.create_table(
        "citations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "report",
                "evidence",
                name="citation_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "stance",
            sa.Enum(
                "supports",
                "refutes",
                "context",
                "insufficient",
                name="stance",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("locator", sa.Text(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind = 'report' OR stance IS NOT NULL", name=op.f("ck_citations_evidence_has_stance")
        ),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["people.id"], name=op.f("fk_citations_added_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_citations_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_citations_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
    )
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_citations_claim_id_kind_stance"),
            ["claim_id", "kind", "stance"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_citations_source_id"), ["source_id"], unique=False)

    op.create_table(
        "claim_tags",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_claim_tags_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("claim_id", "tag", name=op.f("pk_claim_tags")),
    )
    with op.batch_alter_table("claim_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_tags_tag"), ["tag"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column(
            "entity",
            sa.Enum(
                "claim",
                "citation",
                "verdict",
                "flag",
                "note",
                "source",
                "document",
                "person",
                name="entity_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["people.id"], name=op.f("fk_events_actor_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_events_claim_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_claim_id_id"), ["claim_id", "id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_events_entity_entity_id"), ["entity", "entity_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_events_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "flags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "unsupported",
                "needs-source",
                "outdated",
                "misquoted",
                "disputed",
                "transcription",
                "other",
                name="flag_reason",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("raised_by_id", sa.Integer(), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(resolved_at IS NULL AND resolved_by_id IS NULL AND resolution IS NULL) OR (resolved_at IS NOT NULL AND resolved_by_id IS NOT NULL AND resolution IS NOT NULL)",
            name=op.f("ck_flags_resolution_complete"),
        ),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_flags_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["raised_by_id"], ["people.id"], name=op.f("fk_flags_raised_by_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"], ["people.id"], name=op.f("fk_flags_resolved_by_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flags")),
    )
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_flags_claim_id_resolved_at"), ["claim_id", "resolved_at"], unique=False
        )

    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "query",
                "answer",
                "comment",
                "decision",
                name="note_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["people.id"], name=op.f("fk_notes_author_id_people")
        ),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_notes_claim_id_claims")),
        sa.ForeignKeyConstraint(["parent_id"], ["notes.id"], name=op.f("fk_notes_parent_id_notes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes")),
    )
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notes_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "quantities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column("period", sa.String(length=100), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column(
            "qualifier",
            sa.Enum(
                "exact",
                "approximately",
                "more-than",
                "at-least",
                "less-than",
                "at-most",
                name="qualifier",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("as_written", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_quantities_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quantities")),
        sa.UniqueConstraint("claim_id", "ordinal", name=op.f("uq_quantities_claim_id_ordinal")),
    )
    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quantities_claim_id"), ["claim_id"], unique=False)

    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("forced", sa.Boolean(), nullable=False),
        sa.Column("force_reason", sa.Text(), nullable=True),
        sa.Column("review_url", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "NOT forced OR force_reason IS NOT NULL", name=op.f("ck_verdicts_forced_has_reason")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_verdicts_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["rating_labels.id"], name=op.f("fk_verdicts_label_id_rating_labels")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["people.id"], name=op.f("fk_verdicts_reviewer_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdicts")),
    )
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_verdicts_claim_id_id"), ["claim_id", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_verdicts_label_id"), ["label_id"], unique=False)

    # claims.current_verdict_id and verdicts.claim_id refer to each other: the
    # first can only be added once both tables exist.
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_claims_current_verdict_id_verdicts"),
            "verdicts",
            ["current_verdict_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_claims_current_verdict_id_verdicts"), type_="foreignkey"
        )

    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verdicts_label_id"))
        batch_op.drop_index(batch_op.f("ix_verdicts_claim_id_id"))

    op.drop_table("verdicts")
    with op.batch_alter_table("quantities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quantities_claim_id"))

    op.drop_table("quantities")
    with op.batch_alter_table("notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notes_claim_id"))

    op.drop_table("notes")
    with op.batch_alter_table("flags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flags_claim_id_resolved_at"))

    op.drop_table("flags")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_events_entity_entity_id"))
        batch_op.drop_index(batch_op.f("ix_events_claim_id_id"))
        batch_op.drop_index(batch_op.f("ix_events_actor_id"))
        batch_op.drop_index(batch_op.f("ix_events_action"))

    op.drop_table("events")
    with op.batch_alter_table("claim_tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_tags_tag"))

    op.drop_table("claim_tags")
    with op.batch_alter_table("citations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citations_source_id"))
        batch_op.drop_index(batch_op.f("ix_citations_claim_id_kind_stance"))

    op.drop_table("citations")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_version_id"))
        batch_op.drop_index(batch_op.f("ix_claims_status_priority"))
        batch_op.drop_index(batch_op.f("ix_claims_section_id"))
        batch_op.drop_index(batch_op.f("ix_claims_current_verdict_id"))
        batch_op.drop_index(batch_op.f("ix_claims_content_hash"))
        batch_op.drop_index(batch_op.f("ix_claims_claim_type"))

    op.drop_table("claims")
    with op.batch_alter_table("sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sections_version_id"))

    op.drop_table("sections")
    op.drop_table("sources")
    with op.batch_alter_table("rating_labels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_labels_scale_id"))

    op.drop_table("rating_labels")
    with op.batch_alter_table("document_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_versions_document_id"))
        batch_op.drop_index(batch_op.f("ix_document_versions_content_hash"))

    op.drop_table("document_versions")
    op.drop_table("rating_scales")
    op.drop_table("people")
    op.drop_table("documents")
