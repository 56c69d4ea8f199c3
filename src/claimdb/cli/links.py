"""``claimdb source check`` and ``source archive``: keeping sources checkable.

Registered on the ``source`` group by :mod:`claimdb.cli.sources`. Neither
imports httpx (nor the services) until it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from claimdb.cli.common import ActorOption, db_option_value, uow
from claimdb.cli.output import Format, FormatOption, err_console, info, shorten, write_rows

SourcesArg = Annotated[
    list[str] | None,
    typer.Argument(metavar="[SOURCES]...", help="Source ids, URLs or DOIs.", show_default=False),
]
DEAD_EXIT = 1
"""`source check` exits 1 when any checked link is dead (like `lint` with findings)."""


def _ids(refs: list[str] | None) -> list[int]:
    if not refs:
        return []
    from claimdb.services.sources import source_id

    with uow(write=False) as u:
        return [source_id(u, ref=ref) for ref in refs]


@contextmanager
def _progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr when it is a terminal; nothing otherwise."""
    console = err_console()
    if not console.is_terminal:
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        f"[progress.description]{what}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(what, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _detail(c: Any) -> str:
    parts = []
    if c.error:
        parts.append(c.error)
    if c.soft_404:
        parts.append(f"soft 404: {c.soft_404}")
    if c.redirects:
        kind = "moved" if c.permanent_redirect else "temporary redirect"
        parts.append(f"{kind} to {c.final_url}")
    if c.truncated:
        parts.append(f"body over the cap (read {c.bytes_read:,} bytes)")
    if c.status == "dead" and not c.archived:
        parts.append("no archived copy")
    for q in c.quotes:
        parts.append(
            f"citation {q.citation_id}: quote {q.match}"
            + (f" ({q.score:.0f})" if q.match == "fuzzy" else "")
        )
    return "; ".join(parts)


CHECK_COLUMNS = [
    ("source", lambda c: c.source_id),
    (
        "status",
        lambda c: (
            c.status.value if c.status == c.previous else f"{c.previous.value} -> {c.status.value}"
        ),
    ),
    ("code", lambda c: c.status_code),
    ("url", lambda c: shorten(c.url, 50)),
    ("detail", _detail),
]


def check(
    sources: SourcesArg = None,
    *,
    all_: Annotated[bool, typer.Option("--all", help="Every source with a URL.")] = False,
    stale: Annotated[
        int | None,
        typer.Option("--stale", metavar="DAYS", min=0, help="Sources not checked for DAYS days."),
    ] = None,
    document: Annotated[
        str | None, typer.Option("--doc", metavar="SLUG", help="Sources this document cites.")
    ] = None,
    quotes: Annotated[
        bool,
        typer.Option("--quotes", help="Also look for each citation's quoted passage in the page."),
    ] = False,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-j", min=1, help="Requests in flight.")
    ] = 16,
    per_host: Annotated[int, typer.Option("--per-host", min=1, help="Requests per host.")] = 4,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds to wait for an answer.")
    ] = 10.0,
    retries: Annotated[
        int, typer.Option("--retries", min=0, help="Retries of a timeout, reset or 5xx.")
    ] = 2,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Bytes of a body read and hashed.")
    ] = 5 * 1024 * 1024,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Check sources' links: status, redirects, content hash, soft 404s; --quotes re-finds passages.

    Every check is stored (`source show` lists them) and the source's link status
    (live, redirected, dead, blocked, unknown) is derived from its history. With
    --quotes, a citation whose passage is no longer in the page gets a
    quote-not-found flag. Exits 1 when any checked link is dead.

    Example: claimdb source check --stale 30 --quotes --as maria
    """
    from claimdb.errors import ClaimDBError
    from claimdb.schemas.links import LinkSelection
    from claimdb.services.links import CheckOptions, check_sources

    selection = LinkSelection(ids=_ids(sources), all=all_, stale_days=stale, document=document)
    options = CheckOptions(
        concurrency=concurrency,
        per_host=per_host,
        timeout=timeout,
        retries=retries,
        max_bytes=max_bytes,
        quotes=quotes,
    )
    with _progress("checking links") as progress:
        report = check_sources(
            db_option_value(), actor=actor, selection=selection, options=options, progress=progress
        )
    for sid in report.skipped:
        info(f"source {sid} has no URL: not checked")
    write_rows(report.checks, fmt, CHECK_COLUMNS, title="link checks", empty="no sources to check")
    lost = sum(1 for c in report.checks for q in c.quotes if q.flag_id is not None)
    if lost:
        info(f"{lost} quoted passage(s) not found: flagged quote-not-found (see `claimdb review`)")
    dead = [c for c in report.checks if c.status.value == "dead"]
    if dead:
        bare = sum(1 for c in dead if not c.archived)
        raise ClaimDBError(
            f"{len(dead)} of {len(report.checks)} links dead ({bare} with no archived copy)",
            hint="find archived copies with `claimdb source archive --dead`",
        )
    info(f"checked {len(report.checks)} links: none dead")


ARCHIVE_COLUMNS = [
    ("source", lambda a: a.source_id),
    ("url", lambda a: shorten(a.url, 45)),
    ("archived copy", lambda a: a.archive_url or "-"),
    ("captured", lambda a: a.captured_at.strftime("%Y-%m-%d %H:%M") if a.captured_at else None),
    ("note", lambda a: a.error or ("new" if a.changed else "unchanged")),
]


def archive(
    sources: SourcesArg = None,
    *,
    dead: Annotated[bool, typer.Option("--dead", help="Sources whose link is dead.")] = False,
    missing: Annotated[
        bool, typer.Option("--missing", help="Sources with no archived copy yet.")
    ] = False,
    save: Annotated[
        bool, typer.Option("--save", help="Ask the archive to take a capture now first.")
    ] = False,
    archive_url: Annotated[
        str | None,
        typer.Option(
            "--archive-url",
            envvar="CLAIMDB_ARCHIVE_URL",
            help="The archive's address (default https://archive.org).",
            show_default=False,
        ),
    ] = None,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Record sources' latest copies in the Wayback Machine (--save asks it to take one).

    Looks each source's URL up in the archive's availability API and records the
    archived URL and when it was captured; a dead source with a copy no longer
    counts against its claims. CLAIMDB_ARCHIVE_SAVE_URL says where --save goes
    (web.archive.org for archive.org).

    Example: claimdb source archive --dead --as maria
    """
    from claimdb.schemas.links import LinkSelection
    from claimdb.services.links import archive_sources

    selection = LinkSelection(ids=_ids(sources), dead=dead, missing=missing)
    with _progress("asking the archive") as progress:
        found = archive_sources(
            db_option_value(),
            actor=actor,
            selection=selection,
            save=save,
            archive_url=archive_url,
            progress=progress,
        )
    write_rows(found, fmt, ARCHIVE_COLUMNS, title="archived copies", empty="no sources to look up")
    copies = sum(1 for a in found if a.archive_url)
    info(f"{copies} of {len(found)} sources have an archived copy")
