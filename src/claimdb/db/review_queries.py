"""The review queue and the dashboard: whole-table work in a bounded number of SELECTs.

Neither ever loads claims one by one through the ORM. The queue streams the
candidate claims in queue order and computes their evidence and flag counts
a batch at a time (one grouped SELECT per batch, driven by the
``citations (claim_id, kind, stance)`` and ``flags (claim_id, resolved_at)``
indexes), stopping as soon as it has ``limit`` entries; the dashboard is four
grouped SELECTs. Both stay quick at 100,000 claims, and neither depends on
the planner's statistics being fresh (a join to whole-table aggregates could
be planned as a nested loop right after a bulk import, before ANALYZE).
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    String,
    any_,
    bindparam,
    case,
    distinct,
    func,
    literal_column,
    null,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

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
from claimdb.db.read_queries import DocumentCounts
from claimdb.enums import (
    FINAL_STATUSES,
    CitationKind,
    ClaimStatus,
    FlagReason,
    LinkStatus,
    ReviewReason,
    Stance,
)
from claimdb.schemas.filters import ClaimFilter

BATCH = 1000
"""Candidate claims whose counts are computed per grouped SELECT."""


@dataclass(frozen=True)
class Counts:
    """A claim's evidence and flags, as the reasons need them."""

    n_evidence: int = 0
    n_support: int = 0
    n_negative: int = 0
    n_sources: int = 0
    n_dead: int = 0
    n_open_flags: int = 0
    n_quotes_lost: int = 0  # open quote-not-found flags (`source check --quotes`)


@dataclass(frozen=True)
class QueueRow:
    """One claim in the queue, the numbers its reasons come from, and the reasons."""

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
    counts: Counts
    reasons: tuple[ReviewReason, ...]


def reasons_for(
    status: ClaimStatus, counts: Counts, verdict_at: datetime | None, stale_before: datetime
) -> tuple[ReviewReason, ...]:
    """Every reason a claim is in the queue, in :class:`ReviewReason` order.

    A decided claim (verified, disputed, unsupported) keeps only the reasons
    that can arise after the decision: open flags, a stale verdict, and its
    evidence having gone dead. Its evidence shape (no support, only refuting,
    one source) is what the editor weighed when deciding.
    """
    undecided = status not in FINAL_STATUSES
    c = counts
    found: list[ReviewReason] = []
    if undecided and c.n_support == 0:
        found.append(ReviewReason.NO_SUPPORT)
    if undecided and c.n_evidence > 0 and c.n_negative == c.n_evidence:
        found.append(ReviewReason.ONLY_REFUTING)
    if c.n_evidence > 0 and c.n_dead == c.n_evidence:
        found.append(ReviewReason.DEAD_SOURCES)
    if undecided and c.n_sources == 1:
        found.append(ReviewReason.SINGLE_SOURCE)
    if c.n_open_flags > 0:
        found.append(ReviewReason.OPEN_FLAGS)
    if verdict_at is not None and verdict_at < stale_before:
        found.append(ReviewReason.STALE_VERDICT)
    if c.n_quotes_lost > 0:
        found.append(ReviewReason.QUOTE_NOT_FOUND)
    return tuple(found)


def _among(column: InstrumentedAttribute[int], ids: list[int], dialect: str) -> ColumnElement[bool]:
    """``column`` is one of ``ids``, sent as one parameter (an array, or JSON on SQLite).

    An IN list of a thousand bound parameters costs more to build and parse
    than the query costs to run.
    """
    if dialect == "postgresql":
        # Imported here: on SQLite, `review` and `status` need none of the PostgreSQL dialect.
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam("ids", ids, type_=ARRAY(Integer)))
    listed = select(literal_column("value", Integer)).select_from(
        func.json_each(bindparam("ids", json.dumps(ids), type_=String))
    )
    return column.in_(listed.scalar_subquery())


def _counts(
    conn: Connection, ids: list[int], dialect: str
) -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, int]]]:
    """Evidence counts and open-flag counts for ``ids``, in two grouped SELECTs."""
    dead = (SourceRow.link_status == LinkStatus.DEAD) & SourceRow.archive_url.is_(None)
    evidence = (
        select(
            Citation.claim_id,
            func.count(),
            func.sum(case((Citation.stance == Stance.SUPPORTS, 1), else_=0)),
            func.sum(
                case((Citation.stance.in_([Stance.REFUTES, Stance.INSUFFICIENT]), 1), else_=0)
            ),
            func.count(distinct(Citation.source_id)),
            func.sum(case((dead, 1), else_=0)),
        )
        .join(SourceRow, SourceRow.id == Citation.source_id)
        .where(_among(Citation.claim_id, ids, dialect), Citation.kind == CitationKind.EVIDENCE)
        .group_by(Citation.claim_id)
    )
    flags = (
        select(
            Flag.claim_id,
            func.count(),
            func.sum(case((Flag.reason == FlagReason.QUOTE_NOT_FOUND, 1), else_=0)),
        )
        .where(_among(Flag.claim_id, ids, dialect), Flag.resolved_at.is_(None))
        .group_by(Flag.claim_id)
    )
    return (
        {row[0]: tuple(int(v or 0) for v in row[1:]) for row in conn.execute(evidence)},
        {claim_id: (int(n), int(lost or 0)) for claim_id, n, lost in conn.execute(flags)},
    )


def _candidate_columns(slug: Any) -> Select[Any]:
    return (
        select(
            Claim.id,
            Claim.priority,
            Claim.status,
            Claim.claim_type,
            Claim.text,
            Claim.speaker,
            slug,
            Claim.start_offset,
            RatingLabel.label,
            Verdict.created_at,
        )
        .outerjoin(Verdict, Verdict.id == Claim.current_verdict_id)
        .outerjoin(RatingLabel, RatingLabel.id == Verdict.label_id)
    )


def _candidates(conn: Connection, document: str | None) -> Generator[Any]:
    """Checkable, unarchived claims in queue order, a priority at a time.

    Queue order is priority, then the claim's document, its position there, its
    id, with claims outside any document after those in one. Sorting a million
    claims by a joined column cannot stop early, so each priority is read in two
    parts from ``ix_claims_priority_version_id_start_offset_id``: the claims in
    documents (sorted: as many as the desk has anchored at that priority), then
    the claims outside any, read in index order (priority, NULL, NULL, id) and
    never sorted. Reading stops when the caller stops asking.
    """
    dialect = conn.dialect.name
    base = [
        Claim.checkable.is_(True),
        *claim_queries.conditions(ClaimFilter(document=document), dialect),
    ]
    streamed = conn.execution_options(yield_per=BATCH)
    for priority in range(1, 6):
        anchored = (
            _candidate_columns(Document.slug)
            .join(DocumentVersion, DocumentVersion.id == Claim.version_id)
            .join(Document, Document.id == DocumentVersion.document_id)
            .where(Claim.priority == priority, Claim.version_id.is_not(None), *base)
            .order_by(
                DocumentVersion.document_id,
                Claim.start_offset.asc().nulls_last(),
                Claim.id,
            )
        )
        with streamed.execute(anchored) as result:
            yield from result
        if document is not None:
            continue
        # start_offset IS NULL holds for every claim outside a document (the anchor
        # CHECK); saying so lets the index give them in id order.
        loose = (
            _candidate_columns(null().label("slug"))
            .where(
                Claim.priority == priority,
                Claim.version_id.is_(None),
                Claim.start_offset.is_(None),
                *base,
            )
            .order_by(Claim.id)
        )
        with streamed.execute(loose) as result:
            yield from result


def review_queue(
    session: Session,
    *,
    document: str | None,
    reasons: Sequence[ReviewReason],
    stale_before: datetime,
    limit: int | None,
    offset: int,
) -> list[QueueRow]:
    """Checkable, unarchived claims with at least one of ``reasons`` (any reason when empty).

    Ordered by priority, then by position in the document (claims outside any
    document last), then id; ``offset`` entries skipped, at most ``limit`` kept.
    Counting stops at the batch where the last entry wanted is found.
    """
    wanted = set(reasons) or set(ReviewReason)
    conn = session.connection()
    with closing(_candidates(conn, document)) as candidates:  # closes the cursor early
        matching = (
            row
            for row in _queued(conn, candidates, stale_before)
            if wanted.intersection(row.reasons)
        )
        return list(islice(matching, offset, None if limit is None else offset + limit))


def _batches(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(rows, size)):
        yield batch


def _queued(conn: Connection, rows: Iterator[Any], stale_before: datetime) -> Iterator[QueueRow]:
    """The candidates that have any reason, with their counts, a batch of counts at a time."""
    no_evidence = (0, 0, 0, 0, 0)
    for batch in _batches(rows, BATCH):
        evidence, flags = _counts(conn, [row[0] for row in batch], conn.dialect.name)
        for row in batch:
            values: tuple[Any, ...] = tuple(row)
            cid, pri, status, ctype, text, speaker, slug, start, label, verdict_at = values
            n, sup, neg, src, dead = evidence.get(cid, no_evidence)
            n_flags, lost = flags.get(cid, (0, 0))
            counts = Counts(n, sup, neg, src, dead, n_flags, lost)
            found = reasons_for(status, counts, verdict_at, stale_before)
            if found:
                yield QueueRow(
                    claim_id=cid,
                    priority=pri,
                    status=status.value,
                    claim_type=ctype.value,
                    text=text,
                    speaker=speaker,
                    document=slug,
                    start=start,
                    verdict=label,
                    verdict_at=verdict_at,
                    counts=counts,
                    reasons=found,
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
