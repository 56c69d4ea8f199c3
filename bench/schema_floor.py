"""What claimdb's schema alone costs: raw sqlite3 into an initialised claimdb database.

No validation, no ORM, no SQLAlchemy: csv.reader -> the content key -> executemany
into ``claims`` and ``claim_tags`` in claimdb's WAL mode, with the unique external id
and content-key indexes kept, the other indexes and the full-text index built once at
the end (what claimdb's bulk path does). claimdb's own import cannot beat this; the gap between
the two is claimdb's Python work (validation, dedupe, events).

Usage: python bench/schema_floor.py CLAIMS.csv INITIALISED.sqlite3
"""

from __future__ import annotations

import csv
import hashlib
import sqlite3
import sys

src, target = sys.argv[1], sys.argv[2]
con = sqlite3.connect(target, isolation_level=None)
con.execute("PRAGMA journal_mode = WAL")
con.execute("PRAGMA synchronous = NORMAL")
con.execute("PRAGMA foreign_keys = ON")
con.execute("PRAGMA cache_size = -65536")
con.execute("BEGIN IMMEDIATE")
actor = con.execute("SELECT id FROM people LIMIT 1").fetchone()[0]
con.execute("DROP TRIGGER claims_fts_ai")
# What claimdb's bulk path does too: rebuild the secondary indexes once at the end.
SECONDARY = (
    "ix_claims_status_priority",
    "ix_claims_claim_type",
    "ix_claims_version_id",
    "ix_claims_section_id",
    "ix_claims_current_verdict_id",
    "ix_claim_tags_tag",
)
recreate = [
    con.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    for name in SECONDARY
]
for name in SECONDARY:
    con.execute(f"DROP INDEX {name}")
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
    flush()
con.execute(
    "INSERT INTO claims_fts(rowid, text, speaker, quote_exact) "
    "SELECT id, text, speaker, quote_exact FROM claims"
)
con.execute(
    "CREATE TRIGGER claims_fts_ai AFTER INSERT ON claims BEGIN "
    "INSERT INTO claims_fts(rowid, text, speaker, quote_exact) "
    "VALUES (new.id, new.text, new.speaker, new.quote_exact); END"
)
for sql in recreate:
    con.execute(sql)
con.execute("COMMIT")
con.close()
