"""`claimdb extract` on a large text, as whole processes, against pysbd alone in the same run.

    .venv/bin/python bench/extract_speed.py [--megabytes 1 10] [--documents DIR]
                                            [--baseline-megabytes 1] [--baseline-src DIR]
                                            [--postgres URL] [--keep DIR]

The text is built at run time (never committed) from the CRS reports' Markdown editions in
``../shared/data/documents``, repeated with a running number in each heading until it has
the size asked for, and written as one Markdown file. For each size:

1. ``claimdb doc add`` of the file (untimed set-up, its time printed);
2. ``claimdb extract DOC`` as a whole process: wall time, CPU time (user + system) and peak
   memory (the child's maximum resident set), and the number of sentences and candidates
   it reports; then the stored candidates are counted;
3. for sizes up to ``--baseline-megabytes``, the baseline: a process that only splits the
   same text (the document's stored text, from ``claimdb doc text``) into sentences with
   pysbd, line by line (what `extract` did before the fast splitter; headings included),
   timed the same way; the ratio is claimdb's whole `extract` to it;
4. with ``--baseline-src DIR`` (a checkout of earlier code, e.g. ``git archive 685e1cf src |
   tar -x -C DIR``), for the same sizes, that code's `extract` on its own copy of the
   database (SQLite only), run with ``PYTHONPATH=DIR/src``.

``--postgres URL`` (a server URL such as ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``)
runs the same steps on a fresh PostgreSQL database created and dropped here, to check that
the candidates are written in batches there too. bench/README.md shows the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

BIN = Path(sys.executable).parent
CLAIMDB = str(BIN / "claimdb")
PYTHON = sys.executable
ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT.parent / "shared" / "data" / "documents"

BASELINE = """
import sys, pysbd
seg = pysbd.Segmenter(language="en", clean=False)
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        n += len(seg.segment(line))
print(n)
"""


OLD_EXTRACT = """
import sys
from claimdb.cli.main import main
sys.argv = ["claimdb", "--db", sys.argv[1], "extract", "big", "--as", "ada", "-f", "json"]
main()
"""


class Run:
    """One child process's wall and CPU time, peak memory and standard output."""

    def __init__(self, cmd: Sequence[str], env: dict[str, str] | None = None) -> None:
        started = time.perf_counter()
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            self.wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            self.stdout = out.read().decode()
            stderr = err.read().decode()
        self.cpu = usage.ru_utime + usage.ru_stime
        self.peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
        if proc.returncode != 0:
            sys.stderr.write(self.stdout + stderr)
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")


def build(sources: Sequence[Path], size: int, path: Path) -> None:
    """The reports' Markdown, repeated up to ``size`` characters, each copy's headings numbered."""
    texts = [p.read_text(encoding="utf-8") for p in sources]
    written = 0
    copy = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            text = texts[copy % len(texts)]
            numbered = re.sub(r"^(#+ )", rf"\g<1>{copy + 1}. ", text, flags=re.MULTILINE)
            out.write(numbered + "\n\n")
            written += len(numbered) + 2
            copy += 1


def postgres_database(server: str) -> tuple[str, str]:
    """A fresh database on the server: (its URL, its name)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"claimdb_bench_extract_{os.getpid()}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False), name


def drop_postgres(server: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def count_candidates(db: str) -> int:
    run = Run([CLAIMDB, "--db", db, "extract", "list", "big", "-f", "jsonl"])
    return sum(1 for line in run.stdout.splitlines() if line.strip())


def one_size(megabytes: float, args: argparse.Namespace, work: Path, sources: list[Path]) -> None:
    path = work / f"crs-{megabytes:g}mb.md"
    build(sources, int(megabytes * 1_000_000), path)
    name = None
    if args.postgres:
        db, name = postgres_database(args.postgres)
        engine = "PostgreSQL"
    else:
        db = f"sqlite:///{work / f'bench-{megabytes:g}.sqlite3'}"
        engine = "SQLite"
    try:
        Run([CLAIMDB, "--db", db, "init"])
        Run([CLAIMDB, "--db", db, "user", "add", "ada", "--role", "admin"])
        added = Run([CLAIMDB, "--db", db, "doc", "add", str(path), "--slug", "big", "--as", "ada"])
        size = path.stat().st_size
        print(f"\n{megabytes:g} MB ({size:,} bytes, {engine}); doc add {added.wall:.1f} s")
        run = Run([CLAIMDB, "--db", db, "extract", "big", "--as", "ada", "-f", "json"])
        report = json.loads(run.stdout)
        stored = count_candidates(db)
        print(
            f"  claimdb extract: {run.wall:.1f} s wall, {run.cpu:.1f} s CPU, "
            f"peak {run.peak_mb:.0f} MB; {report['sentences']:,} sentences, "
            f"{report['assertions']:,} assertions, {report['proposed']:,} candidates "
            f"({stored:,} stored); {report['sentences'] / run.wall:,.0f} sentences/s"
        )
        if args.baseline_src and megabytes <= args.baseline_megabytes:
            old_db = db.replace(".sqlite3", "-old.sqlite3")
            Run([CLAIMDB, "--db", old_db, "init"])
            Run([CLAIMDB, "--db", old_db, "user", "add", "ada", "--role", "admin"])
            Run([CLAIMDB, "--db", old_db, "doc", "add", str(path), "--slug", "big", "--as", "ada"])
            env = {**os.environ, "PYTHONPATH": str(args.baseline_src / "src")}
            old = Run([PYTHON, "-c", OLD_EXTRACT, old_db], env=env)
            old_report = json.loads(old.stdout)
            print(
                f"  the same extract, code of {args.baseline_src}: {old.wall:.1f} s wall, "
                f"{old.cpu:.1f} s CPU, peak {old.peak_mb:.0f} MB; {old_report['sentences']:,} "
                f"sentences, {old_report['proposed']:,} candidates; this / that = "
                f"{run.wall / old.wall:.2f} (wall), {run.cpu / old.cpu:.2f} (CPU)"
            )
        if megabytes <= args.baseline_megabytes:
            stored_text = work / f"crs-{megabytes:g}mb.txt"
            stored_text.write_text(Run([CLAIMDB, "--db", db, "doc", "text", "big"]).stdout)
            base = Run([PYTHON, "-c", BASELINE, str(stored_text)])
            print(
                f"  baseline pysbd alone: {base.wall:.1f} s wall, {base.cpu:.1f} s CPU, "
                f"peak {base.peak_mb:.0f} MB, {int(base.stdout):,} sentences; "
                f"extract / baseline = {run.wall / base.wall:.2f} (wall), "
                f"{run.cpu / base.cpu:.2f} (CPU)"
            )
    finally:
        if name and args.postgres:
            drop_postgres(args.postgres, name)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, nargs="+", default=[1.0, 10.0])
    parser.add_argument("--documents", type=Path, default=DOCUMENTS)
    parser.add_argument("--baseline-megabytes", type=float, default=1.0)
    parser.add_argument("--postgres", help="a PostgreSQL server URL (default: SQLite)")
    parser.add_argument("--keep", type=Path, help="keep the texts and databases here")
    parser.add_argument(
        "--baseline-src",
        type=Path,
        help="a checkout of earlier code (SQLite only): its extract on the same text",
    )
    args = parser.parse_args()
    sources = sorted(args.documents.glob("*.md"))
    if not sources:
        print(f"{args.documents}: no Markdown reports", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="claimdb-extractbench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for megabytes in args.megabytes:
            one_size(megabytes, args, work, sources)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
