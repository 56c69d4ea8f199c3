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


# --- `claimdb doc add` and the reading commands ---------------------------------------------


class DocumentMeta(Schema):
    """What `doc add` options say about a document; each overrides what the file says."""

    slug: Slug | None = None
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: date | None = None
    url: HttpUrl | None = None
    language: str | None = None


class FindingOut(OutSchema):
    """A repair made to the extracted text, or something suspected and left alone."""

    kind: str
    detail: str
    offset: int | None = None


class DocumentCitationOut(OutSchema):
    """One of the document's own citations: its marker, sentence, note and source."""

    ordinal: int
    marker: str
    marker_start: int
    marker_end: int
    sentence_start: int
    sentence_end: int
    note: str | None
    url: str | None
    source_id: int | None
    source_title: str | None = None


class PlacementOut(OutSchema):
    """Where a claim's anchor landed in a new version."""

    claim_id: int
    outcome: str  # exact, moved, changed, orphaned
    old_start: int
    old_end: int
    new_start: int | None
    new_end: int | None
    old_words: str
    new_words: str | None
    similarity: float


class DocumentAddReport(OutSchema):
    """What `doc add` did (or, with --dry-run, would do)."""

    document: str
    document_id: int | None
    version: int
    status: str  # created, version added, unchanged
    file: str
    format: str
    sha256: str
    characters: int
    sections: int
    citations: int
    sources_added: int
    sources_reused: int
    repairs: list[FindingOut]
    suspects: list[FindingOut]
    reanchored: list[PlacementOut] = Field(default_factory=list)
    counts: dict[str, int] = Field(default_factory=dict)
    dry_run: bool = False


class VersionOut(OutSchema):
    number: int
    content_hash: str
    characters: int
    sections: int
    claims: int
    citations: int
    provenance: dict[str, object] | str | None
    created_at: datetime


class DocumentListItem(OutSchema):
    id: int
    slug: str
    title: str
    author: str | None
    published: date | None
    versions: int
    latest_version: int | None
    claims: int


class DocumentDetail(OutSchema):
    document: DocumentOut
    versions: list[VersionOut]
    sections: list[SectionOut]
    claims_by_status: dict[str, int]
    citations: list[DocumentCitationOut]


class DocumentText(OutSchema):
    slug: str
    version: int
    section: str | None
    start: int
    end: int
    text: str
