"""Claims: what is asserted, where, by whom, and its structured numbers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from claimdb.enums import ClaimStatus, ClaimType, Qualifier
from claimdb.schemas.common import (
    Bounded,
    ClaimText,
    ExactStr,
    HttpUrl,
    NonEmptyStr,
    OutSchema,
    Schema,
    Tag,
)
from claimdb.schemas.matching import MatchOut

Priority = Annotated[int, Field(ge=1, le=5, description="1 = check first ... 5 = last")]


class QuantityIn(Bounded):
    """One number a statistic states."""

    value: float
    unit: NonEmptyStr
    measure: NonEmptyStr
    period: str | None = None
    place: str | None = None
    qualifier: Qualifier = Qualifier.EXACT
    as_written: str | None = None


class AnchorIn(Bounded):
    """Where a claim sits in a document version: offsets, and optionally the quote to verify."""

    version_id: int
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: ExactStr | None = None

    @model_validator(mode="after")
    def _ordered(self) -> AnchorIn:
        if self.end < self.start:
            raise ValueError(f"anchor end {self.end} is before start {self.start}")
        return self


class PlacementIn(Bounded):
    """Where to anchor a new claim in a document's latest version: offsets, or a unique quote."""

    document: NonEmptyStr
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    quote: str | None = None

    @model_validator(mode="after")
    def _position(self) -> PlacementIn:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or a quote alone")
        if self.start is None and not (self.quote and self.quote.strip()):
            raise ValueError('a claim in a document needs --quote "exact words" or --start/--end')
        return self


CLAIM_FIELDS = (
    "text",
    "claim_type",
    "checkable",
    "speaker",
    "speaker_description",
    "claimed_on",
    "appearance_url",
    "context",
    "priority",
)
"""A claim's own scalar fields, in the order files, logs and exports give them."""


class ClaimIn(Bounded):
    text: ClaimText
    claim_type: ClaimType = ClaimType.OTHER
    checkable: bool = True
    speaker: str | None = None
    speaker_description: str | None = None
    claimed_on: date | None = None
    appearance_url: HttpUrl | None = None
    context: str | None = None
    priority: Priority = 3
    tags: list[Tag] = Field(default_factory=list)
    quantities: list[QuantityIn] = Field(default_factory=list)
    anchor: AnchorIn | None = None
    external_id: str | None = Field(default=None, max_length=255)


class ClaimPatch(Bounded):
    """Fields to change on a claim; None means unchanged. ``expected_version`` guards the edit."""

    text: ClaimText | None = None
    claim_type: ClaimType | None = None
    checkable: bool | None = None
    speaker: str | None = None
    speaker_description: str | None = None
    claimed_on: date | None = None
    appearance_url: HttpUrl | None = None
    context: str | None = None
    priority: Priority | None = None
    quantities: list[QuantityIn] | None = Field(
        default=None, description="the claim's numbers, replacing all it had ([] removes them)"
    )
    expected_version: int | None = None


class QuantityOut(OutSchema):
    value: float
    unit: str
    measure: str
    period: str | None
    place: str | None
    qualifier: Qualifier
    as_written: str | None


class AnchorOut(OutSchema):
    version_id: int
    document_slug: str | None
    section: str | None
    exact: str | None
    prefix: str | None
    suffix: str | None
    start: int
    end: int


class ClaimOut(OutSchema):
    """A claim as listed: the row, its anchor and its current verdict label."""

    id: int
    text: str
    claim_type: ClaimType
    checkable: bool
    speaker: str | None
    speaker_description: str | None
    claimed_on: date | None
    appearance_url: str | None
    context: str | None = None
    priority: int
    status: ClaimStatus
    verdict: str | None = None
    verdict_scale: str | None = None
    tags: list[str] = Field(default_factory=list)
    quantities: list[QuantityOut] = Field(default_factory=list)
    anchor: AnchorOut | None = None
    archived_at: datetime | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    same_as: int | None = Field(None, description="the claim this one repeats (a same link)")
    same_as_verdict: str | None = Field(None, description="that claim's verdict, not a copy")


class ClaimAdded(ClaimOut):
    """A claim just added, with the stored claims it resembles (checked before?)."""

    similar: list[MatchOut] = Field(default_factory=list)


class TagsIn(Schema):
    """Tags to add to (or remove from) a claim."""

    tags: list[Tag] = Field(min_length=1)


class ClaimEditDraft(Schema):
    """An edit refused by a conflict, kept in a file so that it can be retried (`--from-draft`)."""

    format: Literal["claimdb-draft/1"] = "claimdb-draft/1"
    claim_id: int
    changes: dict[str, Any] = Field(description="the ClaimPatch fields the edit sets")
    base_version: int | None = Field(description="the claim version the edit was made against")
    current_version: int | None = Field(description="the claim's version when the edit failed")
    actor: str | None
    saved_at: datetime
    conflict: str = Field(description="why the edit was refused")
    retry: str = Field(description="the command that applies this draft")
