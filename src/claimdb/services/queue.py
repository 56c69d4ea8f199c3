"""The review queue behind `claimdb review`: the claims an editor should look at, and why.

Read through a :class:`~claimdb.db.light.Reader` (SQL text over the driver,
no ORM: the command starts fast), or inside a unit of work
(:data:`~claimdb.services.reading.ReadSource`). Which claims are listed, with
which reasons, is documented in :mod:`claimdb.services.review`; what an editor
may do with each (its ``actions``) follows the same rules the decisions apply
(:mod:`claimdb.services.rules`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from claimdb.db import queue_reads, read_queries
from claimdb.db.light import Reader
from claimdb.enums import (
    FINAL_STATUSES,
    ClaimStatus,
    ClaimType,
    Decision,
    ReviewAction,
    ReviewReason,
    Stance,
    VerdictClass,
)
from claimdb.errors import NotFound
from claimdb.schemas.queue import ReviewEntry, ReviewQuery
from claimdb.services.reading import ReadSource, reader_of
from claimdb.services.rules import DECIDABLE_FROM, CurrentVerdict, approval_problem
from claimdb.wording import counted

A = ReviewAction


def _why(row: queue_reads.QueueRow, reason: ReviewReason, now: datetime, stale: int) -> str:
    c = row.counts
    if reason is ReviewReason.NO_SUPPORT:
        if c.n_evidence:
            return f"no supporting evidence ({counted(c.n_evidence, 'citation')}, none supports)"
        return "no supporting evidence: nothing cited yet"
    if reason is ReviewReason.ONLY_REFUTING:
        return f"only refuting or insufficient evidence ({counted(c.n_evidence, 'citation')})"
    if reason is ReviewReason.DEAD_SOURCES:
        return f"every cited source is dead with no archive copy ({counted(c.n_sources, 'source')})"
    if reason is ReviewReason.SINGLE_SOURCE:
        return "all its evidence comes from a single source"
    if reason is ReviewReason.OPEN_FLAGS:
        return counted(c.n_open_flags, "open flag")
    if reason is ReviewReason.QUOTE_NOT_FOUND:
        return f"{counted(c.n_quotes_lost, 'quoted passage')} no longer found in the source"
    assert row.verdict_at is not None
    days = (now - row.verdict_at).days
    return f"verdict {row.verdict} is {days} days old (stale after {stale})"


def review_queue(source: ReadSource, *, query: ReviewQuery) -> list[ReviewEntry]:
    """The claims an editor should look at, most urgent first (see :mod:`~.review`'s doc)."""
    reader = reader_of(source)
    document_id = None
    if query.document is not None:  # an unknown document is an error, not an empty queue
        document_id = read_queries.document_ref(reader, query.document)
        if document_id is None:
            raise NotFound(
                f"no document {query.document!r}", hint="list documents with `claimdb doc list`"
            )
    now = datetime.now(UTC)
    rows = queue_reads.review_queue(
        reader,
        document_id=document_id,
        reasons=query.reasons,
        stale_before=now - timedelta(days=query.stale_days),
        limit=query.limit,
        offset=query.offset,
    )
    awaiting = [row.claim_id for row in rows if row.status == ClaimStatus.NEEDS_REVIEW.value]
    approvable = {cid for cid, p in approval_problems(reader, awaiting).items() if p is None}
    return [
        ReviewEntry(
            claim_id=row.claim_id,
            priority=row.priority,
            status=ClaimStatus(row.status),
            claim_type=ClaimType(row.claim_type),
            text=row.text,
            speaker=row.speaker,
            document=row.document,
            start=row.start,
            verdict=row.verdict,
            verdict_at=row.verdict_at,
            reasons=list(row.reasons),
            why=[_why(row, r, now, query.stale_days) for r in row.reasons],
            actions=actions(
                ClaimStatus(row.status),
                approvable=row.claim_id in approvable,
                open_flags=row.counts.n_open_flags > 0,
            ),
        )
        for row in rows
    ]


def approval_problems(reader: Reader, ids: list[int]) -> dict[int, str | None]:
    """Why each of the claims ``ids`` cannot have its verdict approved (None: it can).

    The rule is :func:`~claimdb.services.rules.approval_problem`, the one
    `review decide --approve` applies to the ORM's claim, fed here from two
    SELECTs for the page's claims.
    """
    verdicts = queue_reads.current_verdicts(reader, ids)
    stances = queue_reads.evidence_stances(reader, ids)
    problems: dict[int, str | None] = {}
    for cid in ids:
        found = verdicts.get(cid)
        current = None
        if found is not None:
            forced, klass, scale, label, title = found
            current = CurrentVerdict(
                forced=forced,
                verdict_class=None if klass is None else VerdictClass(klass),
                scale=scale,
                label=label,
                title=title,
            )
        evidence = [None if s is None else Stance(s) for s in stances.get(cid, [])]
        problems[cid] = approval_problem(cid, current, evidence)
    return problems


def actions(status: ClaimStatus, *, approvable: bool, open_flags: bool) -> list[ReviewAction]:
    """What an editor can do with a queued claim now; each is a command that accepts it."""
    found = [
        decision_action
        for decision, decision_action in (
            (Decision.APPROVE, A.APPROVE),
            (Decision.REJECT, A.UNSUPPORTED),
            (Decision.REQUEST_CHANGES, A.REQUEST_CHANGES),
        )
        if status in DECIDABLE_FROM[decision] and (decision is not Decision.APPROVE or approvable)
    ]
    found.append(A.REQUEST)
    if open_flags:
        found.append(A.RESOLVE_FLAGS)
    if status in FINAL_STATUSES:  # workflow.is_final
        found.append(A.REOPEN)
    return found
