"""Queries for documents: listings with counts, a version's claims and citations."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from claimdb.db.models import Claim, Document, DocumentCitation, DocumentVersion, Section


def list_documents(session: Session) -> list[tuple[Document, int, int | None, int]]:
    """Each document with its number of versions, latest version number and claims."""
    versions = (
        select(
            DocumentVersion.document_id,
            func.count().label("n"),
            func.max(DocumentVersion.number).label("latest"),
        )
        .group_by(DocumentVersion.document_id)
        .subquery()
    )
    claims = (
        select(DocumentVersion.document_id, func.count(Claim.id).label("n"))
        .join(Claim, Claim.version_id == DocumentVersion.id)
        .where(Claim.archived_at.is_(None))
        .group_by(DocumentVersion.document_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Document,
            func.coalesce(versions.c.n, 0),
            versions.c.latest,
            func.coalesce(claims.c.n, 0),
        )
        .outerjoin(versions, versions.c.document_id == Document.id)
        .outerjoin(claims, claims.c.document_id == Document.id)
        .order_by(Document.slug)
    )
    return [(d, int(n), latest, int(c)) for d, n, latest, c in rows]


def claims_on_version(session: Session, version_id: int) -> list[Claim]:
    """The claims anchored in a version (archived ones too: their anchors move with the text)."""
    return list(
        session.scalars(
            select(Claim)
            .where(Claim.version_id == version_id, Claim.start_offset.is_not(None))
            .order_by(Claim.start_offset, Claim.id)
        )
    )


def claim_counts_by_status(session: Session, version_ids: Sequence[int]) -> dict[str, int]:
    rows = session.execute(
        select(Claim.status, func.count())
        .where(Claim.version_id.in_(version_ids), Claim.archived_at.is_(None))
        .group_by(Claim.status)
    )
    return {status.value: int(n) for status, n in rows}


def version_counts(session: Session, version_id: int) -> tuple[int, int, int]:
    """(sections, claims, citations) of a version."""
    sections = session.scalar(
        select(func.count()).select_from(Section).where(Section.version_id == version_id)
    )
    claims = session.scalar(
        select(func.count()).select_from(Claim).where(Claim.version_id == version_id)
    )
    citations = session.scalar(
        select(func.count())
        .select_from(DocumentCitation)
        .where(DocumentCitation.version_id == version_id)
    )
    return int(sections or 0), int(claims or 0), int(citations or 0)


def citations_of_version(session: Session, version_id: int) -> list[DocumentCitation]:
    return list(
        session.scalars(
            select(DocumentCitation)
            .where(DocumentCitation.version_id == version_id)
            .order_by(DocumentCitation.ordinal)
        )
    )


def move_anchors(session: Session, rows: Sequence[dict[str, object]]) -> None:
    """Re-anchor many claims in one executemany: each row sets one claim's anchor columns.

    Keys: ``id`` and the anchor columns (version_id, section_id, quote_prefix, quote_suffix,
    start_offset, end_offset), and ``quote_exact`` only when the words changed. The
    optimistic-locking counter is bumped like any UPDATE's; the claims' ORM objects are
    expired so that they are read afresh.
    """
    from sqlalchemy import bindparam, update

    from claimdb.db.types import utcnow

    if not rows:
        return
    session.flush()
    table = Claim.__table__
    assert isinstance(table, Table)
    now = utcnow()
    # A row whose words are unchanged leaves quote_exact out of its UPDATE: on SQLite the
    # full-text index's trigger fires only on an UPDATE OF text, speaker or quote_exact.
    anchor = (
        "version_id",
        "section_id",
        "quote_prefix",
        "quote_suffix",
        "start_offset",
        "end_offset",
    )
    for with_quote in (False, True):
        batch = [row for row in rows if ("quote_exact" in row) is with_quote]
        if not batch:
            continue
        columns = (*anchor, "quote_exact") if with_quote else anchor
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                {name: bindparam(f"b_{name}") for name in columns}
                | {"version": table.c.version + 1, "updated_at": bindparam("b_updated_at")}
            )
        )
        session.connection().execute(
            statement,
            [
                {f"b_{key}": value for key, value in row.items()} | {"b_updated_at": now}
                for row in batch
            ],
        )
    for row in rows:
        claim = session.get(Claim, row["id"])
        if claim is not None:
            session.expire(claim)
