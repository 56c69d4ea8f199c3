"""Commands that create something print it with --format json, so scripts can chain them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import CLI
from support import parse


def _created(cli: CLI, fmt: str, *args: str, actor: str = "fiona") -> dict[str, Any]:
    """Run a creating command in ``fmt``; the one record it printed on stdout, as a dict."""
    result = cli.ok(*args, "--format", fmt, actor=actor)
    assert result.stderr.strip(), "the human message stays on stderr"
    data = parse(fmt, result.stdout)
    if fmt == "json":
        assert isinstance(data, dict)
        return data
    assert len(data) == 1
    return dict(data[0])


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_each_creating_command_prints_the_new_record(
    cli: CLI, desk: dict[str, str], fmt: str
) -> None:
    """claim add, source add, cite, verify, note and flag raise print the row they created."""
    claim = _created(cli, fmt, "claim", "add", "Exports fell by half.", "--type", "statistic")
    claim_id = int(claim["id"])
    source = _created(
        cli, fmt, "source", "add", "--title", "Trade data", "--url", "https://stats.example/t"
    )
    source_id = int(source["id"])
    citation = _created(
        cli, fmt, "cite", str(claim_id), str(source_id), "--stance", "supports", "--quote", "half"
    )
    verdict = _created(
        cli, fmt, "verify", str(claim_id), "--verdict", "true", "--rationale", "The data says so."
    )
    note = _created(cli, fmt, "note", str(claim_id), "Which year?", "--kind", "query")
    flag = _created(cli, fmt, "flag", "raise", str(claim_id), "--reason", "outdated")

    dossier = json.loads(cli.ok("claim", "show", str(claim_id), "-f", "json").stdout)
    assert dossier["claim"]["text"] == claim["text"] == "Exports fell by half."
    shown = json.loads(cli.ok("source", "show", str(source_id), "-f", "json").stdout)
    assert shown["source"]["title"] == source["title"] == "Trade data"
    assert [(c["id"], c["source_id"]) for c in dossier["evidence"]] == [
        (int(citation["id"]), source_id)
    ]
    assert int(citation["claim_id"]) == claim_id
    assert dossier["current_verdict_id"] == int(verdict["id"])
    assert [(n["id"], n["body"]) for n in dossier["notes"]] == [(int(note["id"]), "Which year?")]
    flags = json.loads(cli.ok("flag", "list", "--claim", str(claim_id), "-f", "json").stdout)
    assert [(f["id"], f["reason"]) for f in flags] == [(int(flag["id"]), "outdated")]
    if fmt != "csv":  # the move a citation or verdict caused comes with it
        assert citation["transition"]["after"] == "in_progress"
        assert verdict["transition"]["after"] == "needs_review"

    plain = cli.ok("note", str(claim_id), "Without --format.", actor="fiona")
    assert plain.stdout == ""  # the table format keeps today's message, on stderr only
    assert f"on claim {claim_id}" in plain.stderr
