"""The workflow's outputs: status moves, review decisions and requests.

The review queue's query and entries are plain records (:mod:`claimdb.schemas.queue`).
"""

from __future__ import annotations

from pydantic import Field

from claimdb.enums import ClaimStatus, Decision
from claimdb.schemas.common import NonEmptyStr, OutSchema, Schema
from claimdb.schemas.evidence import CitationOut, VerdictOut
from claimdb.schemas.review import NoteOut


class TransitionOut(OutSchema):
    """One move of a claim through the workflow."""

    claim_id: int
    before: ClaimStatus
    after: ClaimStatus
    reason: str


class CitationResult(CitationOut):
    """A citation just added or removed, and the move it caused, if any."""

    transition: TransitionOut | None = None


class VerdictResult(VerdictOut):
    """A verdict just recorded, and the move it caused, if any."""

    transition: TransitionOut | None = None


class DecisionIn(Schema):
    claim_id: int
    decision: Decision
    note: NonEmptyStr


class DecisionOut(OutSchema):
    """An editor's decision: the decision note and the move, stored together."""

    claim_id: int
    decision: Decision
    note: NoteOut
    transition: TransitionOut
    # Said to the editor and kept in the decision's event: e.g. an approval resting only
    # on dead sources with no archived copy, or on passages no longer found.
    warnings: list[str] = Field(default_factory=list)


class ReviewRequestIn(Schema):
    """An editor's request to a fact-checker about a claim."""

    claim_id: int
    note: NonEmptyStr = Field(description="what is asked for, stored as a query note")
    assign: str | None = Field(None, description="the person asked (a name on the desk)")


class ReviewRequestOut(OutSchema):
    """A request: its query note, who is asked, and the move it caused, if any."""

    claim_id: int
    note: NoteOut
    assigned_to: str | None
    transition: TransitionOut | None = None
