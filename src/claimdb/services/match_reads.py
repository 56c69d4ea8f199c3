"""`claimdb match` over the light read path: candidates from the index, then the re-ranker.

The full-text index proposes candidates (:func:`claimdb.db.read_queries.match_candidates`)
and the pure re-ranker (:mod:`claimdb.analysis.matching`) scores them; see
:mod:`claimdb.services.matching` for the tiers and the links people confirm.
"""

from __future__ import annotations

from collections.abc import Collection

from claimdb.config import match_thresholds
from claimdb.db import read_queries
from claimdb.enums import ClaimStatus
from claimdb.schemas.plain import MatchHit, OriginalRef, match_text
from claimdb.services.reading import ReadSource, reader_of

CANDIDATES = 100
"""How many candidates the full-text index proposes for the re-ranker to score."""


def match_claims(
    source: ReadSource, *, text: str, limit: int = 10, exclude: Collection[int] = ()
) -> list[MatchHit]:
    """The stored claims most like ``text``, best first, with scores and tiers.

    Claims that share no word with the text are not listed. ``exclude``: ids
    left out (the claim itself, for `claim similar`). An empty text, or one
    over a million characters, is refused (InvalidInput).
    """
    from claimdb.analysis import matching  # rapidfuzz: not at start-up of every command

    text = match_text(text)
    reader = reader_of(source)
    terms = matching.fts_query(text)
    found = read_queries.match_candidates(reader, terms, CANDIDATES, exclude)
    if not found:
        return []
    same, similar = match_thresholds()
    ranked = matching.rerank(
        text,
        [(cid, t) for cid, t, _ in found],
        first_stage=[s for *_, s in found],
        same=same,
        similar=similar,
    )
    kept = [m for m in ranked if m.shared][:limit]
    texts = {cid: t for cid, t, _ in found}
    briefs = read_queries.match_briefs(reader, [m.key for m in kept])
    out = []
    for m in kept:
        brief = briefs[m.key]
        original = brief["same_as"]
        out.append(
            MatchHit(
                claim_id=m.key,
                score=round(m.score, 4),
                tier=m.tier,
                text=texts[m.key],
                shared=list(m.shared),
                spans=matching.highlight(texts[m.key], m.shared),
                numbers_query=list(m.numbers_query),
                numbers_claim=list(m.numbers_candidate),
                status=ClaimStatus(brief["status"]),
                verdict=brief["verdict"],
                verdict_title=brief["verdict_title"],
                same_as=(
                    OriginalRef(**{**original, "status": ClaimStatus(original["status"])})
                    if original
                    else None
                ),
            )
        )
    return out
