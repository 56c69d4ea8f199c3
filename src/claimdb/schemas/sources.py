"""Sources: CSL-JSON–compatible bibliographic records with custody fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from claimdb.enums import LinkStatus, Reliability
from claimdb.schemas.common import Doi, HttpUrl, NonEmptyStr, OutSchema, PartialDate, Schema

# The CSL 1.0.2 item types, from the specification's appendix III:
# https://docs.citationstyles.org/en/stable/specification.html#appendix-iii-types
CSL_TYPES = frozenset(
    [
        "article",
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "bill",
        "book",
        "broadcast",
        "chapter",
        "classic",
        "collection",
        "dataset",
        "document",
        "entry",
        "entry-dictionary",
        "entry-encyclopedia",
        "event",
        "figure",
        "graphic",
        "hearing",
        "interview",
        "legal_case",
        "legislation",
        "manuscript",
        "map",
        "motion_picture",
        "musical_score",
        "pamphlet",
        "paper-conference",
        "patent",
        "performance",
        "periodical",
        "personal_communication",
        "post",
        "post-weblog",
        "regulation",
        "report",
        "review",
        "review-book",
        "software",
        "song",
        "speech",
        "standard",
        "thesis",
        "treaty",
        "webpage",
    ]
)


def _csl_type(value: str) -> str:
    value = value.strip()
    if value not in CSL_TYPES:
        raise ValueError(
            f"unknown CSL type {value!r}; use one of: report, article-newspaper, "
            "article-journal, webpage, dataset, speech, interview, book ... "
            "(see docs/data-model.md)"
        )
    return value


CslType = Annotated[str, AfterValidator(_csl_type)]


class CslName(Schema):
    """A CSL name: family/given, or a literal for organisations."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    @model_validator(mode="after")
    def _some_name(self) -> CslName:
        if not (self.family or self.literal):
            raise ValueError("a name needs 'family' (a person) or 'literal' (an organisation)")
        return self


class SourceIn(Schema):
    csl_type: CslType = "webpage"
    title: NonEmptyStr
    authors: list[CslName] = Field(default_factory=list)
    container_title: str | None = None
    publisher: str | None = None
    issued: PartialDate | None = None
    url: HttpUrl | None = None
    doi: Doi | None = None
    accessed: date | None = None
    archive_url: HttpUrl | None = None
    archive_hash: str | None = Field(default=None, pattern=r"^sha256:[0-9a-f]{64}$")
    reliability: Reliability = Reliability.UNKNOWN
    link_status: LinkStatus = LinkStatus.UNKNOWN
    note: str | None = None
    external_id: str | None = Field(default=None, max_length=255)


class SourcePatch(Schema):
    csl_type: CslType | None = None
    title: NonEmptyStr | None = None
    container_title: str | None = None
    publisher: str | None = None
    issued: PartialDate | None = None
    url: HttpUrl | None = None
    doi: Doi | None = None
    accessed: date | None = None
    archive_url: HttpUrl | None = None
    archive_hash: str | None = Field(default=None, pattern=r"^sha256:[0-9a-f]{64}$")
    reliability: Reliability | None = None
    link_status: LinkStatus | None = None
    note: str | None = None


class SourceOut(OutSchema):
    id: int
    csl_type: str
    title: str
    authors: list[dict[str, str]]
    container_title: str | None
    publisher: str | None
    issued: str | None
    url: str | None
    doi: str | None
    accessed: date | None
    archive_url: str | None
    archive_hash: str | None
    reliability: Reliability
    link_status: LinkStatus
    note: str | None
    external_id: str | None
    created_at: datetime


class SourceQuery(Schema):
    """Which sources `claimdb source list` shows; every condition is optional."""

    text: str | None = Field(None, description="substring of the title, publisher or container")
    csl_type: str | None = None
    reliability: list[Reliability] = Field(default_factory=list)
    link_status: list[LinkStatus] = Field(default_factory=list)
    limit: int | None = Field(None, ge=1)
    offset: int = Field(0, ge=0)


class SourceListItem(SourceOut):
    """A source as listed, with how many citations use it."""

    citations: int
