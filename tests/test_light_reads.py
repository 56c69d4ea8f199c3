"""Read commands start light: no SQLAlchemy, no ORM models, no claimdb pydantic schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CLI
from support import add_claim

HEAVY = (
    "sqlalchemy",
    "alembic",
    "claimdb.db.models",
    "claimdb.db.uow",
    "claimdb.schemas.common",
    "claimdb.analysis.anchors",
)
"""Modules a read command must not import (pydantic itself is typer's: it coerces parameters)."""


@pytest.mark.parametrize(
    "argv",
    [
        ["status"],
        ["status", "-f", "json"],
        ["search", "Russia"],
        ["search", "Russia", "-f", "csv"],
        ["log", "-n", "5"],
        ["log", "-n", "5", "-f", "jsonl"],
        ["match", "Russia imports gas"],
        ["claim", "show", "CLAIM"],
        ["claim", "show", "CLAIM", "-f", "json"],
        ["claim", "show", "CLAIM", "-f", "csv"],
    ],
    ids=" ".join,
)
def test_read_commands_import_no_orm(cli: CLI, report: str, argv: list[str]) -> None:
    """status, search, log, match and claim show run without the ORM or the pydantic schemas."""
    heavy = HEAVY + (("psycopg",) if cli.db_url.startswith("sqlite") else ())
    if "CLAIM" in argv:  # anchored: its dossier segments the sentence (pysbd), still no ORM
        quote = "Gas exports fell by half after 2022."
        claim = add_claim(cli, quote, "--doc", "report", "--quote", quote)
        argv = [str(claim) if a == "CLAIM" else a for a in argv]
    code = (
        "import json, sys\n"
        "from claimdb.cli.main import app\n"
        "code = None\n"
        "try:\n"
        f"    app({['--db', cli.db_url, *argv]!r})\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        f"print(json.dumps([code, [m for m in {heavy!r} if m in sys.modules]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    code_, loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert code_ in (0, None), out.stderr
    assert loaded == []


def test_read_command_refuses_a_database_not_at_head(cli: CLI) -> None:
    """The light path checks the schema revision as the unit of work does, with the same words."""
    from sqlalchemy import text

    from claimdb.db.uow import UnitOfWork

    with UnitOfWork(cli.db_url) as uow:
        uow.session.execute(text("UPDATE alembic_version SET version_num = 'old1'"))
    for argv in (["status"], ["search", "x"], ["log"], ["match", "x"], ["claim", "show", "1"]):
        result = cli(*argv)
        assert result.exit_code == 8
        assert "the database is at schema revision old1" in result.stderr
        assert "claimdb db upgrade" in result.stderr


def test_read_command_on_a_missing_database(tmp_path: Path) -> None:
    """No file: the same "no claimdb database" error as every other command, nothing created."""
    missing = tmp_path / "nothing.sqlite3"
    out = subprocess.run(
        [sys.executable, "-m", "claimdb", "--db", str(missing), "status"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 8
    assert "no claimdb database at" in out.stderr
    assert not missing.exists()
