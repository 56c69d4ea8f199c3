"""A new user's first steps: the first admin, restoring a claim, --limit, lint's empty output."""

from __future__ import annotations

import json

import pytest

from conftest import CLI
from support import add_claim, add_source


def test_first_admin_is_added_whatever_claimdb_user_says(cli: CLI) -> None:
    """On an empty desk the first admin is added even with CLAIMDB_USER or --as set."""
    me = {"CLAIMDB_USER": "ada"}
    result = cli.ok("user", "add", "ada", "--role", "admin", env=me)
    assert "added ada (admin)" in result.stderr
    cli.ok("user", "add", "maria", "--role", "fact-checker", env=me)
    people = json.loads(cli.ok("user", "list", "-f", "json").stdout)
    assert [(p["name"], p["role"]) for p in people] == [
        ("ada", "admin"),
        ("maria", "fact-checker"),
    ]


def test_first_admin_with_another_as_then_normal_checks(cli: CLI) -> None:
    """--as naming nobody yet does not block the first admin; afterwards only admins add people."""
    cli.ok("user", "add", "ada", "--role", "admin", actor="someone")
    refused = cli("user", "add", "bob", "--role", "admin", actor="someone")
    assert refused.exit_code == 3
    assert "unknown person 'someone'" in refused.stderr
    cli.ok("user", "add", "maria", "--role", "fact-checker", actor="ada")
    refused = cli("user", "add", "bob", "--role", "admin", actor="maria")
    assert refused.exit_code == 6, refused.stderr
    assert "cannot manage people" in refused.stderr


def test_first_person_must_still_be_an_admin(cli: CLI) -> None:
    """The bootstrap admits only an admin, with or without an actor."""
    refused = cli("user", "add", "ada", "--role", "editor", env={"CLAIMDB_USER": "ada"})
    assert refused.exit_code != 0
    assert "must be an admin" in refused.stderr


def test_unknown_actor_on_an_empty_desk_is_told_how_to_start(cli: CLI) -> None:
    """Acting as someone on an empty desk says nobody is there yet and how to add the first admin."""
    refused = cli("claim", "add", "A claim.", actor="ada")
    assert refused.exit_code == 3
    assert "nobody is on this desk yet" in refused.stderr
    assert "claimdb user add ada --role admin" in refused.stderr


def _archive_events(cli: CLI, claim: int) -> list[tuple[str, str | None]]:
    history = json.loads(cli.ok("history", str(claim), "-f", "json").stdout)
    return [(e["action"], e["reason"]) for e in history if e["action"] in ("archived", "restored")]


def test_restore_needs_no_reason_and_logs_one_when_given(cli: CLI, desk: dict[str, str]) -> None:
    """`claim archive N --restore` brings a claim back without --reason; a given reason is logged."""
    claim = add_claim(cli, "A claim.")
    cli.ok("claim", "archive", str(claim), "--reason", "duplicate", actor="fiona")
    result = cli.ok("claim", "archive", str(claim), "--restore", actor="fiona")
    assert f"claim {claim} restored" in result.stderr
    assert [c["id"] for c in json.loads(cli.ok("claim", "list", "-f", "json").stdout)] == [claim]
    cli.ok("claim", "archive", str(claim), "--reason", "duplicate again", actor="fiona")
    cli.ok(
        "claim", "archive", str(claim), "--restore", "--reason", "not a duplicate", actor="fiona"
    )
    assert _archive_events(cli, claim) == [
        ("archived", "duplicate"),
        ("restored", None),
        ("archived", "duplicate again"),
        ("restored", "not a duplicate"),
    ]


def test_archiving_still_needs_a_reason(cli: CLI, desk: dict[str, str]) -> None:
    """Without --restore, --reason stays required: nothing is archived without one."""
    claim = add_claim(cli, "A claim.")
    refused = cli("claim", "archive", str(claim), actor="fiona")
    assert refused.exit_code == 5
    assert "archiving needs a reason" in refused.stderr
    assert [c["id"] for c in json.loads(cli.ok("claim", "list", "-f", "json").stdout)] == [claim]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("json", "[]\n"),
        ("jsonl", ""),
        ("csv", "claim_id,external_id,check,message\n"),
        ("table", ""),
    ],
)
def test_lint_without_findings_still_answers_in_its_format(
    cli: CLI, desk: dict[str, str], fmt: str, expected: str
) -> None:
    """No findings: json prints [], jsonl nothing, csv the header of a finding's fields."""
    add_claim(cli, "A claim.")
    result = cli.ok("lint", "--format", fmt)
    assert result.stdout == expected
    assert "no findings" in result.stderr


LIMITED = [
    ["claim", "list"],
    ["review", "queue"],
    ["source", "list"],
    ["log"],
    ["export", "--format", "json"],
]


@pytest.mark.parametrize("command", LIMITED, ids=" ".join)
def test_limit_means_the_same_everywhere(
    cli: CLI, desk: dict[str, str], command: list[str]
) -> None:
    """--limit N keeps N rows and --limit 0 keeps all, on every command that has --limit."""
    for n in range(3):
        add_claim(cli, f"Claim {n}.", "--type", "event")
        add_source(cli, f"Source {n}", f"https://s.example/{n}")
    everything = json.loads(cli.ok(*command, "--limit", "1000", "-f", "json").stdout)
    assert len(everything) >= 3
    assert json.loads(cli.ok(*command, "--limit", "0", "-f", "json").stdout) == everything
    assert json.loads(cli.ok(*command, "-n", "2", "-f", "json").stdout) == everything[:2]
    refused = cli(*command, "--limit", "-1")
    assert refused.exit_code == 2
    assert "0: no limit" in cli.ok(*command, "--help").stdout


def test_lint_limit_zero_checks_every_claim(cli: CLI, desk: dict[str, str]) -> None:
    """`lint --limit 0` selects every claim, as `claim list --limit 0` does."""
    for n in range(3):
        claim = add_claim(cli, f"Claim {n}.", "--type", "event")
        cli.ok("verify", str(claim), "--verdict", "unverifiable", "--rationale", "x", actor="fiona")
    every = json.loads(cli("lint", "-f", "json").stdout)
    assert len({f["claim_id"] for f in every}) == 3
    assert json.loads(cli("lint", "--limit", "0", "-f", "json").stdout) == every
    one = json.loads(cli("lint", "--limit", "1", "-f", "json").stdout)
    assert {f["claim_id"] for f in one} == {every[0]["claim_id"]}
