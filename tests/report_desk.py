"""A desk for the annotated report's tests: the ``report`` document with claims in every state.

Anchors that nest, overlap and touch; a verified claim, a disputed one whose
text is markup, a source whose title would close a ``<script>``, an open flag
and notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from conftest import CLI
from support import add_claim, add_source, cite

HOSTILE_CLAIM = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = "Budget law </script><script>alert(2)</script> & annex"


@dataclass(frozen=True)
class Desk:
    true: int  # verified, verdict true: "3.2 trillion rubles ($37 billion)"
    hostile: int  # verdict false, text HOSTILE_CLAIM, overlaps `true`
    survey: int  # encloses `firms`
    firms: int
    gas_half: int  # touches gas_again
    gas_again: int
    opinion: int  # not checkable
    text: str


def build(cli: CLI, text: str) -> Desk:
    """Claims, sources, citations, verdicts, a flag and notes on the ``report`` document."""

    def anchored(claim: str, quote: str, *args: str) -> int:
        start = text.index(quote)
        return add_claim(
            cli,
            claim,
            "--doc",
            "report",
            "--start",
            str(start),
            "--end",
            str(start + len(quote)),
            *args,
        )

    true = anchored(
        "Russia spent 3.2 trillion rubles ($37 billion) on debt servicing by 2025.",
        "3.2 trillion rubles ($37 billion)",
        "--type",
        "statistic",
    )
    hostile = anchored(HOSTILE_CLAIM, "($37 billion) on debt servicing", "--type", "statistic")
    survey = anchored(
        "A 2024 survey found that 80% of firms view the market as risky.",
        "A 2024 survey found that 80% of firms view the market as risky.",
        "--type",
        "event",
    )
    firms = anchored(
        "80% of firms view the market as risky.", "80% of firms", "--type", "statistic"
    )
    gas_half = anchored(
        "Gas exports fell by half after 2022.",
        "Gas exports fell by half after 2022.",
        "--type",
        "statistic",
    )
    gas_again = anchored(
        "Gas exports fell again in 2024.", " Gas exports fell again in 2024.", "--type", "event"
    )
    opinion = anchored("The policy is a mistake.", "The policy is a mistake.", "--type", "opinion")

    law = add_source(
        cli,
        HOSTILE_TITLE,
        "https://minfin.example/budget",
        "--archive-url",
        "https://web.archive.org/web/2025/https://minfin.example/budget",
    )
    stats = add_source(cli, "Rosstat debt tables", "https://rosstat.example/debt")
    cite(cli, true, law, "supports", "--quote", "debt service: 3.2 trn RUB")
    cli.ok(
        "verify",
        str(true),
        "--verdict",
        "true",
        "--rationale",
        "The budget law says so.",
        actor="fiona",
    )
    cli.ok("review", "decide", str(true), "--approve", "--note", "Checked.", actor="eddie")
    cite(cli, hostile, stats, "refutes", "--quote", "<b>2.1</b> trn RUB")
    cli.ok(
        "verify",
        str(hostile),
        "--verdict",
        "false",
        "--rationale",
        "Rosstat: 2.1 trillion.",
        actor="fiona",
    )
    cli.ok(
        "flag",
        "raise",
        str(firms),
        "--reason",
        "needs-source",
        "--note",
        "which survey?",
        actor="fiona",
    )
    cli.ok("note", str(firms), "Ask the author.", actor="fiona")
    cli.ok("note", str(firms), "Yale?", actor="fiona")
    return Desk(true, hostile, survey, firms, gas_half, gas_again, opinion, text)
