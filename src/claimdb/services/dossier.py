"""A claim's dossier: the claim in its sentence, evidence, verdicts, notes, flags, history.

Read over the light read path (:mod:`claimdb.db.dossier_reads`, SQL text, plain
records): `claim show` imports neither SQLAlchemy nor pydantic schemas, and
pysbd only for a claim anchored in a document.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from claimdb.db import dossier_reads, read_queries
from claimdb.db.light import Reader
from claimdb.enums import TRANSITIONS, CitationKind, ClaimStatus
from claimdb.errors import no_claim
from claimdb.schemas.dossier import AnchorContext, ClaimDossier
from claimdb.schemas.plain import OriginalRef
from claimdb.services.event_log import claim_events
from claimdb.services.reading import ReadSource, reader_of

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


def _context(reader: Reader, claim_id: int, at: dossier_reads.Anchored) -> AnchorContext:
    text = dossier_reads.version_text(reader, claim_id)
    start, end = at.start, at.end
    a, b = sentence_span(text, start, end, at.language)
    return AnchorContext(
        document=at.document,
        document_title=at.document_title,
        version=at.version,
        section=at.section,
        start=start,
        end=end,
        exact=text[start:end],
        sentence=text[a:b],
        sentence_start=a,
        sentence_end=b,
        before=text[a:start],
        after=text[end:b],
    )


def claim_dossier(source: ReadSource, *, claim_id: int) -> ClaimDossier:
    """Everything about one claim (see :class:`~claimdb.schemas.dossier.ClaimDossier`).

    ``source``: a reader (:func:`~claimdb.services.reading.open_reader`) or a
    unit of work to read in. NotFound for an unknown claim.
    """
    reader = reader_of(source)
    found = dossier_reads.claim(reader, claim_id)
    if found is None:
        raise no_claim(claim_id)
    claim, current_verdict_id, anchored = found
    cited = dossier_reads.citations(reader, claim_id)
    original = read_queries.originals_of(reader, [claim_id]).get(claim_id)
    return ClaimDossier(
        claim=claim,
        allowed_next=list(TRANSITIONS[claim.status]),
        context=_context(reader, claim_id, anchored) if anchored else None,
        evidence=[c for c in cited if c.kind is CitationKind.EVIDENCE],
        attributions=[c for c in cited if c.kind is CitationKind.REPORT],
        document_citations=(
            dossier_reads.document_citations(
                reader, claim.anchor.version_id, anchored.start, anchored.end
            )
            if anchored and claim.anchor
            else []
        ),
        verdicts=dossier_reads.verdicts(reader, claim_id),
        current_verdict_id=current_verdict_id,
        notes=dossier_reads.note_threads(reader, claim_id),
        flags=dossier_reads.flags(reader, claim_id),
        history=claim_events(reader, claim_id=claim_id),
        same_as=(
            OriginalRef(**{**original, "status": ClaimStatus(original["status"])})
            if original
            else None
        ),
        links=dossier_reads.links(reader, claim_id),
    )
