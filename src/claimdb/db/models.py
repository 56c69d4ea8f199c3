"""The data model: SQLAlchemy 2 typed ORM classes.

docs/data-model.md explains each entity and why it exists. Every constraint
and enum has a name (see ``NAMING_CONVENTION``) so that SQLite batch
migrations, which rebuild tables, keep them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from claimdb.db.types import UTCDateTime, named_enum, utcnow
from claimdb.enums import (
    CitationKind,
    ClaimStatus,
    ClaimType,
    EntityKind,
    FlagReason,
    LinkKind,
    LinkStatus,
    NoteKind,
    Qualifier,
    Reliability,
    Role,
    Stance,
    VerdictClass,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class Person(Base):
    """Someone on the desk; every write names one as its actor."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[Role] = mapped_column(named_enum(Role, "role"))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Document(Base):
    """A report, article or transcript whose assertions become claims."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.number"
    )


class DocumentVersion(Base):
    """One immutable text of a document; a new text is a new row."""

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    provenance: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions")
    sections: Mapped[list[Section]] = relationship(
        back_populates="version", order_by="Section.ordinal"
    )


class Section(Base):
    """A heading inside a document version, and the span of text it governs."""

    __tablename__ = "sections"
    __table_args__ = (
        UniqueConstraint("version_id", "ordinal"),
        CheckConstraint("level >= 1", name="level_positive"),
        CheckConstraint("start_offset <= end_offset", name="span_ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"))
    ordinal: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(Text)
    # The heading's own first character, and the end of the section's span
    # (the next heading of the same or a higher level, or the end of the text).
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)

    version: Mapped[DocumentVersion] = relationship(back_populates="sections")
    parent: Mapped[Section | None] = relationship(remote_side="Section.id")


class Claim(Base):
    """One assertion, anchored to the exact words of a document version."""

    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
        CheckConstraint(
            "(start_offset IS NULL AND end_offset IS NULL) OR "
            "(start_offset IS NOT NULL AND end_offset IS NOT NULL AND "
            "0 <= start_offset AND start_offset <= end_offset AND version_id IS NOT NULL)",
            name="anchor_offsets",
        ),
        Index(None, "status", "priority"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    claim_type: Mapped[ClaimType] = mapped_column(
        named_enum(ClaimType, "claim_type"), default=ClaimType.OTHER, index=True
    )
    checkable: Mapped[bool] = mapped_column(Boolean, default=True)
    speaker: Mapped[str | None] = mapped_column(Text)
    speaker_description: Mapped[str | None] = mapped_column(Text)
    # When the claim was made (ClaimReview's itemReviewed.datePublished) and
    # where it appeared, when that is not the document's own URL.
    claimed_on: Mapped[date | None] = mapped_column(Date)
    appearance_url: Mapped[str | None] = mapped_column(Text)
    # Where or how the claim was made, in words: "a mailer", "a floor speech".
    context: Mapped[str | None] = mapped_column(Text)

    # The anchor: W3C Web Annotation TextQuoteSelector + TextPositionSelector.
    # Offsets are code-point indices into the version's text, end exclusive.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"), index=True)
    quote_exact: Mapped[str | None] = mapped_column(Text)
    quote_prefix: Mapped[str | None] = mapped_column(Text)
    quote_suffix: Mapped[str | None] = mapped_column(Text)
    start_offset: Mapped[int | None] = mapped_column(Integer)
    end_offset: Mapped[int | None] = mapped_column(Integer)

    priority: Mapped[int] = mapped_column(SmallInteger, default=3)
    status: Mapped[ClaimStatus] = mapped_column(
        named_enum(ClaimStatus, "claim_status"), default=ClaimStatus.UNREVIEWED
    )
    current_verdict_id: Mapped[int | None] = mapped_column(
        ForeignKey("verdicts.id", use_alter=True), index=True
    )
    archived_at: Mapped[datetime | None] = mapped_column()
    # Import identity: a stable id from the file (LIAR's id, ClaimReview's url)
    # and a 64-bit key hashed from the claim's content, so that re-running an
    # import is a no-op. An integer, not the hex digest: at a million claims the
    # index stays a fifth of the size and in SQLite's page cache (bench/README.md).
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    content_key: Mapped[int | None] = mapped_column(BigInteger, index=True)

    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Optimistic locking: every UPDATE checks and bumps this counter.
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's declarative idiom)

    document_version: Mapped[DocumentVersion | None] = relationship()
    section: Mapped[Section | None] = relationship()
    current_verdict: Mapped[Verdict | None] = relationship(
        foreign_keys=[current_verdict_id], post_update=True
    )
    created_by: Mapped[Person] = relationship()
    tags: Mapped[list[ClaimTag]] = relationship(
        cascade="all, delete-orphan", order_by="ClaimTag.tag"
    )
    quantities: Mapped[list[Quantity]] = relationship(
        cascade="all, delete-orphan", order_by="Quantity.ordinal"
    )
    citations: Mapped[list[Citation]] = relationship(back_populates="claim", order_by="Citation.id")
    verdicts: Mapped[list[Verdict]] = relationship(
        foreign_keys="Verdict.claim_id", back_populates="claim", order_by="Verdict.id"
    )
    notes: Mapped[list[Note]] = relationship(order_by="Note.id")
    flags: Mapped[list[Flag]] = relationship(order_by="Flag.id")


class ClaimLink(Base):
    """A person's word that a claim repeats another (``same``) or is ``related`` to it.

    Made only by a person (``claimdb claim link``), never by the matcher. For
    ``same``, ``claim_id`` is the repeat and ``other_id`` the original, whose
    verdict the repeat shows; a claim repeats at most one original, and an
    original is never itself a repeat.
    """

    __tablename__ = "claim_links"
    __table_args__ = (
        UniqueConstraint("claim_id", "other_id"),
        CheckConstraint("claim_id <> other_id", name="not_itself"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[LinkKind] = mapped_column(named_enum(LinkKind, "link_kind"))
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[Person] = relationship()


class ClaimTag(Base):
    """A free-form topic tag on a claim."""

    __tablename__ = "claim_tags"

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class Quantity(Base):
    """A number a statistic claim states: value, unit, what is counted, when, where."""

    __tablename__ = "quantities"
    __table_args__ = (UniqueConstraint("claim_id", "ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Double)
    unit: Mapped[str] = mapped_column(String(40))
    measure: Mapped[str] = mapped_column(Text)
    period: Mapped[str | None] = mapped_column(String(100))
    place: Mapped[str | None] = mapped_column(String(200))
    qualifier: Mapped[Qualifier] = mapped_column(
        named_enum(Qualifier, "qualifier"), default=Qualifier.EXACT
    )
    as_written: Mapped[str | None] = mapped_column(Text)


class Source(Base):
    """Something cited: CSL-JSON–compatible bibliographic fields plus custody.

    ``url_normalized`` and ``doi`` identify a source: adding the same one
    twice is refused and the existing row offered instead.
    """

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    csl_type: Mapped[str] = mapped_column(String(40), default="webpage")
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    container_title: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    issued: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    url: Mapped[str | None] = mapped_column(Text)
    url_normalized: Mapped[str | None] = mapped_column(Text, unique=True)
    doi: Mapped[str | None] = mapped_column(String(255), unique=True)
    accessed: Mapped[date | None] = mapped_column(Date)
    archive_url: Mapped[str | None] = mapped_column(Text)
    archive_hash: Mapped[str | None] = mapped_column(
        String(100)
    )  # "sha256:<hex>" of the saved copy
    reliability: Mapped[Reliability] = mapped_column(
        named_enum(Reliability, "reliability"), default=Reliability.UNKNOWN
    )
    link_status: Mapped[LinkStatus] = mapped_column(
        named_enum(LinkStatus, "link_status"), default=LinkStatus.UNKNOWN
    )
    link_checked_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(Text)
    external_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    citations: Mapped[list[Citation]] = relationship(back_populates="source")


class Citation(Base):
    """A link between a claim and a source: evidence found, or the report's own attribution."""

    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint("kind = 'report' OR stance IS NOT NULL", name="evidence_has_stance"),
        Index(None, "claim_id", "kind", "stance"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    kind: Mapped[CitationKind] = mapped_column(
        named_enum(CitationKind, "citation_kind"), default=CitationKind.EVIDENCE
    )
    stance: Mapped[Stance | None] = mapped_column(named_enum(Stance, "stance"))
    quote: Mapped[str | None] = mapped_column(Text)
    locator: Mapped[str | None] = mapped_column(Text)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="citations")
    source: Mapped[Source] = relationship(back_populates="citations")
    added_by: Mapped[Person] = relationship()


class RatingScale(Base):
    """A rating scale, stored as data: claimdb's default, FEVER, LIAR, Google's 1–5."""

    __tablename__ = "rating_scales"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    worst_value: Mapped[int | None] = mapped_column(Integer)
    best_value: Mapped[int | None] = mapped_column(Integer)

    labels: Mapped[list[RatingLabel]] = relationship(
        back_populates="scale", order_by="RatingLabel.position"
    )


class RatingLabel(Base):
    """One label of a scale, mapped onto the default scale.

    Default-scale labels carry ``verdict_class`` themselves; every other
    label names the default-scale label it means (``maps_to_id``).
    """

    __tablename__ = "rating_labels"
    __table_args__ = (
        UniqueConstraint("scale_id", "label"),
        CheckConstraint("verdict_class IS NOT NULL OR maps_to_id IS NOT NULL", name="is_mapped"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("rating_scales.id"), index=True)
    label: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    # ClaimReview's ratingValue; None for a label off the ordinal scale ("unverifiable").
    value: Mapped[int | None] = mapped_column(Integer)
    verdict_class: Mapped[VerdictClass | None] = mapped_column(
        named_enum(VerdictClass, "verdict_class")
    )
    maps_to_id: Mapped[int | None] = mapped_column(ForeignKey("rating_labels.id"))

    scale: Mapped[RatingScale] = relationship(back_populates="labels")
    maps_to: Mapped[RatingLabel | None] = relationship(remote_side="RatingLabel.id")


class Verdict(Base):
    """A rating of a claim with its rationale; a new verdict is a new row, never an update."""

    __tablename__ = "verdicts"
    __table_args__ = (
        CheckConstraint("NOT forced OR force_reason IS NOT NULL", name="forced_has_reason"),
        Index(None, "claim_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    label_id: Mapped[int] = mapped_column(ForeignKey("rating_labels.id"), index=True)
    rationale: Mapped[str] = mapped_column(Text)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when an evidence rule was overridden (--force --reason).
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    force_reason: Mapped[str | None] = mapped_column(Text)
    # ClaimReview's url: where the published fact-check lives, when it exists.
    review_url: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship(foreign_keys=[claim_id], back_populates="verdicts")
    label: Mapped[RatingLabel] = relationship()
    reviewer: Mapped[Person] = relationship()


class Note(Base):
    """A reviewer note; replies thread through ``parent_id``."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("notes.id"))
    kind: Mapped[NoteKind] = mapped_column(named_enum(NoteKind, "note_kind"))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Person] = relationship()


class Flag(Base):
    """A raised concern about a claim, with a controlled reason, until someone resolves it."""

    __tablename__ = "flags"
    __table_args__ = (
        CheckConstraint(
            "(resolved_at IS NULL AND resolved_by_id IS NULL AND resolution IS NULL) OR "
            "(resolved_at IS NOT NULL AND resolved_by_id IS NOT NULL AND resolution IS NOT NULL)",
            name="resolution_complete",
        ),
        Index(None, "claim_id", "resolved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    reason: Mapped[FlagReason] = mapped_column(named_enum(FlagReason, "flag_reason"))
    note: Mapped[str | None] = mapped_column(Text)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolution: Mapped[str | None] = mapped_column(Text)

    raised_by: Mapped[Person] = relationship(foreign_keys=[raised_by_id])
    resolved_by: Mapped[Person | None] = relationship(foreign_keys=[resolved_by_id])


class Event(Base):
    """An append-only record of one change: who, when, what, before and after.

    Database triggers refuse UPDATE and DELETE (and, on PostgreSQL, TRUNCATE)
    on this table, and each event is a link of a hash chain (``seq``,
    ``prev_hash``, ``hash``; :mod:`claimdb.services.chain`) whose length and
    head are kept in :class:`EventChain`, so that a changed, deleted,
    inserted or reordered event is found by `claimdb db check`.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index(None, "claim_id", "id"),
        Index(None, "entity", "entity_id"),
        Index(None, "seq", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    entity: Mapped[EntityKind] = mapped_column(named_enum(EntityKind, "entity_kind"))
    # Not a foreign key: the log outlives what it describes (an uncited link).
    entity_id: Mapped[int] = mapped_column(Integer)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    action: Mapped[str] = mapped_column(String(40), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    # The hash chain: position, the previous link's hash, this event's hash (hex SHA-256).
    # NULL only on events written before the chain existed (schema hc01).
    seq: Mapped[int | None] = mapped_column(BigInteger)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))

    actor: Mapped[Person] = relationship()


class EventChain(Base):
    """The head of the events' hash chain: one row, rewritten with each transaction that logs.

    Writers lock it (``SELECT ... FOR UPDATE``) to append, so concurrent
    writers on PostgreSQL never fork the chain; a truncated log no longer
    matches its ``length`` and ``head``.
    """

    __tablename__ = "event_chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    length: Mapped[int] = mapped_column(BigInteger, default=0)
    head: Mapped[str] = mapped_column(String(64))
