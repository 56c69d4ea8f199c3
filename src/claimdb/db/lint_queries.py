"""The SELECTs behind `claimdb lint`: claims whose export would be invalid or misleading.

Each check is one query over the claims a filter selects; a finding is
(claim id, external id, check name, detail).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from claimdb.db import claim_queries
from claimdb.db.models import (
    Citation,
    Claim,
    Document,
    DocumentVersion,
    Flag,
    RatingLabel,
    RatingScale,
    Source,
    Verdict,
)
from claimdb.enums import (
    CitationKind,
    ClaimStatus,
    FlagReason,
    LinkStatus,
    Stance,
    VerdictClass,
)
from claimdb.schemas.filters import ClaimFilter

Finding = tuple[int, str | None, str, str]


def conditions(f: ClaimFilter, dialect: str) -> list[Any]:
    """The filter's conditions; with a limit or offset, the claims of that page only."""
    where = claim_queries.conditions(f, dialect)
    if f.limit is None and not f.offset:
        return where
    page = claim_queries.order_and_page(select(Claim.id).where(*where), f).subquery()
    return [Claim.id.in_(select(page.c.id))]


_MAPPED = aliased(RatingLabel, name="mapped_label")
_NEEDS_CITATION = [
    VerdictClass.FALSE.value,
    VerdictClass.MISLEADING.value,
    VerdictClass.MIXED.value,
]


def _class() -> Any:
    """The current verdict's class: its own (default scale) or its mapped label's."""
    return func.coalesce(RatingLabel.verdict_class, _MAPPED.verdict_class)


def _verdicts(f: ClaimFilter, dialect: str, *columns: Any) -> Any:
    return (
        select(Claim.id, Claim.external_id, *columns, _class().label("klass"))
        .join(Verdict, Claim.current_verdict_id == Verdict.id)
        .join(RatingLabel, Verdict.label_id == RatingLabel.id)
        .outerjoin(_MAPPED, RatingLabel.maps_to_id == _MAPPED.id)
        .join(RatingScale, RatingLabel.scale_id == RatingScale.id)
        .where(*conditions(f, dialect))
    )


def _evidence(*stances: Stance) -> Any:
    cond = [Citation.claim_id == Claim.id, Citation.kind == CitationKind.EVIDENCE]
    if stances:
        cond.append(Citation.stance.in_(stances))
    return exists().where(*cond)


def findings(
    session: Session, f: ClaimFilter, dialect: str, *, base_url: bool
) -> Iterator[Finding]:
    """Every finding for the claims ``f`` selects (unordered; the service sorts)."""
    for cid, ext, scale, label, _ in session.execute(
        _verdicts(f, dialect, RatingScale.name, RatingLabel.label).where(
            func.trim(func.coalesce(Verdict.rationale, "")) == ""
        )
    ):
        yield (
            cid,
            ext,
            "verdict-without-rationale",
            f"the {scale}:{label} verdict gives no rationale",
        )
    for cid, ext, scale, label, value, worst, best, _ in session.execute(
        _verdicts(
            f,
            dialect,
            RatingScale.name,
            RatingLabel.label,
            RatingLabel.value,
            RatingScale.worst_value,
            RatingScale.best_value,
        ).where(
            RatingLabel.value.is_not(None),
            or_(
                RatingScale.worst_value.is_(None),
                RatingScale.best_value.is_(None),
                RatingLabel.value < RatingScale.worst_value,
                RatingLabel.value > RatingScale.best_value,
                RatingScale.worst_value < 1,
            ),
        )
    ):
        yield (
            cid,
            ext,
            "rating-outside-scale",
            f"{scale}:{label} has ratingValue {value}, but the scale runs from worst {worst} "
            f"to best {best} (ClaimReview needs worst <= value <= best and worst >= 1)",
        )
    # What the ClaimReview export fills itemReviewed from: the claim's own fields,
    # else its document (author or publisher, published date, the document itself).
    by = func.coalesce(Claim.speaker, Document.author, Document.publisher)
    made_on = func.coalesce(Claim.claimed_on, Document.published)
    no_appearance = and_(
        Claim.appearance_url.is_(None), Claim.context.is_(None), Document.id.is_(None)
    )
    for cid, ext, author, day, missing_appearance, review_url, _ in session.execute(
        _verdicts(
            f,
            dialect,
            by.label("author"),
            made_on.label("made_on"),
            no_appearance.label("no_appearance"),
            Verdict.review_url,
        )
        .outerjoin(DocumentVersion, Claim.version_id == DocumentVersion.id)
        .outerjoin(Document, DocumentVersion.document_id == Document.id)
        .where(
            or_(
                by.is_(None),
                made_on.is_(None),
                no_appearance,
                Verdict.review_url.is_(None) if not base_url else Claim.id.is_(None),
            )
        )
    ):
        if not author:
            yield (
                cid,
                ext,
                "claimreview-no-author",
                "no speaker, and no document author or publisher: itemReviewed.author is missing",
            )
        if day is None:
            yield (
                cid,
                ext,
                "claimreview-no-claim-date",
                "no date the claim was made, nor a document publication date: "
                "itemReviewed.datePublished is missing",
            )
        if missing_appearance:
            yield (
                cid,
                ext,
                "claimreview-no-appearance",
                "no appearance URL, context or document: itemReviewed.appearance is missing",
            )
        if review_url is None and not base_url:
            yield (
                cid,
                ext,
                "claimreview-no-url",
                "the verdict has no review URL (pass --review-base-url to derive one)",
            )
    for cid, ext in session.execute(
        select(Claim.id, Claim.external_id).where(
            *conditions(f, dialect),
            Claim.status == ClaimStatus.VERIFIED,
            ~_evidence(Stance.SUPPORTS),
        )
    ):
        yield cid, ext, "verified-without-evidence", "verified, but no citation supports it"
    for cid, ext, reason, _ in session.execute(
        _verdicts(f, dialect, Verdict.force_reason).where(Verdict.forced.is_(True))
    ):
        yield cid, ext, "forced-verdict", f"the evidence rule was overridden: {reason}"
    for cid, ext, scale, label, title, _ in session.execute(
        _verdicts(f, dialect, RatingScale.name, RatingLabel.label, RatingLabel.title).where(
            RatingLabel.verdict_class.is_(None), RatingLabel.maps_to_id.is_(None)
        )
    ):
        yield (
            cid,
            ext,
            "verdict-unmapped",
            f"the publisher's label {scale}:{label} ({title!r}) is not mapped onto claimdb's "
            f"scale (claimdb scale map {scale} {label} CLAIMDB_LABEL)",
        )
    klass = _class()
    for cid, ext, _ in session.execute(
        _verdicts(f, dialect).where(
            Verdict.forced.is_(False),
            or_(
                and_(klass == VerdictClass.TRUE.value, ~_evidence(Stance.SUPPORTS)),
                and_(klass.in_(_NEEDS_CITATION), ~_evidence()),
            ),
        )
    ):
        yield (
            cid,
            ext,
            "verdict-without-evidence",
            "the evidence on record does not allow its verdict",
        )
    for cid, ext, sid, title in session.execute(
        select(Claim.id, Claim.external_id, Source.id, Source.title)
        .join(Citation, Citation.claim_id == Claim.id)
        .join(Source, Citation.source_id == Source.id)
        .where(
            *conditions(f, dialect),
            Source.link_status == LinkStatus.DEAD,
            Source.archive_url.is_(None),
        )
        .distinct()
    ):
        yield (
            cid,
            ext,
            "dead-source-no-archive",
            f"cites source {sid} ({title!r}): its link is dead and there is no archived copy",
        )
    for cid, ext, citation_id, note in session.execute(
        select(Claim.id, Claim.external_id, Flag.citation_id, Flag.note)
        .join(Flag, Flag.claim_id == Claim.id)
        .where(
            *conditions(f, dialect),
            Flag.reason == FlagReason.QUOTE_NOT_FOUND,
            Flag.resolved_at.is_(None),
        )
    ):
        yield (
            cid,
            ext,
            "quote-not-found",
            note or f"citation {citation_id}: its quoted passage is no longer in the source",
        )
