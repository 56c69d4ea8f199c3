"""`search_claims` through the service layer, in process: p50/p90/p99 per query.

Usage: .venv/bin/python bench/search_speed.py DB [--queries 300] [--seed 1]

Queries are words drawn from stored claims (one word each, as typed: whole words,
no prefix), plus the common ones that match a large share of the table (`a`, `1`,
`the`, `Speaker`). Run it with another checkout's Python on its own copy of the
database for a baseline: the service takes a unit of work there, and a light
reader (``claimdb.services.reading``) where there is one.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import re
import statistics
import time
from typing import Any

from claimdb.services import open_uow
from claimdb.services.queries import search_claims

COMMON = ["a", "1", "2", "the", "Speaker"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open_uow(args.db, write=False) as uow:
        conn = uow.session.connection()
        top = int(conn.exec_driver_sql("SELECT max(id) FROM claims").scalar_one())
        words: list[str] = []
        while len(words) < args.queries:
            text = conn.exec_driver_sql(
                "SELECT text FROM claims WHERE id = ?", (rng.randint(1, top),)
            ).scalar()
            found = re.findall(r"[A-Za-z]{3,}", text or "")
            if found:
                words.append(rng.choice(found))
    with _source(args.db) as source:
        for label, queries in (("words from claims", words), ("common words", COMMON * 5)):
            times = []
            for q in queries:
                start = time.perf_counter()
                search_claims(source, query=q, limit=20)
                times.append((time.perf_counter() - start) * 1000)
            qs = statistics.quantiles(times, n=100)
            print(
                f"| {label} ({len(queries)}) | {statistics.median(times):.1f} ms "
                f"| {qs[89]:.1f} ms | {qs[98]:.1f} ms |",
                flush=True,
            )


def _source(db: str) -> contextlib.AbstractContextManager[Any]:
    """A light reader where the checkout has one, else a unit of work (an older checkout)."""
    try:
        from claimdb.services.reading import open_reader
    except ImportError:
        return open_uow(db, write=False)
    return open_reader(db)


if __name__ == "__main__":
    main()
