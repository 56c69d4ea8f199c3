"""``claimdb doc``: load a report from a file (PDF, HTML, Markdown, text) and read it back."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimdb.cli.common import ActorOption, Typer, uow
from claimdb.cli.output import (
    Format,
    FormatOption,
    info,
    shorten,
    success,
    write_one,
    write_rows,
)
from claimdb.wording import counted

if TYPE_CHECKING:
    from claimdb.schemas.documents import DocumentAddReport, DocumentDetail

app = Typer(help="Documents: load a report from a file, list them, read their text.")

VersionOption = Annotated[
    int | None, typer.Option("--version", help="Which version (default: the latest).")
]
DocArg = Annotated[str, typer.Argument(metavar="SLUG", help="The document's slug or id.")]


@app.command("add")
def add(
    file: Annotated[
        str,
        typer.Argument(metavar="FILE|-", help="A .txt, .md, .html or .pdf file; - reads stdin."),
    ],
    *,
    slug: Annotated[
        str | None, typer.Option("--slug", help="Its handle (default: from the title).")
    ] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    author: Annotated[str | None, typer.Option("--author")] = None,
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    published: Annotated[
        datetime | None, typer.Option("--published", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="Where it is published.")] = None,
    language: Annotated[str | None, typer.Option("--language", help="BCP 47, e.g. en.")] = None,
    file_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="txt|md|html|pdf",
            help="The file's format (needed for stdin; overrides the extension).",
        ),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="A text file's encoding (default UTF-8).")
    ] = None,
    new_version_of: Annotated[
        str | None,
        typer.Option(
            "--new-version-of",
            metavar="SLUG",
            help="Store the text as the next version of this document and re-anchor its claims.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and re-anchor, show the report, write nothing.")
    ] = False,
    show: Annotated[
        str,
        typer.Option(
            "--show",
            metavar="table|json",
            help="How to print the report: table (for people) or json.",
        ),
    ] = "table",
    actor: ActorOption = None,
) -> None:
    """Load a report from a PDF, HTML, Markdown or text file, with its sections and citations.

    The extracted text becomes the document's version; headings become sections; footnotes
    and links become sources and the document's own citations. What the reader repaired
    (hyphenation, running headers, page numbers) and what it suspects are printed.
    With --new-version-of SLUG the text is the document's next version and every claim is
    re-anchored: exact, moved, changed (flagged anchor-changed; a decided claim reopens)
    or orphaned (flagged, left on its old version). The same text again changes nothing.

    Example: claimdb doc add report.pdf --slug usda-structure --as maria
    """
    from claimdb.errors import InvalidInput
    from claimdb.schemas.documents import DocumentMeta
    from claimdb.services.documents import add_document_file

    if file == "-":
        if not file_format:
            raise InvalidInput("reading stdin needs --format txt|md|html|pdf")
        data = sys.stdin.buffer.read()
        name = f"stdin.{file_format}"
    else:
        path = Path(file)
        if not path.is_file():
            raise InvalidInput(f"{file}: no such file", hint="give the path of a report file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read {file}: {exc.strerror}") from None
        name = path.name
    meta = DocumentMeta(
        slug=slug,
        title=title,
        author=author,
        publisher=publisher,
        published=published.date() if published else None,
        url=url,
        language=language,
    )
    with uow() as u:
        report = add_document_file(
            u,
            actor=actor,
            data=data,
            name=name,
            fmt=file_format,
            encoding=encoding,
            meta=meta,
            new_version_of=new_version_of,
            dry_run=dry_run,
        )
        if dry_run:
            u.discard()
    _announce(report)
    write_one(report, Format.JSON if show == "json" else Format.TABLE, render_table=_report_table)


def _announce(report: DocumentAddReport) -> None:
    where = f"{report.document} version {report.version}"
    if report.status == "unchanged":
        info(f"doc add: {report.file} is already {where}; nothing changed")
        return
    verb = "would add" if report.dry_run else "added"
    line = (
        f"doc add: {verb} {where} from {report.file} ({report.format}, "
        f"{report.characters:,} characters, {counted(report.sections, 'section')}, "
        f"{counted(report.citations, 'citation')})"
    )
    if report.dry_run:
        info(line + "; --dry-run: nothing written")
    else:
        success(line)


def _report_table(report: DocumentAddReport) -> None:
    from rich.table import Table
    from rich.text import Text

    from claimdb.cli.output import console

    summary = Table(show_header=False, box=None)
    summary.add_column(style="bold")
    summary.add_column(overflow="fold")
    rows = [
        ("document", f"{report.document} (version {report.version}, {report.status})"),
        ("file", f"{report.file} ({report.format}, sha256 {report.sha256[:12]}…)"),
        ("text", f"{report.characters:,} characters, {counted(report.sections, 'section')}"),
        (
            "citations",
            f"{report.citations} ({report.sources_added} sources added, "
            f"{report.sources_reused} already known)",
        ),
    ]
    for finding in report.repairs:
        rows.append(("repaired", finding.detail))
    shown = report.suspects[:10]
    for finding in shown:
        where = f" (at {finding.offset})" if finding.offset is not None else ""
        rows.append(("suspect", finding.detail + where))
    if len(report.suspects) > len(shown):
        rows.append(("suspect", f"… and {len(report.suspects) - len(shown)} more (--show json)"))
    if report.counts:
        rows.append(("re-anchored", ", ".join(f"{k} {v}" for k, v in report.counts.items())))
    for key, value in rows:
        summary.add_row(key, Text(value))
    console().print(summary)
    moved = [p for p in report.reanchored if p.outcome != "exact"]
    if moved:
        table = Table(title="claims re-anchored", header_style="bold")
        for header in ("claim", "outcome", "old words", "new words", "%"):
            table.add_column(header, overflow="fold")
        for p in moved:
            table.add_row(
                str(p.claim_id),
                p.outcome,
                Text(shorten(p.old_words, 60)),
                Text(shorten(p.new_words, 60) if p.new_words else "-"),
                f"{p.similarity:g}",
            )
        console().print(table)


@app.command("list")
def list_(fmt: FormatOption = Format.TABLE) -> None:
    """List documents with their versions and claims.

    Example: claimdb doc list --format csv
    """
    from claimdb.services.documents import list_documents

    with uow(write=False) as u:
        rows = list_documents(u)
    write_rows(
        rows,
        fmt,
        [
            ("slug", lambda r: r.slug),
            ("title", lambda r: shorten(r.title, 60)),
            ("published", lambda r: r.published),
            ("versions", lambda r: r.versions),
            ("latest", lambda r: r.latest_version),
            ("claims", lambda r: r.claims),
        ],
        empty="no documents yet: add one with `claimdb doc add FILE`",
    )


@app.command("show")
def show(
    doc: DocArg,
    version: Annotated[
        int | None, typer.Option("--version", help="Which version (default: latest).")
    ] = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Show a document: metadata, versions, section tree, claims by status, its own citations.

    Example: claimdb doc show usda-structure
    """
    from claimdb.services.documents import show_document

    with uow(write=False) as u:
        detail = show_document(u, ref=doc, version=version)
    write_one(detail, fmt, render_table=_detail_table)


def _detail_table(detail: DocumentDetail) -> None:
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    from claimdb.cli.output import console

    d = detail.document
    head = Table(show_header=False, box=None)
    head.add_column(style="bold")
    head.add_column(overflow="fold")
    for key, value in (
        ("slug", d.slug),
        ("title", d.title),
        ("author", d.author),
        ("publisher", d.publisher),
        ("published", d.published),
        ("url", d.url),
        ("language", d.language),
        ("version shown", d.version_number),
        (
            "claims",
            ", ".join(f"{k} {v}" for k, v in detail.claims_by_status.items()) or "none",
        ),
    ):
        head.add_row(key, Text("" if value is None else str(value)))
    console().print(head)
    versions = Table(title="versions", header_style="bold")
    for header in ("version", "characters", "sections", "claims", "citations", "from", "added"):
        versions.add_column(header)
    for v in detail.versions:
        origin = v.provenance.get("file") if isinstance(v.provenance, dict) else v.provenance
        versions.add_row(
            str(v.number),
            f"{v.characters:,}",
            str(v.sections),
            str(v.claims),
            str(v.citations),
            Text(shorten(str(origin or ""), 40)),
            f"{v.created_at:%Y-%m-%d}",
        )
    console().print(versions)
    if detail.sections:
        tree = Tree("sections")
        nodes: dict[int, Any] = {}
        for s in detail.sections:
            parent = nodes.get(s.parent_id) if s.parent_id else None
            label = Text(f"{s.title}  ({s.start_offset}-{s.end_offset})")
            nodes[s.id] = (parent or tree).add(label)
        console().print(tree)
    if detail.citations:
        cites = Table(title="the document's own citations", header_style="bold")
        for header in ("#", "marker", "at", "source", "note or URL"):
            cites.add_column(header, overflow="fold")
        for c in detail.citations:
            cites.add_row(
                str(c.ordinal),
                Text(shorten(c.marker, 20)),
                str(c.marker_start),
                str(c.source_id or ""),
                Text(shorten(c.note or c.url or "", 70)),
            )
        console().print(cites)


@app.command("text")
def text(
    doc: DocArg,
    version: Annotated[
        int | None, typer.Option("--version", help="Which version (default: latest).")
    ] = None,
    section: Annotated[
        str | None, typer.Option("--section", help="Only this section (its title or number).")
    ] = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Print a document's text (one version, or one section of it), exactly as stored.

    Example: claimdb doc text usda-structure --section "Food Safety"
    """
    from claimdb.services.documents import document_text

    with uow(write=False) as u:
        out = document_text(u, ref=doc, version=version, section=section)
    if fmt is Format.TABLE:
        sys.stdout.write(out.text if out.text.endswith("\n") else out.text + "\n")
        return
    write_one(out, fmt)


@app.command("versions")
def versions(doc: DocArg, fmt: FormatOption = Format.TABLE) -> None:
    """List a document's versions: size, sections, claims, citations and where each came from.

    Example: claimdb doc versions usda-structure
    """
    from claimdb.services.documents import document_versions

    with uow(write=False) as u:
        rows = document_versions(u, ref=doc)
    write_rows(
        rows,
        fmt,
        [
            ("version", lambda r: r.number),
            ("characters", lambda r: r.characters),
            ("sections", lambda r: r.sections),
            ("claims", lambda r: r.claims),
            ("citations", lambda r: r.citations),
            (
                "from",
                lambda r: (
                    r.provenance.get("file")
                    if isinstance(r.provenance, dict)
                    else shorten(str(r.provenance or ""), 40)
                ),
            ),
            ("sha256", lambda r: r.content_hash[:12]),
            ("added", lambda r: f"{r.created_at:%Y-%m-%d %H:%M}"),
        ],
    )
