"""A new user's first steps: the first admin, restoring a claim, --limit, lint's empty output."""

from __future__ import annotations

import json

from conftest import CLI


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
