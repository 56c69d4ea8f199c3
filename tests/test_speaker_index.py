"""Migration sp01: the speaker's own full-text table on SQLite, and the same matches both ways."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from claimdb.analysis import search_query
from claimdb.db import migrate, read_queries
from conftest import CLI

QUERIES = (
    "budget",
    "Speaker",
    "mayor",
    "speaker:mayor",
    'speaker:"ana ruiz"',
    "speaker:spea*",
    "speaker:speaker taxes",
    "taxes -speaker:anna",
    "rose OR speaker:chief",
    "(fell OR speaker:ruiz) (budget OR crime)",
    "speaker -speaker:anna",
)


def _matches(url: str, query: str, *, one_table: bool) -> list[int]:
    """The ids ``query`` matches, read with SQL alone (the CLI refuses an older schema).

    ``one_table``: SQLite's index before sp01, one FTS5 table with the speaker a column.
    """
    node = search_query.parse(query)
    params: dict[str, str] = {}

    def param(value: str) -> str:
        params[f"p{len(params)}"] = value
        return f":p{len(params) - 1}"

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if conn.dialect.name != "sqlite":
                sql = f"SELECT id FROM claims WHERE {read_queries.pg_condition(node, param)}"
            elif one_table:
                sql = "SELECT rowid FROM claims_fts WHERE claims_fts MATCH :q"
                params["q"] = read_queries.fts5_query(node)
            else:
                sql = read_queries.fts5_rowids(node, param)
            return sorted(r[0] for r in conn.execute(text(sql), params))
    finally:
        engine.dispose()


def _fts_tables(url: str) -> list[str]:
    return sorted(t for t in migrate.table_names(url) if t.endswith("_fts"))


def test_migration_keeps_the_matches_down_and_up(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """On a populated database, sp01's downgrade and upgrade find the same claims for each query."""
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    cli.ok("claim", "add", "Taxes fell.", "--speaker", "Anna Speaker", "--anyway", actor="fiona")
    cli.ok("claim", "add", "The speaker said taxes rose.", "--anyway", actor="fiona")
    cli.ok("claim", "add", "Speaker budget", "--speaker", "Police chief", "--anyway", actor="fiona")
    cli.ok("claim", "edit", "1", "--speaker", "Mayor Ana Ruiz Speaker", actor="fiona")
    at_head = {q: _matches(cli.db_url, q, one_table=False) for q in QUERIES}
    assert at_head["mayor"] == []  # only in a speaker's name
    assert all(found for q, found in at_head.items() if q != "mayor")
    sqlite = cli.db_url.startswith("sqlite")
    if sqlite:
        assert _fts_tables(cli.db_url) == ["claims_fts", "claims_speaker_fts"]

    migrate.downgrade(cli.db_url, "fs01")
    assert migrate.current(cli.db_url) == "fs01"
    if sqlite:
        assert _fts_tables(cli.db_url) == ["claims_fts"]
    assert {q: _matches(cli.db_url, q, one_table=True) for q in QUERIES} == at_head

    migrate.upgrade(cli.db_url, backup=False)
    assert {q: _matches(cli.db_url, q, one_table=False) for q in QUERIES} == at_head
    # The triggers are back: a new claim and an edit reach both indexes.
    cli.ok("claim", "add", "Budget cuts.", "--speaker", "Dora Speaker", "--anyway", actor="fiona")
    new = len(json.loads(cli.ok("claim", "list", "-f", "json").stdout))
    assert _matches(cli.db_url, "speaker:dora cuts", one_table=False) == [new]
    assert new not in _matches(cli.db_url, "Speaker", one_table=False)
    check = cli("db", "check")
    assert check.exit_code == 0, check.stdout + check.stderr
