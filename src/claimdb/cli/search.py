"""``claimdb search``: full-text search over claims, best first, matched words in context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimdb.cli.common import reader
from claimdb.cli.output import Format, FormatOption, highlighted, write_rows

if TYPE_CHECKING:
    from rich.text import Text


def register(app: typer.Typer) -> None:
    app.command("search")(search)


def search(
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help='Words; OR, "a phrase", prefix*, -excluded, speaker:NAME (docs/search.md).',
        ),
    ],
    *,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, help="At most this many claims, best first.")
    ] = 20,
    archived: Annotated[bool, typer.Option("--archived", help="Search archived claims too.")] = (
        False
    ),
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Search the claims' text and quote; best matches first, matched words shown.

    All the words must occur (`gas oil`), unless joined by OR (`gas OR oil`);
    "quoted words" must occur together; `export*` matches words starting with
    "export"; `-word` (or NOT word) leaves out claims with it; parentheses group;
    `speaker:obama` looks in the speaker's name. A search matching over a
    thousand claims ranks the newest thousand (docs/search.md).
    A query that cannot mean anything is refused (exit code 5). The same
    language serves `claim list -q`, which combines it with the other filters.

    Example: claimdb search 'gas OR oil' --limit 5
    """
    from claimdb.services.queries import search_claims

    with reader() as r:
        hits = search_claims(r, query=query, limit=limit, include_archived=archived)
    write_rows(
        hits,
        fmt,
        [
            ("id", lambda h: h.id),
            ("status", lambda h: h.status.value),
            ("verdict", lambda h: h.verdict),
            ("match", _highlighted),
        ],
        empty=f"no claims match {query}",
    )


def _highlighted(hit: Any) -> Text:
    """The snippet with its matched words marked."""
    text: Text = highlighted(hit.snippet, hit.highlights)
    return text
