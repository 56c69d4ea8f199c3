"""Which claims: the filter shared by `claim list`, `export` and the Python API."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from claimdb.enums import ClaimStatus, ClaimType
from claimdb.schemas.common import Schema, Tag
from claimdb.schemas.listing import ClaimSort


class ClaimFilter(Schema):
    """Every condition is optional (:class:`~claimdb.schemas.listing.ClaimQuery` holds the same
    fields without pydantic, for `claim list`); given conditions must all hold (AND).

    List-valued conditions match any of their values (OR within the list).
    """

    document: str | None = Field(None, description="document slug or id")
    section: str | None = Field(
        None, description="section title (case-insensitive substring), subsections included"
    )
    claim_types: list[ClaimType] = Field(default_factory=list)
    statuses: list[ClaimStatus] = Field(default_factory=list)
    verdicts: list[str] = Field(
        default_factory=list,
        description="current verdict label, on its own scale or the default label it maps to",
    )
    verdict_unmapped: bool = Field(
        False,
        description="current verdict is a publisher's label not mapped onto the default scale",
    )
    flagged: bool | None = Field(None, description="has (True) or has no (False) open flags")
    unsupported: bool | None = Field(
        None, description="checkable and without any supporting evidence (True), or the opposite"
    )
    speaker: str | None = Field(None, description="case-insensitive substring of the speaker")
    tags: list[Tag] = Field(
        default_factory=list, description="has any of these tags (normalised as stored tags are)"
    )
    checkable: bool | None = None
    priority: int | None = Field(None, ge=1, le=5, description="exactly this priority")
    max_priority: int | None = Field(
        None, ge=1, le=5, description="priority at least this urgent (1 is most)"
    )
    text: str | None = Field(
        None, description="full-text search in text, speaker and quote (docs/search.md)"
    )
    has_number: bool | None = Field(
        None, description="states (True) or states no (False) structured numbers (quantities)"
    )
    units: list[str] = Field(
        default_factory=list, description="has a number in any of these units (case-insensitive)"
    )
    year: int | None = Field(
        None, ge=1000, le=9999, description="has a number whose period mentions this year"
    )
    created_from: date | None = None
    created_to: date | None = None
    updated_from: date | None = None
    updated_to: date | None = None
    include_archived: bool = False
    sort: ClaimSort = ClaimSort.PRIORITY
    descending: bool = False
    limit: int | None = Field(None, ge=1)
    offset: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _ranges(self) -> ClaimFilter:
        for low, high in (("created_from", "created_to"), ("updated_from", "updated_to")):
            a, b = getattr(self, low), getattr(self, high)
            if a and b and a > b:
                raise ValueError(f"{low} {a} is after {high} {b}")
        if self.has_number is False and (self.units or self.year is not None):
            raise ValueError("claims without numbers have no unit or year to match")
        return self


__all__ = ["ClaimFilter", "ClaimSort"]
