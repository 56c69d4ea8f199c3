"""`claimdb status`, `claimdb history` and `claimdb log` through the real CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from conftest import CLI
from support import FORMATS, add_claim, add_source, cite, parse


def _progress(cli: CLI) -> dict[str, int]:
    """In document `report`: 3 checkable claims (1 verified, 1 disputed-to-be) and 1 opinion."""
    src = add_source(cli, "Source", "https://s.example/1")
    ids = {
        "verified": add_claim(
            cli, "Debt.", "--type", "statistic", "--doc", "report", "--quote", "3.2 trillion rubles"
        ),
        "refuted": add_claim(
            cli, "Survey.", "--type", "statistic", "--doc", "report", "--quote", "80% of firms"
        ),
        "open": add_claim(
            cli, "Gas.", "--type", "event", "--doc", "report", "--quote", "Gas exports fell by half"
        ),
        "opinion": add_claim(
            cli, "Mistake.", "--type", "opinion", "--doc", "report", "--quote", "a mistake"
        ),
        "loose": add_claim(cli, "Outside any document."),
    }
    cite(cli, ids["verified"], src, "supports")
    cli.ok("verify", str(ids["verified"]), "--verdict", "true", "--rationale", "r", actor="fiona")
    cli.ok("review", "decide", str(ids["verified"]), "--approve", "--note", "ok", actor="eddie")
    cite(cli, ids["refuted"], src, "refutes")
    cli.ok("verify", str(ids["refuted"]), "--verdict", "false", "--rationale", "r", actor="fiona")
    cli.ok("flag", str(ids["open"]), "--reason", "outdated", actor="fiona")
    cli.ok("flag", str(ids["open"]), "--reason", "other", actor="fiona")
    return ids


def test_status_numbers(cli: CLI, report: str) -> None:
    """Per document: counts by status and verdict, supported share, open flags, decided share."""
    _progress(cli)
    rows = json.loads(cli.ok("status", "-f", "json").stdout)
    assert [r["document"] for r in rows] == ["report", None]
    doc = rows[0]
    assert (doc["claims"], doc["checkable"]) == (4, 3)
    assert doc["by_status"] == {
        "unreviewed": 2,
        "in_progress": 0,
        "needs_review": 1,
        "verified": 1,
        "disputed": 0,
        "unsupported": 0,
    }
    assert doc["by_verdict"] == {"false": 1, "true": 1}
    assert (doc["supported"], doc["supported_share"]) == (1, round(1 / 3, 4))
    assert (doc["open_flags"], doc["decided"], doc["decided_share"]) == (2, 1, round(1 / 3, 4))
    assert rows[1]["claims"] == 1
    only = json.loads(cli.ok("status", "--doc", "report", "-f", "json").stdout)
    assert [r["document"] for r in only] == ["report"]
    assert cli("status", "--doc", "nope").exit_code == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_status_in_every_format(cli: CLI, report: str, fmt: str) -> None:
    """The dashboard: a panel with a progress bar for people, the numbers for machines."""
    _progress(cli)
    out = cli.ok("status", "-f", fmt).stdout
    if fmt == "table":
        assert "report" in out
        assert "1 of 3 decided (33%)" in out
        assert "1 of 3 checkable (33%)" in out
        assert "█" in out  # the progress bar: block characters, visible without colour
        return
    rows = parse(fmt, out)
    first = rows[0]
    if fmt == "csv":
        assert (first["status_verified"], first["verdict_false"], first["open_flags"]) == (
            "1",
            "1",
            "2",
        )
    else:
        assert (first["by_status"]["verified"], first["open_flags"]) == (1, 2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_history_in_every_format(cli: CLI, report: str, fmt: str) -> None:
    """history lists a claim's events oldest first, with who, what, the change and the reason."""
    ids = _progress(cli)
    out = cli.ok("history", str(ids["verified"]), "-f", fmt).stdout
    if fmt == "table":
        for text in ("fiona", "eddie", "status_changed", "needs_review → verified"):
            assert text in out
        return
    rows = parse(fmt, out)
    actions = [(r["entity"], r["action"]) for r in rows]
    assert actions == [
        ("claim", "created"),
        ("citation", "created"),
        ("claim", "status_changed"),
        ("verdict", "recorded"),
        ("claim", "status_changed"),
        ("note", "created"),
        ("claim", "status_changed"),
    ]
    assert [int(r["id"]) for r in rows] == sorted(int(r["id"]) for r in rows)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--actor", "eddie"], [("note", "created"), ("claim", "status_changed")]),
        (["--kind", "verdict"], [("verdict", "recorded"), ("verdict", "recorded")]),
        (["--kind", "flag", "--action", "raised"], [("flag", "raised"), ("flag", "raised")]),
        (["--action", "status_changed", "--actor", "eddie"], [("claim", "status_changed")]),
    ],
)
def test_log_filters(
    cli: CLI, report: str, args: list[str], expected: list[tuple[str, str]]
) -> None:
    """log filters by actor, kind and action (newest first by default)."""
    _progress(cli)
    rows = json.loads(cli.ok("log", *args, "--oldest-first", "-f", "json").stdout)
    assert [(r["entity"], r["action"]) for r in rows] == expected
    newest = json.loads(cli.ok("log", *args, "-f", "json").stdout)
    assert [r["id"] for r in newest] == [r["id"] for r in reversed(rows)]


def test_log_dates_and_limit(cli: CLI, report: str) -> None:
    """--since/--until keep whole days (UTC); --limit keeps the newest; unknown actors are errors."""
    _progress(cli)
    today = datetime.now(UTC).date()
    everything = json.loads(cli.ok("log", "--limit", "0", "-f", "json").stdout)
    on_today = json.loads(
        cli.ok(
            "log", "--limit", "0", "--since", str(today), "--until", str(today), "-f", "json"
        ).stdout
    )
    assert len(on_today) == len(everything) > 20
    tomorrow = str(today + timedelta(days=1))
    assert json.loads(cli.ok("log", "--since", tomorrow, "-f", "json").stdout) == []
    yesterday = str(today - timedelta(days=1))
    assert json.loads(cli.ok("log", "--until", yesterday, "-f", "json").stdout) == []
    three = json.loads(cli.ok("log", "-n", "3", "-f", "json").stdout)
    assert [e["id"] for e in three] == [e["id"] for e in everything[:3]]
    inverted = cli("log", "--since", tomorrow, "--until", yesterday)
    assert inverted.exit_code == 5
    unknown = cli("log", "--actor", "zed")
    assert unknown.exit_code == 3
    assert "unknown person 'zed'" in unknown.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_log_in_every_format(cli: CLI, report: str, fmt: str) -> None:
    """log renders in every format."""
    _progress(cli)
    out = cli.ok("log", "--kind", "note", "-f", fmt).stdout
    if fmt == "table":
        assert "note" in out
        assert "kind=decision" in out
        return
    rows = parse(fmt, out)
    assert [r["action"] for r in rows] == ["created"]
    assert [r["actor"] for r in rows] == ["eddie"]
