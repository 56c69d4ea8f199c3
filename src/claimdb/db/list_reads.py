"""`claim list`'s query as SQL text, for a :class:`~claimdb.db.light.Reader`.

The same claims, in the same order, as :mod:`claimdb.db.claim_queries` selects
through the ORM for a :class:`~claimdb.schemas.filters.ClaimFilter`: each
condition below is that module's, written out (``tests/test_list_parity.py``
runs a matrix of filters through both, on both engines, and compares what they list).
Placeholders are ``?`` (:func:`~claimdb.db.light.adapt`); the full-text
condition is :mod:`claimdb.db.read_queries`' (FTS5 on SQLite, the GIN
tsvector indexes on PostgreSQL).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from claimdb.analysis import search_query
from claimdb.db import read_queries
from claimdb.db.light import Reader, Row, first, marks
from claimdb.enums import CitationKind, Stance
from claimdb.schemas.listing import ClaimQuery, ClaimSort

CLAIM_COLUMNS = (
    "c.id, c.text, c.claim_type, c.checkable, c.speaker, c.speaker_description, c.claimed_on, "
    "c.appearance_url, c.context, c.priority, c.status, rl.label, rs.name, c.archived_at, "
    "c.external_id, c.created_at, c.updated_at, c.version, "
    "c.version_id, c.start_offset, c.end_offset, c.quote_exact, c.quote_prefix, c.quote_suffix, "
    "d.slug, s.title"
)
"""What a listing shows of a claim, in :func:`claims_by_id`'s rows: the claim's fields, its
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
"""Claim ids per query when reading the rows, tags and numbers of a long list."""


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


Related = tuple[str, str, list[str], list[Any]]
"""A table of rows about claims: its name, its alias, the conditions on its rows, their
parameters (the claim's tags, its numbers)."""


def _tagged(q: ClaimQuery) -> Related:
    """Tag rows with any of ``q``'s tags."""
    tags = [t.lower() for t in q.tags]
    return "claim_tags", "t", [f"t.tag IN ({marks(len(tags))})"], tags


def _numbered(q: ClaimQuery) -> Related:
    """Numbers meeting all of ``q``'s conditions on numbers (a figure in USD *for* 2025)."""
    number: list[str] = []
    args: list[Any] = []
    if q.units:
        number.append(f"lower(n.unit) IN ({marks(len(q.units))})")
        args += [u.lower() for u in q.units]
    if q.year is not None:
        number.append("n.period LIKE ?")
        args.append(f"%{q.year}%")
    return "quantities", "n", number, args


def _matching(related: Related, args: list[Any], *, dense: bool) -> str:
    """A claim with a row of ``related``: ``c.id IN (those rows' claims)``, or, ``dense``,
    EXISTS such a row for the claim (:func:`_dense`)."""
    table, alias, where, params = related
    args += params
    if dense:
        tied = " AND ".join([f"{alias}.claim_id = c.id", *where])
        return f"EXISTS (SELECT 1 FROM {table} {alias} WHERE {tied})"
    rows = f" WHERE {' AND '.join(where)}" if where else ""
    return f"c.id IN (SELECT {alias}.claim_id FROM {table} {alias}{rows})"


def conditions(
    q: ClaimQuery, dialect: str, *, dense: frozenset[str] = frozenset()
) -> tuple[list[str], list[Any]]:
    """The WHERE conditions for ``q`` on claims ``c`` (without ordering or paging), and their
    parameters in order.

    Tags and numbers are tested as ``c.id IN (the matching ids)``, which lets SQLite start
    from those few claims and sort them; those named in ``dense`` (``"tags"``,
    ``"numbers"``), as the ORM tests them, claim by claim (EXISTS), which lets it read
    the claims in order and stop at the page: see :func:`_dense`.
    """
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
        where.append(_matching(_tagged(q), args, dense="tags" in dense))
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
        params: list[Any] = []

        def param(value: str) -> str:
            params.append(value)
            return "?"

        condition = (
            read_queries.fts5_condition if dialect == "sqlite" else read_queries.pg_condition
        )
        where.append(condition(node, param, table="c"))
        args += params
    if q.has_number is False:
        where.append("NOT EXISTS (SELECT 1 FROM quantities n WHERE n.claim_id = c.id)")
    elif _numbers(q):
        where.append(_matching(_numbered(q), args, dense="numbers" in dense))
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


def page_sql(
    q: ClaimQuery, dialect: str, *, dense: frozenset[str] = frozenset()
) -> tuple[str, list[Any]]:
    """The SELECT of the ids of ``q``'s page, in ``q``'s order (always ending with the claim
    id), limited and offset. Only ids: a sort over many matches sorts narrow rows, and the
    joins of what a listing shows run for the page alone (:func:`claims_by_id`)."""
    where, args = conditions(q, dialect, dense=dense)
    direction = " DESC" if q.descending else ""
    keys = ", ".join(f"{k}{direction}" for k in (*_SORT_KEYS[q.sort], "c.id"))
    sql = "SELECT c.id FROM claims c"
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


def _dense(reader: Reader, q: ClaimQuery) -> frozenset[str]:
    """Which of ``q``'s tag and number conditions match claims so common that reading the
    claims in order, and keeping those that match, finds the page sooner than sorting
    every match (SQLite).

    Reading in order costs about (offset + limit) x claims / matches; sorting, the
    matches: so in order when matches > sqrt((offset + limit) x claims), counted only up
    to that number. PostgreSQL's planner weighs this itself, with its statistics.
    """
    if q.limit is None or reader.dialect != "sqlite" or not (q.tags or _numbers(q)):
        return frozenset()
    top = first(reader, "SELECT max(id) FROM claims")
    claims = int(top[0]) if top and top[0] is not None else 0
    enough = max(1, math.isqrt((q.offset + q.limit) * claims))
    dense = set()
    for name, wanted, (table, alias, where, params) in (
        ("tags", bool(q.tags), _tagged(q)),
        ("numbers", _numbers(q), _numbered(q)),
    ):
        if wanted:
            rows = f" WHERE {' AND '.join(where)}" if where else ""
            found = first(
                reader,
                f"SELECT count(*) FROM (SELECT 1 FROM {table} {alias}{rows} LIMIT ?) AS m",
                (*params, enough),
            )
            if found is not None and int(found[0]) >= enough:
                dense.add(name)
    return frozenset(dense)


def _numbers(q: ClaimQuery) -> bool:
    """Whether ``q`` asks for claims with a number (of some unit, for some year)."""
    return q.has_number is not False and bool(q.has_number or q.units or q.year is not None)


def claim_page(reader: Reader, q: ClaimQuery) -> list[Row]:
    """The claims ``q`` selects, in its order: rows of :data:`CLAIM_COLUMNS`."""
    sql, args = page_sql(q, reader.dialect, dense=_dense(reader, q))
    ids = [int(r[0]) for r in reader.rows(sql, args)]
    return claims_by_id(reader, ids)


def claims_by_id(reader: Reader, ids: Sequence[int]) -> list[Row]:
    """Rows of :data:`CLAIM_COLUMNS` for these claims, in the order of ``ids``."""
    rows: dict[int, Row] = {}
    for chunk in _chunks(ids):
        for row in reader.rows(
            f"SELECT {CLAIM_COLUMNS} FROM claims c {_JOINS} WHERE c.id IN ({marks(len(chunk))})",
            list(chunk),
        ):
            rows[int(row[0])] = row
    # A claim gone between the two reads (PostgreSQL reads each at its own snapshot) is left out.
    return [rows[i] for i in ids if i in rows]


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
