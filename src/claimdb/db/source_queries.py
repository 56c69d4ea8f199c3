"""Listing sources: one SELECT built from a SourceQuery, with citation counts."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from claimdb.db.models import Citation, Source
from claimdb.schemas.sources import SourceQuery


def select_sources(q: SourceQuery) -> Select[Source, int]:
    """(Source, number of citations) rows matching ``q``, by id."""
    cited = (
        select(Citation.source_id, func.count().label("n"))
        .group_by(Citation.source_id)
        .subquery("cited")
    )
    stmt = select(Source, func.coalesce(cited.c.n, 0)).outerjoin(
        cited, cited.c.source_id == Source.id
    )
    if q.text:
        pattern = f"%{q.text.lower()}%"
        stmt = stmt.where(
            or_(
                func.lower(Source.title).like(pattern),
                func.lower(func.coalesce(Source.publisher, "")).like(pattern),
                func.lower(func.coalesce(Source.container_title, "")).like(pattern),
            )
        )
    if q.csl_type:
        stmt = stmt.where(Source.csl_type == q.csl_type)
    if q.reliability:
        stmt = stmt.where(Source.reliability.in_(q.reliability))
    if q.link_status:
        stmt = stmt.where(Source.link_status.in_(q.link_status))
    stmt = stmt.order_by(Source.id).offset(q.offset)
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    return stmt
