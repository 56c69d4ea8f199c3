"""``claimdb report``: one document's annotated HTML page, claims highlighted by verdict."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claimdb.cli.common import uow
from claimdb.cli.exporting import write_through_temp
from claimdb.cli.output import info
from claimdb.wording import counted


def report(
    document: Annotated[str, typer.Argument(help="Document slug or id.", show_default=False)],
    version: Annotated[
        int | None,
        typer.Option(
            "--version",
            "-v",
            help="The document version to show (default: the latest).",
            min=1,
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE (replaced only once the page is complete) instead of stdout.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a document's annotated report: one self-contained HTML page, claims highlighted.

    The text with its sections as contents, every claim's words marked by verdict (or
    status) with a label, a panel per claim (verdict, rationale, evidence, flags), a
    summary and filters; readable without JavaScript and in print. Same database,
    same bytes. `claimdb export --format html --doc DOC` writes the same page.

    Example: claimdb report trump-russia-rapprochement -o report.html
    """
    from claimdb.services.reports import write_report

    with uow(write=False) as u:
        if output is None:
            outcome = write_report(u, document=document, version=version, out=sys.stdout)
            sys.stdout.flush()
        else:
            outcome = write_through_temp(
                output, lambda out: write_report(u, document=document, version=version, out=out)
            )
    info(
        f"reported {counted(outcome.claims, 'claim')} on {outcome.document} "
        f"version {outcome.version}" + (f" to {output}" if output else "")
    )


def register(app: typer.Typer) -> None:
    app.command("report")(report)
