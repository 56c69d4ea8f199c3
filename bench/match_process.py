"""`claimdb match` as a whole process on a database of 100,000 claims, against the index alone.

Usage (from the checkout):

    .venv/bin/python bench/match_process.py [--claims 100000] [--runs 7] [--keep DIR]

Builds a claimdb database of generated claims (bench/generate.py, imported with
`claimdb import`), then times, alternately, `claimdb match TEXT` (start-up,
imports, the full-text first stage, the re-ranker, the table) and, as the
baseline in the same run, the `sqlite3` command line running the first-stage
FTS5 query alone for the same words. Each text is a stored claim reworded.
Target: under 0.5 s for `claimdb match`.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_claims_csv  # noqa: E402
from run import CLAIMDB, fresh, setup_db  # noqa: E402

from claimdb.analysis.matching import fts_query  # noqa: E402

TARGET_S = 0.5


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def _queries(path: Path, n: int) -> list[str]:
    """``n`` stored claims, each with a quarter of its words dropped (a rewording)."""
    rng = random.Random(7)
    with path.open(encoding="utf-8", newline="") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    out = []
    for text in rng.sample(texts, n):
        words = text.split()
        keep = [w for w in words if rng.random() > 0.25] or words
        out.append(" ".join(keep))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="claimdb-match-"))
    work.mkdir(parents=True, exist_ok=True)
    claims_csv = work / "claims.csv"
    db = work / "match.sqlite3"
    if not (args.keep and db.exists()):
        write_claims_csv(claims_csv, args.claims)
        fresh(db)
        setup_db(str(db))
        subprocess.run(
            [CLAIMDB, "--db", str(db), "import", str(claims_csv), "--as", "bench"],
            check=True,
            capture_output=True,
        )
    texts = _queries(claims_csv, args.runs)
    ours, base = [], []
    for text in texts:
        terms = fts_query(text)
        match = "{text quote_exact} : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
        sql = (
            "SELECT c.id, c.text FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid "
            f"WHERE claims_fts MATCH '{match}' ORDER BY rank LIMIT 100;"
        )
        ours.append(_timed([CLAIMDB, "--db", str(db), "match", text]))
        base.append(_timed(["sqlite3", str(db), sql]))
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    print(f"{args.claims:,} claims, {args.runs} reworded claims as queries, whole processes:")
    print(f"  sqlite3, the FTS5 first stage alone (baseline): median {m_base:.3f} s")
    print(f"  claimdb match:                                  median {m_ours:.3f} s")
    print(f"  ratio claimdb / baseline: {m_ours / m_base:.1f}x")
    verdict = "met" if m_ours < TARGET_S else "MISSED"
    print(f"  target < {TARGET_S} s: {verdict} (max {max(ours):.3f} s)")


if __name__ == "__main__":
    main()
