"""The evidence rules and the review decisions' rules, on plain values (no database).

One source of truth for the write paths, which feed them from ORM objects
(:mod:`claimdb.services.verdicts`, :mod:`claimdb.services.review`), and for the
review queue, which feeds them from SQL rows (:mod:`claimdb.services.queue`).
Importing this module costs neither SQLAlchemy nor the models.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claimdb.enums import ClaimStatus, Decision, Stance, VerdictClass
from claimdb.errors import InvalidInput

S = ClaimStatus

DECIDABLE_FROM: dict[Decision, tuple[ClaimStatus, ...]] = {
    Decision.APPROVE: (S.NEEDS_REVIEW,),
    Decision.REJECT: (S.UNREVIEWED, S.IN_PROGRESS, S.NEEDS_REVIEW),
    Decision.REQUEST_CHANGES: (S.NEEDS_REVIEW,),
}
"""The statuses each review decision is taken from.

Approving a verdict and sending one back need a verdict awaiting review; an
editor may find a statement unsupported before anyone has checked it (the
review queue lists such claims), so that decision is open to every undecided claim.
"""


def rule_problem(klass: VerdictClass, stances: Iterable[Stance | None]) -> str | None:
    """Why evidence citations with these stances do not allow a ``klass`` verdict (or None)."""
    evidence = list(stances)
    if klass is VerdictClass.TRUE and Stance.SUPPORTS not in evidence:
        return "a verdict that rates it true needs evidence that supports it"
    if klass in (VerdictClass.FALSE, VerdictClass.MISLEADING, VerdictClass.MIXED) and not evidence:
        return f"a {klass.value} verdict needs at least one citation"
    return None


def rule_message(claim_id: int, klass: VerdictClass, problem: str) -> str:
    """The evidence rule's refusal as the log records it, for one claim."""
    what = "supporting citation" if klass is VerdictClass.TRUE else "evidence"
    return f"claim {claim_id} has no {what}: {problem}"


def unmapped_label(scale: str, label: str, title: str) -> InvalidInput:
    """The refusal of a rule that needs the class of a label not mapped onto the default scale."""
    return InvalidInput(
        f"rating label {scale}:{label} ({title!r}) is not mapped onto the default scale",
        hint=f"map it: claimdb scale map {scale} {label} CLAIMDB_LABEL",
    )


@dataclass(frozen=True)
class CurrentVerdict:
    """What approving a claim's current verdict depends on."""

    forced: bool
    verdict_class: VerdictClass | None  # the label's class on the default scale, if mapped
    scale: str
    label: str
    title: str


def approval_problem(
    claim_id: int, verdict: CurrentVerdict | None, stances: Iterable[Stance | None]
) -> str | None:
    """Why the claim's current verdict cannot be approved (None if it can).

    ``stances``: those of the claim's evidence citations. A forced verdict is
    approved as it stands; an unmapped label is refused (InvalidInput).
    """
    if verdict is None:
        return f"claim {claim_id} has no verdict to approve"
    if verdict.forced:
        return None
    klass = verdict.verdict_class
    if klass is None:
        raise unmapped_label(verdict.scale, verdict.label, verdict.title)
    problem = rule_problem(klass, stances)
    if problem is None:
        return None
    return f"the verdict's evidence rule no longer holds: {rule_message(claim_id, klass, problem)}"
