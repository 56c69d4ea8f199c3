"""`claimdb match`: checked before? The stored claims most like a text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer

from claimdb.cli.common import reader
from claimdb.cli.output import Format, FormatOption, console, err_console, highlighted, write_rows

TIER_WORDS = {
    "same": "same claim",
    "similar": "similar",
    "different-number": "different number",
    "none": "",
}


def render_matches(matches: Sequence[Any], fmt: Format, *, empty: str) -> None:
    """Matches as a table (score, tier, status, verdict, text with its shared words marked)."""
    if fmt is not Format.TABLE:
        write_rows(matches, fmt)
        return
    if not matches:
        err_console().print(empty)
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    table.add_column("claim", no_wrap=True, justify="right")
    table.add_column("score", no_wrap=True)
    table.add_column("tier", max_width=10)
    table.add_column("status / verdict", max_width=22)
    table.add_column("text (shared words marked)", overflow="fold", ratio=1)
    for m in matches:
        verdict = m.verdict_title or m.verdict
        if m.same_as is not None:
            via = m.same_as.verdict_title or m.same_as.verdict or "no verdict"
            verdict = f"repeats {m.same_as.claim_id}: {via}"
        text = highlighted(m.text, m.spans)
        if m.tier == "different-number":
            text.append(f"  (numbers: {', '.join(m.numbers_claim)} here, ")
            text.append(f"{', '.join(m.numbers_query)} asked)")
        table.add_row(
            str(m.claim_id),
            f"{m.score:.2f}",
            Text(TIER_WORDS[m.tier]),
            Text(m.status.value + (f"\n{verdict}" if verdict else "")),
            text,
        )
    console().print(table)


def match_command(
    text: Annotated[str, typer.Argument(help="The text to look for: a claim, a sentence, a post.")],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=1000, help="At most N.")] = 10,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Checked before? Rank the stored claims by how surely they state the same as TEXT.

    Candidates come from the full-text index and are re-ranked on words,
    numbers and names; each result has a score from 0 to 1 and a tier: "same
    claim", "similar", or "similar, different number" when their numbers
    disagree. See docs/matching.md.

    Example: claimdb match 'Europe cut imports from Russia by 80 percent'
    """
    from claimdb.services.match_reads import match_claims

    with reader() as r:
        found = match_claims(r, text=text, limit=limit)
    render_matches(found, fmt, empty="no stored claim shares a word with that text")


def register(app: typer.Typer) -> None:
    app.command("match")(match_command)
