"""`claimdb extract`: propose every check-worthy assertion of a document version, scored.

A candidate is not a claim: a person accepts it (it becomes a claim through
:func:`claimdb.services.claims.create_claim`, so events, content keys and search all happen)
or dismisses it with a reason. docs/scoring.md ("Extraction") explains the steps and their
limits; the pure parts are in :mod:`claimdb.analysis.extraction`.

Scores are stored with the scorer's name and version on the candidate: a run with another
scorer version proposes its own set of rows and the old scores stay. The same run again
changes nothing, and on a new version of a document a passage whose exact words an earlier
version's candidate or claim already had is not proposed again.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from claimdb.db import candidate_queries, document_queries
from claimdb.db.models import ClaimCandidate, DocumentCitation, DocumentVersion
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CandidateStatus, EntityKind, LinkKind
from claimdb.errors import InvalidInput, NotFound
from claimdb.schemas.claims import AnchorIn, ClaimIn, QuantityIn
from claimdb.schemas.extraction import (
    AcceptedOut,
    CandidateOut,
    DismissedOut,
    ExtractReport,
    ScoredSentence,
    ScorerOut,
)
from claimdb.schemas.matching import LinkIn, MatchQuery
from claimdb.services import events, matching
from claimdb.services.claims import CONTEXT_CHARS, create_claim
from claimdb.services.documents import get_document
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission

if TYPE_CHECKING:
    from claimdb.analysis.checkworthiness import Scorer
    from claimdb.analysis.extraction import Proposal

BATCH = 2000
"""Assertions scored, matched and written together (memory stays bounded by one batch)."""

PRIORITY_BANDS = ((0.8, 1), (0.6, 2), (0.4, 3), (0.2, 4))
"""Score at or above -> priority; below the last band 5; no score 3 (docs/scoring.md)."""

NOT_ENGLISH = "not scored: the scorer reads English only"

Progress = Callable[[int, int], None]
"""Called with (characters done, characters in all) while the text is read."""


def priority_for(score: float | None) -> int:
    """The priority an accepted candidate gets: 1 (check first) for a score of 0.8 or more,
    2 from 0.6, 3 from 0.4, 4 from 0.2, 5 below; 3 when there is no score."""
    if score is None:
        return 3
    return next((p for bound, p in PRIORITY_BANDS if score >= bound), 5)


def _scorer() -> Scorer:
    from claimdb.analysis.checkworthiness import load_scorer  # loaded only by extract and score

    return load_scorer()


def scorer_info() -> ScorerOut:
    info = _scorer().info
    return ScorerOut(name=info.name, version=info.version, threshold=info.threshold)


def _label(name: str, version: str) -> str:
    return f"{name}/{version}"


# --- claimdb score ---------------------------------------------------------------------------


def score_sentences(
    lines: Iterable[str], *, threshold: float | None = None
) -> list[ScoredSentence]:
    """Each non-blank line as one sentence, scored, labelled at ``threshold`` (default: the
    scorer's). A line that is not English gets a null score and a note."""
    scorer = _scorer()
    cut = scorer.info.threshold if threshold is None else threshold
    numbered = [(i, line.strip()) for i, line in enumerate(lines, 1) if line.strip()]
    scores = scorer.score([s for _, s in numbered])
    label = _label(scorer.info.name, scorer.info.version)
    return [
        ScoredSentence(
            line=i,
            sentence=sentence,
            score=None if score is None else round(score, 4),
            label="not scored"
            if score is None
            else ("check-worthy" if score >= cut else "not check-worthy"),
            scorer=label,
            note=NOT_ENGLISH if score is None else None,
        )
        for (i, sentence), score in zip(numbered, scores, strict=True)
    ]


# --- claimdb extract -------------------------------------------------------------------------


def _version(document: Any, number: int | None) -> DocumentVersion:
    if not document.versions:
        raise NotFound(f"document {document.slug!r} has no text yet")
    if number is None:
        version: DocumentVersion = document.versions[-1]
        return version
    for version in document.versions:
        if version.number == number:
            return version
    raise NotFound(
        f"document {document.slug!r} has no version {number}",
        hint=f"its versions: {', '.join(str(v.number) for v in document.versions)}",
    )


def text_size(uow: UnitOfWork, *, ref: str, version: int | None = None) -> int:
    """The number of characters of a document version (for a progress bar)."""
    return len(_version(get_document(uow, ref), version).text)


class _Citations:
    """The version's own citations, found by the sentence they annotate."""

    def __init__(self, rows: Sequence[DocumentCitation]) -> None:
        self.rows = sorted(rows, key=lambda c: (c.sentence_start, c.ordinal))
        self.starts = [c.sentence_start for c in self.rows]

    def at(self, start: int, end: int) -> int | None:
        """The first citation whose sentence overlaps ``start:end``."""
        i = bisect.bisect_left(self.starts, end)
        best: DocumentCitation | None = None
        while i > 0:
            i -= 1
            c = self.rows[i]
            if c.sentence_end > start:
                best = c
            elif c.sentence_start < start - 100_000:
                break
        return best.id if best else None


def extract(
    uow: UnitOfWork,
    *,
    actor: str | None,
    ref: str,
    version: int | None = None,
    min_score: float | None = None,
    progress: Progress | None = None,
) -> ExtractReport:
    """Propose the assertions of a document version that score at least ``min_score``
    (default: the scorer's threshold); unscored (non-English) ones are always proposed."""
    from claimdb.analysis import extraction

    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    document = get_document(uow, ref)
    target = _version(document, version)
    scorer = _scorer()
    info = scorer.info
    cut = info.threshold if min_score is None else min_score
    if not 0 <= cut <= 1:
        raise InvalidInput(f"--min-score {cut} is not between 0 and 1")
    text = target.text
    session = uow.session
    sections = list(target.sections)
    headings = [
        (s.start_offset, extraction.heading_end(text, s.start_offset, s.title)) for s in sections
    ]
    spans = extraction.bodies(text, headings)
    section_of_body = [_innermost(sections, start) for start, _ in spans]
    known = candidate_queries.spans_of_version(session, target.id)
    earlier = candidate_queries.earlier_passages(session, document.id, target.number)
    cited = document_queries.citations_of_version(session, target.id)
    citations = _Citations(cited)
    markers = [(c.marker_start, c.marker_end) for c in cited]
    match = candidate_queries.has_claims(session)
    counts = dict.fromkeys(
        ("sentences", "assertions", "proposed", "already", "unchanged", "below", "none", "same"), 0
    )
    pending: list[tuple[Proposal, int | None]] = []

    def flush() -> None:
        scores = scorer.score([p.text for p, _ in pending])
        rows: list[dict[str, Any]] = []
        for (p, section_id), score in zip(pending, scores, strict=True):
            if score is not None and score < cut:
                counts["below"] += 1
                continue
            row = _row(p, score, text, target.id, section_id, citations, info, by.id)
            if score is None:
                counts["none"] += 1
            if match:
                _match(uow, row)
                counts["same"] += row["match_tier"] == "same"
            rows.append(row)
        candidate_queries.insert_candidates(session, rows)
        counts["proposed"] += len(rows)
        pending.clear()

    total = len(text)
    report = (lambda done: progress(done, total)) if progress else None
    for sentence in extraction.iter_sentences(text, spans, progress=report, markers=markers):
        counts["sentences"] += 1
        for p in extraction.propose(sentence):
            counts["assertions"] += 1
            seen = known.get((p.start, p.end), [])
            if any(
                (name, ver) == (info.name, info.version) or status is not CandidateStatus.PROPOSED
                for name, ver, status in seen
            ):
                counts["already"] += 1
                continue
            if p.exact in earlier:
                counts["unchanged"] += 1
                continue
            pending.append((p, section_of_body[sentence.body]))
            if len(pending) >= BATCH:
                flush()
    if pending:
        flush()
    messages = _messages(counts, document.language, cut)
    if counts["proposed"]:
        events.record(
            uow,
            actor=by,
            entity=EntityKind.DOCUMENT,
            entity_id=document.id,
            action="candidates_proposed",
            after={
                "version": target.number,
                "scorer": _label(info.name, info.version),
                "min_score": cut,
                "proposed": counts["proposed"],
            },
        )
    return ExtractReport(
        document=document.slug,
        version=target.number,
        scorer=ScorerOut(name=info.name, version=info.version, threshold=info.threshold),
        min_score=cut,
        sentences=counts["sentences"],
        assertions=counts["assertions"],
        proposed=counts["proposed"],
        already=counts["already"],
        unchanged=counts["unchanged"],
        below=counts["below"],
        not_scored=counts["none"],
        repeats=counts["same"],
        messages=messages,
    )


def _messages(counts: dict[str, int], language: str, cut: float) -> list[str]:
    out: list[str] = []
    if not counts["sentences"]:
        out.append("no sentences in this text: nothing to propose")
    if counts["none"]:
        out.append(
            f"{counts['none']} not scored: the scorer reads English only; they are proposed "
            "with a null score for a person to read"
        )
    if language and not language.lower().startswith("en"):
        out.append(f"the document's language is {language!r}: the scorer was trained on English")
    if counts["below"]:
        out.append(f"{counts['below']} scored under {cut:g} and were left out (see --min-score)")
    return out


def _innermost(sections: Sequence[Any], offset: int) -> int | None:
    inside = [s for s in sections if s.start_offset <= offset < s.end_offset]
    return max(inside, key=lambda s: (s.level, s.start_offset)).id if inside else None


def _row(  # noqa: PLR0917 (one private call site, arguments in the row's order)
    p: Proposal,
    score: float | None,
    text: str,
    version_id: int,
    section_id: int | None,
    citations: _Citations,
    info: Any,
    by_id: int,
) -> dict[str, Any]:
    quantities = [
        QuantityIn(
            value=q.value,
            unit=q.unit,
            measure=q.measure,
            period=q.period,
            place=q.place,
            qualifier=q.qualifier,
            as_written=q.as_written,
        ).model_dump(mode="json")
        for q in p.quantities
    ]
    return {
        "version_id": version_id,
        "section_id": section_id,
        "sentence_start": p.sentence_start,
        "sentence_end": p.sentence_end,
        "start_offset": p.start,
        "end_offset": p.end,
        "quote_exact": p.exact,
        "quote_prefix": text[max(0, p.start - CONTEXT_CHARS) : p.start],
        "quote_suffix": text[p.end : p.end + CONTEXT_CHARS],
        "text": p.text,
        "claim_type": p.claim_type,
        "checkable": p.checkable,
        "speaker": p.speaker,
        "quantities": quantities,
        "document_citation_id": citations.at(p.sentence_start, p.sentence_end),
        "score": None if score is None else round(score, 4),
        "scorer_name": info.name,
        "scorer_version": info.version,
        "score_note": NOT_ENGLISH if score is None else None,
        "match_claim_id": None,
        "match_tier": None,
        "match_score": None,
        "status": CandidateStatus.PROPOSED,
        "created_by_id": by_id,
        "created_at": datetime.now(UTC),
    }


def _match(uow: UnitOfWork, row: dict[str, Any]) -> None:
    """Checked before? The stored claim most like the candidate, if any is alike."""
    found = matching.find_matches(uow, query=MatchQuery(text=row["text"], limit=1))
    best = next((m for m in found if m.tier != "none"), None)
    if best is not None:
        row.update(match_claim_id=best.claim_id, match_tier=best.tier, match_score=best.score)


# --- reading, accepting, dismissing ----------------------------------------------------------


def _out(c: ClaimCandidate, slug: str, number: int) -> CandidateOut:
    tier = c.match_tier
    return CandidateOut(
        id=c.id,
        document=slug,
        version=number,
        section=c.section.title if c.section else None,
        start=c.start_offset,
        end=c.end_offset,
        exact=c.quote_exact,
        prefix=c.quote_prefix,
        suffix=c.quote_suffix,
        text=c.text,
        claim_type=c.claim_type,
        checkable=c.checkable,
        speaker=c.speaker,
        quantities=[QuantityIn.model_validate(q) for q in c.quantities or []],
        document_citation_id=c.document_citation_id,
        score=c.score,
        scorer=_label(c.scorer_name, c.scorer_version),
        score_note=c.score_note,
        priority=priority_for(c.score),
        repeats=c.match_claim_id if tier == "same" else None,
        similar_to=c.match_claim_id if tier in ("similar", "different-number") else None,
        match_tier=tier,
        status=c.status,
        dismissal_reason=c.dismissal_reason,
        claim_id=c.claim_id,
        decided_by=c.decided_by.name if c.decided_by else None,
        decided_at=c.decided_at,
    )


def list_candidates(
    uow: UnitOfWork,
    *,
    ref: str,
    version: int | None = None,
    statuses: Sequence[CandidateStatus] = (),
    min_score: float | None = None,
    by_score: bool = False,
) -> list[CandidateOut]:
    """A document version's candidates, in document order or best score first."""
    document = get_document(uow, ref)
    target = _version(document, version)
    rows = candidate_queries.candidates_of(
        uow.session, [target.id], statuses=statuses, min_score=min_score, by_score=by_score
    )
    return [_out(c, document.slug, target.number) for c in rows]


def _chosen(
    uow: UnitOfWork, ids: Sequence[int], ref: str | None, min_score: float | None
) -> list[ClaimCandidate]:
    if ids and (ref or min_score is not None):
        raise InvalidInput("give candidate ids, or --doc with --min-score, not both")
    if ids:
        found = candidate_queries.candidates_by_id(uow.session, ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(
                f"no candidate {', '.join(map(str, missing))}",
                hint="list them with `claimdb extract list DOC`",
            )
        return [found[i] for i in dict.fromkeys(ids)]
    if ref is None or min_score is None:
        raise InvalidInput("name the candidates: their ids, or --doc DOC --min-score S")
    document = get_document(uow, ref)
    target = _version(document, None)
    return candidate_queries.candidates_of(
        uow.session,
        [target.id],
        statuses=[CandidateStatus.PROPOSED],
        min_score=min_score,
        by_score=False,
    )


def accept_candidates(
    uow: UnitOfWork,
    *,
    actor: str | None,
    ids: Sequence[int] = (),
    ref: str | None = None,
    min_score: float | None = None,
    anyway: bool = False,
    same_as: int | None = None,
) -> list[AcceptedOut]:
    """Turn candidates into claims, each checked against the stored claims first.

    As with `claim add`: a candidate a stored claim already states (tier "same") is
    refused, unless ``anyway``, or ``same_as`` names the claim it repeats (it is accepted
    and linked). An accepted or dismissed candidate is refused with what became of it.
    """
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    chosen = _chosen(uow, ids, ref, min_score)
    if same_as is not None and len(chosen) != 1:
        raise InvalidInput("--same-as links one candidate: give one id")
    out: list[AcceptedOut] = []
    accepted: dict[str, int] = {}
    for c in chosen:
        if c.status is not CandidateStatus.PROPOSED:
            why = (
                f"already accepted as claim {c.claim_id}"
                if c.status is CandidateStatus.ACCEPTED
                else f"dismissed: {c.dismissal_reason}"
            )
            out.append(AcceptedOut(candidate_id=c.id, claim_id=c.claim_id, refused=why))
            continue
        found = matching.find_matches(uow, query=MatchQuery(text=c.text, limit=5))
        same = next((m for m in found if m.tier == "same"), None)
        if same is not None and same_as is None and not anyway:
            out.append(
                AcceptedOut(
                    candidate_id=c.id,
                    claim_id=None,
                    same_as=same.claim_id,
                    refused=f"claim {same.claim_id} already says this (score {same.score:.2f}): "
                    f"accept it with --anyway, or as a repeat with --same-as {same.claim_id}",
                )
            )
            continue
        priority = priority_for(c.score)
        data = ClaimIn(
            text=c.text,
            claim_type=c.claim_type,
            checkable=c.checkable,
            speaker=c.speaker,
            priority=priority,
            quantities=[QuantityIn.model_validate(q) for q in c.quantities or []],
            anchor=AnchorIn(
                version_id=c.version_id, start=c.start_offset, end=c.end_offset, quote=c.quote_exact
            ),
        )
        origin = {
            "via": "extracted",
            "candidate": c.id,
            "scorer": _label(c.scorer_name, c.scorer_version),
            "score": c.score,
        }
        claim = create_claim(uow, by=by, data=data, origin=origin)
        if same_as is not None:
            matching.create_link(
                uow, by=by, data=LinkIn(claim_id=claim.id, other_id=same_as, kind=LinkKind.SAME)
            )
        c.status = CandidateStatus.ACCEPTED
        c.claim_id = claim.id
        c.decided_by_id = by.id
        c.decided_at = datetime.now(UTC)
        uow.flush()
        accepted[str(c.id)] = claim.id
        out.append(
            AcceptedOut(candidate_id=c.id, claim_id=claim.id, priority=priority, same_as=same_as)
        )
    _record_decision(uow, by, chosen, "candidates_accepted", {"claims": accepted}, None)
    return out


def dismiss_candidates(
    uow: UnitOfWork, *, actor: str | None, ids: Sequence[int], reason: str
) -> list[DismissedOut]:
    """Set candidates aside with a reason; an accepted candidate cannot be dismissed."""
    by = resolve_actor(uow, actor, Permission.WRITE_CLAIMS)
    if not reason.strip():
        raise InvalidInput("a dismissal needs a reason (--reason)")
    chosen = _chosen(uow, ids, None, None)
    for c in chosen:
        if c.status is CandidateStatus.ACCEPTED:
            raise InvalidInput(
                f"candidate {c.id} was accepted as claim {c.claim_id}",
                hint=f"archive the claim instead: `claimdb claim archive {c.claim_id}`",
            )
    now = datetime.now(UTC)
    for c in chosen:
        c.status = CandidateStatus.DISMISSED
        c.dismissal_reason = reason.strip()
        c.decided_by_id = by.id
        c.decided_at = now
    uow.flush()
    _record_decision(
        uow, by, chosen, "candidates_dismissed", {"candidates": [c.id for c in chosen]}, reason
    )
    return [DismissedOut(candidate_id=c.id, reason=reason.strip()) for c in chosen]


def _record_decision(  # noqa: PLR0917 (private, two call sites)
    uow: UnitOfWork,
    by: Any,
    chosen: Sequence[ClaimCandidate],
    action: str,
    after: dict[str, Any],
    reason: str | None,
) -> None:
    """One event per document whose candidates were decided (the claims log their own)."""
    by_document: dict[int, DocumentVersion] = {}
    for c in chosen:
        by_document.setdefault(c.version.document_id, c.version)
    for document_id, version in by_document.items():
        if action == "candidates_accepted" and not after["claims"]:
            continue
        events.record(
            uow,
            actor=by,
            entity=EntityKind.DOCUMENT,
            entity_id=document_id,
            action=action,
            after={"version": version.number, **after},
            reason=reason,
        )
