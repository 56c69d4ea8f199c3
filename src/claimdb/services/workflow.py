"""The verification workflow: which status a claim may move to, and the moves themselves.

A claim moves through::

    unreviewed -> in_progress -> needs_review -> verified | disputed | unsupported

and an editor may find an unreviewed or in-progress claim ``unsupported``
outright (`claimdb review decide CLAIM --unsupported`).

The allowed moves are data (:data:`TRANSITIONS`); :func:`transition` refuses
anything else with :class:`~claimdb.errors.WorkflowRefused`, naming the
current status and the statuses it may move to. Every move is an event in
the log, with the status before and after and the reason.

Moves made by rule rather than by hand (the callers apply them):

- a first citation or verdict on an ``unreviewed`` claim starts the work
  (``in_progress``; a verdict goes straight on to ``needs_review``);
- a verdict puts the claim before an editor (``needs_review``);
- new refuting evidence, removed evidence that a decision rested on, or a
  change to the claim's text reopens a decided claim (``in_progress``).

This module holds only the rules; the use cases that apply them live in
:mod:`claimdb.services.citations`, :mod:`claimdb.services.verdicts`,
:mod:`claimdb.services.claims` and :mod:`claimdb.services.review`.
"""

from __future__ import annotations

from claimdb.db.models import Claim, Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import FINAL_STATUSES, TRANSITIONS, ClaimStatus, Decision, VerdictClass
from claimdb.errors import WorkflowRefused
from claimdb.schemas.workflow import TransitionOut
from claimdb.services import events

S = ClaimStatus

APPROVED_STATUS: dict[VerdictClass, ClaimStatus] = {
    VerdictClass.TRUE: S.VERIFIED,
    VerdictClass.FALSE: S.DISPUTED,
    VerdictClass.MISLEADING: S.DISPUTED,
    VerdictClass.MIXED: S.DISPUTED,
    VerdictClass.UNVERIFIABLE: S.UNSUPPORTED,
}
"""Where an approved verdict takes a claim, by the verdict's class on the default scale."""

DECISION_STATUS: dict[Decision, ClaimStatus | None] = {
    Decision.APPROVE: None,  # depends on the verdict: APPROVED_STATUS
    Decision.REJECT: S.UNSUPPORTED,
    Decision.REQUEST_CHANGES: S.IN_PROGRESS,
}
"""Where each review decision takes a claim from ``needs_review``."""

STATUS_CHANGED = "status_changed"
"""The event action of every move."""


def allowed_next(status: ClaimStatus) -> tuple[ClaimStatus, ...]:
    """The statuses a claim in ``status`` may move to."""
    return TRANSITIONS[status]


def is_final(status: ClaimStatus) -> bool:
    """Whether ``status`` is an editor's decision (verified, disputed, unsupported)."""
    return status in FINAL_STATUSES


def describe_allowed(status: ClaimStatus) -> str:
    return ", ".join(s.value for s in allowed_next(status)) or "none"


def refuse(claim: Claim, wanted: str, *, hint: str | None = None) -> WorkflowRefused:
    """The error for a move the workflow does not allow, naming the current and allowed states."""
    return WorkflowRefused(
        f"claim {claim.id} is {claim.status.value}; {wanted} is not allowed from there "
        f"(allowed next: {describe_allowed(claim.status)})",
        hint=hint,
    )


def check_undecided(claim: Claim, wanted: str) -> None:
    """Refuse ``wanted`` on a decided claim, saying how it gets reopened."""
    if is_final(claim.status):
        raise refuse(
            claim,
            wanted,
            hint=f"an editor can reopen it with `claimdb claim reopen {claim.id} --reason TEXT`; "
            "new refuting evidence reopens it too",
        )


def transition(
    uow: UnitOfWork, *, by: Person, claim: Claim, to: ClaimStatus, reason: str
) -> TransitionOut:
    """Move ``claim`` to ``to`` and log it; refuse a move that :data:`TRANSITIONS` lacks."""
    if to not in allowed_next(claim.status):
        raise refuse(claim, f"moving it to {to.value}")
    return move(uow, by=by, claim=claim, to=to, reason=reason)


def move(
    uow: UnitOfWork, *, by: Person, claim: Claim, to: ClaimStatus, reason: str
) -> TransitionOut:
    """Set ``claim``'s status and log the ``status_changed`` event, without the workflow's check.

    For :func:`transition`, and for a caller whose own rule allows the move: an
    import of a published verdict, which arrives decided (:data:`APPROVED_STATUS`).
    """
    before = claim.status
    claim.status = to
    events.record_on_claim(
        uow,
        actor=by,
        claim=claim,
        action=STATUS_CHANGED,
        **status_payload(before, to),
        reason=reason,
    )
    return TransitionOut(claim_id=claim.id, before=before, after=to, reason=reason)


def status_payload(before: ClaimStatus, to: ClaimStatus) -> dict[str, dict[str, str]]:
    """The ``before`` and ``after`` of a ``status_changed`` event (every path alike)."""
    return {"before": {"status": before.value}, "after": {"status": to.value}}


def start_work(uow: UnitOfWork, *, by: Person, claim: Claim, reason: str) -> TransitionOut | None:
    """``unreviewed`` -> ``in_progress`` when someone first works on the claim; else nothing."""
    if claim.status is not S.UNREVIEWED:
        return None
    return transition(uow, by=by, claim=claim, to=S.IN_PROGRESS, reason=reason)


def reopen_if_decided(
    uow: UnitOfWork, *, by: Person, claim: Claim, reason: str
) -> TransitionOut | None:
    """A decided claim goes back to ``in_progress`` (new evidence, new text); else nothing."""
    if not is_final(claim.status):
        return None
    return transition(uow, by=by, claim=claim, to=S.IN_PROGRESS, reason=reason)


def submit_for_review(
    uow: UnitOfWork, *, by: Person, claim: Claim, reason: str
) -> TransitionOut | None:
    """Put a claim before an editor after a verdict; a claim already waiting stays.

    A decided claim is refused: it must be reopened (by an editor, or by new
    refuting evidence) before a new verdict goes to review.
    """
    if claim.status is S.NEEDS_REVIEW:
        return None
    check_undecided(claim, "a new verdict")
    return transition(uow, by=by, claim=claim, to=S.NEEDS_REVIEW, reason=reason)
