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
"""Modules a read command must not import."""

START_UP_HEAVY = (
    "pydantic",  # typer coerces parameters through pydantic; claimdb.cli.common's light path not
    "typer._adapters",
)
"""What a light command's start-up does without: see bench/README.md, Start-up."""

CLI_SHARED = ("claimdb.cli.main", "claimdb.cli.common", "claimdb.cli.output")
"""The command-line modules every command loads; the rest are one command group's each."""

MODULE_OF = {
    "status": "status",
    "search": "search",
    "log": "log",
    "match": "matching",
    "review": "review",
    "claim": "claims",
}
GROUP_MODULES = {"claim": ("claimdb.cli.filters",)}
"""Modules a command group's own module needs besides itself (its options' definitions)."""

TYPER_COERCED = ("--created-from", "--created-to", "--updated-from", "--updated-to")
"""Options whose values (dates) typer parses through pydantic: pydantic is loaded for them."""


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
        ["review"],
        ["review", "--limit", "5", "-f", "json"],
        ["review", "queue", "--doc", "report", "--reason", "no-support", "-f", "csv"],
        ["review", "--reason", "open-flags", "--offset", "1", "-f", "jsonl"],
        ["claim", "list"],
        ["claim", "list", "--limit", "5", "-f", "json"],
        ["claim", "list", "-q", "Russia", "--limit", "3", "-f", "csv"],
        ["claim", "list", "--type", "statistic", "--tag", "Energy", "--status", "unreviewed"],
        ["claim", "list", "--flagged", "--unsupported", "--verdict", "false", "-f", "jsonl"],
        ["claim", "list", "--doc", "report", "--section", "energy", "--sort", "position"],
        ["claim", "list", "--has-number", "--unit", "USD", "--year", "2025", "--archived"],
        ["claim", "list", "--created-from", "2025-01-01", "--updated-to", "2030-01-01"],
        ["claim", "show", "CLAIM"],
        ["claim", "show", "CLAIM", "-f", "json"],
        ["claim", "show", "CLAIM", "-f", "csv"],
    ],
    ids=" ".join,
)
def test_read_commands_import_no_orm(cli: CLI, report: str, argv: list[str]) -> None:
    """status, search, log, match, the review queue, claim list and claim show import no ORM, no pydantic,
    no other command group.

    And none of Rich for a machine format.
    """
    heavy = (
        HEAVY
        + START_UP_HEAVY
        + (
            # pydantic's plugin loader imports importlib.metadata; so does psycopg, on PostgreSQL
            ("psycopg", "importlib.metadata") if cli.db_url.startswith("sqlite") else ()
        )
    )
    if any(option in argv for option in TYPER_COERCED):
        heavy = tuple(m for m in heavy if m not in (*START_UP_HEAVY, "importlib.metadata"))
    machine = "-f" in argv  # json, jsonl or csv: written without Rich
    heavy += ("rich.table", "rich.console") if machine else ()
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
        f"print(json.dumps([code, [m for m in {heavy!r} if m in sys.modules],\n"
        "    sorted(m for m in sys.modules if m.startswith('claimdb.cli.'))]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    code_, loaded, cli_modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert code_ in (0, None), out.stderr
    assert loaded == []
    # Only its own command group's module: not claims, documents, importing, ...
    own = [f"claimdb.cli.{MODULE_OF[argv[0]]}", *GROUP_MODULES.get(argv[0], ())]
    if argv[:2] == ["claim", "show"] and not machine:
        own.append("claimdb.cli.log")  # the dossier's history is drawn as the log's rows
    assert cli_modules == sorted([*CLI_SHARED, *own])


def test_read_command_refuses_a_database_not_at_head(cli: CLI) -> None:
    """The light path checks the schema revision as the unit of work does, with the same words."""
    from sqlalchemy import text

    from claimdb.db.uow import UnitOfWork

    with UnitOfWork(cli.db_url) as uow:
        uow.session.execute(text("UPDATE alembic_version SET version_num = 'old1'"))
    for argv in (
        ["status"],
        ["search", "x"],
        ["log"],
        ["match", "x"],
        ["review"],
        ["claim", "list"],
        ["claim", "show", "1"],
    ):
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
