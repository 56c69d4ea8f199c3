"""`claimdb init`, `info`, `db ...` and `user ...` through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from conftest import CLI


def test_init_then_check_reports_head(empty_db_url: str) -> None:
    """init creates the schema at head; db check and db current agree; init again is a no-op."""
    cli = CLI(empty_db_url, CliRunner(env={"NO_COLOR": "1"}))
    result = cli.ok("init")
    assert "created a claimdb database" in result.stderr
    check = cli.ok("db", "check")
    assert check.stdout.startswith("ok: database at head")
    assert cli.ok("db", "current").stdout.strip().endswith("(head)")
    again = cli.ok("init")
    assert "already initialised" in again.stderr


def test_db_check_fails_on_an_empty_database(empty_db_url: str) -> None:
    """An uninitialised database fails the check with the database exit code and a hint."""
    cli = CLI(empty_db_url, CliRunner())
    result = cli("db", "check")
    assert result.exit_code == 8
    assert "run `claimdb init`" in result.stderr


def test_missing_sqlite_file_is_reported_not_created(tmp_path: Path) -> None:
    """A command on a file that does not exist says how to create it, and creates nothing."""
    path = tmp_path / "nope.sqlite3"
    cli = CLI(str(path), CliRunner())
    result = cli("user", "list")
    assert result.exit_code == 8
    assert "no claimdb database" in result.stderr
    assert "claimdb init" in result.stderr
    assert not path.exists()


def test_info_shows_where_the_url_came_from(tmp_path: Path) -> None:
    """info names the database, whether it came from --db, CLAIMDB_URL or the default."""
    runner = CliRunner()
    path = tmp_path / "d.sqlite3"
    from_flag = CLI(str(path), runner).ok("info", "--format", "json")
    assert json.loads(from_flag.stdout)["from"] == "--db"
    from_env = CLI(str(path), runner).ok(
        "info", "-f", "json", db=False, env={"CLAIMDB_URL": str(path)}
    )
    assert json.loads(from_env.stdout)["from"] == "CLAIMDB_URL"
    default = CLI(str(path), runner).ok(
        "info", "-f", "json", db=False, env={"CLAIMDB_HOME": str(tmp_path / "home")}
    )
    data = json.loads(default.stdout)
    assert data["from"] == "default"
    assert data["database"] == f"sqlite:///{tmp_path / 'home' / 'claimdb.sqlite3'}"
    assert data["exists"] is False


def test_history_lists_every_revision(cli: CLI) -> None:
    """db history prints every migration, the last one marked head."""
    rows = json.loads(cli.ok("db", "history", "-f", "json").stdout)
    assert [r["head"] for r in rows][-1] is True
    assert rows[0]["down_revision"] is None


def test_user_commands(cli: CLI) -> None:
    """Bootstrap an admin, add people as the admin, refuse others, change a role."""
    assert cli("user", "add", "ed", "--role", "editor").exit_code == 6
    cli.ok("user", "add", "ada", "--role", "admin")
    cli.ok("user", "add", "ed", "--role", "editor", actor="ada")
    refused = cli("user", "add", "x", "--role", "analyst", actor="ed")
    assert refused.exit_code == 6
    assert "admin" in refused.stderr
    duplicate = cli("user", "add", "ed", "--role", "analyst", actor="ada")
    assert duplicate.exit_code == 9
    cli.ok("user", "role", "ed", "analyst", actor="ada")
    rows = json.loads(cli.ok("user", "list", "-f", "json").stdout)
    assert [(r["name"], r["role"]) for r in rows] == [("ada", "admin"), ("ed", "analyst")]
    csv_out = cli.ok("user", "list", "-f", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,name,role")
    assert len(csv_out) == 3


def test_actor_from_environment(cli: CLI) -> None:
    """CLAIMDB_USER names the actor when --as is not given."""
    cli.ok("user", "add", "ada", "--role", "admin")
    cli.ok("user", "add", "fi", "--role", "fact-checker", env={"CLAIMDB_USER": "ada"})
    assert "fi" in cli.ok("user", "list").stdout


def test_help_does_not_import_the_database_layer() -> None:
    """`claimdb --help` stays fast: no SQLAlchemy, Alembic or pydantic imported."""
    code = (
        "import sys\n"
        "from claimdb.cli.main import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'pydantic', 'claimdb.db') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_python_dash_m_runs_the_cli() -> None:
    """`python -m claimdb --version` works."""
    out = subprocess.run(
        [sys.executable, "-m", "claimdb", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("claimdb ")
