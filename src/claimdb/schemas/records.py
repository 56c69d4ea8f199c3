"""A claim with everything that hangs off it, as files carry it: the unit of import.

Importers (CSV, JSON, ClaimReview...) and the seed loader turn their input
into :class:`ClaimRecord` objects and hand them to
:func:`claimdb.services.ingest.ingest`, so every way data comes in follows
one path, with one set of rules and one notion of "already there".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import Field, PrivateAttr, model_validator

from claimdb.enums import CitationKind, FlagReason, NoteKind, Stance
from claimdb.errors import Problem
from claimdb.schemas.claims import ClaimIn
from claimdb.schemas.common import Bounded, ExactStr, HttpUrl, NonEmptyStr, Schema
from claimdb.schemas.sources import SourceIn


class Position(Bounded):
    """Where in the document's latest version the claim's words are."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: ExactStr | None = None


class CitationRecord(Bounded):
    source: SourceIn
    kind: CitationKind = CitationKind.EVIDENCE
    stance: Stance | None = None
    quote: str | None = None
    locator: str | None = None

    @model_validator(mode="after")
    def _evidence_needs_stance(self) -> CitationRecord:
        if self.kind is CitationKind.EVIDENCE and self.stance is None:
            raise ValueError("evidence needs a stance: supports, refutes, context or insufficient")
        return self


class NoteRecord(Bounded):
    body: NonEmptyStr
    kind: NoteKind = NoteKind.COMMENT


class FlagRecord(Bounded):
    reason: FlagReason
    note: str | None = None


class VerdictRecord(Bounded):
    """A published rating that comes with the claim (ClaimReview, LIAR, a CSV column).

    ``label`` is resolved on ``scale`` (or the import's ``--scale``) when the
    record is ingested. It is recorded with :func:`claimdb.services.verdicts.create_verdict`,
    so the evidence rules hold: the record's own citations, or the import's
    verdict source, must support it, or ``force_reason`` says why not.
    """

    label: NonEmptyStr
    scale: str | None = None
    title: str | None = Field(
        None, description="the label as the publisher wrote it, when ``label`` is its key"
    )
    publisher: str | None = Field(
        None,
        description="who published the verdict (the fact-checker): the author of its "
        "ClaimReview, and whose own scale an unknown label goes on",
    )
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    rationale: str | None = None
    review_url: HttpUrl | None = None
    published: date | None = Field(None, description="when the verdict was published")
    force_reason: str | None = None
    source: SourceIn | None = Field(
        None,
        description="who published the verdict (a ClaimReview's page, LIAR's publisher): "
        "cited as evidence with the stance the verdict's class implies",
    )


class ClaimRecord(Schema):
    """One claim to ingest. ``claim.anchor`` must be empty: use ``document`` + ``position``."""

    claim: ClaimIn
    document: str | None = None
    position: Position | None = None
    citations: list[CitationRecord] = Field(default_factory=list)
    notes: list[NoteRecord] = Field(default_factory=list)
    flags: list[FlagRecord] = Field(default_factory=list)
    verdict: VerdictRecord | None = None
    line: int | None = Field(None, description="where the record starts in its file, for errors")
    _raw: Any = PrivateAttr(None)
    """The record as its file gave it (see :class:`Rejected`), kept for the rejects
    file in case the record is refused after reading (an unknown verdict label)."""
    _renamed_tags: list[tuple[str, str]] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _anchor_by_position(self) -> ClaimRecord:
        if self.claim.anchor is not None:
            raise ValueError("give document + position, not claim.anchor (version ids are local)")
        if self.position is not None and self.document is None:
            raise ValueError("a position needs the document it is in")
        return self

    @property
    def raw(self) -> Any:
        return self._raw

    def with_raw(self, raw: Any) -> ClaimRecord:
        """This record, remembering ``raw`` (the record as its file gave it)."""
        self._raw = raw
        return self

    @property
    def renamed_tags(self) -> list[tuple[str, str]]:
        """The tags normalisation changed, as (given, stored), for the import to report."""
        return self._renamed_tags

    def with_renamed_tags(self, renamed: list[tuple[str, str]]) -> ClaimRecord:
        self._renamed_tags = renamed
        return self


@dataclass
class Rejected:
    """A row that cannot be imported: where it is, what is wrong, and the row as read.

    ``raw``: the record as the file gave it, so that a rejects file can be
    fixed and imported again: a JSON record's object; a CSV/TSV row's cells
    as an object keyed by the file's column names (positions "1", "2"... for
    a file without a header); the line's text where it could not be read as
    fields (a ragged row, invalid bytes, invalid JSON). ``truncated``: for a
    line too long to read, ``raw`` holds only its start, and this is the
    line's full size in bytes.
    """

    line: int | None
    problems: list[Problem]
    raw: Any = None
    truncated: int | None = None
