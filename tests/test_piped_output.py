"""Tables read well when piped: 80 columns, no terminal, no colour."""

from __future__ import annotations

import re

from conftest import CLI

PIPED = {"COLUMNS": "80"}  # CliRunner's stdout is never a terminal
LONG = [
    "Russia's federal budget spent more on servicing its debt in 2025 than on healthcare and "
    "education together, according to the finance ministry's own figures.",
    "More than one thousand Western companies curtailed or ended their Russian operations after "
    "the invasion of 2022, though far fewer left the country altogether.",
    "Gas exports to Europe fell by half.",
]


def _rows(table: str) -> list[list[str]]:
    """The table's body split into rows: a row starts on a line whose first cell is an id."""
    body = table.splitlines()[2:]  # the header and its rule
    rows: list[list[str]] = []
    for line in body:
        if re.match(r"^\d+ ", line):
            rows.append([line])
        elif line.strip():
            rows[-1].append(line)
    return rows


def test_claim_list_piped_keeps_each_claim_to_two_lines(cli: CLI, desk: dict[str, str]) -> None:
    """At 80 columns the text gets the room: no row over 2 lines, no line over 80, ids whole."""
    for text in LONG:
        cli.ok("claim", "add", text, "--speaker", "the finance ministry", actor="fiona")
    out = cli.ok("claim", "list", "--sort", "id", env=PIPED).stdout
    rows = _rows(out)
    assert [r[0].split()[0] for r in rows] == ["1", "2", "3"]
    assert all(len(r) <= 2 for r in rows), out
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert "Russia's federal budget" in rows[0][0]
    assert rows[0][0].split()[:4] == ["1", "3", "unreviewed", "other"]  # narrow cells whole
    assert "…" in "".join(rows[0])  # cut at a word, and says so
    assert "…" not in "".join(rows[2])  # a short text stays whole
    assert "│" not in out  # no vertical rules eating the room


def test_review_uses_the_width_it_has(cli: CLI, desk: dict[str, str]) -> None:
    """At 120 columns the queue shows far more than 60 characters of a claim."""
    cli.ok("claim", "add", LONG[1], actor="fiona")
    out = cli.ok("review", env={"COLUMNS": "120"}).stdout
    assert "operations after the invasion" in out  # past the 90th character
    assert all(len(line) <= 120 for line in out.splitlines())
    rows = _rows(out)
    assert len(rows) == 1
    assert len(rows[0]) <= 2


def test_status_bar_is_visible_without_colour(cli: CLI, report: str) -> None:
    """The dashboard's bar is block characters, done and to do, with the count beside it."""
    for quote in ("3.2 trillion rubles", "80% of firms"):
        cli.ok(
            "claim",
            "add",
            "A claim.",
            "--doc",
            "report",
            "--quote",
            quote,
            "--anyway",
            actor="fiona",
        )
    cli.ok("verify", "1", "--verdict", "unverifiable", "--rationale", "r", actor="fiona")
    cli.ok("review", "decide", "1", "--approve", "--note", "ok", actor="eddie")
    out = cli.ok("status", env=PIPED).stdout
    (line,) = [x for x in out.splitlines() if "decided" in x and "of 2" in x]
    assert "█" * 15 + "░" * 15 + " 1 of 2 decided (50%)" in line
