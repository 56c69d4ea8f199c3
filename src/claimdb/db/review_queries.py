"""The review queue and the dashboard: whole-table aggregates in a few SELECTs.

Both read every claim's evidence at once, so they are written as grouped
subqueries joined to ``claims`` (one pass over ``citations`` and ``flags``),
never as per-claim ORM loads: they must stay quick at 100,000 claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from claimdb.db import claim_queries
from claimdb.db.models import (
    Citation,
    Claim,
    Document,
    DocumentVersion,
    Flag,
    RatingLabel,
    Verdict,
)
from claimdb.db.models import Source as SourceRow
from claimdb.enums import (
    FINAL_STATUSES,
    CitationKind,
    LinkStatus,
    ReviewReason,
    Stance,
)
from claimdb.schemas.filters import ClaimFilter


@dataclass(frozen=True)
class QueueRow:
    """One claim in the queue with the numbers its reasons are computed from."""

    claim_id: int
    priority: int
    status: str
    claim_type: str
    text: str
    speaker: str | None
    document: str | None
    start: int | None
    verdict: str | None
    verdict_at: datetime | None
    n_evidence: int
    n_support: int
    n_negative: int
    n_sources: int
    n_dead: int
    n_open_flags: int
    reasons: tuple[ReviewReason, ...]


def _evidence_counts() -> Any:
    """Per claim: evidence citations, supporting, refuting-or-insufficient, sources, dead."""
    dead = and_(SourceRow.link_status == LinkStatus.DEAD, SourceRow.archive_url.is_(None))
    return (
        select(
            Citation.claim_id.label("claim_id"),
            func.count().label("n_evidence"),
            func.sum(case((Citation.stance == Stance.SUPPORTS, 1), else_=0)).label("n_support"),
            func.sum(
                case((Citation.stance.in_([Stance.REFUTES, Stance.INSUFFICIENT]), 1), else_=0)
            ).label("n_negative"),
            func.count(distinct(Citation.source_id)).label("n_sources"),
            func.sum(case((dead, 1), else_=0)).label("n_dead"),
        )
        .join(SourceRow, SourceRow.id == Citation.source_id)
        .where(Citation.kind == CitationKind.EVIDENCE)
        .group_by(Citation.claim_id)
        .subquery("ev")
    )


def _open_flag_counts() -> Any:
    return (
        select(Flag.claim_id.label("claim_id"), func.count().label("n_open_flags"))
        .where(Flag.resolved_at.is_(None))
        .group_by(Flag.claim_id)
        .subquery("fl")
    )


def reason_conditions(
    ev: Any, fl: Any, stale_before: datetime
) -> dict[ReviewReason, ColumnElement[bool]]:
    """Each reason as a condition on a claim joined to the evidence and flag counts.

    A decided claim (verified, disputed, unsupported) keeps only the reasons
    that can arise after the decision: open flags, a stale verdict, and its
    evidence having gone dead. Its evidence shape (no support, only refuting,
    one source) is what the editor weighed when deciding.
    """
    n_evidence = func.coalesce(ev.c.n_evidence, 0)
    undecided = Claim.status.not_in(list(FINAL_STATUSES))
    return {
        ReviewReason.NO_SUPPORT: and_(undecided, func.coalesce(ev.c.n_support, 0) == 0),
        ReviewReason.ONLY_REFUTING: and_(
            undecided, n_evidence > 0, ev.c.n_negative == ev.c.n_evidence
        ),
        ReviewReason.DEAD_SOURCES: and_(n_evidence > 0, ev.c.n_dead == ev.c.n_evidence),
        ReviewReason.SINGLE_SOURCE: and_(undecided, func.coalesce(ev.c.n_sources, 0) == 1),
        ReviewReason.OPEN_FLAGS: func.coalesce(fl.c.n_open_flags, 0) > 0,
        ReviewReason.STALE_VERDICT: and_(
            Verdict.id.is_not(None), Verdict.created_at < stale_before
        ),
    }


def review_queue(
    session: Session,
    *,
    document: str | None,
    reasons: Sequence[ReviewReason],
    stale_before: datetime,
    limit: int | None,
    offset: int,
) -> list[QueueRow]:
    """Checkable, unarchived claims with at least one of ``reasons`` (all when empty).

    Ordered by priority, then by position in the document (claims outside any
    document last), then id.
    """
    dialect = session.get_bind().dialect.name
    ev = _evidence_counts()
    fl = _open_flag_counts()
    conds = reason_conditions(ev, fl, stale_before)
    wanted = list(reasons) or list(ReviewReason)
    flags = [case((conds[r], 1), else_=0).label(f"r_{r.name.lower()}") for r in ReviewReason]
    where = claim_queries.conditions(ClaimFilter(document=document), dialect)
    stmt = (
        select(
            Claim.id,
            Claim.priority,
            Claim.status,
            Claim.claim_type,
            Claim.text,
            Claim.speaker,
            Document.slug,
            Claim.start_offset,
            RatingLabel.label,
            Verdict.created_at,
            func.coalesce(ev.c.n_evidence, 0),
            func.coalesce(ev.c.n_support, 0),
            func.coalesce(ev.c.n_negative, 0),
            func.coalesce(ev.c.n_sources, 0),
            func.coalesce(ev.c.n_dead, 0),
            func.coalesce(fl.c.n_open_flags, 0),
            *flags,
        )
        .outerjoin(ev, ev.c.claim_id == Claim.id)
        .outerjoin(fl, fl.c.claim_id == Claim.id)
        .outerjoin(Verdict, Verdict.id == Claim.current_verdict_id)
        .outerjoin(RatingLabel, RatingLabel.id == Verdict.label_id)
        .outerjoin(DocumentVersion, DocumentVersion.id == Claim.version_id)
        .outerjoin(Document, Document.id == DocumentVersion.document_id)
        .where(Claim.checkable.is_(True), *where, or_(*(conds[r] for r in wanted)))
        .order_by(
            Claim.priority,
            DocumentVersion.document_id.asc().nulls_last(),
            Claim.start_offset.asc().nulls_last(),
            Claim.id,
        )
        .offset(offset)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = []
    for row in session.execute(stmt):
        values = tuple(row)
        bits = values[16:]
        rows.append(
            QueueRow(
                claim_id=values[0],
                priority=values[1],
                status=str(values[2].value),
                claim_type=str(values[3].value),
                text=values[4],
                speaker=values[5],
                document=values[6],
                start=values[7],
                verdict=values[8],
                verdict_at=values[9],
                n_evidence=int(values[10]),
                n_support=int(values[11]),
                n_negative=int(values[12]),
                n_sources=int(values[13]),
                n_dead=int(values[14]),
                n_open_flags=int(values[15]),
                reasons=tuple(r for r, bit in zip(ReviewReason, bits, strict=True) if bit),
            )
        )
    return rows


@dataclass
class DocumentCounts:
    """The dashboard's numbers for one document (``document_id`` None: claims outside any)."""

    document_id: int | None
    slug: str | None
    title: str | None
    claims: int = 0
    checkable: int = 0
    by_status: dict[str, int] | None = None
    by_verdict: dict[str, int] | None = None
    supported: int = 0
    open_flags: int = 0
    decided: int = 0


def dashboard(session: Session, *, document_id: int | None = None) -> list[DocumentCounts]:
    """Counts per document over unarchived claims, in four grouped SELECTs.

    Every document is listed (with zeros when it has no claims yet); claims
    outside any document come last, as one row, when there are any.
    """
    doc_id = DocumentVersion.document_id

    def scoped(stmt: Any) -> Any:
        stmt = stmt.outerjoin(DocumentVersion, DocumentVersion.id == Claim.version_id).where(
            Claim.archived_at.is_(None)
        )
        if document_id is not None:
            stmt = stmt.where(doc_id == document_id)
        return stmt

    docs = select(Document.id, Document.slug, Document.title).order_by(Document.id)
    if document_id is not None:
        docs = docs.where(Document.id == document_id)
    out: dict[int | None, DocumentCounts] = {
        d.id: DocumentCounts(d.id, d.slug, d.title, by_status={}, by_verdict={})
        for d in session.execute(docs)
    }

    def entry(key: int | None) -> DocumentCounts:
        if key not in out:
            out[key] = DocumentCounts(None, None, None, by_status={}, by_verdict={})
        return out[key]

    decided = case((Claim.status.in_(list(FINAL_STATUSES)), 1), else_=0)
    by_status = scoped(
        select(
            doc_id,
            Claim.status,
            func.count(),
            func.sum(case((Claim.checkable.is_(True), 1), else_=0)),
            func.sum(case((Claim.checkable.is_(True), decided), else_=0)),
        ).select_from(Claim)
    ).group_by(doc_id, Claim.status)
    for key, status, n, n_checkable, n_decided in session.execute(by_status):
        e = entry(key)
        assert e.by_status is not None
        e.by_status[status.value] = int(n)
        e.claims += int(n)
        e.checkable += int(n_checkable or 0)
        e.decided += int(n_decided or 0)

    by_verdict = scoped(
        select(doc_id, RatingLabel.label, func.count())
        .select_from(Claim)
        .join(Verdict, Verdict.id == Claim.current_verdict_id)
        .join(RatingLabel, RatingLabel.id == Verdict.label_id)
    ).group_by(doc_id, RatingLabel.label)
    for key, label, n in session.execute(by_verdict):
        verdicts = entry(key).by_verdict
        assert verdicts is not None
        verdicts[label] = int(n)

    supported = scoped(
        select(doc_id, func.count())
        .select_from(Claim)
        .where(Claim.checkable.is_(True), claim_queries.supporting_evidence())
    ).group_by(doc_id)
    for key, n in session.execute(supported):
        entry(key).supported = int(n)

    flags = scoped(
        select(doc_id, func.count(Flag.id))
        .select_from(Claim)
        .join(Flag, Flag.claim_id == Claim.id)
        .where(Flag.resolved_at.is_(None))
    ).group_by(doc_id)
    for key, n in session.execute(flags):
        entry(key).open_flags = int(n)

    return sorted(out.values(), key=lambda c: (c.document_id is None, c.document_id or 0))
