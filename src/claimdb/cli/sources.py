"""``claimdb source``: the sources evidence comes from (add, list, show, edit)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from claimdb.cli.common import ActorOption, LimitOption, Typer, no_limit, uow
from claimdb.cli.output import (
    Format,
    FormatOption,
    info,
    report_created,
    shorten,
    success,
    write_one,
    write_rows,
)
from claimdb.enums import LinkStatus, Reliability

app = Typer(help="Sources: add them (duplicates are caught), list, show, edit.")

SOURCE_COLUMNS = [
    ("id", lambda s: s.id),
    ("type", lambda s: s.csl_type),
    ("title", lambda s: shorten(s.title, 50)),
    ("publisher", lambda s: shorten(s.publisher or s.container_title, 25)),
    ("issued", lambda s: s.issued),
    ("reliability", lambda s: s.reliability.value),
    ("link", lambda s: s.link_status.value + (" (archived)" if s.archive_url else "")),
    ("checked", lambda s: s.link_checked_at.strftime("%Y-%m-%d") if s.link_checked_at else None),
    ("cited", lambda s: s.citations),
]

SourceArg = Annotated[str, typer.Argument(metavar="SOURCE", help="The source's id, URL or DOI.")]
_DATE = ["%Y-%m-%d"]


def _author(value: str) -> dict[str, str]:
    """ "Family, Given" is a person; anything else is an organisation's name."""
    family, sep, given = value.partition(",")
    if sep and family.strip() and given.strip():
        return {"family": family.strip(), "given": given.strip()}
    return {"literal": value.strip()}


URL_HELP = "The address (http or https only)."


@app.command("add")
def add(
    *,
    title: Annotated[str, typer.Option("--title", help="The source's title.")],
    url: Annotated[str | None, typer.Option("--url", help=URL_HELP)] = None,
    doi: Annotated[
        str | None, typer.Option("--doi", help="A DOI (10.NNNN/... or doi.org URL).")
    ] = (None),
    csl_type: Annotated[
        str, typer.Option("--type", help="CSL type: webpage, report, article-newspaper, dataset...")
    ] = "webpage",
    authors: Annotated[
        list[str] | None,
        typer.Option("--author", help='"Family, Given" or an organisation (repeatable).'),
    ] = None,
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    container: Annotated[
        str | None, typer.Option("--container", help="Journal, newspaper or site it is part of.")
    ] = None,
    issued: Annotated[
        str | None, typer.Option("--issued", help="Date: YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    accessed: Annotated[
        datetime | None, typer.Option("--accessed", formats=_DATE, help="When you read it.")
    ] = None,
    archive_url: Annotated[
        str | None, typer.Option("--archive-url", help="A saved copy (e.g. web.archive.org).")
    ] = None,
    reliability: Annotated[
        Reliability, typer.Option("--reliability", help="The desk's rating.")
    ] = Reliability.UNKNOWN,
    link_status: Annotated[
        LinkStatus, typer.Option("--link-status", help="Whether the URL still answers.")
    ] = LinkStatus.UNKNOWN,
    note: Annotated[str | None, typer.Option("--note")] = None,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Add a source; one with the same URL (normalised) or DOI is refused and offered instead.

    With --format json (jsonl, csv) the new source is printed on stdout.

    Example: claimdb source add --title "Yale CELI list" --url https://som.yale.edu/ --as maria
    """
    from claimdb.schemas.sources import CslName, SourceIn
    from claimdb.services.sources import add_source

    data = SourceIn(
        csl_type=csl_type,
        title=title,
        authors=[CslName(**_author(a)) for a in authors or []],
        container_title=container,
        publisher=publisher,
        issued=issued,
        url=url,
        doi=doi,
        accessed=accessed.date() if accessed else None,
        archive_url=archive_url,
        reliability=reliability,
        link_status=link_status,
        note=note,
    )
    with uow() as u:
        out = add_source(u, actor=actor, data=data)
    report_created(out, fmt, f"added source {out.id}: {shorten(out.title, 60)}")
    warn_idn(out.url, out.archive_url)


def warn_idn(*urls: str | None) -> None:
    """Say so when a URL's host is internationalised: a look-alike shows in its punycode form."""
    from claimdb.schemas.common import url_display

    for url in urls:
        if url and url_display(url) != url:
            info(
                f"note: {url} has an internationalised host name, {url_display(url)}; "
                "check it is the site you mean"
            )


@app.command("list")
def list_(
    *,
    search: Annotated[
        str | None, typer.Option("--search", "-q", help="Text in the title or publisher.")
    ] = None,
    csl_type: Annotated[str | None, typer.Option("--type", help="Only this CSL type.")] = None,
    reliability: Annotated[
        list[Reliability] | None, typer.Option("--reliability", help="Rating (repeatable).")
    ] = None,
    link_status: Annotated[
        list[LinkStatus] | None, typer.Option("--link-status", help="Link status (repeatable).")
    ] = None,
    limit: LimitOption = 0,
    offset: Annotated[int, typer.Option("--offset", min=0)] = 0,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List sources with how often each is cited, filtered by text, type, rating and link.

    Example: claimdb source list -q yale --link-status dead
    """
    from claimdb.schemas.sources import SourceQuery
    from claimdb.services.sources import find_sources

    query = SourceQuery(
        text=search,
        csl_type=csl_type,
        reliability=reliability or [],
        link_status=link_status or [],
        limit=no_limit(limit),
        offset=offset,
    )
    with uow(write=False) as u:
        rows = find_sources(u, query=query)
    write_rows(rows, fmt, SOURCE_COLUMNS, empty="no sources match")


@app.command("show")
def show(source: SourceArg, fmt: FormatOption = Format.TABLE) -> None:
    """Show a source and every citation of it (SOURCE: its id, URL or DOI).

    Example: claimdb source show 3 --format json
    """
    from claimdb.services.citations import show_source
    from claimdb.services.sources import source_id as find

    with uow(write=False) as u:
        detail = show_source(u, source_id=find(u, ref=source))
    write_one(detail, fmt, render_table=_render)


def _render(detail: Any) -> None:
    from claimdb.cli.output import write_table

    write_one(detail.source, Format.TABLE, title=f"source {detail.source.id}")
    write_table(
        detail.citations,
        [
            ("citation", lambda c: c.id),
            ("claim", lambda c: c.claim_id),
            ("kind", lambda c: c.kind.value),
            ("stance", lambda c: c.stance.value if c.stance else None),
            ("quoted passage", lambda c: c.quote),
            ("where", lambda c: c.locator),
            ("by", lambda c: c.added_by),
        ],
        title="Citations",
        empty="not cited yet",
    )
    if detail.checks:
        write_table(
            detail.checks,
            [
                ("checked", lambda c: c.checked_at.strftime("%Y-%m-%d %H:%M")),
                ("outcome", lambda c: c.outcome.value),
                ("code", lambda c: c.status_code),
                ("final URL", lambda c: c.final_url),
                ("detail", lambda c: c.error or (c.soft_404 and f"soft 404: {c.soft_404}")),
            ],
            title="Latest link checks",
            empty="never checked",
        )


@app.command("edit")
def edit(
    source: SourceArg,
    *,
    title: Annotated[str | None, typer.Option("--title")] = None,
    url: Annotated[str | None, typer.Option("--url", help=URL_HELP)] = None,
    doi: Annotated[str | None, typer.Option("--doi")] = None,
    csl_type: Annotated[str | None, typer.Option("--type", help="CSL type.")] = None,
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    container: Annotated[str | None, typer.Option("--container")] = None,
    issued: Annotated[str | None, typer.Option("--issued")] = None,
    accessed: Annotated[datetime | None, typer.Option("--accessed", formats=_DATE)] = None,
    archive_url: Annotated[str | None, typer.Option("--archive-url")] = None,
    reliability: Annotated[Reliability | None, typer.Option("--reliability")] = None,
    link_status: Annotated[LinkStatus | None, typer.Option("--link-status")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    actor: ActorOption = None,
) -> None:
    """Edit a source's fields (SOURCE: its id, URL or DOI); another source's URL or DOI is refused.

    Example: claimdb source edit 3 --link-status dead --as maria
    """
    from claimdb.errors import InvalidInput
    from claimdb.schemas.sources import SourcePatch
    from claimdb.services.sources import edit_source
    from claimdb.services.sources import source_id as find

    given = {
        "title": title,
        "url": url,
        "doi": doi,
        "csl_type": csl_type,
        "publisher": publisher,
        "container_title": container,
        "issued": issued,
        "accessed": accessed.date() if accessed else None,
        "archive_url": archive_url,
        "reliability": reliability,
        "link_status": link_status,
        "note": note,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes:
        raise InvalidInput("nothing to change", hint="give at least one field, e.g. --link-status")
    with uow() as u:
        out = edit_source(
            u, actor=actor, source_id=find(u, ref=source), patch=SourcePatch(changes=changes)
        )
    success(f"source {out.id} updated: {', '.join(changes)}")


def _register_link_commands() -> None:
    from claimdb.cli import links

    app.command("check")(links.check)
    app.command("archive")(links.archive)


_register_link_commands()
