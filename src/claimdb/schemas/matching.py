"""Claim matching: what `claimdb match` and `claim similar` show, and the links people make."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from claimdb.enums import ClaimStatus, LinkKind
from claimdb.schemas.common import NonEmptyStr, OutSchema, Schema

Tier = Literal["same", "similar", "different-number", "none"]


class OriginalOut(OutSchema):
    """The claim a repeat repeats: its id, status and verdict (shown, never copied)."""

    claim_id: int
    status: ClaimStatus
    verdict: str | None = None
    verdict_title: str | None = None


class MatchOut(OutSchema):
    """An existing claim ranked against a text."""

    claim_id: int
    score: float = Field(description="0 to 1: how surely the two state the same claim")
    tier: Tier
    text: str
    shared: list[str] = Field(description="the words both share (lower-cased)")
    spans: list[tuple[int, int]] = Field(description="where the shared words are in text")
    numbers_query: list[str]
    numbers_claim: list[str]
    status: ClaimStatus
    verdict: str | None = None
    verdict_title: str | None = None
    same_as: OriginalOut | None = None


class MatchQuery(Schema):
    """A text to match against the stored claims."""

    text: NonEmptyStr = Field(max_length=1_000_000)
    limit: int = Field(10, ge=1, le=1000)


class LinkIn(Schema):
    """``claim_id`` repeats ``other_id`` (``same``) or is related to it."""

    claim_id: int
    other_id: int
    kind: LinkKind
    note: str | None = None


class LinkOut(OutSchema):
    id: int
    claim_id: int
    other_id: int
    kind: LinkKind
    note: str | None
    created_by: str
    created_at: datetime
