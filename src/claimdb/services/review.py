"""Editors' work: the review queue, decisions on claims awaiting review, reopening.

The queue (:func:`review_queue`) lists checkable, unarchived claims that
meet any of these conditions, each entry with every reason that applies:

==================  ============================================================
``no-support``      no evidence citation supports the claim
``only-refuting``   it has evidence, and all of it refutes or is insufficient
``dead-sources``    all its evidence cites sources marked dead with no archive copy
``single-source``   its evidence comes from exactly one distinct source
``open-flags``      it has unresolved flags
``stale-verdict``   its current verdict is older than ``stale_days``
==================  ============================================================

A decided claim (verified, disputed, unsupported) stays in the queue only
for what can go wrong after the decision: open flags, a stale verdict, or
its evidence having gone dead. The editor weighed its evidence when
deciding; listing every disputed claim as "only refuting" would bury the
work that is left.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from claimdb.db import review_queries
from claimdb.db.uow import UnitOfWork
from claimdb.enums import ClaimStatus, ClaimType, Decision, NoteKind, ReviewReason
from claimdb.errors import InvalidInput, WorkflowRefused
from claimdb.schemas.review import NoteIn
from claimdb.schemas.workflow import (
    DecisionIn,
    DecisionOut,
    ReviewEntry,
    ReviewQuery,
    TransitionOut,
)
from claimdb.services import notes, verdicts, workflow
from claimdb.services.claims import get_claim
from claimdb.services.documents import get_document
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission
from claimdb.wording import counted


def _why(row: review_queries.QueueRow, reason: ReviewReason, now: datetime, stale: int) -> str:
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
    assert row.verdict_at is not None
    days = (now - row.verdict_at).days
    return f"verdict {row.verdict} is {days} days old (stale after {stale})"


def review_queue(uow: UnitOfWork, *, query: ReviewQuery) -> list[ReviewEntry]:
    """The claims an editor should look at, most urgent first (see the module doc)."""
    if query.document is not None:
        get_document(uow, query.document)  # an unknown document is an error, not an empty queue
    now = datetime.now(UTC)
    rows = review_queries.review_queue(
        uow.session,
        document=query.document,
        reasons=query.reasons,
        stale_before=now - timedelta(days=query.stale_days),
        limit=query.limit,
        offset=query.offset,
    )
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
        )
        for row in rows
    ]


def decide(uow: UnitOfWork, *, actor: str | None, data: DecisionIn) -> DecisionOut:
    """Record an editor's decision on a claim awaiting review: the note and the move, together.

    - approve: the current verdict stands; the claim becomes verified (a true
      verdict), disputed (false, misleading, mixed) or unsupported
      (unverifiable). Needs a verdict whose evidence rule still holds.
    - reject: the statement cannot stand; the claim becomes unsupported.
    - request-changes: back to the fact-checker (in_progress).

    Only a claim in ``needs_review`` can be decided.
    """
    by = resolve_actor(uow, actor, Permission.DECIDE)
    claim = get_claim(uow, data.claim_id)
    if claim.status is not ClaimStatus.NEEDS_REVIEW:
        raise workflow.refuse(
            claim,
            "a review decision",
            hint="only a claim awaiting review (needs_review) can be decided; "
            f"a fact-checker sends it with `claimdb verify {claim.id} ...`",
        )
    target = workflow.DECISION_STATUS[data.decision]
    detail = ""
    if data.decision is Decision.APPROVE:
        verdict = claim.current_verdict
        if verdict is None:
            raise WorkflowRefused(
                f"claim {claim.id} has no verdict to approve",
                hint=f"record one with `claimdb verify {claim.id} --verdict LABEL --rationale "
                "TEXT`, or send it back with --request-changes",
            )
        klass = verdicts.label_class(verdict.label)
        problem = verdicts.evidence_problem(claim, klass)
        if problem is not None and not verdict.forced:
            raise WorkflowRefused(
                f"the verdict's evidence rule no longer holds: {problem}",
                hint="send it back with --request-changes, or reject it",
            )
        target = workflow.APPROVED_STATUS[klass]
        detail = f" of verdict {verdict.label.scale.name}:{verdict.label.label}"
    assert target is not None
    note = notes.create_note(
        uow, by=by, data=NoteIn(claim_id=claim.id, body=data.note, kind=NoteKind.DECISION)
    )
    moved = workflow.transition(
        uow,
        by=by,
        claim=claim,
        to=target,
        reason=f"review decision: {data.decision.value}{detail} (note {note.id})",
    )
    uow.flush()
    return DecisionOut(
        claim_id=claim.id, decision=data.decision, note=notes.to_out(note), transition=moved
    )


def reopen(uow: UnitOfWork, *, actor: str | None, claim_id: int, reason: str) -> TransitionOut:
    """Reopen a decided claim (verified, disputed, unsupported) for more work; editors only."""
    by = resolve_actor(uow, actor, Permission.REOPEN)
    if not reason.strip():
        raise InvalidInput("reopening needs a reason", hint="pass --reason TEXT")
    claim = get_claim(uow, claim_id)
    if not workflow.is_final(claim.status):
        hint = (
            f"to send it back to the fact-checker: `claimdb review decide {claim_id} "
            "--request-changes --note TEXT`"
            if claim.status is ClaimStatus.NEEDS_REVIEW
            else "only a decided claim (verified, disputed, unsupported) is reopened"
        )
        raise workflow.refuse(claim, "reopening", hint=hint)
    moved = workflow.transition(
        uow, by=by, claim=claim, to=ClaimStatus.IN_PROGRESS, reason=reason.strip()
    )
    uow.flush()
    return moved
