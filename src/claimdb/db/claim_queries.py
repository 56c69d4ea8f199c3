"""The claim query: one SELECT built from a ClaimFilter, shared by list and export."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.orm import aliased, joinedload, selectinload

from claimdb.analysis import search_query
from claimdb.db import read_queries
from claimdb.db.models import (
    Citation,
    Claim,
    ClaimTag,
    Document,
    DocumentVersion,
    Flag,
    Quantity,
    RatingLabel,
    Section,
    Verdict,
)
from claimdb.enums import CitationKind, ClaimStatus, ClaimType, Stance
from claimdb.schemas.filters import ClaimFilter, ClaimSort


def _search_condition(dialect: str, user_text: str) -> ColumnElement[bool]:
    """`claim list -q`: the claim is among the full-text matches (docs/search.md)."""
    node = search_query.parse(user_text)
    params: dict[str, str] = {}

    def param(value: str) -> str:
        name = f"tsq{len(params)}"
        params[name] = value
        return f":{name}"

    if dialect == "sqlite":
        # The text's and the speaker's FTS5 tables (migration sp01), as ids.
        matching = text(read_queries.fts5_rowids(node, param)).bindparams(**params)
        return Claim.id.in_(matching.columns(literal_column("id")))
    return text(read_queries.pg_condition(node, param)).bindparams(**params)  # type: ignore[return-value]


def supporting_evidence() -> ColumnElement[bool]:
    """EXISTS a checker's citation that supports the claim."""
    return exists().where(
        Citation.claim_id == Claim.id,
        Citation.kind == CitationKind.EVIDENCE,
        Citation.stance == Stance.SUPPORTS,
    )


def open_flags() -> ColumnElement[bool]:
    return exists().where(Flag.claim_id == Claim.id, Flag.resolved_at.is_(None))


def _day_start(d: object) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)  # type: ignore[arg-type]


def conditions(f: ClaimFilter, dialect: str) -> list[ColumnElement[bool]]:
    """The WHERE conditions for ``f`` (without ordering or paging)."""
    where: list[ColumnElement[bool]] = []
    if not f.include_archived:
        where.append(Claim.archived_at.is_(None))
    if f.document is not None:
        doc_match = (
            Document.id == int(f.document) if f.document.isdigit() else Document.slug == f.document
        )
        where.append(
            Claim.version_id.in_(select(DocumentVersion.id).join(Document).where(doc_match))
        )
    if f.section:
        parent = aliased(Section)
        pattern = f"%{f.section.lower()}%"
        where.append(
            Claim.section_id.in_(
                select(Section.id)
                .outerjoin(parent, Section.parent_id == parent.id)
                .where(
                    or_(
                        func.lower(Section.title).like(pattern),
                        func.lower(parent.title).like(pattern),
                    )
                )
            )
        )
    if f.claim_types:
        where.append(Claim.claim_type.in_([ClaimType(t) for t in f.claim_types]))
    if f.statuses:
        where.append(Claim.status.in_([ClaimStatus(s) for s in f.statuses]))
    if f.verdicts:
        mapped = aliased(RatingLabel)
        labels = [v.lower() for v in f.verdicts]
        where.append(
            Claim.current_verdict_id.in_(
                select(Verdict.id)
                .join(RatingLabel, Verdict.label_id == RatingLabel.id)
                .outerjoin(mapped, RatingLabel.maps_to_id == mapped.id)
                .where(or_(RatingLabel.label.in_(labels), mapped.label.in_(labels)))
            )
        )
    if f.verdict_unmapped:
        where.append(
            Claim.current_verdict_id.in_(
                select(Verdict.id)
                .join(RatingLabel, Verdict.label_id == RatingLabel.id)
                .where(RatingLabel.verdict_class.is_(None), RatingLabel.maps_to_id.is_(None))
            )
        )
    if f.flagged is not None:
        where.append(open_flags() if f.flagged else ~open_flags())
    if f.unsupported is not None:
        unsupported = and_(Claim.checkable.is_(True), ~supporting_evidence())
        where.append(unsupported if f.unsupported else ~unsupported)
    if f.speaker:
        where.append(func.lower(Claim.speaker).like(f"%{f.speaker.lower()}%"))
    if f.tags:
        where.append(
            exists().where(
                ClaimTag.claim_id == Claim.id, ClaimTag.tag.in_([t.lower() for t in f.tags])
            )
        )
    if f.checkable is not None:
        where.append(Claim.checkable.is_(f.checkable))
    if f.priority is not None:
        where.append(Claim.priority == f.priority)
    if f.max_priority is not None:
        where.append(Claim.priority <= f.max_priority)
    if f.text:
        where.append(_search_condition(dialect, f.text))
    if f.has_number is False:
        where.append(~exists().where(Quantity.claim_id == Claim.id))
    elif f.has_number or f.units or f.year is not None:
        # One number must meet all the conditions: a figure in USD *for* 2025.
        number = [Quantity.claim_id == Claim.id]
        if f.units:
            number.append(func.lower(Quantity.unit).in_([u.lower() for u in f.units]))
        if f.year is not None:
            number.append(Quantity.period.like(f"%{f.year}%"))
        where.append(exists().where(*number))
    if f.created_from:
        where.append(Claim.created_at >= _day_start(f.created_from))
    if f.created_to:
        where.append(Claim.created_at < _day_start(f.created_to + timedelta(days=1)))
    if f.updated_from:
        where.append(Claim.updated_at >= _day_start(f.updated_from))
    if f.updated_to:
        where.append(Claim.updated_at < _day_start(f.updated_to + timedelta(days=1)))
    return where


_SORT_KEYS = {
    ClaimSort.PRIORITY: (Claim.priority,),
    ClaimSort.ID: (),
    ClaimSort.POSITION: (Claim.version_id, Claim.start_offset),
    ClaimSort.CREATED: (Claim.created_at,),
    ClaimSort.UPDATED: (Claim.updated_at,),
    ClaimSort.STATUS: (Claim.status,),
    ClaimSort.TYPE: (Claim.claim_type,),
}


SelectT = TypeVar("SelectT", bound=Select[Any])


def order_and_page(stmt: SelectT, f: ClaimFilter) -> SelectT:
    """``stmt`` in ``f``'s order (always ending with the claim id), limited and offset."""
    keys = [*_SORT_KEYS[f.sort], Claim.id]
    stmt = stmt.order_by(*(k.desc() if f.descending else k.asc() for k in keys))
    if f.offset:
        stmt = stmt.offset(f.offset)
    if f.limit is not None:
        stmt = stmt.limit(f.limit)
    return stmt


def _with_listing(stmt: Select[Claim]) -> Select[Claim]:
    """``stmt`` loading eagerly what a listing shows of each claim."""
    return stmt.options(
        selectinload(Claim.tags),
        selectinload(Claim.quantities),
        joinedload(Claim.section),
        joinedload(Claim.document_version).joinedload(DocumentVersion.document),
        joinedload(Claim.current_verdict).joinedload(Verdict.label).joinedload(RatingLabel.scale),
    )


def select_claims(f: ClaimFilter, dialect: str, *, eager: bool = True) -> Select[Claim]:
    """Claims matching ``f``, ordered and paged, with what a listing shows loaded eagerly."""
    stmt = order_and_page(select(Claim).where(*conditions(f, dialect)), f)
    return _with_listing(stmt) if eager else stmt


def claims_by_id(ids: list[int]) -> Select[Claim]:
    """These claims (in no particular order), loaded as a listing shows them."""
    return _with_listing(select(Claim).where(Claim.id.in_(ids)))


def count_claims(f: ClaimFilter, dialect: str) -> Select[int]:
    """How many claims match ``f``, ignoring limit and offset."""
    return select(func.count()).select_from(Claim).where(*conditions(f, dialect))
