"""The root ``claimdb`` command: global options and the wiring of command groups."""

from __future__ import annotations

from typing import Annotated

import typer

from claimdb import __version__
from claimdb.cli import (
    claims,
    database,
    documents,
    evidence,
    exporting,
    extracting,
    importing,
    lint,
    log,
    matching,
    notes,
    people,
    report,
    review,
    search,
    seed,
    sources,
    status,
)
from claimdb.cli.common import RootOptions, Typer

app = Typer(
    name="claimdb",
    help=(
        "claimdb: a claim-and-citation fact-checking database.\n\n"
        "Claims anchored to the words of their documents, linked to the sources that "
        "support or refute them, with verdicts, notes, flags and the full history of "
        "who decided what. Start with `claimdb init`, then `claimdb seed`."
    ),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimdb {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help=(
                "Database: a file path (SQLite) or a URL such as "
                "postgresql+psycopg://user@host/claims (or set CLAIMDB_URL). "
                "Default: the file `claimdb info` prints."
            ),
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """claimdb: a claim-and-citation fact-checking database."""
    ctx.obj = RootOptions(db=db)


database.register(app)
seed.register(app)
importing.register(app)
exporting.register(app)
report.register(app)
lint.register(app)
app.add_typer(people.app, name="user")
app.add_typer(claims.app, name="claim")
app.add_typer(sources.app, name="source")
app.add_typer(documents.app, name="doc")
evidence.register(app)  # cite, uncite, verify, scale
notes.register(app)  # note, flag
app.add_typer(review.app, name="review")
search.register(app)
status.register(app)
log.register(app)  # history, log
matching.register(app)  # match
extracting.register(app)  # extract, score


def main() -> None:
    """Console-script entry point."""
    app()
