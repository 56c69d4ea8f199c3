"""`claimdb import` as a whole process, paired with its baselines in the same run.

Usage (from the checkout, with the [bench] extra for sqlite-utils):

    .venv/bin/python bench/generate.py /tmp/b/claims.csv 1000000 [--verdicts 0.05]
    .venv/bin/python bench/import_speed.py /tmp/b/claims.csv [--repeat 3] [--work DIR] [--wal]
    .venv/bin/python bench/import_speed.py /tmp/b/claims.csv --postgres postgresql://...
    ... [--baseline-claimdb /work/main/.venv/bin/claimdb] [--db-prefix imp_]

SQLite: each round runs, in turn (the order rotating between rounds, so that
all see the same load), ``claimdb import`` into a fresh initialised database,
bench/schema_floor.py (raw sqlite3 into claimdb's schema, the cheapest way it
loads) and ``sqlite-utils insert --csv`` + ``sqlite-utils enable-fts``; with ``--wal``,
also ``claimdb import`` with the bulk load turned off (WAL mode throughout).
PostgreSQL: ``claimdb import`` into a fresh database against ``psql \\copy`` of
the same CSV into a plain table of text columns in another fresh database.
With ``--baseline-claimdb``, another checkout's ``claimdb import`` runs in every
round too (an A/B in the same run; each database set up by its own claimdb).
Setting up a database is not timed. Prints the median wall and CPU time (user +
system of the process and its children, from wait4) of each, the rows per second
and the ratios.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import CLAIMDB, PYTHON, fresh  # noqa: E402


def setup_db(url: str, claimdb: str = CLAIMDB) -> None:
    """A fresh initialised database at ``url`` (a file or a URL) with the admin ``bench``."""
    if "://" not in url:
        fresh(Path(url))
    for cmd in (
        [claimdb, "--db", url, "init"],
        [claimdb, "--db", url, "user", "add", "bench", "--role", "admin"],
    ):
        subprocess.run(cmd, check=True, capture_output=True)


def once(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd`` (which must succeed)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or os.environ.copy()
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


Step = Callable[[], tuple[float, float]]

_TICK = os.sysconf("SC_CLK_TCK")


class ServerCPU:
    """CPU seconds of the PostgreSQL backends serving one database, sampled meanwhile.

    A thread polls pg_stat_activity every 0.1 s for the database's backends (and
    their parallel workers) and reads each one's user + system time from
    /proc/PID/stat (the server must run on this machine); a backend's last reading
    counts. What the client's own CPU time leaves out: the server's share of an import.
    """

    def __init__(self, engine: Any, database: str) -> None:
        self.engine = engine
        self.database = database
        self.seen: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def _poll(self) -> None:
        with self.engine.connect() as conn:
            while not self.stop.wait(0.1):
                pids = conn.exec_driver_sql(
                    "SELECT pid FROM pg_stat_activity WHERE datname = %(d)s", {"d": self.database}
                ).scalars()
                for pid in pids:
                    try:
                        with open(f"/proc/{pid}/stat") as f:
                            fields = f.read().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    self.seen[pid] = (int(fields[11]) + int(fields[12])) / _TICK

    def __enter__(self) -> ServerCPU:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())


SERVER_CPU: dict[str, list[float]] = {}
"""PostgreSQL: each step's server CPU seconds, by step name, a list over the rounds."""


NO_BULK_LOAD = (
    "import sys; from claimdb.services import importing; "
    "importing.BULK_LOAD_MIN_BYTES = 2 ** 62; "
    "from claimdb.cli.main import main; "
    "sys.argv[0] = 'claimdb'; sys.argv += ['--as', 'bench']; main()"
)
"""``claimdb`` with the bulk load turned off: the import in WAL mode, as before it."""


def sqlite_steps(
    csv_path: Path, work: Path, *, wal: bool = False, baseline: str | None = None
) -> dict[str, Step]:
    def claimdb() -> tuple[float, float]:
        db = work / "claimdb.sqlite3"
        setup_db(str(db))
        return once([CLAIMDB, "--db", str(db), "import", str(csv_path), "--as", "bench"])

    def claimdb_baseline() -> tuple[float, float]:
        assert baseline is not None
        db = work / "baseline.sqlite3"
        setup_db(str(db), baseline)
        return once([baseline, "--db", str(db), "import", str(csv_path), "--as", "bench"])

    def floor() -> tuple[float, float]:
        db = work / "floor.sqlite3"
        setup_db(str(db))
        return once([PYTHON, str(HERE / "schema_floor.py"), str(csv_path), str(db)])

    steps: dict[str, Step] = {"claimdb import": claimdb, "schema floor": floor}
    if baseline:
        steps["baseline claimdb import"] = claimdb_baseline
    if wal:

        def claimdb_wal() -> tuple[float, float]:
            db = work / "claimdb-wal.sqlite3"
            setup_db(str(db))
            return once([PYTHON, "-c", NO_BULK_LOAD, "--db", str(db), "import", str(csv_path)])

        steps["claimdb import, WAL (no bulk load)"] = claimdb_wal
    su = shutil.which("sqlite-utils", path=str(Path(PYTHON).parent)) or shutil.which("sqlite-utils")
    if su is not None:
        tool = su

        def sqlite_utils() -> tuple[float, float]:
            db = fresh(work / "su.sqlite3")
            a = once([tool, "insert", str(db), "claims", str(csv_path), "--csv"])
            b = once([tool, "enable-fts", str(db), "claims", "text", "speaker"])
            return a[0] + b[0], a[1] + b[1]

        steps["sqlite-utils insert + enable-fts"] = sqlite_utils
    return steps


def postgres_steps(
    csv_path: Path, admin: str, *, baseline: str | None = None, prefix: str = "claimdb_bench_"
) -> dict[str, Step]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from claimdb.config import normalise_url

    admin = normalise_url(admin)
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with csv_path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))

    def database() -> str:
        name = f"{prefix}{uuid.uuid4().hex[:8]}"
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        return make_url(admin).set(database=name).render_as_string(hide_password=False)

    def drop(url: str) -> None:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def importer(claimdb: str, name: str) -> Step:
        def run() -> tuple[float, float]:
            url = database()
            try:
                setup_db(url, claimdb)
                with ServerCPU(engine, str(make_url(url).database)) as server:
                    took = once([claimdb, "--db", url, "import", str(csv_path), "--as", "bench"])
                SERVER_CPU.setdefault(name, []).append(server.seconds)
                return took
            finally:
                drop(url)

        return run

    def copy() -> tuple[float, float]:
        url = database()
        plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        columns = ", ".join(f'"{c}" text' for c in header)
        try:
            subprocess.run(
                ["psql", "-q", plain, "-c", f"CREATE TABLE claims ({columns})"],
                check=True,
                capture_output=True,
            )
            return once(["psql", "-q", plain, "-c", f"\\copy claims FROM '{csv_path}' CSV HEADER"])
        finally:
            drop(url)

    steps = {
        "claimdb import": importer(CLAIMDB, "claimdb import"),
        "psql \\copy into a plain table": copy,
    }
    if baseline:
        steps["baseline claimdb import"] = importer(baseline, "baseline claimdb import")
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, help="where the SQLite databases go")
    parser.add_argument("--postgres", help="an admin URL: measure PostgreSQL instead")
    parser.add_argument(
        "--wal", action="store_true", help="also claimdb import with the bulk load off (SQLite)"
    )
    parser.add_argument(
        "--baseline-claimdb", help="another checkout's claimdb, run in every round (an A/B)"
    )
    parser.add_argument(
        "--db-prefix", default="claimdb_bench_", help="PostgreSQL: the bench databases' names"
    )
    args = parser.parse_args()
    csv_path = args.csv.resolve()
    with csv_path.open(encoding="utf-8") as f:
        rows = sum(1 for _ in f) - 1
    if args.postgres:
        steps = postgres_steps(
            csv_path, args.postgres, baseline=args.baseline_claimdb, prefix=args.db_prefix
        )
    else:
        work = args.work or csv_path.parent
        work.mkdir(parents=True, exist_ok=True)
        steps = sqlite_steps(csv_path, work, wal=args.wal, baseline=args.baseline_claimdb)
    names = list(steps)
    times: dict[str, list[tuple[float, float]]] = {n: [] for n in names}
    for r in range(args.repeat):
        for i in range(len(names)):
            name = names[(i + r) % len(names)]
            times[name].append(steps[name]())
            wall, used = times[name][-1]
            load = os.getloadavg()[0]
            server = f" (server {SERVER_CPU[name][-1]:.2f} s)" if name in SERVER_CPU else ""
            print(
                f"round {r + 1}: {name}: {wall:.2f} s wall, {used:.2f} s CPU{server}, "
                f"load {load:.1f}",
                file=sys.stderr,
            )
    med = {n: statistics.median(w for w, _ in t) for n, t in times.items()}
    cpu = {n: statistics.median(c for _, c in t) for n, t in times.items()}
    ours = times["claimdb import"]
    # Each round's ratio pairs two runs a minute apart: steadier on a shared machine
    # than the ratio of medians taken across rounds.
    paired = {
        n: statistics.median(w / o[0] for (w, _), o in zip(t, ours, strict=True))
        for n, t in times.items()
    }
    print(f"{rows:,} rows, {args.repeat} rounds, medians")
    cpu_paired = {
        n: statistics.median(c / o[1] for (_, c), o in zip(t, ours, strict=True))
        for n, t in times.items()
    }
    print("| what | wall | CPU | rows/s (wall) | its wall / claimdb's | its CPU / claimdb's |")
    print("|---|---|---|---|---|---|")
    for n in names:
        print(
            f"| {n} | {med[n]:.2f} s | {cpu[n]:.2f} s | {rows / med[n]:,.0f} "
            f"| {paired[n]:.2f}x | {cpu_paired[n]:.2f}x |"
        )
    for n, secs in SERVER_CPU.items():
        client = statistics.median(c for _, c in times[n])
        on_server = statistics.median(secs)
        print(
            f"{n}: server CPU {on_server:.2f} s (median); "
            f"client + server {client + on_server:.2f} s"
        )


if __name__ == "__main__":
    main()
