"""A large import refreshes PostgreSQL's planner statistics before it commits."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CLI


def test_large_import_analyzes(
    cli: CLI, desk: dict[str, str], fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ANALYZE_ROWS, pg_class.reltuples knows the claims (it is -1 or 0 before)."""
    from sqlalchemy import create_engine

    from claimdb.services import ingest

    monkeypatch.setattr(ingest, "ANALYZE_ROWS", 1)
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    engine = create_engine(cli.db_url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name != "postgresql":
                pytest.skip("statistics are PostgreSQL's")
            tuples = conn.exec_driver_sql(
                "SELECT reltuples FROM pg_class WHERE relname = 'claims'"
            ).scalar_one()
            stored = conn.exec_driver_sql("SELECT count(*) FROM claims").scalar_one()
    finally:
        engine.dispose()
    assert tuples == stored


def test_large_import_merges_the_sqlite_search_index(
    cli: CLI, desk: dict[str, str], fixtures: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ANALYZE_ROWS, SQLite's FTS5 index is merged into one segment (searches seek once)."""
    import sqlite3

    from claimdb.services import ingest

    if not cli.db_url.startswith("sqlite"):
        pytest.skip("FTS5 is SQLite's")
    path = cli.db_url.partition(":///")[2]

    def segments() -> int:
        with sqlite3.connect(path) as conn:
            return int(
                conn.execute("SELECT count(DISTINCT segid) FROM claims_fts_idx").fetchone()[0]
            )

    cli.ok("claim", "add", "Gas deliveries fell by half.", "--anyway", actor="fiona")
    cli.ok("claim", "add", "Coal output grew slowly.", "--anyway", actor="fiona")
    assert segments() >= 2  # one a transaction
    monkeypatch.setattr(ingest, "ANALYZE_ROWS", 1)
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    assert segments() == 1
    assert "«Gas»" in cli.ok("search", "gas").stdout
