"""The SELECTs behind `claimdb source check` and `source archive`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, func, or_, select, union
from sqlalchemy.orm import Session

from claimdb.db.models import (
    Citation,
    Claim,
    Document,
    DocumentCitation,
    DocumentVersion,
    Flag,
    LinkCheck,
    Source,
)
from claimdb.enums import FlagReason, LinkStatus


def select_targets(
    *,
    ids: list[int],
    all_: bool,
    stale_before: datetime | None,
    document_id: int | None,
    dead: bool = False,
    missing: bool = False,
) -> Select[int, str | None]:
    """(id, url) of the sources selected, by id; every condition given must hold."""
    stmt = select(Source.id, Source.url).order_by(Source.id)
    if ids:
        stmt = stmt.where(Source.id.in_(ids))
    elif not all_:
        stmt = stmt.where(Source.url.is_not(None))
    if stale_before is not None:
        stmt = stmt.where(
            or_(Source.link_checked_at.is_(None), Source.link_checked_at < stale_before)
        )
    if dead:
        stmt = stmt.where(Source.link_status == LinkStatus.DEAD)
    if missing:
        stmt = stmt.where(Source.archive_url.is_(None))
    if document_id is not None:
        versions = select(DocumentVersion.id).where(DocumentVersion.document_id == document_id)
        cited = union(
            select(Citation.source_id)
            .join(Claim, Claim.id == Citation.claim_id)
            .where(Claim.version_id.in_(versions)),
            select(DocumentCitation.source_id).where(DocumentCitation.version_id.in_(versions)),
        ).subquery()
        stmt = stmt.where(Source.id.in_(select(cited.c.source_id)))
    return stmt


def document_id(session: Session, slug: str) -> int | None:
    return session.scalar(select(Document.id).where(Document.slug == slug))


def quoted_citations(
    session: Session, source_ids: Iterable[int]
) -> dict[int, list[tuple[int, int, str]]]:
    """Per source, its citations with a quoted passage: (citation id, claim id, quote)."""
    found: dict[int, list[tuple[int, int, str]]] = {}
    ids = list(source_ids)
    for at in range(0, len(ids), 500):
        rows = session.execute(
            select(Citation.source_id, Citation.id, Citation.claim_id, Citation.quote)
            .where(
                Citation.source_id.in_(ids[at : at + 500]),
                Citation.quote.is_not(None),
                func.trim(Citation.quote) != "",
            )
            .order_by(Citation.id)
        )
        for source_id, citation_id, claim_id, quote in rows:
            found.setdefault(source_id, []).append((citation_id, claim_id, quote or ""))
    return found


def sources_by_id(session: Session, source_ids: Iterable[int]) -> dict[int, Source]:
    """The sources with these ids, loaded in a few SELECTs instead of one each."""
    ids = list(source_ids)
    found: dict[int, Source] = {}
    for at in range(0, len(ids), 500):
        found.update(
            (s.id, s)
            for s in session.scalars(select(Source).where(Source.id.in_(ids[at : at + 500])))
        )
    return found


def recent_outcomes(
    session: Session, source_ids: Iterable[int], depth: int
) -> dict[int, list[LinkStatus]]:
    """Per source, the outcomes of its ``depth`` latest checks, newest first."""
    ids = list(source_ids)
    found: dict[int, list[LinkStatus]] = {}
    for at in range(0, len(ids), 500):
        ranked = (
            select(
                LinkCheck.source_id,
                LinkCheck.outcome,
                func.row_number()
                .over(partition_by=LinkCheck.source_id, order_by=LinkCheck.id.desc())
                .label("n"),
            )
            .where(LinkCheck.source_id.in_(ids[at : at + 500]))
            .subquery()
        )
        rows = session.execute(
            select(ranked.c.source_id, ranked.c.outcome)
            .where(ranked.c.n <= depth)
            .order_by(ranked.c.source_id, ranked.c.n)
        )
        for source_id, outcome in rows:
            found.setdefault(source_id, []).append(LinkStatus(outcome))
    return found


def open_quote_flags(session: Session, citation_ids: Iterable[int]) -> set[int]:
    """The citations among ``citation_ids`` that already have an open quote-not-found flag."""
    ids = list(citation_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Flag.citation_id).where(
                Flag.citation_id.in_(ids),
                Flag.reason == FlagReason.QUOTE_NOT_FOUND,
                Flag.resolved_at.is_(None),
            )
        )
    )


def latest_checks(session: Session, source_id: int, limit: int) -> list[LinkCheck]:
    """A source's latest checks, newest first."""
    return list(
        session.scalars(
            select(LinkCheck)
            .where(LinkCheck.source_id == source_id)
            .order_by(LinkCheck.id.desc())
            .limit(limit)
        )
    )
