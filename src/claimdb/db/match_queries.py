"""The first stage of claim matching, and what a match shows: candidates from the full-text index.

The words :func:`claimdb.analysis.matching.fts_query` picks are OR-ed into one
query on the database's own index (SQLite FTS5 over the claim's text and
quoted words, ranked by bm25; PostgreSQL's GIN tsvector index, ranked by
ts_rank), and the best ``limit`` come back with their text for the re-ranker.
The ranking and the limit are applied by the index, not by sorting every
match in Python.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select, text
from sqlalchemy.orm import Session, aliased

from claimdb.db.models import Claim, ClaimLink, RatingLabel, RatingScale, Verdict
from claimdb.enums import LinkKind

_PG_DOCUMENT = (
    "to_tsvector('simple', coalesce(claims.text, '') || ' ' || coalesce(claims.speaker, '') "
    "|| ' ' || coalesce(claims.quote_exact, ''))"
)
"""The expression of the ix_claims_search GIN index (migration 0003), so the index serves."""


def candidates(
    session: Session, terms: Sequence[str], limit: int, exclude: Collection[int] = ()
) -> list[tuple[int, str, float]]:
    """(id, text, index score: higher is better) of the best ``limit`` claims for ``terms``.

    Archived claims and the ids in ``exclude`` are left out. ``terms`` are
    plain words (letters and digits), as ``fts_query`` gives them.
    """
    if not terms:
        return []
    # A little more than asked, so that excluded ids do not shorten the list.
    fetch = limit + len(exclude)
    if session.get_bind().dialect.name == "sqlite":
        match = "{text quote_exact} : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
        rows = session.execute(
            text(
                "SELECT c.id, c.text, -bm25(claims_fts) AS score FROM claims_fts "
                "JOIN claims c ON c.id = claims_fts.rowid "
                "WHERE claims_fts MATCH :match AND c.archived_at IS NULL "
                "ORDER BY rank LIMIT :fetch"
            ),
            {"match": match, "fetch": fetch},
        ).all()
    else:
        query = func.to_tsquery("simple", " | ".join(f"'{t}'" for t in terms))
        document: ColumnElement[Any] = literal_column(_PG_DOCUMENT)
        rank = func.ts_rank(document, query).label("score")
        stmt = (
            select(Claim.id, Claim.text, rank)
            .where(document.op("@@")(query), Claim.archived_at.is_(None))
            .order_by(rank.desc(), Claim.id)
            .limit(fetch)
        )
        rows = session.execute(stmt).all()
    out = [(int(r[0]), str(r[1]), float(r[2])) for r in rows if r[0] not in exclude]
    return out[:limit]


def briefs(session: Session, ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """For each claim id: its status, its verdict (and its original's, for a repeat)."""
    if not ids:
        return {}
    label, scale = aliased(RatingLabel), aliased(RatingScale)
    stmt = (
        select(Claim.id, Claim.status, Claim.text, scale.name, label.label, label.title)
        .outerjoin(Verdict, Verdict.id == Claim.current_verdict_id)
        .outerjoin(label, label.id == Verdict.label_id)
        .outerjoin(scale, scale.id == label.scale_id)
        .where(Claim.id.in_(list(ids)))
    )
    out: dict[int, dict[str, Any]] = {}
    for cid, status, claim_text, scale_name, label_name, title in session.execute(stmt):
        out[cid] = {
            "status": status,
            "text": claim_text,
            "verdict": f"{scale_name}:{label_name}" if label_name else None,
            "verdict_title": title,
            "same_as": None,
        }
    originals = originals_of(session, ids)
    for cid, original in originals.items():
        if cid in out:
            out[cid]["same_as"] = original
    return out


def originals_of(session: Session, ids: Collection[int]) -> dict[int, dict[str, Any]]:
    """For each repeat among ``ids``: its original's id, status and verdict."""
    if not ids:
        return {}
    label, scale = aliased(RatingLabel), aliased(RatingScale)
    original = aliased(Claim)
    stmt = (
        select(
            ClaimLink.claim_id,
            original.id,
            original.status,
            scale.name,
            label.label,
            label.title,
            label.verdict_class,
        )
        .join(original, original.id == ClaimLink.other_id)
        .outerjoin(Verdict, Verdict.id == original.current_verdict_id)
        .outerjoin(label, label.id == Verdict.label_id)
        .outerjoin(scale, scale.id == label.scale_id)
        .where(ClaimLink.kind == LinkKind.SAME, ClaimLink.claim_id.in_(list(ids)))
    )
    return {
        cid: {
            "claim_id": oid,
            "status": status,
            "verdict": f"{scale_name}:{label_name}" if label_name else None,
            "verdict_title": title,
        }
        for cid, oid, status, scale_name, label_name, title, _ in session.execute(stmt)
    }


def links_of(session: Session, claim_id: int) -> list[ClaimLink]:
    """Every link from or to the claim, oldest first."""
    stmt = (
        select(ClaimLink)
        .where((ClaimLink.claim_id == claim_id) | (ClaimLink.other_id == claim_id))
        .order_by(ClaimLink.id)
    )
    return list(session.scalars(stmt))


def link_between(session: Session, a: int, b: int) -> ClaimLink | None:
    """The link between two claims, in either direction."""
    stmt = select(ClaimLink).where(
        ((ClaimLink.claim_id == a) & (ClaimLink.other_id == b))
        | ((ClaimLink.claim_id == b) & (ClaimLink.other_id == a))
    )
    return session.scalars(stmt).first()


def same_link_from(session: Session, claim_id: int) -> ClaimLink | None:
    """The claim's ``same`` link as a repeat (to its original), if any."""
    stmt = select(ClaimLink).where(ClaimLink.claim_id == claim_id, ClaimLink.kind == LinkKind.SAME)
    return session.scalars(stmt).first()


def has_repeats(session: Session, claim_id: int) -> bool:
    """Whether some claim is linked as a repeat of this one."""
    stmt = select(ClaimLink.id).where(
        ClaimLink.other_id == claim_id, ClaimLink.kind == LinkKind.SAME
    )
    return session.scalars(stmt.limit(1)).first() is not None
