"""A claim's full dossier (`claimdb claim show`): everything known about it, in one object."""

from __future__ import annotations

from pydantic import Field

from claimdb.enums import ClaimStatus
from claimdb.schemas.claims import ClaimOut
from claimdb.schemas.common import OutSchema
from claimdb.schemas.documents import DocumentCitationOut
from claimdb.schemas.evidence import CitationOut, VerdictOut
from claimdb.schemas.matching import LinkOut, OriginalOut
from claimdb.schemas.plain import EventRecord
from claimdb.schemas.review import FlagOut, NoteOut


class AnchorContext(OutSchema):
    """Where the claim is in its document: the anchored words inside their sentence."""

    document: str = Field(description="the document's slug")
    document_title: str
    version: int = Field(description="the document version's number")
    section: str | None
    start: int
    end: int
    exact: str = Field(description="the anchored words")
    sentence: str = Field(description="the sentence(s) the anchored words are in")
    sentence_start: int
    sentence_end: int
    before: str = Field(description="the sentence's text before the anchored words")
    after: str = Field(description="the sentence's text after the anchored words")


class NoteThread(NoteOut):
    """A note and its replies, nested."""

    replies: list[NoteThread] = Field(default_factory=list)


class ClaimDossier(OutSchema):
    """A claim, where it is, its evidence, verdicts, notes, flags and history."""

    claim: ClaimOut
    allowed_next: list[ClaimStatus] = Field(description="statuses the claim may move to next")
    context: AnchorContext | None
    evidence: list[CitationOut] = Field(description="citations a checker found, with stance")
    attributions: list[CitationOut] = Field(
        description="the document's own attributions (not evidence)"
    )
    document_citations: list[DocumentCitationOut] = Field(
        default_factory=list,
        description="the document's own footnotes and links in the sentence the claim is in",
    )
    verdicts: list[VerdictOut] = Field(description="every verdict, oldest first")
    current_verdict_id: int | None
    notes: list[NoteThread]
    flags: list[FlagOut]
    history: list[EventRecord] = Field(description="the claim's events, oldest first")
    same_as: OriginalOut | None = Field(
        None, description="the claim this one repeats, with its verdict (shown, not copied)"
    )
    links: list[LinkOut] = Field(default_factory=list, description="links to other claims")
