"""The rows an export writes: claims matching a filter, with tags, verdict and citations.

Streamed in bounded batches of plain tuples: one SELECT over the ``claims``
table alone (in the filter's order, its columns in ``CLAIM_COLUMNS`` order),
read ``batch`` rows at a time; for each batch, one query each for the
verdicts, tags, quantities and citations of its claims, and the documents it
has not met yet. A related query is skipped when its table holds nothing in
the batch's range of claim ids (an empty table, or claims imported in bulk
without any), and reads a range of ids instead of a list when the batch's ids
are dense (an export in id order).

Why this shape (measured on a million claims, SQLite): every column of a
fetched row costs, even when it is NULL, so the verdict and document columns
that most claims lack are looked up per batch by id instead of being joined
onto every row; rows are read from the driver's cursor as tuples, without
SQLAlchemy ``Row`` objects; date columns come back as ``YYYY-MM-DD`` text
made by the database (the claim date), enum columns as their text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Generator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import String, func, literal_column, select, type_coerce
from sqlalchemy.orm import Session

from claimdb.db.claim_queries import conditions, order_and_page
from claimdb.db.models import Claim, Source
from claimdb.schemas.exports import (
    CLAIM_COLUMNS,
    SOURCE_COLUMNS,
    ExportBatch,
)
from claimdb.schemas.filters import ClaimFilter

_VERSION_ID = CLAIM_COLUMNS.index("version_id")
_VERDICT_ID = CLAIM_COLUMNS.index("current_verdict_id")


_QUANTITY_KEYS = ("value", "unit", "measure", "period", "place", "qualifier", "as_written")
_CITATION_KEYS = ("kind", "stance", "quote", "locator", *(f"source_{c}" for c in SOURCE_COLUMNS))
_SOURCE_TEXT = ("accessed", "reliability", "link_status")
_first, _second = itemgetter(0), itemgetter(1)


def _iso_day(column: Any, dialect: str) -> Any:
    """A date or timestamp column as ``YYYY-MM-DD`` text, made by the database."""
    if dialect == "postgresql":
        return func.to_char(column, literal_column("'YYYY-MM-DD'"))
    return func.substr(column, 1, 10)


def _claims_select(f: ClaimFilter, dialect: str, names: Sequence[str]) -> Any:
    columns = {
        "claimed_on": _iso_day(Claim.claimed_on, dialect),
        "claim_type": type_coerce(Claim.claim_type, String),
        "status": type_coerce(Claim.status, String),
    }
    stmt = select(*(columns.get(name, getattr(Claim, name)).label(name) for name in names)).where(
        *conditions(f, dialect)
    )
    return order_and_page(stmt, f)


class _Related:
    """The per-batch queries, run on the driver's cursor (their rows are only a means)."""

    def __init__(self, session: Session, dialect: str) -> None:
        conn = session.connection()
        self.dialect = dialect
        self.cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        self.documents: dict[int, tuple[Any, ...]] = {}
        # Each related table's range of claim ids, read from its index once:
        # a batch outside the range (or an empty table) needs no query.
        # (Two subqueries: SQLite reads min() or max() alone from an index, not both.)
        self.ranges = {
            table: self._one(
                f"SELECT (SELECT min(claim_id) FROM {table}), (SELECT max(claim_id) FROM {table})"
            )
            for table in ("claim_tags", "quantities", "citations", "claim_links")
        }
        self.any_verdicts = self._one("SELECT max(id) FROM verdicts")[0] is not None

    def _one(self, sql: str) -> tuple[Any, ...]:
        self.cursor.execute(sql)
        return tuple(self.cursor.fetchone())

    def _rows(self, sql: str, ids: Collection[int]) -> list[tuple[Any, ...]]:
        """Run ``sql``, whose ``{ids}`` stands for a list of ids, with ``ids``."""
        if self.dialect == "postgresql":
            self.cursor.execute(sql.format(ids="= ANY(%s)"), (list(ids),))
        else:
            # One placeholder per id: sqlite3 caches the statement, and a batch
            # (1000 by default) stays far below SQLite's 32,766 variables.
            self.cursor.execute(sql.format(ids=f"IN ({', '.join('?' * len(ids))})"), tuple(ids))
        return list(self.cursor.fetchall())

    def _related_rows(self, sql: str, ids: list[int], low: int, high: int) -> list[tuple[Any, ...]]:
        """Run ``sql`` for the claims ``ids``, whose ``{ids}`` stands for a list of claim ids.

        When the ids are dense (a batch in id order), a range reads the index
        once instead of probing it per id; the rows of claims in the range but
        not in the batch are never looked up.
        """
        if high - low < 2 * len(ids):
            mark = "%s" if self.dialect == "postgresql" else "?"
            self.cursor.execute(sql.format(ids=f"BETWEEN {mark} AND {mark}"), (low, high))
            return list(self.cursor.fetchall())
        return self._rows(sql, ids)

    def _touches(self, table: str, low: int, high: int) -> bool:
        first, last = self.ranges[table]
        return first is not None and first <= high and low <= last

    def fill(self, batch: ExportBatch) -> None:
        """Look up what the claims of ``batch`` refer to."""
        rows = batch.rows
        ids = [r[0] for r in rows]
        low, high = min(ids), max(ids)
        if self.any_verdicts:
            verdict_ids = {r[_VERDICT_ID] for r in rows}
            verdict_ids.discard(None)
            if verdict_ids:
                batch.verdicts = {
                    r[0]: r[1:] for r in self._rows(self._verdicts_sql(), verdict_ids)
                }
        versions = {r[_VERSION_ID] for r in rows}
        versions.discard(None)
        missing = versions - self.documents.keys()
        if missing:
            sql = (
                "SELECT v.id, d.slug, d.title, d.author, d.publisher, d.published, d.url "
                "FROM document_versions v "
                "JOIN documents d ON v.document_id = d.id WHERE v.id {ids}"
            )
            self.documents.update((r[0], r[1:]) for r in self._rows(sql, missing))
        batch.documents = self.documents
        if self._touches("claim_tags", low, high):
            sql = "SELECT claim_id, tag FROM claim_tags WHERE claim_id {ids} ORDER BY claim_id, tag"
            batch.tags = {
                cid: list(map(_second, group))
                for cid, group in groupby(self._related_rows(sql, ids, low, high), _first)
            }
        if self._touches("quantities", low, high):
            sql = (
                "SELECT claim_id, value, unit, measure, period, place, qualifier, as_written "
                "FROM quantities WHERE claim_id {ids} "
                "ORDER BY claim_id, ordinal"
            )
            quantities: dict[int, list[dict[str, Any]]] = {}
            for cid, *values in self._related_rows(sql, ids, low, high):
                quantities.setdefault(cid, []).append(
                    dict(zip(_QUANTITY_KEYS, values, strict=True))
                )
            batch.quantities = quantities
        if self._touches("citations", low, high):
            sources = ", ".join(f"s.{c}" for c in SOURCE_COLUMNS)
            sql = (
                f"SELECT c.claim_id, c.kind, c.stance, c.quote, c.locator, {sources} "
                "FROM citations c JOIN sources s ON c.source_id = s.id WHERE c.claim_id {ids} "
                "ORDER BY c.claim_id, c.id"
            )
            cited: dict[int, list[dict[str, Any]]] = {}
            for cid, *values in self._related_rows(sql, ids, low, high):
                row = dict(zip(_CITATION_KEYS, values, strict=True))
                if isinstance(row["source_authors"], str):  # JSON comes back as text on SQLite
                    row["source_authors"] = json.loads(row["source_authors"])
                cited.setdefault(cid, []).append(row)
            batch.citations = cited
        if self._touches("claim_links", low, high):
            sql = (
                "SELECT k.claim_id, k.other_id, s.name, l.label, l.title FROM claim_links k "
                "JOIN claims o ON o.id = k.other_id "
                "LEFT OUTER JOIN verdicts v ON v.id = o.current_verdict_id "
                "LEFT OUTER JOIN rating_labels l ON l.id = v.label_id "
                "LEFT OUTER JOIN rating_scales s ON s.id = l.scale_id "
                "WHERE k.kind = 'same' AND k.claim_id {ids} ORDER BY k.claim_id"
            )
            batch.originals = {r[0]: r[1:] for r in self._related_rows(sql, ids, low, high)}

    def _verdicts_sql(self) -> str:
        return (
            "SELECT v.id, s.name, l.label, l.title, l.value, s.worst_value, s.best_value, "
            "l.verdict_class, m.verdict_class, v.rationale, v.created_at, v.review_url, "
            "v.forced, v.force_reason, p.name, v.publisher "
            "FROM verdicts v "
            "LEFT OUTER JOIN rating_labels l ON v.label_id = l.id "
            "LEFT OUTER JOIN rating_labels m ON l.maps_to_id = m.id "
            "LEFT OUTER JOIN rating_scales s ON l.scale_id = s.id "
            "LEFT OUTER JOIN people p ON v.reviewer_id = p.id "
            "WHERE v.id {ids}"
        )

    def close(self) -> None:
        self.cursor.close()


def iter_export_batches(
    session: Session, f: ClaimFilter, dialect: str, batch: int = 1000, *, anchors: bool = True
) -> Generator[ExportBatch, None, None]:
    """Batches of at most ``batch`` claims, in ``f``'s order, with what they refer to.

    ``anchors=False`` leaves the last three columns (the anchor) out of the rows.
    """
    names = CLAIM_COLUMNS if anchors else CLAIM_COLUMNS[: CLAIM_COLUMNS.index("start_offset")]
    conn = session.connection()
    streaming = dialect != "sqlite"
    # PostgreSQL needs a server-side cursor to stream; SQLite's cursor streams anyway,
    # and without stream_results SQLAlchemy reads nothing ahead, so its DBAPI cursor
    # can be read directly.
    result = conn.execution_options(stream_results=streaming).execute(
        _claims_select(f, dialect, names)
    )
    fetch: Callable[[int], Sequence[Sequence[Any]]] = (
        result.fetchmany if streaming else result.cursor.fetchmany
    )
    related = _Related(session, dialect)
    try:
        while rows := fetch(batch):
            out = ExportBatch(rows=rows)
            related.fill(out)
            yield out
    finally:
        related.close()
        result.close()


def _source_select() -> Any:
    return select(
        *(
            type_coerce(getattr(Source, c), String).label(c)
            if c in _SOURCE_TEXT
            else getattr(Source, c)
            for c in SOURCE_COLUMNS
        )
    )


def sources_by_id(session: Session, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Sources with these ids, in id order."""
    if not ids:
        return []
    return [
        r._asdict()
        for r in session.execute(_source_select().where(Source.id.in_(ids)).order_by(Source.id))
    ]
