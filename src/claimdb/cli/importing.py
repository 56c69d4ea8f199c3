"""``claimdb import``: claims from CSV, TSV, JSON(L), ClaimReview, the Fact Check API; CSL-JSON."""

from __future__ import annotations

import os
import stat
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated, Any, BinaryIO, cast

import typer

from claimdb.cli.common import ActorOption, uow
from claimdb.cli.output import info, success
from claimdb.enums import ImportFormat, OnMatch
from claimdb.wording import counted

_BY_SUFFIX = {
    ".csv": ImportFormat.CSV,
    ".tsv": ImportFormat.TSV,
    ".tab": ImportFormat.TSV,
    ".json": ImportFormat.JSON,
    ".jsonl": ImportFormat.JSONL,
    ".ndjson": ImportFormat.JSONL,
}
PROGRESS_MIN_BYTES = 8 * 1024 * 1024
"""Files smaller than this import too fast for a progress bar to help."""


def _format_for(path: str, given: ImportFormat | None) -> ImportFormat:
    if given is not None:
        return given
    found = _BY_SUFFIX.get(Path(path).suffix.lower())
    if found is None:
        from claimdb.errors import InvalidInput

        raise InvalidInput(
            f"cannot tell the format of {path!r} from its name",
            hint="pass --format csv|tsv|json|jsonl|claimreview|factcheck-api|csl-json",
        )
    return found


def _open(path: str, stack: ExitStack) -> tuple[IO[bytes], str, int | None]:
    """The stream to read, its name in messages, and its size where known."""
    if path == "-":
        try:
            st = os.fstat(sys.stdin.fileno())
        except (OSError, ValueError):  # not a real file descriptor (e.g. under a test runner)
            return sys.stdin.buffer, "stdin", None
        return sys.stdin.buffer, "stdin", st.st_size if stat.S_ISREG(st.st_mode) else None
    from claimdb.errors import InvalidInput

    p = Path(path)
    try:
        stream: IO[bytes] = stack.enter_context(p.open("rb"))
    except OSError as exc:
        raise InvalidInput(f"cannot open {path}: {exc.strerror}") from None
    size = p.stat().st_size
    if size >= PROGRESS_MIN_BYTES and sys.stderr.isatty() and not os.environ.get("CI"):
        from rich.progress import wrap_file

        from claimdb.cli.output import err_console

        stream = stack.enter_context(
            wrap_file(
                cast(BinaryIO, stream),
                total=size,
                description=f"importing {p.name}",
                console=err_console(),
            )
        )
    return stream, path, size


def import_command(
    file: Annotated[
        str, typer.Argument(help="The file to import, or - for standard input.", metavar="FILE")
    ],
    *,
    fmt: Annotated[
        ImportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="The file's format (default: from its extension).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            help="COLUMN=FIELD: read column COLUMN (a header name, or a position from 1) as "
            "FIELD; FIELD '-' ignores the column. Repeatable.",
            show_default=False,
        ),
    ] = None,
    no_header: Annotated[
        bool,
        typer.Option(
            "--no-header", help="CSV/TSV: the first row is data; map columns by position."
        ),
    ] = False,
    scale: Annotated[
        str | None,
        typer.Option(
            "--scale", help="Rating scale of the verdict labels (claimdb, fever, liar, google-1-5)."
        ),
    ] = None,
    doc: Annotated[
        str | None, typer.Option("--doc", help="File the claims under this document (slug).")
    ] = None,
    verdict_source: Annotated[
        str | None,
        typer.Option(
            "--verdict-source",
            help="TITLE[=URL]: who published the verdicts; cited as the evidence of each one.",
        ),
    ] = None,
    force_reason: Annotated[
        str | None,
        typer.Option(
            "--force-reason",
            help="Record verdicts without the evidence their rule asks for, with this reason.",
        ),
    ] = None,
    id_prefix: Annotated[
        str | None,
        typer.Option("--id-prefix", help="Prefix each external id, e.g. 'liar:'."),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid", help="Import the valid rows; write the others to --rejects."
        ),
    ] = False,
    rejects: Annotated[
        Path | None,
        typer.Option(
            "--rejects",
            help="With --skip-invalid: write each rejected row and its errors here (JSONL).",
            dir_okay=False,
        ),
    ] = None,
    on_match: Annotated[
        OnMatch,
        typer.Option(
            "--on-match",
            help="Check each new row against the stored claims (claim matching) and count the "
            "matches; for a row a stored claim already states: add it anyway, skip it, or add "
            "it linked as a repeat. off: no check (it costs a full-text query per row).",
            case_sensitive=False,
        ),
    ] = OnMatch.OFF,
    merges: Annotated[
        Path | None,
        typer.Option(
            "--merges",
            help="Write each row merged into an earlier row (the same claim) here (JSONL).",
            dir_okay=False,
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Refuse the import when rows that are the same claim disagree on their "
            "verdict, checkable or speaker.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and count everything, write nothing.")
    ] = False,
    actor: ActorOption = None,
) -> None:
    """Import claims (CSV, TSV, JSON, JSONL, ClaimReview, Fact Check API) or sources (CSL-JSON).

    Example: claimdb import claims.csv --map Statement=text --scale liar --as fiona
    """
    from claimdb.errors import InvalidInput
    from claimdb.schemas.imports import ImportRequest
    from claimdb.services.importing import import_file, wants_bulk_load

    if skip_invalid and rejects is None:
        raise InvalidInput(
            "--skip-invalid needs --rejects FILE", hint="the rejected rows must go somewhere"
        )
    if rejects is not None and not skip_invalid:
        raise InvalidInput("--rejects goes with --skip-invalid")
    chosen = _format_for(file, fmt)
    with ExitStack() as stack:
        stream, origin, size = _open(file, stack)
        request = ImportRequest(
            fmt=chosen,
            origin=origin,
            header=not no_header,
            mapping=mapping or [],
            id_prefix=id_prefix,
            scale=scale,
            document=doc,
            verdict_source=verdict_source,
            force_reason=force_reason,
            on_match=on_match,
            skip_invalid=skip_invalid,
            strict=strict,
            dry_run=dry_run,
            size_hint=size,
        )
        on_reject = None
        if rejects is not None:
            out = stack.enter_context(rejects.open("w", encoding="utf-8", newline="\n"))
            on_reject = _rejects_writer(out)
        on_merge = None
        if merges is not None:
            merges_out = stack.enter_context(merges.open("w", encoding="utf-8", newline="\n"))
            on_merge = _merges_writer(merges_out)
        with uow(bulk_load=wants_bulk_load(request)) as u:
            report = import_file(
                u,
                actor=actor,
                stream=stream,
                request=request,
                on_reject=on_reject,
                on_merge=on_merge,
            )
    what = "source" if chosen is ImportFormat.CSL_JSON else "claim"
    parts = [f"{report.unchanged} already there"]
    if what == "claim":
        parts += [
            counted(report.verdicts, "verdict"),
            counted(report.sources_created, "new source"),
        ]
    if on_match is not OnMatch.OFF:
        same = f"{report.matched_same} already stated by a stored claim"
        if report.skipped_same:
            same += f" ({report.skipped_same} skipped)"
        if report.linked:
            same += f" ({report.linked} added as linked repeats)"
        parts += [same, f"{report.matched_similar} similar to a stored claim"]
    if report.merged:
        merged = f"{counted(report.merged, 'row')} merged into an earlier row of the same claim"
        if report.conflicts:
            merged += f", {report.conflicts} with conflicting fields"
        parts.append(merged + (f" (listed in {merges})" if merges else ""))
    if report.tags_normalised:
        examples = ", ".join(f"{g!r} -> {t!r}" for g, t in report.tag_examples.items())
        parts.append(f"{counted(report.tags_normalised, 'tag')} normalised, e.g. {examples}")
    if report.rejected:
        parts.append(f"{report.rejected} rejected (written to {rejects})")
    summary = f"{counted(report.created, what)} imported from {origin} ({', '.join(parts)})"
    if dry_run:
        info(f"dry run, nothing written: {summary}")
    else:
        success(summary)
    shown = report.merges if merges is None else []
    for m in shown:
        if m.conflicts:
            info(f"{origin}:{m.line}: {m.message()}")


def _rejects_writer(out: IO[str]) -> Any:
    from claimdb.formats import rejects

    def write(item: Any) -> None:
        out.write(rejects.dumps(item) + "\n")

    return write


def _merges_writer(out: IO[str]) -> Any:
    import json

    def write(m: Any) -> None:
        row = {
            "line": m.line,
            "into_line": m.into_line,
            "identity": m.identity,
            "conflicts": m.conflicts,
            "text_differs": m.text_differs,
        }
        out.write(json.dumps(row) + "\n")

    return write


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
