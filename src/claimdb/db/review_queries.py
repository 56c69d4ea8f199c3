"""The review decisions' reads, and the dashboard recounted from the claims.

The queue itself is read as SQL text on the light path
(:mod:`claimdb.db.queue_reads`); the dashboard recount is four grouped
SELECTs, the check the counters (:mod:`claimdb.db.counts`) are tested against.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    case,
    func,
    select,
)
from sqlalchemy.orm import Session

from claimdb.db import claim_queries
from claimdb.db.models import (
    Claim,
    Document,
    DocumentVersion,
    Flag,
    RatingLabel,
    Verdict,
)
from claimdb.db.read_queries import DocumentCounts
from claimdb.enums import (
    FINAL_STATUSES,
    FlagReason,
)


def lost_quotes(session: Session, claim_id: int) -> set[int]:
    """The claim's citations with an open quote-not-found flag."""
    return {
        cid
        for cid in session.scalars(
            select(Flag.citation_id).where(
                Flag.claim_id == claim_id,
                Flag.reason == FlagReason.QUOTE_NOT_FOUND,
                Flag.resolved_at.is_(None),
                Flag.citation_id.is_not(None),
            )
        )
        if cid is not None
    }


def dashboard_recount(session: Session, *, document_id: int | None = None) -> list[DocumentCounts]:
    """The dashboard (:func:`claimdb.db.read_queries.dashboard`) computed from the claims.

    Four grouped SELECTs, whole-table scans: the recount the counters are tested against.

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
