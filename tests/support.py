"""Helpers for the CLI workflow tests: run a write, get the new id, parse any output format."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from conftest import CLI

FORMATS = ["table", "json", "jsonl", "csv"]


def new_id(result: Any, pattern: str) -> int:
    """The id in the success message (stderr), e.g. pattern ``added claim (\\d+)``."""
    match = re.search(pattern, result.stderr)
    assert match, f"{pattern!r} not in stderr:\n{result.stderr}"
    return int(match.group(1))


def add_claim(cli: CLI, text: str, *args: str, actor: str = "fiona") -> int:
    """Add a claim as a fixture: ``--anyway``, since fixtures' short texts look alike to the
    matcher (checked-before behaviour is tested in test_matching_cli.py)."""
    result = cli.ok("claim", "add", text, *args, "--anyway", actor=actor)
    return new_id(result, r"added claim (\d+)")


def add_source(cli: CLI, title: str, url: str, *args: str, actor: str = "fiona") -> int:
    result = cli.ok("source", "add", "--title", title, "--url", url, *args, actor=actor)
    return new_id(result, r"added source (\d+)")


def cite(cli: CLI, claim: int, source: int, stance: str, *args: str, actor: str = "fiona") -> int:
    result = cli.ok("cite", str(claim), str(source), "--stance", stance, *args, actor=actor)
    return new_id(result, r"citation (\d+):")


def parse(fmt: str, out: str) -> Any:
    """Parse machine output: json (any value), jsonl (list), csv (list of dicts)."""
    if fmt == "json":
        return json.loads(out)
    if fmt == "jsonl":
        return [json.loads(line) for line in out.splitlines()]
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(out)))
    raise ValueError(fmt)


def status_of(cli: CLI, claim: int) -> str:
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    return str(data["claim"]["status"])


def database_state(cli: CLI) -> dict[str, Any]:
    """Everything a refused command could have changed, as the CLI reports it."""
    return {
        "log": cli.ok("log", "--limit", "0", "-f", "json").stdout,
        "claims": cli.ok("claim", "list", "--archived", "-f", "json").stdout,
        "sources": cli.ok("source", "list", "-f", "json").stdout,
        "flags": cli.ok("flag", "list", "-f", "json").stdout,
        "status": cli.ok("status", "-f", "json").stdout,
    }
