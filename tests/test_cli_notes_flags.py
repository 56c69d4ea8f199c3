"""`claimdb note` and `claimdb flag` (raise, resolve, list) through the real CLI."""

from __future__ import annotations

import json

import pytest

from conftest import CLI
from support import FORMATS, add_claim, new_id, parse


def test_notes_thread_by_reply(cli: CLI, desk: dict[str, str]) -> None:
    """Replies nest under the note they answer, as deep as the conversation goes."""
    claim = add_claim(cli, "A claim.")
    q = new_id(
        cli.ok("note", str(claim), "Which year?", "--kind", "query", actor="fiona"), r"note (\d+)"
    )
    a = new_id(
        cli.ok(
            "note", str(claim), "2025.", "--reply-to", str(q), "--kind", "answer", actor="eddie"
        ),
        r"note (\d+)",
    )
    cli.ok("note", str(claim), "Thanks.", "--reply-to", str(a), actor="fiona")
    cli.ok("note", str(claim), "Separate point.", actor="fiona")
    notes = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)["notes"]
    assert [n["body"] for n in notes] == ["Which year?", "Separate point."]
    assert notes[0]["replies"][0]["body"] == "2025."
    assert notes[0]["replies"][0]["replies"][0]["body"] == "Thanks."
    assert notes[0]["replies"][0]["author"] == "eddie"


def test_note_refusals(cli: CLI, desk: dict[str, str]) -> None:
    """A reply to another claim's note, a missing parent, and a checker's decision note are refused."""
    a = add_claim(cli, "A.")
    b = add_claim(cli, "B.")
    note = new_id(cli.ok("note", str(a), "hi", actor="fiona"), r"note (\d+)")
    other = cli("note", str(b), "re", "--reply-to", str(note), actor="fiona")
    assert other.exit_code == 5
    assert f"belongs to claim {a}" in other.stderr
    missing = cli("note", str(b), "re", "--reply-to", "999", actor="fiona")
    assert missing.exit_code == 3
    decision = cli("note", str(b), "approved", "--kind", "decision", actor="fiona")
    assert decision.exit_code == 6
    assert "decide in review" in decision.stderr
    cli.ok("note", str(b), "for the record", "--kind", "decision", actor="eddie")
    analyst = cli("note", str(b), "hello", actor="anna")
    assert analyst.exit_code == 6


def test_flag_raise_resolve_and_refusals(cli: CLI, desk: dict[str, str]) -> None:
    """`flag CLAIM` raises; editors resolve once; a second resolve and a checker's are refused."""
    claim = add_claim(cli, "A claim.")
    flag = new_id(
        cli.ok(
            "flag", str(claim), "--reason", "needs-source", "--note", "who said it?", actor="fiona"
        ),
        r"flag (\d+)",
    )
    long_form = new_id(
        cli.ok("flag", "raise", str(claim), "--reason", "outdated", actor="fiona"), r"flag (\d+)"
    )
    checker = cli("flag", "resolve", str(flag), "--resolution", "found it", actor="fiona")
    assert checker.exit_code == 6
    assert "resolve flags: that needs the role editor or admin" in checker.stderr
    cli.ok("flag", "resolve", str(flag), "--resolution", "found it", actor="eddie")
    twice = cli("flag", "resolve", str(flag), "--resolution", "again", actor="eddie")
    assert twice.exit_code == 7
    assert f"flag {flag} was already resolved by eddie" in twice.stderr
    unknown = cli("flag", "resolve", "999", "--resolution", "x", actor="eddie")
    assert unknown.exit_code == 3
    bad_reason = cli("flag", str(claim), "--reason", "boring", actor="fiona")
    assert bad_reason.exit_code == 2
    open_flags = json.loads(cli.ok("flag", "list", "--open", "-f", "json").stdout)
    assert [f["id"] for f in open_flags] == [long_form]
    resolved = json.loads(cli.ok("flag", "list", "--claim", str(claim), "-f", "json").stdout)[0]
    assert (resolved["resolved_by"], resolved["resolution"]) == ("eddie", "found it")
    events = json.loads(cli.ok("log", "--kind", "flag", "-f", "json", "--oldest-first").stdout)
    assert [e["action"] for e in events] == ["raised", "raised", "resolved"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_flag_list_in_every_format(cli: CLI, desk: dict[str, str], fmt: str) -> None:
    """flag list renders id, claim, reason, note and resolution in every format."""
    claim = add_claim(cli, "A claim.")
    cli.ok(
        "flag", str(claim), "--reason", "transcription", "--note", "run-on heading", actor="fiona"
    )
    out = cli.ok("flag", "list", "-f", fmt).stdout
    if fmt == "table":
        assert "transcription" in out
        assert "run-on heading" in out
        assert "open" in out
        return
    rows = parse(fmt, out)
    assert [(int(r["claim_id"]), r["reason"], r["note"]) for r in rows] == [
        (claim, "transcription", "run-on heading")
    ]


def test_flag_list_of_unknown_claim(cli: CLI, desk: dict[str, str]) -> None:
    """Listing the flags of a claim that does not exist exits 3."""
    assert cli("flag", "list", "--claim", "5").exit_code == 3


def test_default_subcommands(cli: CLI, desk: dict[str, str]) -> None:
    """`review` alone is the queue, `flag CLAIM` raises; `--help` and bare `flag` show the group."""
    claim = add_claim(cli, "A claim.")
    queue = cli.ok("review")
    assert "no supporting evidence: nothing cited yet" in queue.stdout
    assert "decide" in cli.ok("review", "--help").stdout
    bare_flag = cli("flag")
    assert "raise" in bare_flag.output
    assert "resolve" in bare_flag.output
    assert json.loads(cli.ok("flag", "list", "-f", "json").stdout) == []
    cli.ok("flag", str(claim), "--reason", "other", actor="fiona")
    assert len(json.loads(cli.ok("flag", "list", "-f", "json").stdout)) == 1
