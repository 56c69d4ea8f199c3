"""The root ``claimdb`` command: global options and the table of commands.

The root knows each command's name, module and summary from :data:`COMMANDS` and
imports only the module of the command being run (see
:class:`claimdb.cli.common.LazyGroup`): a read command does not pay for the
modules, pydantic schemas and ORM mappers of the other command groups.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from claimdb import __version__
from claimdb.cli.common import LazyGroup, RootOptions, Typer

COMMANDS: tuple[tuple[str, str, str], ...] = (
    # (name, module[:sub-app], summary: the first sentence of its help), in --help's order.
    # tests/test_startup.py checks this table against the commands the modules define.
    ("init", "database", "Create a claimdb database at the latest schema (idempotent)."),
    (
        "info",
        "database",
        "Show which database claimdb uses, where that came from, and its schema revision.",
    ),
    ("seed", "seed", "Load the seed report and its curated claims; loading again changes nothing."),
    (
        "import",
        "importing",
        "Import claims (CSV, TSV, JSON, JSONL, ClaimReview, Fact Check API) or sources (CSL-JSON).",
    ),
    (
        "export",
        "exporting",
        "Export the claims the filters select, with verdicts and citations; same database, "
        "same bytes.",
    ),
    (
        "report",
        "report",
        "Write a document's annotated report: one self-contained HTML page, claims highlighted.",
    ),
    (
        "lint",
        "lint",
        "Check the selected claims for what would make an export invalid or misleading.",
    ),
    (
        "cite",
        "evidence",
        "Link a source to a claim as evidence, with its stance and the quoted passage.",
    ),
    ("uncite", "evidence", "Remove a citation (the event log keeps what it was)."),
    (
        "verify",
        "evidence",
        "Record a verdict under the evidence rules and send the claim to an editor.",
    ),
    ("note", "notes", "Add a note to a claim's thread, or reply to a note with --reply-to."),
    (
        "search",
        "search",
        "Search the claims' text and quote; best matches first, matched words shown.",
    ),
    (
        "status",
        "status",
        "Show each document's progress: claims by status and verdict, evidence, flags, decided.",
    ),
    (
        "history",
        "log",
        "Show everything that happened to a claim, oldest first: who, when, what, why.",
    ),
    (
        "log",
        "log",
        "Show the event log, newest first, filtered by who, what kind, which action and when.",
    ),
    (
        "match",
        "matching",
        "Checked before? Rank the stored claims by how surely they state the same as TEXT.",
    ),
    (
        "score",
        "extracting",
        "Score sentences for check-worthiness: score, label at the default threshold, scorer.",
    ),
    ("db", "database", "Schema migrations: upgrade, current, check, history."),
    ("user", "people:app", "People on the desk: add them, list them, change their role."),
    (
        "claim",
        "claims:app",
        "Claims: add, list, show (the full dossier), edit, tag, archive, reopen.",
    ),
    ("source", "sources:app", "Sources: add them (duplicates are caught), list, show, edit."),
    ("doc", "documents:app", "Documents: load a report from a file, list them, read their text."),
    ("scale", "evidence", "Rating scales: the labels a verdict may use."),
    (
        "flag",
        "notes",
        "Flags: raise a concern about a claim, list flags, resolve them (editors).",
    ),
    ("review", "review:app", "The review queue and editors' decisions."),
    (
        "extract",
        "extracting",
        "Proposed claims: every check-worthy assertion of a document, anchored and scored, for a "
        "person to accept or dismiss.",
    ),
)


class RootGroup(LazyGroup):
    table = COMMANDS


app = Typer(
    name="claimdb",
    cls=RootGroup,
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


def main() -> None:
    """Console-script entry point."""
    # claimdb uses no pydantic plugins: without this, pydantic's first model or adapter scans
    # every installed distribution's entry points for them (3 ms CPU with this project's 78,
    # more in a larger environment). PYDANTIC_DISABLE_PLUGINS= (empty) turns them back on.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app()
