"""The review queue lists what an editor can do with each claim, and every action is accepted."""

from __future__ import annotations

import json
from typing import Any

from conftest import CLI
from support import add_claim, add_source, cite, status_of


def _queue(cli: CLI) -> list[dict[str, Any]]:
    return list(json.loads(cli.ok("review", "--limit", "0", "-f", "json").stdout))


def _act(cli: CLI, claim: int, action: str) -> None:
    """Carry out one of a queue entry's actions, as an editor, and check it was accepted."""
    n = str(claim)
    if action == "resolve-flags":
        flags = json.loads(cli.ok("flag", "list", "--open", "--claim", n, "-f", "json").stdout)
        assert flags, f"claim {claim} lists resolve-flags without an open flag"
        for flag in flags:
            cli.ok("flag", "resolve", str(flag["id"]), "--resolution", "dealt with", actor="eddie")
        return
    argv = {
        "approve": ["review", "decide", n, "--approve", "--note", "The verdict stands."],
        "unsupported": ["review", "decide", n, "--unsupported", "--note", "Nothing supports it."],
        "request-changes": ["review", "decide", n, "--request-changes", "--note", "Look again."],
        "request": ["review", "request", n, "--note", "Find a source.", "--assign", "fiona"],
        "reopen": ["claim", "reopen", n, "--reason", "Worth another look."],
    }[action]
    cli.ok(*argv, actor="eddie")


def test_every_item_of_the_seeds_queue_can_be_acted_on(cli: CLI, desk: dict[str, str]) -> None:
    """Each entry of the seed report's queue lists actions, and each one listed is accepted."""
    cli.ok("seed")
    first = _queue(cli)
    assert len(first) > 50
    # Two claims a fact-checker has worked on, so the queue holds every undecided status.
    worked, waiting = first[0]["claim_id"], first[1]["claim_id"]
    source = add_source(cli, "A source", "https://s.example/1")
    cite(cli, worked, source, "refutes")
    cite(cli, waiting, source, "supports")
    cli.ok("verify", str(waiting), "--verdict", "true", "--rationale", "r", actor="fiona")
    queue = _queue(cli)
    statuses = {e["status"] for e in queue}
    assert {"unreviewed", "in_progress", "needs_review"} <= statuses
    for i, entry in enumerate(queue):
        assert entry["actions"], entry
        _act(cli, entry["claim_id"], entry["actions"][i % len(entry["actions"])])
    # What stays (claims sent to fact-checkers, decided claims with open flags) can be too.
    rest = _queue(cli)
    assert {"in_progress", "unsupported"} <= {e["status"] for e in rest}
    for i, entry in enumerate(rest):
        _act(cli, entry["claim_id"], entry["actions"][i % len(entry["actions"])])
    # Every decision is in the log.
    decided = json.loads(
        cli.ok("log", "--limit", "0", "--action", "status_changed", "-f", "json").stdout
    )
    assert sum(e["actor"] == "eddie" for e in decided) >= len(queue) // 2


def test_actions_follow_the_claims_state(cli: CLI, desk: dict[str, str]) -> None:
    """Unreviewed, in progress, awaiting review (approvable or not) and decided claims."""
    source = add_source(cli, "A source", "https://s.example/1")
    unreviewed = add_claim(cli, "Nobody has looked.", "--type", "event")
    in_progress = add_claim(cli, "Only refuted so far.", "--type", "event")
    cite(cli, in_progress, source, "refutes")
    approvable = add_claim(cli, "Supported and rated.", "--type", "event")
    cite(cli, approvable, source, "supports")
    cli.ok("verify", str(approvable), "--verdict", "true", "--rationale", "r", actor="fiona")
    broken = add_claim(cli, "Rated, then its support removed.", "--type", "event")
    citation = cite(cli, broken, source, "supports")
    cli.ok("verify", str(broken), "--verdict", "true", "--rationale", "r", actor="fiona")
    cli.ok("uncite", str(citation), actor="fiona")
    decided = add_claim(cli, "Decided, then flagged.", "--type", "event")
    cli.ok("review", "decide", str(decided), "--unsupported", "--note", "n", actor="eddie")
    cli.ok("flag", "raise", str(decided), "--reason", "outdated", actor="fiona")

    actions = {e["claim_id"]: e["actions"] for e in _queue(cli)}
    assert actions == {
        unreviewed: ["unsupported", "request"],
        in_progress: ["unsupported", "request"],
        approvable: ["approve", "unsupported", "request-changes", "request"],
        broken: ["unsupported", "request-changes", "request"],
        decided: ["request", "resolve-flags", "reopen"],
    }
    table = cli.ok("review").stdout
    assert "actions" in table
    assert "unsupported, request" in table
    refused = cli("review", "decide", str(broken), "--approve", "--note", "n", actor="eddie")
    assert refused.exit_code == 7  # not listed, and indeed refused


def test_unsupported_before_anyone_checked_it(cli: CLI, desk: dict[str, str]) -> None:
    """An unreviewed claim found unsupported: a decision note and the move, both logged."""
    claim = add_claim(cli, "Nobody has looked.", "--type", "event")
    result = cli.ok(
        "review",
        "decide",
        str(claim),
        "--unsupported",
        "--note",
        "No source exists.",
        actor="eddie",
    )
    assert "unreviewed → unsupported" in result.stderr
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    assert data["claim"]["status"] == "unsupported"
    assert [(n["kind"], n["body"], n["author"]) for n in data["notes"]] == [
        ("decision", "No source exists.", "eddie")
    ]
    assert [(e["entity"], e["action"], e["actor"]) for e in data["history"][-2:]] == [
        ("note", "created", "eddie"),
        ("claim", "status_changed", "eddie"),
    ]
    assert data["history"][-1]["reason"].startswith("review decision: reject")
    again = cli("review", "decide", str(claim), "--unsupported", "--note", "n", actor="eddie")
    assert again.exit_code == 7
    assert f"claimdb claim reopen {claim}" in again.stderr


def test_request_sends_a_claim_to_a_fact_checker(cli: CLI, desk: dict[str, str]) -> None:
    """A request is a query note, an event naming who is asked, and a move to in_progress."""
    claim = add_claim(cli, "Nobody has looked.", "--type", "event")
    result = cli.ok(
        "review",
        "request",
        str(claim),
        "--note",
        "Find a source.",
        "--assign",
        "fiona",
        "-f",
        "json",
        actor="eddie",
    )
    out = json.loads(result.stdout)
    assert (out["claim_id"], out["assigned_to"]) == (claim, "fiona")
    assert (out["note"]["kind"], out["note"]["body"]) == ("query", "Find a source.")
    assert (out["transition"]["before"], out["transition"]["after"]) == (
        "unreviewed",
        "in_progress",
    )
    assert "request to fiona" in result.stderr
    history = json.loads(cli.ok("history", str(claim), "-f", "json").stdout)
    requested = [e for e in history if e["action"] == "review_requested"]
    assert [(e["actor"], e["after"], e["reason"]) for e in requested] == [
        ("eddie", {"note": out["note"]["id"], "assigned_to": "fiona"}, "Find a source.")
    ]
    # In progress already: the request is recorded, the claim stays where it is.
    again = json.loads(
        cli.ok(
            "review", "request", str(claim), "--note", "And a second.", "-f", "json", actor="eddie"
        ).stdout
    )
    assert again["transition"] is None
    assert again["assigned_to"] is None
    assert status_of(cli, claim) == "in_progress"


def test_request_refusals(cli: CLI, desk: dict[str, str]) -> None:
    """Only editors request; the person asked must be on the desk and able to check claims."""
    claim = add_claim(cli, "Nobody has looked.", "--type", "event")
    by_checker = cli("review", "request", str(claim), "--note", "n", actor="fiona")
    assert by_checker.exit_code == 6
    unknown = cli("review", "request", str(claim), "--note", "n", "--assign", "zed", actor="eddie")
    assert unknown.exit_code == 3
    assert "unknown person 'zed'" in unknown.stderr
    analyst = cli("review", "request", str(claim), "--note", "n", "--assign", "anna", actor="eddie")
    assert analyst.exit_code == 5
    assert "anna is analyst and cannot check claims" in analyst.stderr
    assert status_of(cli, claim) == "unreviewed"
    assert json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)["notes"] == []
