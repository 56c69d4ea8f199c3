"""Queries for `claimdb extract`: the proposed claims of a document version."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import Table, exists, insert, select
from sqlalchemy.orm import Session

from claimdb.db.models import Claim, ClaimCandidate, DocumentVersion
from claimdb.enums import CandidateStatus

CANDIDATES: Table = ClaimCandidate.__table__  # type: ignore[assignment]


def spans_of_version(session: Session, version_id: int) -> dict[tuple[int, int], list[Any]]:
    """(start, end) -> [(scorer_name, scorer_version, status), ...] of the version's candidates."""
    out: dict[tuple[int, int], list[Any]] = {}
    rows = session.execute(
        select(
            ClaimCandidate.start_offset,
            ClaimCandidate.end_offset,
            ClaimCandidate.scorer_name,
            ClaimCandidate.scorer_version,
            ClaimCandidate.status,
        ).where(ClaimCandidate.version_id == version_id)
    )
    for start, end, name, version, status in rows:
        out.setdefault((start, end), []).append((name, version, status))
    return out


def earlier_passages(session: Session, document_id: int, number: int) -> set[str]:
    """The exact words of every candidate and claim anchored in an earlier version."""
    earlier = select(DocumentVersion.id).where(
        DocumentVersion.document_id == document_id, DocumentVersion.number < number
    )
    words = set(
        session.scalars(
            select(ClaimCandidate.quote_exact).where(ClaimCandidate.version_id.in_(earlier))
        )
    )
    words.update(
        w
        for w in session.scalars(select(Claim.quote_exact).where(Claim.version_id.in_(earlier)))
        if w
    )
    return words


def has_claims(session: Session) -> bool:
    """Whether any claim is stored (no claim: nothing to match against)."""
    return bool(session.scalar(select(exists().where(Claim.id.is_not(None)))))


def insert_candidates(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert candidates in one executemany, without ORM objects (a large document's memory).

    Through the table, not the ORM class: the ORM's bulk insert groups rows by which keys
    are not None (a speaker here, none there), which cut 11,746 rows into 3,361 statements
    on PostgreSQL; the table's insert sends each batch as one executemany (several rows a
    statement on PostgreSQL). Every row has every key (see ``services.extraction._row``).
    """
    if rows:
        session.execute(insert(CANDIDATES), list(rows))


def candidates_of(
    session: Session,
    version_ids: Collection[int],
    *,
    statuses: Iterable[CandidateStatus] = (),
    min_score: float | None = None,
    by_score: bool = False,
) -> list[ClaimCandidate]:
    """Candidates of the versions, in document order or best score first."""
    query = select(ClaimCandidate).where(ClaimCandidate.version_id.in_(list(version_ids)))
    wanted = list(statuses)
    if wanted:
        query = query.where(ClaimCandidate.status.in_(wanted))
    if min_score is not None:
        query = query.where(ClaimCandidate.score >= min_score)
    if by_score:
        query = query.order_by(
            ClaimCandidate.score.is_(None),
            ClaimCandidate.score.desc(),
            ClaimCandidate.start_offset,
            ClaimCandidate.id,
        )
    else:
        query = query.order_by(
            ClaimCandidate.start_offset, ClaimCandidate.end_offset, ClaimCandidate.id
        )
    return list(session.scalars(query))


def candidates_by_id(session: Session, ids: Collection[int]) -> dict[int, ClaimCandidate]:
    rows = session.scalars(select(ClaimCandidate).where(ClaimCandidate.id.in_(list(ids))))
    return {c.id: c for c in rows}
