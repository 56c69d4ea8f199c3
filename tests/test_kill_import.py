"""kill -9 in the middle of an import: all or nothing, and the event log still checks out.

Runs CLAIMDB_KILLS times per database (3 in `make test`; `make soak` runs 100).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimdb.db.engine import dispose_engines
from conftest import CLI

KILLS = int(os.environ.get("CLAIMDB_KILLS", "3"))
SIZES = (3000, 12_000)
"""Rows: a small import, and one over BULK_LOAD_MIN_BYTES into the empty table (on SQLite
the file held alone in rollback-journal mode; on both, indexes dropped and rebuilt)."""


@pytest.fixture
def big_csv(tmp_path: Path, rows: int) -> Path:
    from claimdb.services.importing import BULK_LOAD_MIN_BYTES

    path = tmp_path / "big.csv"
    lines = ["external_id,text,speaker,source_url,source_title,stance"]
    lines += [
        f"k:{i},Claim number {i} says exports rose by {i} percent.,Speaker {i % 50},"
        f"https://example.org/s/{i % 200},Source {i % 200},supports"
        for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert (path.stat().st_size >= BULK_LOAD_MIN_BYTES) == (rows > 3000)
    return path


@pytest.mark.parametrize("rows", SIZES)
@pytest.mark.parametrize("attempt", range(KILLS))
def test_kill_9_during_an_import(
    cli: CLI, desk: dict[str, str], big_csv: Path, attempt: int, rows: int
) -> None:
    """A killed import leaves no claim of it, or all of them, and an intact hash chain."""
    random.seed(attempt)
    before = _schema(cli)
    dispose_engines()  # this process's pooled connections would keep the file from a bulk load
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimdb",
            "--db",
            cli.db_url,
            "import",
            str(big_csv),
            "--as",
            "fiona",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    time.sleep(random.uniform(0.5, 4.0))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    stored = len(json.loads(cli.ok("claim", "list", "-f", "json").stdout))
    assert stored in (0, rows)
    assert _counted(cli) == stored  # claim_counts agree with the rows
    check = cli("db", "check")
    assert check.exit_code == 0, check.stdout + check.stderr
    # After `db check`: the read commands above (status, claim list) read through the
    # driver and leave the journal mode alone; the next ORM connection, such as db check's,
    # switches a file left in rollback-journal mode back to WAL (db/engine.py).
    assert _schema(cli) == before  # no index, trigger or search index left out, WAL again
    # The desk still works after the kill: the import runs to the end.
    cli.ok("import", str(big_csv), actor="fiona")
    assert len(json.loads(cli.ok("claim", "list", "-f", "json").stdout)) == rows
    assert _counted(cli) == rows
    found = json.loads(cli.ok("search", "exports", "--limit", "3", "-f", "json").stdout)
    assert len(found) == 3
    said = json.loads(cli.ok("search", "speaker:7", "--limit", "3", "-f", "json").stdout)
    assert len(said) == 3  # the speaker's index is built too
    assert cli.ok("search", "Speaker").stdout == ""  # a word of the speakers' names only
    assert cli("db", "check").exit_code == 0


def _counted(cli: CLI) -> int:
    return sum(d["claims"] for d in json.loads(cli.ok("status", "-f", "json").stdout))


def _schema(cli: CLI) -> list[tuple[str, str]]:
    """Indexes and triggers of the database, on PostgreSQL its constraints (an import into an
    empty table drops the foreign keys), and on SQLite its journal mode."""
    from sqlalchemy import create_engine

    engine = create_engine(cli.db_url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                rows = conn.exec_driver_sql(
                    "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') "
                    "UNION ALL SELECT 'journal', journal_mode FROM pragma_journal_mode"
                ).all()
            else:
                rows = conn.exec_driver_sql(
                    "SELECT 'index', indexname FROM pg_indexes WHERE schemaname = current_schema() "
                    "UNION ALL SELECT 'trigger', tgname::text || tgenabled::text FROM pg_trigger "
                    "WHERE NOT tgisinternal UNION ALL SELECT 'constraint', conname FROM pg_constraint "
                    "WHERE connamespace = to_regnamespace(current_schema())"
                ).all()
    finally:
        engine.dispose()
    return sorted((str(a), str(b)) for a, b in rows)
