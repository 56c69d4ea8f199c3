"""`claim list`'s query as SQL text, for a :class:`~claimdb.db.light.Reader`.

The same claims, in the same order, as :mod:`claimdb.db.claim_queries` selects
through the ORM for a :class:`~claimdb.schemas.filters.ClaimFilter`: each
condition below is that module's, written out (``tests/test_list_parity.py``
runs a matrix of filters through both, on both engines, and compares the ids).
Placeholders are ``?`` (:func:`~claimdb.db.light.adapt`); the full-text
condition is :mod:`claimdb.db.read_queries`' (FTS5 on SQLite, the GIN
tsvector indexes on PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from claimdb.analysis import search_query
from claimdb.db import read_queries
from claimdb.db.light import Reader, Row, marks
from claimdb.enums import CitationKind, Stance
from claimdb.schemas.listing import ClaimQuery, ClaimSort

CLAIM_COLUMNS = (
    "c.id, c.text, c.claim_type, c.checkable, c.speaker, c.speaker_description, c.claimed_on, "
    "c.appearance_url, c.context, c.priority, c.status, rl.label, rs.name, c.archived_at, "
    "c.external_id, c.created_at, c.updated_at, c.version, "
    "c.version_id, c.start_offset, c.end_offset, c.quote_exact, c.quote_prefix, c.quote_suffix, "
    "d.slug, s.title"
)
"""What a listing shows of a claim, in :func:`claim_page`'s rows: the claim's fields, its
verdict's label and scale, then its anchor (version, offsets, quote, document slug, section)."""

_JOINS = (
    "LEFT JOIN verdicts v ON v.id = c.current_verdict_id "
    "LEFT JOIN rating_labels rl ON rl.id = v.label_id "
    "LEFT JOIN rating_scales rs ON rs.id = rl.scale_id "
    "LEFT JOIN document_versions dv ON dv.id = c.version_id "
    "LEFT JOIN documents d ON d.id = dv.document_id "
    "LEFT JOIN sections s ON s.id = c.section_id"
)

_SORT_KEYS = {
    ClaimSort.PRIORITY: ("c.priority",),
    ClaimSort.ID: (),
    ClaimSort.POSITION: ("c.version_id", "c.start_offset"),
    ClaimSort.CREATED: ("c.created_at",),
    ClaimSort.UPDATED: ("c.updated_at",),
    ClaimSort.STATUS: ("c.status",),
    ClaimSort.TYPE: ("c.claim_type",),
}

CHUNK = 5_000
"""Claim ids per query when reading the tags and numbers of a long list."""


def _is(dialect: str, value: bool) -> str:
    """``IS TRUE`` as each engine's ORM writes a boolean test (SQLite keeps 0 and 1)."""
    if dialect == "sqlite":
        return "IS 1" if value else "IS 0"
    return "IS true" if value else "IS false"


def _stored_time(dialect: str, day: date) -> Any:
    """Midnight UTC at the start of ``day``, as a timestamp column holds it."""
    value = datetime.combine(day, time.min, tzinfo=UTC)
    if dialect == "sqlite":
        return value.replace(tzinfo=None).isoformat(" ", "microseconds")
    return value


def conditions(q: ClaimQuery, dialect: str) -> tuple[list[str], list[Any]]:
    """The WHERE conditions for ``q`` on claims ``c`` (without ordering or paging), and their
    parameters in order."""
    where: list[str] = []
    args: list[Any] = []
    if not q.include_archived:
        where.append("c.archived_at IS NULL")
    if q.document is not None:
        doc = "d.id = ?" if q.document.isdigit() else "d.slug = ?"
        where.append(
            "c.version_id IN (SELECT dv.id FROM document_versions dv "
            f"JOIN documents d ON d.id = dv.document_id WHERE {doc})"
        )
        args.append(int(q.document) if q.document.isdigit() else q.document)
    if q.section:
        where.append(
            "c.section_id IN (SELECT s.id FROM sections s "
            "LEFT JOIN sections p ON s.parent_id = p.id "
            "WHERE lower(s.title) LIKE ? OR lower(p.title) LIKE ?)"
        )
        pattern = f"%{q.section.lower()}%"
        args += [pattern, pattern]
    if q.claim_types:
        where.append(f"c.claim_type IN ({marks(len(q.claim_types))})")
        args += [t.value for t in q.claim_types]
    if q.statuses:
        where.append(f"c.status IN ({marks(len(q.statuses))})")
        args += [s.value for s in q.statuses]
    if q.verdicts:
        labels = [v.lower() for v in q.verdicts]
        where.append(
            "c.current_verdict_id IN (SELECT v.id FROM verdicts v "
            "JOIN rating_labels l ON v.label_id = l.id "
            "LEFT JOIN rating_labels m ON l.maps_to_id = m.id "
            f"WHERE l.label IN ({marks(len(labels))}) OR m.label IN ({marks(len(labels))}))"
        )
        args += labels + labels
    if q.verdict_unmapped:
        where.append(
            "c.current_verdict_id IN (SELECT v.id FROM verdicts v "
            "JOIN rating_labels l ON v.label_id = l.id "
            "WHERE l.verdict_class IS NULL AND l.maps_to_id IS NULL)"
        )
    if q.flagged is not None:
        # IN rather than the ORM's EXISTS: the planner can start from the open flags.
        negation = "" if q.flagged else "NOT "
        where.append(
            f"c.id {negation}IN (SELECT f.claim_id FROM flags f WHERE f.resolved_at IS NULL)"
        )
    if q.unsupported is not None:
        unsupported = (
            f"(c.checkable {_is(dialect, True)} AND NOT EXISTS (SELECT 1 FROM citations ci "
            "WHERE ci.claim_id = c.id AND ci.kind = ? AND ci.stance = ?))"
        )
        where.append(unsupported if q.unsupported else f"NOT {unsupported}")
        args += [CitationKind.EVIDENCE.value, Stance.SUPPORTS.value]
    if q.speaker:
        where.append("lower(c.speaker) LIKE ?")
        args.append(f"%{q.speaker.lower()}%")
    if q.tags:
        tags = [t.lower() for t in q.tags]
        where.append(
            f"c.id IN (SELECT t.claim_id FROM claim_tags t WHERE t.tag IN ({marks(len(tags))}))"
        )
        args += tags
    if q.checkable is not None:
        where.append(f"c.checkable {_is(dialect, q.checkable)}")
    if q.priority is not None:
        where.append("c.priority = ?")
        args.append(q.priority)
    if q.max_priority is not None:
        where.append("c.priority <= ?")
        args.append(q.max_priority)
    if q.text:
        node = search_query.parse(q.text)
        if dialect == "sqlite":
            where.append("c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            args.append(read_queries.fts5_query(node))
        else:
            params: list[Any] = []

            def param(value: str) -> str:
                params.append(value)
                return "?"

            where.append(read_queries.pg_condition(node, param, table="c"))
            args += params
    if q.has_number is False:
        where.append("NOT EXISTS (SELECT 1 FROM quantities n WHERE n.claim_id = c.id)")
    elif q.has_number or q.units or q.year is not None:
        # One number must meet all the conditions: a figure in USD *for* 2025.
        number = ["n.claim_id = c.id"]
        if q.units:
            number.append(f"lower(n.unit) IN ({marks(len(q.units))})")
            args += [u.lower() for u in q.units]
        if q.year is not None:
            number.append("n.period LIKE ?")
            args.append(f"%{q.year}%")
        where.append(f"EXISTS (SELECT 1 FROM quantities n WHERE {' AND '.join(number)})")
    for column, day, after in (
        ("created_at", q.created_from, False),
        ("created_at", q.created_to, True),
        ("updated_at", q.updated_from, False),
        ("updated_at", q.updated_to, True),
    ):
        if day:
            if after:
                where.append(f"c.{column} < ?")
                args.append(_stored_time(dialect, day + timedelta(days=1)))
            else:
                where.append(f"c.{column} >= ?")
                args.append(_stored_time(dialect, day))
    return where, args


def page_sql(q: ClaimQuery, dialect: str, columns: str = CLAIM_COLUMNS) -> tuple[str, list[Any]]:
    """The SELECT of ``q``'s page: ``columns`` of claims ``c`` (with :data:`CLAIM_COLUMNS`'
    joins), in ``q``'s order (always ending with the claim id), limited and offset."""
    where, args = conditions(q, dialect)
    direction = " DESC" if q.descending else ""
    keys = ", ".join(f"{k}{direction}" for k in (*_SORT_KEYS[q.sort], "c.id"))
    sql = f"SELECT {columns} FROM claims c {_JOINS}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {keys}"
    if q.limit is not None or (q.offset and dialect == "sqlite"):
        sql += " LIMIT ?"
        args.append(q.limit if q.limit is not None else -1)
    if q.offset:
        sql += " OFFSET ?"
        args.append(q.offset)
    return sql, args


def claim_page(reader: Reader, q: ClaimQuery) -> list[Row]:
    """The claims ``q`` selects, in its order: rows of :data:`CLAIM_COLUMNS`."""
    sql, args = page_sql(q, reader.dialect)
    return reader.rows(sql, args)


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def tags_of(reader: Reader, ids: Sequence[int]) -> dict[int, list[str]]:
    """Each claim's tags, in the order the ORM gives them (by tag)."""
    out: dict[int, list[str]] = {}
    for chunk in _chunks(ids):
        for claim_id, tag in reader.rows(
            f"SELECT claim_id, tag FROM claim_tags WHERE claim_id IN ({marks(len(chunk))}) "
            "ORDER BY claim_id, tag",
            list(chunk),
        ):
            out.setdefault(int(claim_id), []).append(tag)
    return out


def quantities_of(reader: Reader, ids: Sequence[int]) -> dict[int, list[Row]]:
    """Each claim's numbers (value, unit, measure, period, place, qualifier, as_written),
    in their order."""
    out: dict[int, list[Row]] = {}
    for chunk in _chunks(ids):
        for row in reader.rows(
            "SELECT claim_id, value, unit, measure, period, place, qualifier, as_written "
            f"FROM quantities WHERE claim_id IN ({marks(len(chunk))}) "
            "ORDER BY claim_id, ordinal",
            list(chunk),
        ):
            out.setdefault(int(row[0]), []).append(tuple(row[1:]))
    return out
