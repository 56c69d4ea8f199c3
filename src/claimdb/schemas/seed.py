"""The seed file format ``claimdb-seed/1``: a document and every claim curated from it.

A seed file (``seeds/claims.yaml``) names its document's text file and pins its
sha256, lists the document's sections, and gives one entry per assertion,
anchored by its exact quote and character offsets. These models check each
entry on its own: known keys only, types, vocabularies and the rules that tie
an entry's fields together. What needs the document's text (the quote at its
offsets, the file's hash, the sections' lines) and what spans entries (unique
ids, document order) is checked by :mod:`claimdb.services.seed`, which turns
every problem into ``claims.yaml:LINE: claims[c042].field: message``.

The file format is documented for the people who edit it in seeds/README.md.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from claimdb.enums import ClaimType, FlagReason
from claimdb.schemas.claims import QuantityIn
from claimdb.schemas.common import NonEmptyStr, Tag
from claimdb.schemas.documents import DocumentIn, SectionIn
from claimdb.schemas.sources import CslType

SEED_FORMAT = "claimdb-seed/1"

NOT_CHECKABLE = frozenset({ClaimType.OPINION, ClaimType.PREDICTION})
"""Claim types recorded but never checkable: a judgement or a forecast has no fact to check."""

ClaimId = Annotated[str, StringConstraints(pattern=r"^c\d{3}$")]
Offset = Annotated[StrictInt, Field(ge=0)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class SeedModel(BaseModel):
    """Base of the seed models: unknown keys are errors, and strings are kept exactly.

    Unlike the other input schemas, nothing is stripped: a quote with stray
    white space must be reported, not silently repaired.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)


class SeedDocument(DocumentIn):
    """The document: its fields, and the text file (next to the seed file) with its sha256."""

    file: NonEmptyStr = Field(description="the text file, relative to the seed file")
    sha256: Sha256

    @field_validator("file")
    @classmethod
    def _relative(cls, value: str) -> str:
        if value.startswith(("/", "\\")) or ".." in value.replace("\\", "/").split("/"):
            raise ValueError(
                f"{value!r} must be a path relative to the seed file, inside its folder"
            )
        return value

    def document_in(self) -> DocumentIn:
        """The document's own fields, as :func:`services.documents.create_document` takes them."""
        return DocumentIn(**self.model_dump(exclude={"file", "sha256"}))


class SeedQuantity(QuantityIn):
    """One number in a statistic; ``as_written`` is how the quote writes it."""

    value: Annotated[float, Strict()]
    as_written: NonEmptyStr


class SeedReportSource(SeedModel):
    """The document the report itself names for a claim: recorded as its citation, not evidence."""

    title: NonEmptyStr
    type: CslType = "report"
    quote: str = Field(min_length=1, description="the report's words naming the source")


class SeedFlag(SeedModel):
    reason: FlagReason
    note: NonEmptyStr


class SeedClaim(SeedModel):
    """One assertion, anchored by ``quote`` at ``start``-``end`` (code points, end exclusive)."""

    id: ClaimId
    quote: str = Field(min_length=1)
    start: Offset
    end: Offset
    text: NonEmptyStr
    type: ClaimType
    checkable: StrictBool
    speaker: NonEmptyStr | None = None
    speaker_description: NonEmptyStr | None = None
    quantities: list[SeedQuantity] = Field(default_factory=list)
    report_source: SeedReportSource | None = None
    tags: list[Tag] = Field(default_factory=list)
    priority: Annotated[StrictInt, Field(ge=1, le=5)]
    notes: list[NonEmptyStr] = Field(default_factory=list)
    flags: list[SeedFlag] = Field(default_factory=list)

    # Field validators see the fields declared before theirs (info.data), so each
    # rule is reported on the field to fix. A field that failed is absent there.

    @field_validator("quote")
    @classmethod
    def _no_surrounding_space(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError(
                f"{value!r} starts or ends with white space; anchor the words only "
                "(and move start/end to match)"
            )
        return value

    @field_validator("end")
    @classmethod
    def _after_start(cls, value: int, info: ValidationInfo) -> int:
        start = info.data.get("start")
        if start is not None and value <= start:
            raise ValueError(f"end {value} must be greater than start {start}")
        return value

    @field_validator("checkable")
    @classmethod
    def _judgements_not_checkable(cls, value: bool, info: ValidationInfo) -> bool:
        kind = info.data.get("type")
        if value and kind in NOT_CHECKABLE:
            raise ValueError(f"a claim of type {kind.value} is not checkable: set checkable: false")
        return value

    @field_validator("speaker_description")
    @classmethod
    def _describes_a_speaker(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("speaker") is None and "speaker" in info.data:
            raise ValueError("a speaker_description needs a speaker")
        return value

    @field_validator("quantities")
    @classmethod
    def _statistics_only(
        cls, value: list[SeedQuantity], info: ValidationInfo
    ) -> list[SeedQuantity]:
        kind = info.data.get("type")
        if kind is ClaimType.STATISTIC and not value:
            raise ValueError("a statistic needs its numbers: add quantities")
        if kind is not None and kind is not ClaimType.STATISTIC and value:
            raise ValueError(f"only statistics have quantities, and this claim is {kind.value}")
        return value


class SeedFile(SeedModel):
    """A whole seed file."""

    format: Literal["claimdb-seed/1"]
    document: SeedDocument
    sections: list[SectionIn] = Field(default_factory=list)
    claims: list[SeedClaim]


class SeedReport(BaseModel):
    """What loading a seed did, and what the seed holds."""

    model_config = ConfigDict(frozen=True)

    file: str
    document: str
    document_id: int
    version: int
    document_status: Literal["created", "version added", "unchanged"]
    sections: int
    claims: int
    claims_added: int
    claims_present: int
    by_type: dict[str, int]
    checkable: int
    not_checkable: int
    quantities: int
    notes: int
    flags: int
    report_citations: int
    sources: int
    sources_added: int
    loaded_as: str

    @property
    def changed(self) -> bool:
        return self.document_status != "unchanged" or self.claims_added > 0
