"""`claimdb match` as a whole process on a database of 100,000 claims, against the index alone.

Usage (from the checkout):

    .venv/bin/python bench/match_process.py [--claims 100000] [--runs 7] [--keep DIR]
        [--baseline-claimdb PATH --baseline-db DB]

Builds a claimdb database of generated claims (bench/generate.py, imported with
`claimdb import`), then times, alternately, `claimdb match TEXT` (start-up,
imports, the full-text first stage, the re-ranker, the table) and, as the
baseline in the same run, the `sqlite3` command line running the first-stage
FTS5 query alone for the same words. Each text is a stored claim reworded.
With ``--baseline-claimdb`` (another checkout's claimdb, on its own copy of
the database) that one's `claimdb match` alternates too. Wall and CPU time
(user + system, from wait4: steadier on a shared machine) are reported.
Target: under 0.5 s for `claimdb match`.
"""

from __future__ import annotations

import argparse
import csv
import os
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


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


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
    parser.add_argument("--baseline-claimdb", help="another claimdb to alternate with")
    parser.add_argument("--baseline-db", help="its copy of the database")
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
    runs: dict[str, list[tuple[float, float]]] = {"claimdb match": [], "sqlite3 first stage": []}
    if args.baseline_claimdb:
        runs["baseline claimdb match"] = []
    for i, text in enumerate(texts):
        terms = fts_query(text)
        match = "{text quote_exact} : (" + " OR ".join(f'"{t}"' for t in terms) + ")"
        sql = (
            "SELECT c.id, c.text FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid "
            f"WHERE claims_fts MATCH '{match}' ORDER BY rank LIMIT 100;"
        )
        cmds = [
            ("claimdb match", [CLAIMDB, "--db", str(db), "match", text]),
            ("sqlite3 first stage", ["sqlite3", str(db), sql]),
        ]
        if args.baseline_claimdb:
            base_db = args.baseline_db or str(db)
            cmds.append(
                ("baseline claimdb match", [args.baseline_claimdb, "--db", base_db, "match", text])
            )
        for name, cmd in cmds if i % 2 == 0 else cmds[::-1]:
            runs[name].append(_timed(cmd))
    print(f"{args.claims:,} claims, {args.runs} reworded claims as queries, whole processes:")
    for name, timings in runs.items():
        walls = [w for w, _ in timings]
        cpus = [c for _, c in timings]
        print(
            f"  {name:24} wall median {statistics.median(walls):.3f} s (max {max(walls):.3f} s),"
            f" CPU median {statistics.median(cpus):.3f} s"
        )
    ours = [w for w, _ in runs["claimdb match"]]
    m_ours = statistics.median(ours)
    m_base = statistics.median(w for w, _ in runs["sqlite3 first stage"])
    print(f"  ratio claimdb / sqlite3: {m_ours / m_base:.1f}x")
    if args.baseline_claimdb:
        m_other = statistics.median(c for _, c in runs["baseline claimdb match"])
        m_cpu = statistics.median(c for _, c in runs["claimdb match"])
        print(f"  CPU ratio claimdb / baseline claimdb: {m_cpu / m_other:.2f}")
    verdict = "met" if m_ours < TARGET_S else "MISSED"
    print(f"  target < {TARGET_S} s: {verdict} (max {max(ours):.3f} s)")


if __name__ == "__main__":
    main()
