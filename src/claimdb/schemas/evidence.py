"""Citations (evidence links), rating scales and verdicts."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, model_validator

from claimdb.enums import CitationKind, Stance, VerdictClass
from claimdb.schemas.common import Bounded, HttpUrl, NonEmptyStr, OutSchema, Schema
from claimdb.schemas.links import LinkCheckRow
from claimdb.schemas.sources import SourceOut


class CitationIn(Bounded):
    claim_id: int
    source_id: int
    kind: CitationKind = CitationKind.EVIDENCE
    stance: Stance | None = None
    quote: str | None = None
    locator: str | None = None

    @model_validator(mode="after")
    def _evidence_needs_stance(self) -> CitationIn:
        if self.kind is CitationKind.EVIDENCE and self.stance is None:
            raise ValueError("evidence needs a stance: supports, refutes, context or insufficient")
        return self


class CitationOut(OutSchema):
    id: int
    claim_id: int
    source_id: int
    source_title: str
    source_url: str | None
    archive_url: str | None
    link_status: str
    kind: CitationKind
    stance: Stance | None
    quote: str | None
    locator: str | None
    added_by: str
    added_at: datetime


class RatingLabelOut(OutSchema):
    scale: str
    label: str
    title: str
    value: int | None
    verdict_class: VerdictClass | None
    """None: unmapped (a publisher's label claimdb cannot place yet; `claimdb scale map`)."""
    maps_to: str | None


class RatingScaleOut(OutSchema):
    name: str
    title: str
    description: str | None
    is_default: bool
    worst_value: int | None
    best_value: int | None
    publisher: str | None = None
    """Set for a publisher's own scale, made on import (its labels verbatim, some unmapped)."""
    labels: list[RatingLabelOut]


class RatingLabelIn(Schema):
    """One label of a new scale and the label of claimdb's own scale it means."""

    label: NonEmptyStr = Field(max_length=40, description="e.g. 'Pants on Fire' or pants-on-fire")
    maps_to: NonEmptyStr = Field(description="a label of the default scale: false ... true")
    title: str | None = Field(default=None, description="as shown; default: the label as given")
    description: str | None = None


class RatingScaleIn(Schema):
    """A desk's own rating scale: its labels from worst to best, each mapped onto claimdb's."""

    name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        max_length=40,
        description="lower-case letters, digits, '.', '_' and '-', e.g. politifact",
    )
    title: str | None = Field(default=None, description="default: the name")
    description: str | None = None
    labels: list[RatingLabelIn] = Field(min_length=1, description="worst to best")


class VerdictIn(Bounded):
    claim_id: int
    label: NonEmptyStr
    scale: str | None = None  # None: the default scale
    rationale: NonEmptyStr
    force: bool = False
    force_reason: str | None = None
    review_url: HttpUrl | None = None

    @model_validator(mode="after")
    def _force_has_reason(self) -> VerdictIn:
        if self.force and not (self.force_reason and self.force_reason.strip()):
            raise ValueError("--force needs --reason: say why the evidence rule is overridden")
        return self


class VerdictOut(OutSchema):
    id: int
    claim_id: int
    scale: str
    label: str
    label_title: str
    value: int | None
    worst_value: int | None
    best_value: int | None
    verdict_class: VerdictClass | None
    """None: the label is unmapped (`claimdb scale map` sets it)."""
    rationale: str
    reviewer: str
    created_at: datetime
    forced: bool
    force_reason: str | None
    review_url: str | None
    publisher: str | None = None
    """Who published the verdict (the fact-checker), when the reviewer only imported it."""


class SourceDetail(OutSchema):
    """A source and the citations that use it (`claimdb source show`)."""

    source: SourceOut
    citations: list[CitationOut]
    checks: list[LinkCheckRow] = Field(default_factory=list)  # the latest link checks
