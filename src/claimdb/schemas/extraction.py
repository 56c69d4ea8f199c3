"""`claimdb extract` and `claimdb score`: proposed claims, their scores, the decisions on them."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from claimdb.enums import CandidateStatus, ClaimType
from claimdb.schemas.claims import QuantityIn
from claimdb.schemas.common import OutSchema


class ScorerOut(OutSchema):
    """Which scorer: its name, the version of its weights and its default threshold."""

    name: str
    version: str
    threshold: float


class ScoredSentence(OutSchema):
    """One sentence given to `claimdb score`, with its score and label."""

    line: int = Field(description="1-based line of the input")
    sentence: str
    score: float | None = Field(description="0 to 1; null when not scored (not English)")
    label: str = Field(description="check-worthy, not check-worthy or not scored")
    scorer: str = Field(description="name/version of the scorer")
    note: str | None = None


class CandidateOut(OutSchema):
    """A proposed claim: where it is, what it seems to be, its score and what became of it."""

    id: int
    document: str
    version: int
    section: str | None
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    text: str
    claim_type: ClaimType
    checkable: bool
    speaker: str | None
    quantities: list[QuantityIn] = Field(default_factory=list)
    document_citation_id: int | None = Field(
        None, description="the document's own citation (footnote, link) in this sentence"
    )
    score: float | None
    scorer: str = Field(description="name/version of the scorer that gave the score")
    score_note: str | None = None
    priority: int = Field(description="the priority accepting it would give (from the score)")
    repeats: int | None = Field(None, description="a stored claim that says the same")
    similar_to: int | None = Field(None, description="a stored claim that says something alike")
    match_tier: str | None = None
    status: CandidateStatus
    dismissal_reason: str | None = None
    claim_id: int | None = Field(None, description="the claim it became, once accepted")
    decided_by: str | None = None
    decided_at: datetime | None = None


class ExtractReport(OutSchema):
    """What one `claimdb extract` run did."""

    document: str
    version: int
    scorer: ScorerOut
    min_score: float
    sentences: int = Field(description="sentences read")
    assertions: int = Field(description="atomic assertions found in them")
    proposed: int = Field(description="new candidates stored by this run")
    already: int = Field(description="candidates this scorer had already proposed (unchanged)")
    unchanged: int = Field(
        description="passages an earlier version of the document already had (not proposed again)"
    )
    below: int = Field(description="assertions scored under --min-score (not proposed)")
    not_scored: int = Field(description="assertions proposed without a score (not English)")
    repeats: int = Field(description="new candidates that a stored claim already states")
    messages: list[str] = Field(default_factory=list)


class AcceptedOut(OutSchema):
    """A candidate accepted as a claim, or refused because a stored claim says the same."""

    candidate_id: int
    claim_id: int | None
    priority: int | None = None
    same_as: int | None = Field(None, description="the stored claim it was linked to as a repeat")
    refused: str | None = Field(None, description="why it was not accepted")


class DismissedOut(OutSchema):
    candidate_id: int
    reason: str
