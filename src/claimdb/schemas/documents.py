"""Documents, their versions and sections."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from claimdb.schemas.common import ExactStr, HttpUrl, NonEmptyStr, OutSchema, Schema

Slug = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{0,99}$")
]


class SectionIn(Schema):
    """A heading: its title, level (1 = top) and the offset where it starts."""

    title: NonEmptyStr
    level: int = Field(ge=1, le=6)
    start: int = Field(ge=0)


class DocumentIn(Schema):
    slug: Slug
    title: NonEmptyStr
    author: str | None = None
    publisher: str | None = None
    published: date | None = None
    url: HttpUrl | None = None
    language: str = "en"


class DocumentVersionIn(Schema):
    """A text for a document; sections must be in order and inside the text."""

    text: ExactStr
    provenance: str | None = None
    sections: list[SectionIn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sections_fit(self) -> DocumentVersionIn:
        last = -1
        for i, section in enumerate(self.sections):
            if section.start <= last:
                raise ValueError(f"sections[{i}] ({section.title!r}) is not after the one before")
            if not self.text.startswith(section.title, section.start):
                found = self.text.find(section.title)
                where = f"; it occurs at {found}" if found >= 0 else "; it does not occur at all"
                raise ValueError(
                    f"sections[{i}]: heading {section.title!r} is not at offset "
                    f"{section.start}{where}"
                )
            last = section.start
        return self


class SectionOut(OutSchema):
    id: int
    ordinal: int
    level: int
    title: str
    parent_id: int | None
    start_offset: int
    end_offset: int


class DocumentOut(OutSchema):
    id: int
    slug: str
    title: str
    author: str | None
    publisher: str | None
    published: date | None
    url: str | None
    language: str
    created_at: datetime
    version_id: int | None = None
    version_number: int | None = None
    content_hash: str | None = None
