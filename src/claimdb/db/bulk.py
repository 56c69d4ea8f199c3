"""Batched writes for large imports: SQLAlchemy Core executemany, ids assigned in bulk.

:func:`claimdb.services.ingest.ingest` uses these for records that carry
nothing the per-row ORM path must check against stored rows (no anchors, no
notes, no flags). Every statement here runs inside the caller's unit of work,
so an import is still all or nothing.

SQLite's full-text index is maintained by a per-row trigger (migration 0003);
for a bulk import it is cheaper to drop that trigger inside the transaction,
insert the rows, index the new id range with one INSERT ... SELECT and
re-create the trigger before commit (bench/README.md has the figures). A
failed import rolls the DDL back with everything else: SQLite's DDL is
transactional.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Table, bindparam, func, select, text, update
from sqlalchemy.orm import Session

from claimdb.db import counts
from claimdb.db.models import Citation, Claim, ClaimTag, Event, Quantity, Source, Verdict
from claimdb.schemas.claims import CLAIM_FIELDS

CLAIMS: Table = Claim.__table__  # type: ignore[assignment]
TAGS: Table = ClaimTag.__table__  # type: ignore[assignment]
QUANTITIES: Table = Quantity.__table__  # type: ignore[assignment]
CITATIONS: Table = Citation.__table__  # type: ignore[assignment]
VERDICTS: Table = Verdict.__table__  # type: ignore[assignment]
EVENTS: Table = Event.__table__  # type: ignore[assignment]
SOURCES: Table = Source.__table__  # type: ignore[assignment]

FTS_INSERT_TRIGGER = (
    "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text, quote_exact) "
    "VALUES (new.id, new.text, new.quote_exact); END"
)
SPEAKER_FTS_INSERT_TRIGGER = (
    "CREATE TRIGGER claims_speaker_fts_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_speaker_fts(rowid, speaker) VALUES (new.id, new.speaker); END"
)
FTS_TABLES = ("claims_fts", "claims_speaker_fts")
"""SQLite's full-text tables (migration sp01): the text and quote, and the speaker."""
IMPORT_CACHE_KIB = 65_536
"""SQLite page cache for a bulk import (64 MiB): index pages stay in memory."""


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _in_list(session: Session, column: str, values: Sequence[Any], group: bool) -> Any:
    """``SELECT column, id FROM claims WHERE column IN (...)`` as driver SQL.

    SQLAlchemy compiles a fresh statement for every IN list of a new length,
    which at 2,000 values a batch costs more than the lookup itself.
    """
    mark = "?" if dialect(session) == "sqlite" else "%s"
    marks = ", ".join([mark] * len(values))
    if group:
        sql = f"SELECT {column}, min(id) FROM claims WHERE {column} IN ({marks}) GROUP BY {column}"
    else:
        sql = f"SELECT {column}, id FROM claims WHERE {column} IN ({marks})"
    return session.connection().exec_driver_sql(sql, tuple(values))


def ids_by_external_id(session: Session, external_ids: Sequence[str]) -> dict[str, int]:
    """Stored claims among ``external_ids``: external id -> claim id."""
    if not external_ids:
        return {}
    return dict(_in_list(session, "external_id", external_ids, False).all())


def ids_by_content_key(session: Session, keys: Sequence[int]) -> dict[int, int]:
    """Stored claims among these content keys: key -> lowest claim id."""
    if not keys:
        return {}
    return dict(_in_list(session, "content_key", keys, True).all())


def reserve_ids(session: Session, table: Table, count: int, *, locked: bool = False) -> list[int]:
    """``count`` new primary keys for ``table``, taken in one statement.

    PostgreSQL: from the column's sequence, one value at a time, or, when the
    caller holds ``table`` locked against every other writer (``locked``), as
    one range after both the table's maximum and the sequence, which is then
    moved past it. SQLite: after the largest id the table has had (its
    ``sqlite_sequence`` entry, or its maximum), which is safe because a writing
    unit of work holds SQLite's write lock from BEGIN IMMEDIATE.
    """
    if count == 0:
        return []
    if dialect(session) == "postgresql" and locked:
        last = (
            session.connection()
            .exec_driver_sql(
                f"SELECT setval(s, greatest((SELECT coalesce(max(id), 0) FROM {table.name}), "
                "coalesce(pg_sequence_last_value(s), 0)) + %(n)s) "
                f"FROM CAST(pg_get_serial_sequence('{table.name}', 'id') AS regclass) AS s",
                {"n": count},
            )
            .scalar_one()
        )
        return list(range(int(last) - count + 1, int(last) + 1))
    if dialect(session) == "postgresql":
        rows = session.execute(
            text(
                f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": count},
        )
        return sorted(int(r[0]) for r in rows)
    # After the largest id ever handed out, not only the largest stored: the tables are
    # AUTOINCREMENT (migration ai01), so a deleted newest row's id stays out of reach.
    last = session.connection().exec_driver_sql(
        f"SELECT max(coalesce((SELECT max(id) FROM {table.name}), 0), "
        f"coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table.name}'), 0))"
    )
    start = int(last.scalar_one()) + 1
    return list(range(start, start + count))


CLAIM_COLUMNS = (
    "id",
    *CLAIM_FIELDS,
    "version_id",
    "status",
    "external_id",
    "content_key",
    "created_by_id",
    "created_at",
    "updated_at",
    "version",
)
QUANTITY_COLUMNS = (
    "claim_id",
    "ordinal",
    "value",
    "unit",
    "measure",
    "period",
    "place",
    "qualifier",
    "as_written",
)
CITATION_COLUMNS = (
    "id",
    "claim_id",
    "source_id",
    "kind",
    "stance",
    "quote",
    "locator",
    "added_by_id",
    "added_at",
)
SOURCE_COLUMNS = (
    "id",
    "csl_type",
    "title",
    "authors",
    "container_title",
    "publisher",
    "issued",
    "url",
    "url_normalized",
    "doi",
    "accessed",
    "archive_url",
    "archive_hash",
    "reliability",
    "link_status",
    "note",
    "external_id",
    "created_by_id",
    "created_at",
)
"""The columns a new source is written with; the others (link_checked_at,
archive_captured_at) start empty."""
VERDICT_COLUMNS = (
    "id",
    "claim_id",
    "label_id",
    "rationale",
    "reviewer_id",
    "created_at",
    "forced",
    "force_reason",
    "review_url",
    "publisher",
)


def db_datetime(session: Session, value: datetime) -> Any:
    """An aware datetime as the driver stores it (see ``UTCDateTime``)."""
    if dialect(session) == "sqlite":
        # SQLAlchemy's SQLite DATETIME storage format, naive UTC.
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def db_date(session: Session, value: date | None) -> Any:
    if value is None:
        return None
    return value.isoformat() if dialect(session) == "sqlite" else value


def db_iso_date(session: Session) -> Callable[[str | None], Any]:
    """A function from an ISO date (or None) to what the driver stores."""
    if dialect(session) == "sqlite":
        return _same
    return _parse_date


def _same(value: str | None) -> str | None:
    return value


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def insert_tuples(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Driver-ready tuples (values as :func:`db_datetime` etc. give) into ``table``: one
    executemany INSERT on SQLite, a COPY on PostgreSQL.

    Below the Core's per-row bind processing, which at a million rows costs
    more than SQLite's own work (bench/README.md).
    """
    if not rows:
        return
    if dialect(session) == "postgresql":
        _copy(session, table, columns, rows)
        return
    mark = "?"
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    session.connection().exec_driver_sql(sql, list(rows))


def _copy(
    session: Session, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """PostgreSQL: the rows through one ``COPY ... FROM STDIN``.

    Several times the throughput of executemany for a large import
    (bench/README.md); psycopg adapts each value as it would a parameter.
    """
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(sql) as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)


EVENT_COLUMNS = (
    "occurred_at",
    "actor_id",
    "entity",
    "entity_id",
    "claim_id",
    "action",
    "before",
    "after",
    "reason",
    "seq",
    "prev_hash",
    "hash",
)


def insert_events(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Linked events (:func:`claimdb.services.chain.link`'s dicts) into ``events``: a COPY on
    PostgreSQL, their JSON as SQLAlchemy's JSON type writes it (``json.dumps``); on SQLite,
    :func:`insert_rows`."""
    if not rows:
        return
    if dialect(session) != "postgresql":
        insert_rows(session, EVENTS, rows)
        return
    _copy(
        session,
        EVENTS,
        EVENT_COLUMNS,
        [
            (
                *(r["occurred_at"], r["actor_id"], _enum_value(r["entity"]), r["entity_id"]),
                *(r["claim_id"], r["action"], json.dumps(r["before"]), json.dumps(r["after"])),
                *(r["reason"], r["seq"], r["prev_hash"], r["hash"]),
            )
            for r in rows
        ],
    )


def _enum_value(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """One executemany INSERT of ``rows`` into ``table``."""
    if rows:
        session.execute(table.insert(), rows)


def point_claims_at_verdicts(session: Session, rows: Iterable[tuple[int, int, int]]) -> None:
    """Set (claim id, verdict id, version): one UPDATE for the batch on PostgreSQL, one
    executemany on SQLite.

    On PostgreSQL an executemany is one statement per claim, and each fires the
    claim_counts statement trigger once; one ``UPDATE ... FROM unnest(...)`` fires
    it once per batch.
    """
    params = [{"cid": c, "vid": v, "ver": n} for c, v, n in rows]
    if not params:
        return
    if dialect(session) == "postgresql":
        session.connection().exec_driver_sql(
            "UPDATE claims SET current_verdict_id = v.vid, version = v.ver "
            "FROM unnest(%(cid)s::integer[], %(vid)s::integer[], %(ver)s::integer[]) "
            "AS v(cid, vid, ver) WHERE claims.id = v.cid",
            {
                "cid": [p["cid"] for p in params],
                "vid": [p["vid"] for p in params],
                "ver": [p["ver"] for p in params],
            },
        )
        return
    stmt = (
        update(CLAIMS)
        .where(CLAIMS.c.id == bindparam("cid"))
        .values(current_verdict_id=bindparam("vid"), version=bindparam("ver"))
    )
    session.connection().execute(stmt, params)


def suspend_search_trigger(session: Session) -> bool:
    """SQLite: drop the per-row FTS insert triggers for this transaction; True if dropped."""
    if dialect(session) != "sqlite":
        return False
    conn = session.connection()
    present = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'claims_fts_ai'"
    ).first()
    if present is None:
        return False
    conn.exec_driver_sql("DROP TRIGGER claims_fts_ai")
    conn.exec_driver_sql("DROP TRIGGER claims_speaker_fts_ai")
    return True


def resume_search_trigger(session: Session, first_id: int) -> None:
    """Index claims from ``first_id`` on, one statement a table, and re-create the triggers."""
    conn = session.connection()
    conn.exec_driver_sql(
        "INSERT INTO claims_fts(rowid, text, quote_exact) "
        "SELECT id, text, quote_exact FROM claims WHERE id >= ?",
        (first_id,),
    )
    conn.exec_driver_sql(
        "INSERT INTO claims_speaker_fts(rowid, speaker) "
        "SELECT id, speaker FROM claims WHERE id >= ?",
        (first_id,),
    )
    conn.exec_driver_sql(FTS_INSERT_TRIGGER)
    conn.exec_driver_sql(SPEAKER_FTS_INSERT_TRIGGER)


def suspend_count_trigger(session: Session) -> bool:
    """SQLite: drop the per-row claim_counts insert trigger for this transaction; True if dropped.

    The caller then counts each batch of claims with :func:`count_new_claims` right after
    inserting it (before its citations and verdicts, whose triggers stay).
    """
    if dialect(session) != "sqlite":
        return False  # PostgreSQL's statement trigger already counts a COPY once
    conn = session.connection()
    present = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'claim_counts_ai'"
    ).first()
    if present is None:
        return False
    conn.exec_driver_sql("DROP TRIGGER claim_counts_ai")
    return True


def count_new_claims(session: Session, first_id: int, last_id: int) -> None:
    """Add claims ``first_id``..``last_id``, just inserted, to claim_counts in one statement."""
    session.connection().exec_driver_sql(counts.count_claims_sql(first_id, last_id))


def resume_count_trigger(session: Session) -> None:
    session.connection().exec_driver_sql(counts.CLAIMS_INSERT_TRIGGER)


PG_COUNT_TRIGGERS = (
    ("claims", "claim_counts_ai"),
    ("claims", "claim_counts_au"),
    ("citations", "claim_counts_cite_ai"),
)
"""The statement triggers a PostgreSQL import into an empty table turns off for its
transaction: the citation trigger's query looks every batch's claims up in the whole
table (2.5 s of a 40,000-claim import's 14 s); one recount at the end costs less."""


def suspend_pg_counters(session: Session) -> bool:
    """PostgreSQL: turn the claim_counts triggers of an import off; True if it did.

    Only for an import into an empty table (the caller's to know): ALTER TABLE
    locks the table until commit, and :func:`recount` then counts every claim.
    """
    if dialect(session) != "postgresql":
        return False
    conn = session.connection()
    for table, name in PG_COUNT_TRIGGERS:
        conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
    return True


def recount(session: Session) -> None:
    """Count claim_counts afresh in one statement and turn its triggers back on."""
    conn = session.connection()
    conn.exec_driver_sql("DELETE FROM claim_counts")
    conn.exec_driver_sql(counts.RECOUNT)
    for table, name in PG_COUNT_TRIGGERS:
        conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER {name}")


def set_sqlite_cache(session: Session, kib: int | None) -> int | None:
    """Set SQLite's page cache (KiB) for this connection; return the previous setting."""
    if dialect(session) != "sqlite":
        return None
    conn = session.connection()
    previous = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    if kib is not None:
        conn.exec_driver_sql(f"PRAGMA cache_size = -{int(kib)}")
    return previous


def restore_sqlite_cache(session: Session, previous: int | None) -> None:
    if previous is not None and dialect(session) == "sqlite":
        session.connection().exec_driver_sql(f"PRAGMA cache_size = {int(previous)}")


SUSPENDABLE_INDEXES = (
    "ix_claims_status_priority",
    "ix_claims_priority_id",
    "ix_claims_priority_version_id_start_offset_id",
    "ix_claims_claim_type_priority_id",
    "ix_claims_version_id_start_offset_id",
    "ix_claims_created_at_id",
    "ix_claims_updated_at_id",
    "ix_claims_status_id",
    "ix_claims_claim_type_id",
    "ix_claims_section_id",
    "ix_claims_current_verdict_id",
    "ix_claim_tags_tag",
)
"""Indexes a large import drops and rebuilds at the end (one sort each instead of
a million random inserts). The unique external id and the content hash stay: the
import's own "already there?" lookups use them."""
PG_EMPTY_TABLES = ("claims", "claim_tags")
"""PostgreSQL, an import into an empty table: every index of these tables that no
constraint owns is dropped and built at the end, found in the catalogue rather than
named here. The full-text GIN indexes (``ix_claims_text_search`` and
``ix_claims_speaker_search`` since migration fs01) are most of the server's work when
maintained row by row: a 40,000-claim COPY took 3.7 s with the one GIN index of the
time, 0.5 s without; a list of names missed the two that replaced it."""


def claim_count_estimate(session: Session) -> int:
    """max(claims.id): a free upper bound on the table's size."""
    return int(session.scalar(select(func.coalesce(func.max(Claim.id), 0))) or 0)


def suspend_indexes(session: Session, *, empty: bool = False) -> list[str]:
    """Drop the suspendable indexes for this transaction; their CREATE statements.

    ``empty``: the import began on an empty table, so it looks nothing up: the
    content key's index goes too, and on PostgreSQL every index of
    :data:`PG_EMPTY_TABLES` that no constraint owns (the full-text ones included).
    PostgreSQL's DROP INDEX locks the table against readers until commit, so
    there it is done only for an empty table, which nobody has anything to
    read from yet.
    """
    names = SUSPENDABLE_INDEXES + (("ix_claims_content_key",) if empty else ())
    conn = session.connection()
    if dialect(session) == "postgresql":
        if not empty:
            return []
        rows = conn.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes i "
            "WHERE schemaname = current_schema() AND tablename = ANY(%(tables)s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname "
            "AND c.connamespace = to_regnamespace(current_schema()))",
            {"tables": list(PG_EMPTY_TABLES)},
        ).all()
    else:
        rows = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND name IN ({', '.join('?' * len(names))})",
            names,
        ).all()
    created: list[str] = []
    for name, sql in rows:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
        created.append(str(sql))
    if dialect(session) == "postgresql":
        created += _suspend_pg_foreign_keys(session)
    return created


def _suspend_pg_foreign_keys(session: Session) -> list[str]:
    """PostgreSQL, an import into an empty table: drop the foreign keys between the
    tables of :data:`PG_EMPTY_TABLES` (a tag's claim) for this transaction; the
    statements that add them back.

    Each COPY'd tag otherwise runs a referential check (0.9 s of the server's 1.6 s
    for 300,000 tags). Adding the key back checks every row in one join, so nothing
    it forbids can be committed; both are transactional, so a killed import leaves
    them as they were. Keys to other tables stay: dropping one locks the table it
    points at (``people``: every command) until the import commits.
    """
    conn = session.connection()
    keys = conn.exec_driver_sql(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c WHERE c.contype = 'f' "
        "AND c.connamespace = to_regnamespace(current_schema()) "
        "AND c.conrelid::regclass::text = ANY(%(tables)s) "
        "AND c.confrelid::regclass::text = ANY(%(tables)s) ORDER BY c.conname",
        {"tables": list(PG_EMPTY_TABLES)},
    ).all()
    added: list[str] = []
    for table, name, definition in keys:
        conn.exec_driver_sql(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        added.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    return added


def restore_indexes(session: Session, statements: Sequence[str]) -> None:
    conn = session.connection()
    if statements and dialect(session) == "postgresql":
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '256MB'")
    for sql in statements:
        conn.exec_driver_sql(sql)


ANALYZED_TABLES = ("claims", "claim_tags", "quantities", "citations", "sources", "verdicts")


def analyze(session: Session) -> None:
    """After a large import: PostgreSQL's planner statistics, SQLite's full-text index merged.

    PostgreSQL: ANALYZE of the tables an import fills, inside the import's
    transaction (ANALYZE may run in one), so the statistics arrive with the
    rows; autovacuum would get there only later. SQLite's planner needs no
    statistics for claimdb's queries (each has an index that fits), but its
    FTS5 indexes are left in many segments by a large load, and every search then
    seeks each word in each of them: ``optimize`` merges them into one
    (5.4 s at a million claims; a snippet of a common word 40x faster,
    bench/README.md).
    """
    if dialect(session) == "postgresql":
        session.connection().exec_driver_sql("ANALYZE " + ", ".join(ANALYZED_TABLES))
    else:
        for table in FTS_TABLES:
            session.connection().exec_driver_sql(
                f"INSERT INTO {table}({table}) VALUES ('optimize')"
            )
