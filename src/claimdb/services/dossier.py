"""A claim's dossier: the claim in its sentence, evidence, verdicts, notes, flags, history."""

from __future__ import annotations

from functools import cache
from typing import Any

from claimdb.db.models import Claim, Note
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CitationKind
from claimdb.schemas.dossier import AnchorContext, ClaimDossier, NoteThread
from claimdb.services import citations, events, flags, matching, notes, verdicts, workflow
from claimdb.services.claims import to_out
from claimdb.services.documents import report_citations_for
from claimdb.services.lookup import get_claim

_PYSBD_FALLBACK = "en"


@cache
def _segmenter(language: str) -> Any:
    import pysbd
    from pysbd.languages import LANGUAGE_CODES

    lang = language if language in LANGUAGE_CODES else _PYSBD_FALLBACK
    return pysbd.Segmenter(language=lang, clean=False, char_span=True)


def sentence_span(text: str, start: int, end: int, language: str = "en") -> tuple[int, int]:
    """The span of the sentence(s) holding ``text[start:end]``.

    Only the lines the anchor is on are segmented (with pysbd), so a long
    document costs no more than a short one; a sentence never crosses a
    heading, which is a line of its own. Falls back to those lines when the
    segmenter's spans do not match the text.
    """
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", max(start, end - 1))
    hi = len(text) if hi < 0 else hi
    window = text[lo:hi]
    spans = _segmenter(language).segment(window) if window.strip() else []
    chosen = [
        s
        for s in spans
        if window[s.start : s.end] == s.sent
        and s.start < max(end, start + 1) - lo
        and s.end > start - lo
    ]
    if chosen:
        a, b = lo + min(s.start for s in chosen), lo + max(s.end for s in chosen)
    else:
        a, b = lo, hi
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return min(a, start), max(b, end)


def _context(claim: Claim) -> AnchorContext | None:
    version = claim.document_version
    if version is None or claim.start_offset is None or claim.end_offset is None:
        return None
    text = version.text
    start, end = claim.start_offset, claim.end_offset
    a, b = sentence_span(text, start, end, version.document.language)
    return AnchorContext(
        document=version.document.slug,
        document_title=version.document.title,
        version=version.number,
        section=claim.section.title if claim.section else None,
        start=start,
        end=end,
        exact=text[start:end],
        sentence=text[a:b],
        sentence_start=a,
        sentence_end=b,
        before=text[a:start],
        after=text[end:b],
    )


def _threads(all_notes: list[Note]) -> list[NoteThread]:
    children: dict[int | None, list[Note]] = {}
    for note in all_notes:
        children.setdefault(note.parent_id, []).append(note)

    def build(note: Note) -> NoteThread:
        return NoteThread(
            **notes.to_out(note).model_dump(),
            replies=[build(child) for child in children.get(note.id, [])],
        )

    return [build(n) for n in children.get(None, [])]


def claim_dossier(uow: UnitOfWork, *, claim_id: int) -> ClaimDossier:
    """Everything about one claim (see :class:`~claimdb.schemas.dossier.ClaimDossier`)."""
    claim = get_claim(uow, claim_id)
    cited = [citations.to_out(c) for c in claim.citations]
    return ClaimDossier(
        claim=to_out(claim),
        allowed_next=list(workflow.allowed_next(claim.status)),
        context=_context(claim),
        evidence=[c for c in cited if c.kind is CitationKind.EVIDENCE],
        attributions=[c for c in cited if c.kind is CitationKind.REPORT],
        document_citations=report_citations_for(uow, claim_id=claim_id),
        verdicts=[verdicts.to_out(v) for v in claim.verdicts],
        current_verdict_id=claim.current_verdict_id,
        notes=_threads(list(claim.notes)),
        flags=[flags.to_out(f) for f in claim.flags],
        history=events.claim_history(uow, claim_id=claim_id),
        same_as=matching.original_of(uow, claim.id),
        links=matching.links_of(uow, claim.id),
    )
