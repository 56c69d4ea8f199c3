"""The claim query: one SELECT built from a ClaimFilter, shared by list and export."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from claimdb.analysis import search_query
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

_TS_CONFIG: ColumnElement[Any] = literal_column("'simple'")
MARK_START, MARK_END = "\x02", "\x03"
"""What :func:`search_hits` puts around the matched words in a snippet."""


def fts5_query(node: search_query.Node) -> str:
    """A parsed search as an FTS5 MATCH expression.

    Every word is quoted, so punctuation and FTS5's own syntax in the user's text
    (NEAR, column filters, ^) are searched for as words, never parsed.
    """
    if isinstance(node, search_query.Term):
        phrase = '"' + " ".join(node.words) + '"'
        return phrase + "*" if node.prefix else phrase
    if isinstance(node, search_query.Or):
        return "(" + " OR ".join(fts5_query(n) for n in node.options) + ")"
    expr = "(" + " AND ".join(fts5_query(n) for n in node.required) + ")"
    for n in node.excluded:
        expr = f"({expr} NOT {fts5_query(n)})"
    return expr


def ts_query(node: search_query.Node) -> ColumnElement[Any]:
    """A parsed search as a PostgreSQL tsquery, split by the same parser as the index."""
    if isinstance(node, search_query.Term):
        if not node.prefix:
            return func.phraseto_tsquery(_TS_CONFIG, node.raw)
        # \w+ words hold no tsquery syntax.
        return func.to_tsquery(_TS_CONFIG, " <-> ".join(node.words) + ":*")
    if isinstance(node, search_query.Or):
        parts = [ts_query(n) for n in node.options]
        combined = parts[0]
        for p in parts[1:]:
            combined = func.tsquery_or(combined, p)
        return combined
    combined = ts_query(node.required[0])
    for n in node.required[1:]:
        combined = func.tsquery_and(combined, ts_query(n))
    for n in node.excluded:
        combined = func.tsquery_and(combined, func.tsquery_not(ts_query(n)))
    return combined


def _searched_text() -> ColumnElement[str]:
    return (
        func.coalesce(Claim.text, "")
        + " "
        + func.coalesce(Claim.speaker, "")
        + " "
        + func.coalesce(Claim.quote_exact, "")
    )


def _ts_document() -> ColumnElement[Any]:
    """The same expression as the ix_claims_search GIN index (migration 0003)."""
    return func.to_tsvector(_TS_CONFIG, _searched_text())


def _search_condition(dialect: str, user_text: str) -> ColumnElement[bool]:
    node = search_query.parse(user_text)
    if dialect == "sqlite":
        matching = text(
            "SELECT rowid FROM claims_fts WHERE claims_fts MATCH :fts_query"
        ).bindparams(fts_query=fts5_query(node))
        return Claim.id.in_(matching.columns(literal_column("rowid")))
    return _ts_document().op("@@")(ts_query(node))


def search_hits(
    session: Session, user_text: str, *, limit: int, include_archived: bool = False
) -> list[tuple[int, str | None]]:
    """(claim id, snippet) of the best ``limit`` matches, best first.

    The ranking and the limit run inside the full-text index (FTS5's ``rank``;
    PostgreSQL's ``ts_rank`` over the GIN index), and snippets are made only for
    the rows kept. In a snippet, :data:`MARK_START` and :data:`MARK_END` surround
    each matched word.
    """
    if session.get_bind().dialect.name == "sqlite":
        return _fts5_hits(session, search_query.parse(user_text), limit, include_archived)
    stmt = _ts_hits(search_query.parse(user_text), limit, include_archived)
    return [(r[0], r[1]) for r in session.execute(stmt)]


def _fts5_hits(
    session: Session, node: search_query.Node, limit: int, include_archived: bool
) -> list[tuple[int, str | None]]:
    """SQLite: the best ids from FTS5 alone (``ORDER BY rank LIMIT`` over the index, no
    join), then the unarchived among them, then snippets for those only.

    A join to claims, or ``snippet()`` in the same SELECT, makes SQLite read, snip
    and sort every match before the limit: 2-4x the time for a common word
    (bench/README.md). Archived claims are dropped after the limit, so it asks
    for more than ``limit`` and asks again, four times as many, in the rare case
    that too many of those were archived.
    """
    conn = session.connection()
    match = fts5_query(node)
    want = limit if include_archived else limit * 2 + 10
    while True:
        ids = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? "
                "ORDER BY rank, rowid LIMIT ?",
                (match, want),
            )
        ]
        kept = ids
        if not include_archived and ids:
            marks = ", ".join("?" * len(ids))
            live = {
                r[0]
                for r in conn.exec_driver_sql(
                    f"SELECT id FROM claims WHERE id IN ({marks}) AND archived_at IS NULL",
                    tuple(ids),
                )
            }
            kept = [i for i in ids if i in live]
        if len(kept) >= limit or len(ids) < want:
            break
        want *= 4
    kept = kept[:limit]
    if not kept:
        return []
    marks = ", ".join("?" * len(kept))
    snippets: dict[int, str | None] = dict(
        conn.exec_driver_sql(
            f"SELECT rowid, snippet(claims_fts, -1, ?, ?, '…', {_SNIPPET_WORDS}) FROM claims_fts "
            f"WHERE claims_fts MATCH ? AND rowid IN ({marks})",
            (MARK_START, MARK_END, match, *kept),
        ).all()
    )
    return [(i, snippets.get(i)) for i in kept]


def _ts_hits(node: search_query.Node, limit: int, include_archived: bool) -> Select[Any]:
    """PostgreSQL: the best ``limit`` by ts_rank over the GIN index, with headlines."""
    live = true() if include_archived else Claim.archived_at.is_(None)
    query = ts_query(node)
    document = _ts_document()
    best = (
        select(Claim.id, func.ts_rank(document, query).label("score"))
        .where(document.op("@@")(query), live)
        .order_by(literal_column("score").desc(), Claim.id)
        .limit(limit)
        .subquery()
    )
    options = (
        f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={_SNIPPET_WORDS}, '
        f'MinWords={_SNIPPET_WORDS // 2}, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "'
    )

    # The passage from the text when the words match there, as SQLite's snippet() picks
    # the best column; the quote or the speaker otherwise.
    def headline(value: Any) -> ColumnElement[Any]:
        return func.ts_headline(_TS_CONFIG, value, query, options)

    def matches(value: Any) -> ColumnElement[bool]:
        return func.to_tsvector(_TS_CONFIG, func.coalesce(value, "")).op("@@")(query)

    passage = case(
        (matches(Claim.text), headline(Claim.text)),
        (matches(Claim.quote_exact), headline(Claim.quote_exact)),
        else_=headline(_searched_text()),
    )
    return (
        select(Claim.id, passage.label("snippet"))
        .join(best, best.c.id == Claim.id)
        .order_by(best.c.score.desc(), Claim.id)
    )


_SNIPPET_WORDS = 20


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
