"""Refused writes say why, exit non-zero, and leave the database exactly as it was."""

from __future__ import annotations

import pytest

from conftest import CLI
from support import add_claim, add_source, cite, database_state, new_id

WRITES = [
    ["claim", "add", "New claim."],
    ["claim", "edit", "{claim}", "--priority", "1"],
    ["claim", "tag", "{claim}", "extra"],
    ["claim", "archive", "{claim}", "--reason", "r"],
    ["claim", "reopen", "{claim}", "--reason", "r"],
    ["source", "add", "--title", "T", "--url", "https://new.example/"],
    ["source", "edit", "{source}", "--title", "T2"],
    ["cite", "{claim}", "{source}", "--stance", "refutes"],
    ["uncite", "{citation}"],
    ["verify", "{claim}", "--verdict", "unverifiable", "--rationale", "r"],
    ["note", "{claim}", "hello"],
    ["flag", "{claim}", "--reason", "outdated"],
    ["flag", "resolve", "{flag}", "--resolution", "done"],
    ["review", "decide", "{claim}", "--request-changes", "--note", "n"],
]
EDITOR_ONLY = {("claim", "reopen"), ("flag", "resolve"), ("review", "decide")}


def _world(cli: CLI) -> dict[str, str]:
    claim = add_claim(cli, "Gas exports fell.", "--type", "event")
    source = add_source(cli, "Ministry", "https://energy.example/")
    citation = cite(cli, claim, source, "supports")
    flag = new_id(cli.ok("flag", str(claim), "--reason", "other", actor="fiona"), r"flag (\d+)")
    cli.ok("verify", str(claim), "--verdict", "true", "--rationale", "r", actor="fiona")
    cli.ok("review", "decide", str(claim), "--approve", "--note", "ok", actor="eddie")
    return {
        "claim": str(claim),
        "source": str(source),
        "citation": str(citation),
        "flag": str(flag),
    }


def _args(command: list[str], ids: dict[str, str]) -> list[str]:
    return [a.format(**ids) for a in command]


@pytest.mark.parametrize("command", WRITES, ids=lambda c: " ".join(c[:2]))
def test_analysts_cannot_write(cli: CLI, desk: dict[str, str], command: list[str]) -> None:
    """An analyst's write is refused naming the role it needs; nothing changes."""
    ids = _world(cli)
    before = database_state(cli)
    result = cli(*_args(command, ids), actor="anna")
    assert result.exit_code == 6, result.stderr
    needed = (
        "editor or admin" if tuple(command[:2]) in EDITOR_ONLY else "fact-checker, editor or admin"
    )
    assert "anna is an analyst and cannot " in result.stderr
    assert f"needs the role {needed}" in result.stderr
    assert database_state(cli) == before


@pytest.mark.parametrize("command", [c for c in WRITES if tuple(c[:2]) in EDITOR_ONLY])
def test_fact_checkers_cannot_do_editors_work(
    cli: CLI, desk: dict[str, str], command: list[str]
) -> None:
    """Deciding, resolving flags and reopening need an editor; nothing changes."""
    ids = _world(cli)
    before = database_state(cli)
    result = cli(*_args(command, ids), actor="fiona")
    assert result.exit_code == 6
    assert "needs the role editor or admin" in result.stderr
    assert database_state(cli) == before


@pytest.mark.parametrize(
    ("actor", "code", "message"),
    [
        (None, 5, "who is acting?"),
        ("zed", 3, "unknown person 'zed'"),
    ],
)
@pytest.mark.parametrize("command", WRITES[:4], ids=lambda c: " ".join(c[:2]))
def test_writes_need_a_known_actor(
    cli: CLI,
    desk: dict[str, str],
    *,
    command: list[str],
    actor: str | None,
    code: int,
    message: str,
) -> None:
    """A missing or unknown actor is told how to name or add one; nothing changes."""
    ids = _world(cli)
    before = database_state(cli)
    result = cli(*_args(command, ids), actor=actor)
    assert result.exit_code == code
    assert message in result.stderr
    assert "claimdb user add" in result.stderr or "CLAIMDB_USER" in result.stderr
    assert database_state(cli) == before


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (["verify", "{claim}", "--verdict", "false", "--rationale", "r"], 7),
        (["review", "decide", "{claim}", "--approve", "--note", "n"], 7),
        (["claim", "archive", "{claim}", "--restore", "--reason", "r"], 7),
        (["flag", "resolve", "{flag}", "--resolution", "again"], 7),
        (["source", "add", "--title", "Dup", "--url", "https://www.energy.example"], 9),
        (["claim", "edit", "{claim}", "--priority", "2", "--if-version", "1"], 4),
        (["cite", "{claim}", "999", "--stance", "supports"], 3),
    ],
)
def test_refused_workflow_steps_change_nothing(
    cli: CLI, desk: dict[str, str], command: list[str], code: int, tmp_path: object
) -> None:
    """Workflow refusals, duplicates, conflicts and unknown records leave every table as it was."""
    ids = _world(cli)
    if command[:2] == ["flag", "resolve"]:
        cli.ok("flag", "resolve", ids["flag"], "--resolution", "first", actor="eddie")
    before = database_state(cli)
    result = cli(*_args(command, ids), actor="eddie", env={"CLAIMDB_HOME": str(tmp_path)})
    assert result.exit_code == code, result.stderr
    assert database_state(cli) == before
