"""``claimdb seed``: load the seed report and every claim curated from it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimdb.cli.common import ActorOption, uow
from claimdb.cli.output import Format, FormatOption, info, success, write_one
from claimdb.wording import counted

if TYPE_CHECKING:
    from claimdb.schemas.seed import SeedReport


def register(app: typer.Typer) -> None:
    app.command("seed")(seed)


def seed(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            metavar="PATH",
            help=(
                "A claims file in the claimdb-seed/1 format, next to its document "
                "(default: the seed report shipped with claimdb)."
            ),
            exists=True,
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Load the seed report and its curated claims; loading again changes nothing.

    Every quote is checked at its offsets first; a bad file loads nothing and
    each problem is named as FILE:LINE: claims[ID].FIELD. Runs as the built-in
    `claimdb` person unless --as names someone allowed to import.

    Example: claimdb seed
    """
    from claimdb.services.seed import load_seed

    with uow() as u:
        report = load_seed(u, path=file, actor=actor)
    announce(report)
    write_one(report, fmt, render_table=_table)


def announce(report: SeedReport) -> None:
    """One line on stderr saying what changed, or that nothing did."""
    if report.document_status == "unchanged":
        document = "document unchanged"
    else:
        document = f"document {report.document_status} (version {report.version}, "
        document += f"{report.sections} sections)"
    line = (
        f"seed: {document}; {counted(report.claims_added, 'claim')} added, "
        f"{report.claims_present} already present"
    )
    if report.changed:
        success(line)
    else:
        info(line + "; nothing changed")


def _table(report: SeedReport) -> None:
    from rich.table import Table
    from rich.text import Text

    from claimdb.cli.output import console

    types = ", ".join(f"{kind} {n}" for kind, n in report.by_type.items())
    rows = [
        ("document", f"{report.document} (id {report.document_id}, version {report.version})"),
        ("sections", str(report.sections)),
        (
            "claims",
            f"{report.claims} ({report.claims_added} added, {report.claims_present} present)",
        ),
        ("by type", types),
        ("checkable", f"{report.checkable} checkable, {report.not_checkable} not checkable"),
        ("quantities", str(report.quantities)),
        ("notes", str(report.notes)),
        ("flags", str(report.flags)),
        (
            "report citations",
            f"{report.report_citations}, naming {report.sources} "
            f"source{'' if report.sources == 1 else 's'} ({report.sources_added} added)",
        ),
        ("loaded as", report.loaded_as),
    ]
    table = Table(show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(overflow="fold")
    for key, value in rows:
        table.add_row(key, Text(value))
    console().print(table)
