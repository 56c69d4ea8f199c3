"""``claimdb export``: claims as CSV, JSON, JSONL, ClaimReview, CSL-JSON, Markdown or HTML."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from claimdb.cli.common import uow
from claimdb.cli.filters import with_claim_filter
from claimdb.cli.output import info
from claimdb.enums import ExportFormat
from claimdb.wording import counted


@with_claim_filter
def export_command(
    where: Any,
    *,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv, json, jsonl, claimreview (JSON-LD), csl-json (the cited sources), "
            "markdown (a verification appendix) or html (the annotated report of the --doc "
            "document, as `claimdb report` writes it).",
            case_sensitive=False,
        ),
    ] = ExportFormat.JSON,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to FILE (replaced only once the export is complete) instead of stdout.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    review_base_url: Annotated[
        str | None,
        typer.Option(
            "--review-base-url",
            envvar="CLAIMDB_REVIEW_BASE_URL",
            help="ClaimReview: the url of a verdict without its own review URL is BASE/CLAIM-ID. "
            "Env: CLAIMDB_REVIEW_BASE_URL.",
            show_default=False,
        ),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option(
            "--publisher",
            envvar="CLAIMDB_PUBLISHER",
            help="ClaimReview: the organisation that publishes the reviews (default: the "
            "reviewer). Env: CLAIMDB_PUBLISHER.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export the claims the filters select, with verdicts and citations; same database, same bytes.

    Example: claimdb export --format csv --status verified --doc annual-report -o verified.csv
    """
    from claimdb.services.exporting import ExportOptions, export

    if fmt is ExportFormat.HTML and where.document is None:
        raise typer.BadParameter("html is the report of one document: add --doc DOC")
    options = ExportOptions(review_base_url=review_base_url, publisher=publisher)
    chosen = fmt
    with uow(write=False) as u:
        if output is None:
            report = export(u, where=where, fmt=chosen, out=sys.stdout, options=options)
            sys.stdout.flush()
        else:
            report = write_through_temp(
                output, lambda out: export(u, where=where, fmt=chosen, out=out, options=options)
            )
    what = counted(report.claims, "claim")
    if chosen is ExportFormat.CSL_JSON:
        what = f"{counted(report.sources, 'source')} cited by {what}"
    elif chosen is ExportFormat.CLAIMREVIEW and report.skipped:
        what += f" ({report.skipped} without a verdict left out)"
    info(f"exported {what}" + (f" to {output}" if output else ""))


def write_through_temp(path: Path, write: Any) -> Any:
    """Write ``path`` safely: a regular file through a temporary file renamed over it on success.

    Only a regular file (or a new one) is replaced by rename: a device or a
    FIFO (``-o /dev/null``, a named pipe) is written directly, since renaming
    over it would replace it with a regular file. A new file gets the user's
    umask, a replaced one keeps its mode; a symlink's target is written, not
    the link.
    """
    import stat

    from claimdb.errors import InvalidInput

    target = path.resolve()
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    if st is None and not target.parent.is_dir():
        raise InvalidInput(f"no folder {target.parent} to write {path.name} in")
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InvalidInput(f"{path} is a directory", hint="give a file name with -o")
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(target, "w", encoding="utf-8", newline="") as out:
            return write(out)
    if st is not None:
        mode = stat.S_IMODE(st.st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            result = write(out)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return result


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
