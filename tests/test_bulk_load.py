"""Large imports: the file held alone in rollback-journal mode, indexes and sources in bulk."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from claimdb.db import engine as engine_module
from claimdb.db.engine import sqlite_file
from claimdb.db.uow import UnitOfWork
from claimdb.services.importing import BULK_LOAD_MIN_BYTES
from conftest import CLI

ROWS = 10_000


def _schema(url: str) -> list[tuple[str, str]]:
    """The indexes and triggers of the database (names and kinds), sorted."""
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                rows = conn.exec_driver_sql(
                    "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger')"
                ).all()
            else:
                rows = conn.exec_driver_sql(
                    "SELECT 'index', indexname FROM pg_indexes WHERE schemaname = current_schema() "
                    "UNION ALL SELECT 'trigger', tgname FROM pg_trigger WHERE NOT tgisinternal"
                ).all()
    finally:
        engine.dispose()
    return sorted((str(a), str(b)) for a, b in rows)


@pytest.fixture
def big_csv(tmp_path: Path) -> Path:
    """Over BULK_LOAD_MIN_BYTES of plain claims, every 500th with a verdict and its evidence."""
    path = tmp_path / "big.csv"
    lines = ["external_id,text,speaker,tags,verdict,source_url,stance"]
    for i in range(ROWS):
        text = f"Claim {i} says that the harbour budget of district {i % 97} grew by {i} percent."
        judged = i % 500 == 0
        lines.append(
            f"b:{i},{text},Speaker {i % 40},port;budget,"
            + (f"false,https://example.org/review/{i % 3000},refutes" if judged else ",,")
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size >= BULK_LOAD_MIN_BYTES
    return path


@pytest.fixture
def bulk_loads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each unit of work's answer to a bulk load: True if it held the file alone."""
    seen: list[bool] = []
    real = engine_module.take_for_bulk_load

    def spy(engine: Any) -> Any:
        conn = real(engine)
        seen.append(conn is not None)
        return conn

    monkeypatch.setattr("claimdb.db.uow.take_for_bulk_load", spy)
    return seen


def test_a_large_import_is_a_bulk_load_and_leaves_everything_in_place(
    cli: CLI, desk: dict[str, str], big_csv: Path, bulk_loads: list[bool]
) -> None:
    """Same indexes, triggers, search, counters and event chain after; SQLite back in WAL mode."""
    before = _schema(cli.db_url)
    result = cli.ok("import", str(big_csv), actor="fiona")
    assert f"{ROWS} claims imported" in result.stderr
    assert "20 verdicts" in result.stderr
    assert "6 new sources" in result.stderr  # six URLs, each cited in several batches
    path = sqlite_file(cli.db_url)
    if path is not None:
        assert bulk_loads == [True]
        with sqlite3.connect(path) as con:
            assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert _schema(cli.db_url) == before
    found = json.loads(cli.ok("search", "harbour", "--limit", "5", "-f", "json").stdout)
    assert len(found) == 5
    status = cli.ok("status").stdout
    assert f"claims      {ROWS} ({ROWS} checkable)" in status
    assert "disputed 20" in status
    check = cli("db", "check")
    assert check.exit_code == 0, check.stdout + check.stderr
    added = cli.ok("claim", "add", "The harbour closed.", actor="fiona")
    assert f"added claim {ROWS + 1}:" in added.stderr  # PostgreSQL's sequence moved past the ids
    again = cli.ok("import", str(big_csv), actor="fiona")
    assert f"0 claims imported from {big_csv} ({ROWS} already there" in again.stderr


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_bulk_load_falls_back_to_wal_while_someone_has_the_file_open(
    cli: CLI, desk: dict[str, str], big_csv: Path, bulk_loads: list[bool]
) -> None:
    """Another open connection keeps the import in WAL mode, and the reader can go on reading."""
    path = sqlite_file(cli.db_url)
    assert path is not None
    with sqlite3.connect(path, timeout=0.1) as reader:
        reader.execute("SELECT count(*) FROM claims").fetchone()
        cli.ok("import", str(big_csv), actor="fiona")
        assert bulk_loads == [False]
        assert reader.execute("SELECT count(*) FROM claims").fetchone()[0] == ROWS


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_bulk_load_keeps_others_out_until_it_ends(db_url: str) -> None:
    """While a bulk load runs, another connection cannot read; afterwards it can, in WAL mode."""
    path = sqlite_file(db_url)
    assert path is not None
    with UnitOfWork(db_url, bulk_load=True) as uow:
        assert uow.bulk_loading
        with (
            sqlite3.connect(path, timeout=0.05) as other,
            pytest.raises(sqlite3.OperationalError, match="locked"),
        ):
            other.execute("SELECT count(*) FROM claims").fetchone()
    with sqlite3.connect(path, timeout=0.05) as other:
        assert other.execute("SELECT count(*) FROM claims").fetchone()[0] == 0
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sources_of_a_batch_are_found_or_made_once(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A stored source is reused, one URL spelled two ways is one new source, each with its event."""
    cli.ok("source", "add", "--title", "Stored", "--url", "https://example.org/stored", actor="ada")
    csv = tmp_path / "judged.csv"
    csv.write_text(
        "external_id,text,verdict,source_url,stance\n"
        "s:1,The port lost money.,false,https://example.org/stored,refutes\n"
        "s:2,The port made money.,true,https://example.org/new,supports\n"
        "s:3,The port broke even.,false,https://EXAMPLE.org/new,refutes\n"
        "s:4,The port was sold.,false,https://example.org/other,refutes\n",
        encoding="utf-8",
    )
    result = cli.ok("import", str(csv), actor="fiona")
    assert "4 verdicts, 2 new sources" in result.stderr
    sources = json.loads(cli.ok("source", "list", "-f", "json").stdout)
    assert sorted(s["url"] for s in sources) == [
        "https://example.org/new",
        "https://example.org/other",
        "https://example.org/stored",
    ]
    log = json.loads(cli.ok("log", "--limit", "100", "-f", "json").stdout)
    made = [e for e in log if e["entity"] == "source" and e["action"] == "created"]
    assert len(made) == 3  # the stored one, then the two new ones
    claims = {c["external_id"]: c for c in json.loads(cli.ok("claim", "list", "-f", "json").stdout)}
    cited = {}
    for ext, c in claims.items():
        shown = json.loads(cli.ok("claim", "show", str(c["id"]), "-f", "json").stdout)
        cited[ext] = shown["evidence"][0]["source_id"]
    assert cited["s:2"] == cited["s:3"] != cited["s:1"]
    assert cli("db", "check").exit_code == 0


def test_a_failed_bulk_load_leaves_the_database_as_it_was(
    cli: CLI, desk: dict[str, str], big_csv: Path
) -> None:
    """A bad last row refuses the whole large import: no claim, the same indexes, still WAL."""
    before = _schema(cli.db_url)
    with big_csv.open("a", encoding="utf-8") as f:
        f.write("b:bad,,Speaker 1,,,,\n")
    result = cli("import", str(big_csv), actor="fiona")
    assert result.exit_code == 5
    assert f"{big_csv}:{ROWS + 2}: text" in result.stderr
    assert "nothing was imported" in result.stderr
    assert json.loads(cli.ok("claim", "list", "-f", "json").stdout) == []
    assert _schema(cli.db_url) == before
    path = sqlite_file(cli.db_url)
    if path is not None:
        with sqlite3.connect(path) as con:
            assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert cli("db", "check").exit_code == 0
