"""Editors' work: the review queue, decisions on claims awaiting review, reopening.

The queue (:func:`claimdb.services.queue.review_queue`) lists checkable, unarchived claims that
meet any of these conditions, each entry with every reason that applies:

===================  ============================================================
``no-support``       no evidence citation supports the claim
``only-refuting``    it has evidence, and all of it refutes or is insufficient
``dead-sources``     all its evidence cites sources marked dead with no archive copy
``single-source``    its evidence comes from exactly one distinct source
``open-flags``       it has unresolved flags
``stale-verdict``    its current verdict is older than ``stale_days``
``quote-not-found``  a cited passage is no longer in its source (`source check --quotes`)
===================  ============================================================

A decided claim (verified, disputed, unsupported) stays in the queue only
for what can go wrong after the decision: open flags, a stale verdict, or
its evidence having gone dead. The editor weighed its evidence when
deciding; listing every disputed claim as "only refuting" would bury the
work that is left.

Every entry also lists its ``actions``, what an editor can do with it now
(:class:`~claimdb.enums.ReviewAction`), and each of them is accepted:
:func:`decide` (approve, unsupported, request-changes), :func:`request`
(any entry), resolving its flags, reopening a decided claim.
"""

from __future__ import annotations

from claimdb.db import repo, review_queries
from claimdb.db.models import Claim, Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import (
    CitationKind,
    ClaimStatus,
    Decision,
    LinkStatus,
    NoteKind,
)
from claimdb.errors import InvalidInput, NotFound, WorkflowRefused
from claimdb.schemas.review import NoteIn
from claimdb.schemas.workflow import (
    DecisionIn,
    DecisionOut,
    ReviewRequestIn,
    ReviewRequestOut,
    TransitionOut,
)
from claimdb.services import events, notes, verdicts, workflow
from claimdb.services.lookup import get_claim
from claimdb.services.people import SYSTEM_ACTOR, resolve_actor
from claimdb.services.permissions import Permission, allows, roles_with
from claimdb.services.rules import DECIDABLE_FROM, CurrentVerdict, approval_problem

S = ClaimStatus

REVIEW_REQUESTED = "review_requested"
"""The event action of :func:`request` (on the claim; the note has its own event)."""


def _approval_problem(claim: Claim) -> str | None:
    """Why the claim's current verdict cannot be approved (None if it can)."""
    verdict = claim.current_verdict
    current = None
    if verdict is not None:
        label = verdict.label
        current = CurrentVerdict(
            forced=verdict.forced,
            verdict_class=verdicts.label_class_or_none(label),
            scale=label.scale.name,
            label=label.label,
            title=label.title,
        )
    stances = [c.stance for c in claim.citations if c.kind is CitationKind.EVIDENCE]
    return approval_problem(claim.id, current, stances)


def decide(uow: UnitOfWork, *, actor: str | None, data: DecisionIn) -> DecisionOut:
    """Record an editor's decision on a claim awaiting review: the note and the move, together.

    - approve: the current verdict stands; the claim becomes verified (a true
      verdict), disputed (false, misleading, mixed) or unsupported
      (unverifiable). Needs a verdict whose evidence rule still holds.
    - reject (`--unsupported`): the statement cannot stand; the claim becomes
      unsupported. Also open to an unreviewed or in-progress claim.
    - request-changes: back to the fact-checker (in_progress).

    Approving and requesting changes need a claim in ``needs_review``
    (:data:`~claimdb.services.rules.DECIDABLE_FROM`).
    """
    by = resolve_actor(uow, actor, Permission.DECIDE)
    claim = get_claim(uow, data.claim_id)
    if claim.status not in DECIDABLE_FROM[data.decision]:
        wanted = f"a review decision ({data.decision.value})"
        raise workflow.refuse(claim, wanted, hint=_hint(claim))
    target = workflow.DECISION_STATUS[data.decision]
    detail = ""
    warnings: list[str] = []
    if data.decision is Decision.APPROVE:
        problem = _approval_problem(claim)
        if problem is not None:
            raise WorkflowRefused(
                problem,
                hint=f"record a verdict with `claimdb verify {claim.id} --verdict LABEL "
                "--rationale TEXT`, send it back with --request-changes, or find it --unsupported"
                if claim.current_verdict is None
                else "send it back with --request-changes, or find it --unsupported",
            )
        verdict = claim.current_verdict
        assert verdict is not None
        target = workflow.APPROVED_STATUS[verdicts.label_class(verdict.label)]
        detail = f" of verdict {verdict.label.scale.name}:{verdict.label.label}"
        warnings = _weak_evidence(uow, claim)
    assert target is not None
    note = notes.create_note(
        uow, by=by, data=NoteIn(claim_id=claim.id, body=data.note, kind=NoteKind.DECISION)
    )
    moved = workflow.transition(
        uow,
        by=by,
        claim=claim,
        to=target,
        reason=f"review decision: {data.decision.value}{detail} (note {note.id})"
        + "".join(f"; warning: {w}" for w in warnings),
    )
    uow.flush()
    return DecisionOut(
        claim_id=claim.id,
        decision=data.decision,
        note=notes.to_out(note),
        transition=moved,
        warnings=warnings,
    )


def _weak_evidence(uow: UnitOfWork, claim: Claim) -> list[str]:
    """Warnings when every evidence citation rests on a dead, unarchived source or a lost quote.

    Approving is still allowed (the editor may know better, e.g. a printed copy);
    the warning is said and kept in the decision's event.
    """
    evidence = [c for c in claim.citations if c.kind is CitationKind.EVIDENCE]
    if not evidence:
        return []
    lost = review_queries.lost_quotes(uow.session, claim.id)
    weak: list[str] = []
    for c in evidence:
        if c.source.link_status is LinkStatus.DEAD and c.source.archive_url is None:
            weak.append(f"citation {c.id}: source {c.source_id} is dead with no archived copy")
        elif c.id in lost:
            weak.append(f"citation {c.id}: its quoted passage is no longer in source {c.source_id}")
        else:
            return []
    return [
        f"the approval rests only on evidence that can no longer be checked ({'; '.join(weak)})"
    ]


def _hint(claim: Claim) -> str:
    """What an editor can do instead of a decision the claim's status does not take."""
    ask = f"`claimdb review request {claim.id} --note TEXT`"
    if workflow.is_final(claim.status):
        return f"reopen it with `claimdb claim reopen {claim.id} --reason TEXT`, or {ask}"
    return (
        "approving or requesting changes needs a verdict awaiting review (needs_review); "
        f"find it unsupported with `claimdb review decide {claim.id} --unsupported --note TEXT`, "
        f"or send it to a fact-checker with {ask}"
    )


def request(uow: UnitOfWork, *, actor: str | None, data: ReviewRequestIn) -> ReviewRequestOut:
    """Send a claim to a fact-checker with a request, optionally to one person; editors only.

    The request is a ``query`` note on the claim; a ``review_requested``
    event on the claim records it with the person asked. An unreviewed or
    awaiting claim moves to in_progress, a decided one is reopened; one
    already in progress stays where it is.
    """
    by = resolve_actor(uow, actor, Permission.DECIDE)
    claim = get_claim(uow, data.claim_id)
    if claim.archived_at is not None:
        raise WorkflowRefused(
            f"claim {claim.id} is archived",
            hint=f"bring it back first with `claimdb claim archive {claim.id} --restore`",
        )
    assignee = _assignee(uow, data.assign) if data.assign is not None else None
    note = notes.create_note(
        uow, by=by, data=NoteIn(claim_id=claim.id, body=data.note, kind=NoteKind.QUERY)
    )
    to = f" to {assignee.name}" if assignee else ""
    events.record_on_claim(
        uow,
        actor=by,
        claim=claim,
        action=REVIEW_REQUESTED,
        after={"note": note.id, "assigned_to": assignee.name if assignee else None},
        reason=data.note,
    )
    moved = None
    if claim.status is not S.IN_PROGRESS:
        moved = workflow.transition(
            uow, by=by, claim=claim, to=S.IN_PROGRESS, reason=f"review request{to} (note {note.id})"
        )
    uow.flush()
    return ReviewRequestOut(
        claim_id=claim.id,
        note=notes.to_out(note),
        assigned_to=assignee.name if assignee else None,
        transition=moved,
    )


def _assignee(uow: UnitOfWork, name: str) -> Person:
    """The person a request is for: on the desk, active, and able to check claims."""
    person = repo.person_by_name(uow.session, name)
    if person is None or name == SYSTEM_ACTOR:
        raise NotFound(
            f"unknown person {name!r}", hint="see who is on the desk with `claimdb user list`"
        )
    if not person.active:
        raise InvalidInput(f"{name} is deactivated and cannot take a request")
    if not allows(person.role, Permission.VERIFY):
        roles = ", ".join(r.value for r in roles_with(Permission.VERIFY))
        raise InvalidInput(
            f"{name} is {person.role.value} and cannot check claims",
            hint=f"assign someone whose role is one of: {roles}",
        )
    return person


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
