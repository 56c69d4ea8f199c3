"""The workflow's outputs: status moves, review decisions, the review queue, the dashboard."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from claimdb.enums import ClaimStatus, ClaimType, Decision, ReviewAction, ReviewReason
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


class ReviewQuery(Schema):
    """Which claims the review queue shows."""

    document: str | None = Field(None, description="document slug or id")
    reasons: list[ReviewReason] = Field(
        default_factory=list, description="only claims with any of these reasons"
    )
    stale_days: int = Field(180, ge=1, description="a verdict older than this is stale")
    limit: int | None = Field(None, ge=1)
    offset: int = Field(0, ge=0)


class ReviewEntry(OutSchema):
    """A claim in the review queue, with every reason it is there."""

    claim_id: int
    priority: int
    status: ClaimStatus
    claim_type: ClaimType
    text: str
    speaker: str | None
    document: str | None
    start: int | None
    verdict: str | None
    verdict_at: datetime | None
    reasons: list[ReviewReason]
    why: list[str] = Field(description="each reason as a phrase, in the order of `reasons`")
    actions: list[ReviewAction] = Field(description="what an editor can do with it now")
