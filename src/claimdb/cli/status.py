"""``claimdb status``: the dashboard, one row per document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimdb.cli.common import reader
from claimdb.cli.output import Format, FormatOption, console, write_rows

if TYPE_CHECKING:
    from rich.text import Text


def register(app: typer.Typer) -> None:
    app.command("status")(status)


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


BAR_WIDTH = 30


def _bar(done: int, total: int) -> Text:
    """A progress bar of block characters, readable without colour (piped, NO_COLOR).

    Rich's ProgressBar draws done and to-do with the same character in two
    colours, so without colour it is one blank or uniform line.
    """
    from rich.text import Text

    filled = round(BAR_WIDTH * done / total) if total else 0
    if done and not filled:
        filled = 1  # something decided shows
    bar = Text("█" * filled, style="green")
    bar.append("░" * (BAR_WIDTH - filled), style="dim")
    return bar


def _flat(row: Any) -> dict[str, Any]:
    """A dashboard row with the per-status and per-verdict counts as columns (for CSV)."""
    data = row.model_dump(mode="json")
    flat = {k: v for k, v in data.items() if k not in ("by_status", "by_verdict")}
    flat.update({f"status_{k}": v for k, v in data["by_status"].items()})
    flat.update({f"verdict_{k}": v for k, v in data["by_verdict"].items()})
    return flat


def status(
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document (slug or id).")] = (
        None
    ),
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Show each document's progress: claims by status and verdict, evidence, flags, decided.

    Example: claimdb status --doc trump-russia-rapprochement
    """
    from claimdb.services.status import document_status

    with reader() as r:
        rows = document_status(r, document=doc)
    if fmt is Format.CSV:
        flat = [_flat(r) for r in rows]
        keys = list(dict.fromkeys(k for r in flat for k in r))
        write_rows([{k: r.get(k, 0) for k in keys} for r in flat], fmt)
    elif fmt is not Format.TABLE:
        write_rows(rows, fmt)
    else:
        _render(rows)


def _render(rows: list[Any]) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    out = console()
    if not rows:
        from claimdb.cli.output import info

        info("no documents or claims yet")
        return
    for r in rows:
        title = r.document or "claims outside any document"
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        grid.add_row("claims", Text(f"{r.claims} ({r.checkable} checkable)"))
        grid.add_row(
            "by status",
            Text(", ".join(f"{k} {v}" for k, v in r.by_status.items() if v) or "none"),
        )
        grid.add_row(
            "by verdict",
            Text(", ".join(f"{k} {v}" for k, v in r.by_verdict.items()) or "no verdicts yet"),
        )
        grid.add_row(
            "supported",
            Text(f"{r.supported} of {r.checkable} checkable ({_pct(r.supported_share)})"),
        )
        grid.add_row("open flags", Text(str(r.open_flags)))
        bar = _bar(r.decided, r.checkable)
        bar.append(f" {r.decided} of {r.checkable} decided ({_pct(r.decided_share)})")
        grid.add_row("decided", bar)
        body: list[Any] = [grid]
        if r.title:
            body.insert(0, Text(r.title, style="dim"))
        out.print(Panel(Group(*body), title=title, title_align="left"))
