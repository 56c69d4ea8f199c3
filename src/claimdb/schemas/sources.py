"""Sources: CSL-JSON–compatible bibliographic records with custody fields."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationError, model_validator

from claimdb.enums import LinkStatus, Reliability
from claimdb.schemas.common import (
    Bounded,
    Doi,
    HttpUrl,
    NonEmptyStr,
    OutSchema,
    PartialDate,
    Schema,
)

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


class CslName(Bounded):
    """A CSL name: family/given, or a literal for organisations."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None

    @model_validator(mode="after")
    def _some_name(self) -> CslName:
        if not (self.family or self.literal):
            raise ValueError("a name needs 'family' (a person) or 'literal' (an organisation)")
        return self


class SourceIn(Bounded):
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


SOURCE_EDITABLE = tuple(f for f in SourceIn.model_fields if f not in ("authors", "external_id"))
"""The fields `claimdb source edit` may change: all of SourceIn's but the authors and the id."""


class SourcePatch(Schema):
    """Changes to a source: some of :data:`SOURCE_EDITABLE`, each checked as SourceIn checks it.

    The fields are SourceIn's own, not a second declaration of them: each
    value is validated by SourceIn's validator for that field. Build one with
    ``SourcePatch(link_status="dead")`` or ``SourcePatch(changes={...})``.
    """

    changes: dict[str, Any]

    @model_validator(mode="before")
    @classmethod
    def _each_as_source_in(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        changes = data.get("changes", data) if set(data) == {"changes"} else data
        unknown = [name for name in changes if name not in SOURCE_EDITABLE]
        if unknown:
            raise ValueError(
                f"{unknown[0]!r} is not a field a source edit sets; fields: "
                + ", ".join(SOURCE_EDITABLE)
            )
        checked: dict[str, Any] = {}
        blank = SourceIn.model_construct(title="")
        for name, value in changes.items():
            try:
                valid = SourceIn.__pydantic_validator__.validate_assignment(blank, name, value)
            except ValidationError as exc:
                raise ValueError(f"{name}: {exc.errors()[0]['msg']}") from None
            checked[name] = getattr(valid, name)
        return {"changes": checked}


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
    # Set by `source check` and `source archive` (docs/data-model.md: link_checks).
    link_checked_at: datetime | None = None
    archive_captured_at: datetime | None = None


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
