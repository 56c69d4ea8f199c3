"""An id is never handed out twice, even after its row is deleted (issue 17, migration ai01).

SQLite without AUTOINCREMENT gives a new row the largest id plus one, so the id of
a deleted newest row came back; the log would then name two things with one id.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from claimdb.db import migrate
from claimdb.db.models import Base
from conftest import CLI
from support import add_claim, add_source, cite


def test_a_removed_citation_id_is_not_reused(cli: CLI, desk: dict[str, str]) -> None:
    claim = add_claim(cli, "Exports rose by 4 percent.")
    source = add_source(cli, "Trade data", "https://example.org/trade")
    first = cite(cli, claim, source, "supports")
    cli.ok("uncite", str(first), "--reason", "wrong table", actor="fiona")

    second = cite(cli, claim, source, "supports")

    assert second > first
    log = json.loads(cli.ok("log", "--kind", "citation", "--oldest-first", "-f", "json").stdout)
    named = [e["entity_id"] for e in log]
    assert named == [first, first, second], log


def test_an_import_does_not_reuse_a_removed_citation_id(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """The import's batched path takes ids after the largest ever handed out, like the ORM."""
    claim = add_claim(cli, "Exports rose by 4 percent.")
    source = add_source(cli, "Trade data", "https://example.org/trade")
    removed = cite(cli, claim, source, "supports")
    cli.ok("uncite", str(removed), "--reason", "wrong table", actor="fiona")
    rows = tmp_path / "judged.csv"
    rows.write_text(
        "text,verdict,source_url,source_title,stance\n"
        "Imports fell by a third.,false,https://example.org/imports,Import data,refutes\n",
        encoding="utf-8",
    )

    cli.ok("import", str(rows), actor="fiona")

    engine = create_engine(cli.db_url)
    try:
        with engine.connect() as conn:
            ids = conn.execute(text("SELECT id FROM citations ORDER BY id")).scalars().all()
    finally:
        engine.dispose()
    assert ids == [removed + 1]


def test_a_removed_link_id_is_not_reused(cli: CLI, desk: dict[str, str]) -> None:
    a = add_claim(cli, "Unemployment fell by half.")
    b = add_claim(cli, "Joblessness was cut in half.")

    def link() -> int:
        out = cli.ok("claim", "link", str(b), str(a), "--related", "-f", "json", actor="fiona")
        return int(json.loads(out.stdout)["id"])

    first = link()
    cli.ok("claim", "unlink", str(a), str(b), actor="fiona")
    assert link() > first


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_every_table_with_a_surrogate_id_never_reuses_one(db_url: str) -> None:
    """Each table whose key is one generated integer, new ones included, in the models and
    in the migrated database."""
    generated = [
        table.name
        for table in Base.metadata.sorted_tables
        if table.autoincrement_column is not None
    ]
    assert "citations" in generated
    assert [
        t for t in generated if not Base.metadata.tables[t].kwargs.get("sqlite_autoincrement")
    ] == []
    schema = _schema(db_url)
    assert [t for t in generated if "AUTOINCREMENT" not in schema[t]] == []


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_upgrade_keeps_the_ids_the_log_names_out_of_reach(cli: CLI, desk: dict[str, str]) -> None:
    """A citation removed before the upgrade: its id (named by the log) is not handed out again."""
    claim = add_claim(cli, "Exports rose by 4 percent.")
    source = add_source(cli, "Trade data", "https://example.org/trade")
    removed = cite(cli, claim, source, "supports")
    cli.ok("uncite", str(removed), "--reason", "wrong table", actor="fiona")
    before = _schema(cli.db_url)
    migrate.downgrade(cli.db_url, "hc01")
    assert "AUTOINCREMENT" not in _schema(cli.db_url)["citations"]

    migrate.upgrade(cli.db_url, backup=False)

    after = _schema(cli.db_url)
    assert after == before, "every table, index and trigger as it was"
    assert cite(cli, claim, source, "supports") == removed + 1
    assert cli.ok("search", "exports").stdout.count("rose by 4 percent") == 1
    cli.ok("db", "check")


def _schema(url: str) -> dict[str, str]:
    """Each table, index and trigger's SQL; a table's lines sorted (a rebuild may reorder them)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
            return {
                name: sql
                if not sql.startswith("CREATE TABLE")
                else "\n".join(sorted(line.strip(" \t,") for line in sql.splitlines()))
                for name, sql in rows
            }
    finally:
        engine.dispose()
