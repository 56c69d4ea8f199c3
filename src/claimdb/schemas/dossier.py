"""A claim's full dossier (`claimdb claim show`): everything known about it, in one object.

Plain records (:class:`~claimdb.schemas.plain.Plain` dataclasses, no pydantic),
so that `claim show` starts light; each dumps the same JSON, key for key, as
the pydantic output schema of the same name without ``Record`` (``ClaimOut``,
``CitationOut``, ``VerdictOut``, ...) that the other commands print.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from claimdb.enums import (
    CitationKind,
    ClaimStatus,
    ClaimType,
    FlagReason,
    LinkKind,
    NoteKind,
    Qualifier,
    Stance,
    VerdictClass,
)
from claimdb.schemas.plain import EventRecord, OriginalRef, Plain


@dataclasses.dataclass(frozen=True)
class QuantityRecord(Plain):
    """A number the claim states (as ``QuantityOut``)."""

    value: float
    unit: str
    measure: str
    period: str | None
    place: str | None
    qualifier: Qualifier
    as_written: str | None


@dataclasses.dataclass(frozen=True)
class AnchorRecord(Plain):
    """Where the claim is anchored (as ``AnchorOut``)."""

    version_id: int
    document_slug: str | None
    section: str | None
    exact: str | None
    prefix: str | None
    suffix: str | None
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class ClaimRecord(Plain):
    """A claim as listed: the row, its anchor and its current verdict label (as ``ClaimOut``)."""

    id: int
    text: str
    claim_type: ClaimType
    checkable: bool
    speaker: str | None
    speaker_description: str | None
    claimed_on: date | None
    appearance_url: str | None
    context: str | None
    priority: int
    status: ClaimStatus
    verdict: str | None
    verdict_scale: str | None
    tags: list[str]
    quantities: list[QuantityRecord]
    anchor: AnchorRecord | None
    archived_at: datetime | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    same_as: int | None = None
    same_as_verdict: str | None = None


@dataclasses.dataclass(frozen=True)
class AnchorContext(Plain):
    """Where the claim is in its document: the anchored words inside their sentence.

    ``document``: the document's slug; ``version``: the version's number;
    ``exact``: the anchored words; ``sentence``: the sentence(s) they are in;
    ``before``/``after``: the sentence's text before and after them.
    """

    document: str
    document_title: str
    version: int
    section: str | None
    start: int
    end: int
    exact: str
    sentence: str
    sentence_start: int
    sentence_end: int
    before: str
    after: str


@dataclasses.dataclass(frozen=True)
class CitationRecord(Plain):
    """A source cited for the claim: evidence, or the document's attribution (``CitationOut``)."""

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


@dataclasses.dataclass(frozen=True)
class DocumentCitationRecord(Plain):
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


@dataclasses.dataclass(frozen=True)
class VerdictRecord(Plain):
    """A verdict on the claim (as ``VerdictOut``); ``verdict_class`` None: an unmapped label."""

    id: int
    claim_id: int
    scale: str
    label: str
    label_title: str
    value: int | None
    worst_value: int | None
    best_value: int | None
    verdict_class: VerdictClass | None
    rationale: str
    reviewer: str
    created_at: datetime
    forced: bool
    force_reason: str | None
    review_url: str | None
    publisher: str | None = None


@dataclasses.dataclass(frozen=True)
class NoteThread(Plain):
    """A note and its replies, nested (a ``NoteOut`` with ``replies``)."""

    id: int
    claim_id: int
    parent_id: int | None
    kind: NoteKind
    body: str
    author: str
    created_at: datetime
    replies: list[NoteThread] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class FlagRecord(Plain):
    """A flag raised on the claim, open or resolved (as ``FlagOut``)."""

    id: int
    claim_id: int
    reason: FlagReason
    note: str | None
    raised_by: str
    raised_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None
    resolution: str | None


@dataclasses.dataclass(frozen=True)
class LinkRecord(Plain):
    """A link from or to the claim (as ``LinkOut``)."""

    id: int
    claim_id: int
    other_id: int
    kind: LinkKind
    note: str | None
    created_by: str
    created_at: datetime


@dataclasses.dataclass(frozen=True)
class ClaimDossier(Plain):
    """A claim, where it is, its evidence, verdicts, notes, flags and history.

    ``allowed_next``: the statuses the claim may move to next; ``evidence``:
    citations a checker found, with stance; ``attributions``: the document's
    own attributions (not evidence); ``document_citations``: the document's
    own footnotes and links in the sentence the claim is in; ``verdicts``:
    every verdict, oldest first; ``history``: the claim's events, oldest
    first; ``same_as``: the claim this one repeats, with its verdict (shown,
    not copied); ``links``: links to other claims, oldest first.
    """

    claim: ClaimRecord
    allowed_next: list[ClaimStatus]
    context: AnchorContext | None
    evidence: list[CitationRecord]
    attributions: list[CitationRecord]
    document_citations: list[DocumentCitationRecord]
    verdicts: list[VerdictRecord]
    current_verdict_id: int | None
    notes: list[NoteThread]
    flags: list[FlagRecord]
    history: list[EventRecord]
    same_as: OriginalRef | None
    links: list[LinkRecord]
