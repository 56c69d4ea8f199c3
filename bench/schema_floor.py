"""What claimdb's schema alone costs: raw sqlite3 into an initialised claimdb database.

No validation, no ORM, no SQLAlchemy: csv.reader -> the content key -> executemany
into ``claims`` and ``claim_tags``, loaded the cheapest way the schema allows:

- the file held alone (``locking_mode = EXCLUSIVE``) in rollback-journal mode, so
  new pages are written once (no WAL, no checkpoint), then back to WAL;
- every index that is not a table constraint dropped and built once at the end
  (the secondary indexes and the content key's: the table starts empty, so
  nothing is looked up); the unique external id and the tags' primary key stay;
- the full-text tables (text and quote; speaker) filled in one statement each from the
  loaded rows;
- ``claim_counts`` counted once, in one grouped statement, instead of by the
  per-row trigger.

claimdb's own import cannot beat this; the gap between the two is claimdb's
Python work (validation, dedupe, events).

Usage: python bench/schema_floor.py CLAIMS.csv INITIALISED.sqlite3
"""

from __future__ import annotations

import csv
import hashlib
import sqlite3
import sys

from claimdb.db.bulk import FTS_INSERT_TRIGGER, SPEAKER_FTS_INSERT_TRIGGER
from claimdb.db.counts import CLAIMS_INSERT_TRIGGER, count_claims_sql

src, target = sys.argv[1], sys.argv[2]
con = sqlite3.connect(target, isolation_level=None)
con.execute("PRAGMA locking_mode = EXCLUSIVE")
assert con.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
con.execute("PRAGMA synchronous = NORMAL")
con.execute("PRAGMA foreign_keys = ON")
con.execute("PRAGMA cache_size = -65536")
con.execute("BEGIN IMMEDIATE")
actor = con.execute("SELECT id FROM people LIMIT 1").fetchone()[0]
assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == 0, "an empty database"
con.execute("DROP TRIGGER claims_fts_ai")
con.execute("DROP TRIGGER claims_speaker_fts_ai")
con.execute("DROP TRIGGER claim_counts_ai")
indexes: list[tuple[str, str]] = con.execute(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
    "AND tbl_name IN ('claims', 'claim_tags')"
).fetchall()
for name, _ in indexes:
    con.execute(f'DROP INDEX "{name}"')
now = "2026-01-01 00:00:00.000000"
claims: list[tuple[object, ...]] = []
tags: list[tuple[int, str]] = []


def flush() -> None:
    con.executemany(
        "INSERT INTO claims (id, text, claim_type, checkable, speaker, claimed_on, priority, "
        "status, external_id, content_key, created_by_id, created_at, updated_at, version) "
        "VALUES (?, ?, ?, 1, ?, ?, ?, 'unreviewed', ?, ?, ?, ?, ?, 1)",
        claims,
    )
    con.executemany("INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)", tags)
    claims.clear()
    tags.clear()


last = 0
with open(src, encoding="utf-8", newline="") as f:
    rows = csv.reader(f)
    next(rows)
    for i, (ext, text, speaker, kind, tag_cell, claimed_on, priority) in enumerate(rows, 1):
        key = f"{' '.join(text.split()).casefold()}\x1f{speaker.casefold()}\x1f\x1f"
        digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        claims.append(
            (i, text, kind, speaker, claimed_on, int(priority), ext, digest, actor, now, now)
        )
        tags.extend((i, t) for t in dict.fromkeys(tag_cell.split(";")) if t)
        if len(claims) >= 2000:
            flush()
        last = i
    flush()
con.execute(count_claims_sql(1, last))
con.execute(
    "INSERT INTO claims_fts(rowid, text, quote_exact) SELECT id, text, quote_exact FROM claims"
)
con.execute("INSERT INTO claims_speaker_fts(rowid, speaker) SELECT id, speaker FROM claims")
con.execute(FTS_INSERT_TRIGGER)
con.execute(SPEAKER_FTS_INSERT_TRIGGER)
con.execute(CLAIMS_INSERT_TRIGGER)
for _, sql in indexes:
    con.execute(sql)
con.execute("COMMIT")
con.execute("PRAGMA locking_mode = NORMAL")
con.execute("PRAGMA journal_mode = WAL")
con.close()
