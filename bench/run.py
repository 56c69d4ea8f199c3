"""claimdb's import/export benchmarks: whole processes, each against its baseline in the same run.

Usage (from the checkout; `make bench` runs it with the defaults):

    .venv/bin/python bench/run.py [--rows 1000000] [--event-rows 200000] [--pg-rows 200000]
                                  [--only import,export,events,postgres] [--keep DIR]

Every figure is a child process's wall time and peak RSS, so start-up, imports
and the final commit are included. The peak RSS is the larger of wait4's figure
and the sum, sampled every 50 ms, over the process and its own children (a large
import reads its file in a worker process: both count). Baselines run in the same
invocation on the same generated file, and each result is reported as a ratio.
PostgreSQL runs when CLAIMDB_BENCH_POSTGRES_URL (or CLAIMDB_TEST_POSTGRES_URL)
names a server. bench/README.md explains each benchmark and shows the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_claims_csv  # noqa: E402

BIN = Path(sys.executable).parent
CLAIMDB = str(BIN / "claimdb")
PYTHON = sys.executable


@dataclass
class Run:
    seconds: float
    peak_mib: float


def _tree_rss_kib(pid: int) -> int:
    """Resident KiB of ``pid`` and its descendants (Linux /proc), 0 where unreadable."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


def _sample(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.wait(0.05):
        peak[0] = max(peak[0], _tree_rss_kib(pid))


def run(cmd: Sequence[str], *, stdout: Path | None = None) -> Run:
    """Run a child process to completion: its wall time and peak resident memory."""
    out = stdout.open("wb") if stdout else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(list(cmd), stdout=out, stderr=subprocess.PIPE)
    done = threading.Event()
    peak = [0]
    sampler = threading.Thread(target=_sample, args=(proc.pid, done, peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    err = proc.stderr.read().decode() if proc.stderr else ""
    if stdout:
        out.close()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{err}")
    return Run(elapsed, max(usage.ru_maxrss, peak[0]) / 1024)


def fresh(path: Path) -> Path:
    """``path`` with no database file (nor WAL, shared-memory or journal) left from a kept run."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def setup_db(url: str) -> None:
    if "://" not in url:
        fresh(Path(url))
    for cmd in (
        [CLAIMDB, "--db", url, "init"],
        [CLAIMDB, "--db", url, "user", "add", "bench", "--role", "admin"],
    ):
        subprocess.run(cmd, check=True, capture_output=True)


def export_csv(url: str, out: Path) -> list[str]:
    """The export every benchmark times: CSV in id order, to a file."""
    return [CLAIMDB, "--db", url, "export", "--format", "csv", "--sort", "id", "-o", str(out)]


def line(name: str, r: Run, rows: int) -> str:
    return f"| {name} | {r.seconds:.1f} s | {rows / r.seconds:,.0f} rows/s | {r.peak_mib:.0f} MiB |"


def bench_import(work: Path, csv_path: Path, rows: int) -> list[str]:
    out = ["", f"## Import, {rows:,} claims from CSV (SQLite)", ""]
    out += ["| what | time | throughput | peak RSS |", "|---|---|---|---|"]
    base = run(
        [PYTHON, str(HERE / "baseline_import.py"), str(csv_path), str(fresh(work / "base.db"))]
    )
    out.append(line("baseline: csv.reader -> executemany -> FTS5 rebuild", base, rows))
    floor_db = work / "floor.sqlite3"
    setup_db(str(floor_db))
    floor = run([PYTHON, str(HERE / "schema_floor.py"), str(csv_path), str(floor_db)])
    out.append(line("claimdb's schema alone (raw sqlite3, no validation)", floor, rows))
    db = work / "claims.sqlite3"
    setup_db(str(db))
    ours = run([CLAIMDB, "--db", str(db), "import", str(csv_path), "--as", "bench"])
    out.append(line("**claimdb import** (validated, deduplicated, FTS, events)", ours, rows))
    again = run([CLAIMDB, "--db", str(db), "import", str(csv_path), "--as", "bench"])
    out.append(line("claimdb import again (idempotent: nothing new)", again, rows))
    su = shutil.which("sqlite-utils", path=str(BIN)) or shutil.which("sqlite-utils")
    su_total = None
    if su:
        su_db = fresh(work / "su.db")
        ins = run([su, "insert", str(su_db), "claims", str(csv_path), "--csv"])
        fts = run([su, "enable-fts", str(su_db), "claims", "text", "speaker"])
        su_total = Run(ins.seconds + fts.seconds, max(ins.peak_mib, fts.peak_mib))
        out.append(line("sqlite-utils insert + enable-fts", su_total, rows))
    out += [
        "",
        f"- throughput vs the baseline: **{base.seconds / ours.seconds:.2f}x** (target >= 0.6x)",
    ]
    out.append(f"- the schema alone vs the baseline: {base.seconds / floor.seconds:.2f}x")
    if su_total is not None:
        out.append(
            f"- vs sqlite-utils: **{su_total.seconds / ours.seconds:.2f}x** as fast (target >= 2x)"
        )
    else:
        out.append("- sqlite-utils not installed (pip install '.[bench]'): comparison skipped")
    out.append(f"- peak RSS of claimdb import: **{ours.peak_mib:.0f} MiB** (target < 300 MiB)")
    return out


def bench_export(work: Path, rows: int) -> list[str]:
    db = work / "claims.sqlite3"
    out = ["", f"## Export, {rows:,} claims to CSV (SQLite)", ""]
    out += ["| what | time | throughput | peak RSS |", "|---|---|---|---|"]
    sqlite3_bin = shutil.which("sqlite3")
    base = None
    if sqlite3_bin:
        base = run(
            [sqlite3_bin, "-csv", "-header", str(db), "SELECT * FROM claims ORDER BY id"],
            stdout=work / "sqlite3.csv",
        )
        out.append(line("baseline: sqlite3 -csv (claims table, no joins)", base, rows))
    ours = run(export_csv(str(db), work / "out.csv"))
    out.append(line("**claimdb export --format csv** (verdicts, tags, citations)", ours, rows))
    if base is not None:
        out += [
            "",
            f"- speed vs sqlite3 -csv: **{base.seconds / ours.seconds:.2f}x** (target >= 0.5x)",
        ]
    else:
        out += ["", "- sqlite3 command-line shell not found: comparison skipped"]
    out.append(f"- peak RSS of claimdb export: **{ours.peak_mib:.0f} MiB** (target < 300 MiB)")
    return out


def bench_events(work: Path, csv_path: Path, rows: int) -> list[str]:
    out = ["", f"## Event log: one event per batch or one per claim ({rows:,} claims)", ""]
    out += ["| events | time | throughput | peak RSS |", "|---|---|---|---|"]
    results = {}
    for mode in ("per-batch", "per-claim"):
        db = work / f"events-{mode}.sqlite3"
        setup_db(str(db))
        results[mode] = r = run(
            [PYTHON, str(HERE / "ingest_events.py"), str(csv_path), str(db), mode]
        )
        out.append(line(mode, r, rows))
    ratio = results["per-claim"].seconds / results["per-batch"].seconds
    out += ["", f"- one event per claim costs **{ratio:.2f}x** the time of one per batch"]
    return out


def bench_postgres(work: Path, csv_path: Path, rows: int, admin_url: str) -> list[str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from claimdb.config import normalise_url

    admin = normalise_url(admin_url)
    name = f"claimdb_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    out = ["", f"## PostgreSQL, {rows:,} claims (COPY)", ""]
    out += ["| what | time | throughput | peak RSS |", "|---|---|---|---|"]
    try:
        setup_db(url)
        out.append(
            line(
                "claimdb import (CSV)",
                run([CLAIMDB, "--db", url, "import", str(csv_path), "--as", "bench"]),
                rows,
            )
        )
        out.append(
            line(
                "claimdb export --format csv",
                run(export_csv(url, work / "pg.csv")),
                rows,
            )
        )
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()
    return out


def head(src: Path, dst: Path, rows: int) -> Path:
    with src.open(encoding="utf-8") as f, dst.open("w", encoding="utf-8") as g:
        for i, text in enumerate(f):
            if i > rows:
                break
            g.write(text)
    return dst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--event-rows", type=int, default=200_000)
    parser.add_argument("--pg-rows", type=int, default=200_000)
    parser.add_argument("--only", default="import,export,events,postgres")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it")
    args = parser.parse_args()
    only = set(args.only.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="claimdb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        csv_path = work / f"claims-{args.rows}.csv"
        if not csv_path.exists():
            print(f"generating {args.rows:,} claims in {csv_path} ...", file=sys.stderr)
            write_claims_csv(csv_path, args.rows)
        report = [f"# claimdb benchmarks ({os.cpu_count()} cores, {sys.platform})"]
        if "import" in only or "export" in only:
            report += bench_import(work, csv_path, args.rows)
            print("\n".join(report), flush=True)
        if "export" in only:
            part = bench_export(work, args.rows)
            report += part
            print("\n".join(part), flush=True)
        if "events" in only:
            part = bench_events(
                work, head(csv_path, work / "events.csv", args.event_rows), args.event_rows
            )
            report += part
            print("\n".join(part), flush=True)
        pg = os.environ.get("CLAIMDB_BENCH_POSTGRES_URL") or os.environ.get(
            "CLAIMDB_TEST_POSTGRES_URL"
        )
        if "postgres" in only:
            if pg:
                part = bench_postgres(
                    work, head(csv_path, work / "pg-in.csv", args.pg_rows), args.pg_rows, pg
                )
            else:
                part = ["", "PostgreSQL skipped: set CLAIMDB_BENCH_POSTGRES_URL"]
            report += part
            print("\n".join(part), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
