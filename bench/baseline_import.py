"""Baseline: plain csv.reader -> sqlite3.executemany -> FTS5 rebuild, on the same rows.

Usage: python bench/baseline_import.py CLAIMS.csv NEW.sqlite3
"""

from __future__ import annotations

import csv
import sqlite3
import sys

src, target = sys.argv[1], sys.argv[2]
con = sqlite3.connect(target)
con.execute(
    "CREATE TABLE claims (id INTEGER PRIMARY KEY, external_id TEXT, text TEXT, speaker TEXT, "
    "claim_type TEXT, tags TEXT, claimed_on TEXT, priority INTEGER)"
)
with open(src, encoding="utf-8", newline="") as f:
    rows = csv.reader(f)
    next(rows)
    con.executemany(
        "INSERT INTO claims (external_id, text, speaker, claim_type, tags, claimed_on, priority) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
con.execute(
    "CREATE VIRTUAL TABLE claims_fts USING fts5(text, speaker, "
    "content='claims', content_rowid='id')"
)
con.execute("INSERT INTO claims_fts(claims_fts) VALUES ('rebuild')")
con.commit()
con.close()
