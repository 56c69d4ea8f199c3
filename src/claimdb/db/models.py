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
    CandidateStatus,
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


SQLITE_AUTOINCREMENT: dict[str, Any] = {"sqlite_autoincrement": True}
"""Every table with a surrogate id: SQLite never hands out the id of a deleted row again
(migration ai01). PostgreSQL's identity sequences never go back anyway."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}  # noqa: RUF012


class Person(Base):
    """Someone on the desk; every write names one as its actor."""

    __tablename__ = "people"
    __table_args__ = SQLITE_AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[Role] = mapped_column(named_enum(Role, "role"))
    email: Mapped[str | None] = mapped_column(String(254))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Document(Base):
    """A report, article or transcript whose assertions become claims."""

    __tablename__ = "documents"
    __table_args__ = SQLITE_AUTOINCREMENT

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
    __table_args__ = (UniqueConstraint("document_id", "number"), SQLITE_AUTOINCREMENT)

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
        SQLITE_AUTOINCREMENT,
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


class DocumentCitation(Base):
    """One of a document version's own citations: a footnote marker or a link, and its source.

    The document's attribution, not a checker's evidence: it belongs to the text, not to a
    claim. A claim anchored inside ``sentence_start:sentence_end`` inherits it as a ``report``
    citation (``db/dossier_reads.py: document_citations``).
    """

    __tablename__ = "document_citations"
    __table_args__ = (
        UniqueConstraint("version_id", "ordinal"),
        CheckConstraint(
            "0 <= marker_start AND marker_start <= marker_end AND sentence_start <= sentence_end",
            name="spans_ordered",
        ),
        SQLITE_AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    # The marker's own characters ("17", "[2]", a link's words) and where they are.
    marker: Mapped[str] = mapped_column(Text)
    marker_start: Mapped[int] = mapped_column(Integer)
    marker_end: Mapped[int] = mapped_column(Integer)
    # The sentence the marker annotates.
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship()


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
        # `claim list` in its default order, and the review queue (claims outside any
        # document by id, those in one sorted by position): read in order, never sorted whole.
        Index(None, "priority", "id"),
        # `claim list --type X` in default order: (type, priority, id) read in order.
        Index(None, "claim_type", "priority", "id"),
        Index(None, "priority", "version_id", "start_offset", "id"),
        # `claim list --sort position|created|updated|status|type`: each order read from
        # its index, a page at a time (migration ls01); the first also serves version_id.
        Index(None, "version_id", "start_offset", "id"),
        Index(None, "created_at", "id"),
        Index(None, "updated_at", "id"),
        Index(None, "status", "id"),
        Index(None, "claim_type", "id"),
        SQLITE_AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    claim_type: Mapped[ClaimType] = mapped_column(
        named_enum(ClaimType, "claim_type"), default=ClaimType.OTHER
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
    version_id: Mapped[int | None] = mapped_column(ForeignKey("document_versions.id"))
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


class ClaimCount(Base):
    """The dashboard's counters per document, kept by triggers (see :mod:`claimdb.db.counts`).

    ``document_id`` 0 holds the claims outside any document; no foreign key, so
    that 0 can mean none.
    """

    __tablename__ = "claim_counts"

    document_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    metric: Mapped[str] = mapped_column(String(16), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(40), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


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
        SQLITE_AUTOINCREMENT,
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
    __table_args__ = (UniqueConstraint("claim_id", "ordinal"), SQLITE_AUTOINCREMENT)

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
    __table_args__ = SQLITE_AUTOINCREMENT

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
    # When the archived copy (archive_url) was captured (`source archive`, migration lc01).
    archive_captured_at: Mapped[datetime | None] = mapped_column()

    citations: Mapped[list[Citation]] = relationship(back_populates="source")


class LinkCheck(Base):
    """One request for a source's URL (`claimdb source check`): what came back, and its outcome.

    Never updated: the source's ``link_status`` and ``link_checked_at`` are derived
    from this history (``analysis/links.py: derive_status``) in the same transaction.
    """

    __tablename__ = "link_checks"
    __table_args__ = (Index(None, "source_id", "id"), SQLITE_AUTOINCREMENT)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    url: Mapped[str] = mapped_column(Text)
    # What this one check says; the source's status weighs it with the checks before.
    outcome: Mapped[LinkStatus] = mapped_column(named_enum(LinkStatus, "link_check_outcome"))
    status_code: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str | None] = mapped_column(Text)
    # Each hop followed: [{"url": ..., "status": 301}, ...]; permanent: every hop was 301/308.
    redirects: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    permanent_redirect: Mapped[bool] = mapped_column(Boolean, default=False)
    content_type: Mapped[str | None] = mapped_column(String(255))
    # The Content-Length header, when the server sent one; bytes_read: what was read, up to the cap.
    content_length: Mapped[int | None] = mapped_column(BigInteger)
    bytes_read: Mapped[int] = mapped_column(BigInteger, default=0)
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    body_sha256: Mapped[str | None] = mapped_column(String(64))
    soft_404: Mapped[str | None] = mapped_column(Text)  # why the page looks like "not found"
    error: Mapped[str | None] = mapped_column(Text)  # timeout, reset, TLS, redirect loop...
    elapsed_ms: Mapped[int | None] = mapped_column(Integer)
    # `--quotes`: per citation, {"citation": id, "match": exact|normalised|fuzzy|missing, "score"}.
    quotes: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    source: Mapped[Source] = relationship()


class Citation(Base):
    """A link between a claim and a source: evidence found, or the report's own attribution."""

    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint("kind = 'report' OR stance IS NOT NULL", name="evidence_has_stance"),
        Index(None, "claim_id", "kind", "stance"),
        SQLITE_AUTOINCREMENT,
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
    __table_args__ = SQLITE_AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    worst_value: Mapped[int | None] = mapped_column(Integer)
    best_value: Mapped[int | None] = mapped_column(Integer)
    # A publisher's own scale (made on import): whose ratings its labels are.
    # Its labels are added on first sight, verbatim, and may be unmapped.
    publisher: Mapped[str | None] = mapped_column(Text)

    labels: Mapped[list[RatingLabel]] = relationship(
        back_populates="scale", order_by="RatingLabel.position"
    )


class RatingLabel(Base):
    """One label of a scale, mapped onto the default scale where it can be.

    Default-scale labels carry ``verdict_class`` themselves; every other
    label names the default-scale label it means (``maps_to_id``), or, for a
    publisher's own label claimdb cannot place yet, neither: it is *unmapped*
    until `claimdb scale map` sets the crosswalk.
    """

    __tablename__ = "rating_labels"
    __table_args__ = (UniqueConstraint("scale_id", "label"), SQLITE_AUTOINCREMENT)

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
        SQLITE_AUTOINCREMENT,
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
    # Who published the verdict (ClaimReview's author), when not the desk itself;
    # the reviewer is then who imported it.
    publisher: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship(foreign_keys=[claim_id], back_populates="verdicts")
    label: Mapped[RatingLabel] = relationship()
    reviewer: Mapped[Person] = relationship()


class Note(Base):
    """A reviewer note; replies thread through ``parent_id``."""

    __tablename__ = "notes"
    __table_args__ = SQLITE_AUTOINCREMENT

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
        SQLITE_AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    reason: Mapped[FlagReason] = mapped_column(named_enum(FlagReason, "flag_reason"))
    note: Mapped[str | None] = mapped_column(Text)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    raised_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The citation a flag is about, when it is about one (`quote-not-found`, migration lc01).
    citation_id: Mapped[int | None] = mapped_column(ForeignKey("citations.id"))
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
        SQLITE_AUTOINCREMENT,
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


class ClaimCandidate(Base):
    """An assertion `claimdb extract` proposes from a document version: not a claim until a
    person accepts it (docs/data-model.md, claim_candidates).

    One row per passage and scorer version: a new scorer's run is a new set of rows and the
    old scores stay (``uq`` below makes a re-run of the same scorer a no-op).
    """

    __tablename__ = "claim_candidates"
    __table_args__ = (
        # Named by hand: the convention's name would pass PostgreSQL's 63 characters.
        UniqueConstraint(
            "version_id",
            "start_offset",
            "end_offset",
            "scorer_name",
            "scorer_version",
            name="uq_claim_candidates_passage_scorer",
        ),
        CheckConstraint(
            "0 <= start_offset AND start_offset <= end_offset "
            "AND sentence_start <= start_offset AND end_offset <= sentence_end",
            name="spans_ordered",
        ),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_range"),
        CheckConstraint(
            "(status = 'accepted') = (claim_id IS NOT NULL)", name="accepted_has_claim"
        ),
        CheckConstraint(
            "status <> 'dismissed' OR dismissal_reason IS NOT NULL", name="dismissal_has_reason"
        ),
        Index(None, "version_id", "status", "start_offset"),
        SQLITE_AUTOINCREMENT,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_versions.id"))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"))
    # The sentence the assertion is part of, and the assertion's own words (the anchor).
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    quote_exact: Mapped[str] = mapped_column(Text)
    quote_prefix: Mapped[str] = mapped_column(Text)
    quote_suffix: Mapped[str] = mapped_column(Text)
    # What the claim would be: its restated text, and the heuristics' guesses.
    text: Mapped[str] = mapped_column(Text)
    claim_type: Mapped[ClaimType] = mapped_column(named_enum(ClaimType, "claim_type"))
    checkable: Mapped[bool] = mapped_column(Boolean)
    speaker: Mapped[str | None] = mapped_column(Text)
    quantities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    document_citation_id: Mapped[int | None] = mapped_column(ForeignKey("document_citations.id"))
    # The check-worthiness score (NULL: not scored, e.g. not English; score_note says why).
    score: Mapped[float | None] = mapped_column(Double)
    scorer_name: Mapped[str] = mapped_column(String(100))
    scorer_version: Mapped[str] = mapped_column(String(40))
    score_note: Mapped[str | None] = mapped_column(Text)
    # Checked before? The stored claim it most resembles when it was proposed.
    match_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    match_tier: Mapped[str | None] = mapped_column(String(20))
    match_score: Mapped[float | None] = mapped_column(Double)
    # A person's decision.
    status: Mapped[CandidateStatus] = mapped_column(
        named_enum(CandidateStatus, "candidate_status"), default=CandidateStatus.PROPOSED
    )
    dismissal_reason: Mapped[str | None] = mapped_column(Text)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[DocumentVersion] = relationship()
    section: Mapped[Section | None] = relationship()
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])


class EventChain(Base):
    """The head of the events' hash chain: one row, rewritten with each transaction that logs.

    Writers lock it (``SELECT ... FOR UPDATE``) to append, so concurrent
    writers on PostgreSQL never fork the chain; a truncated log no longer
    matches its ``length`` and ``head``.
    """

    __tablename__ = "event_chain"
    __table_args__ = SQLITE_AUTOINCREMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    length: Mapped[int] = mapped_column(BigInteger, default=0)
    head: Mapped[str] = mapped_column(String(64))
