"""Exports: the claims a filter selects, streamed in bounded batches, byte-for-byte stable.

The use case: read the claims in batches (:mod:`claimdb.db.export_queries`)
and hand them to the format's writer in :mod:`claimdb.formats`
(docs/import-export.md has every field):

- ``json`` / ``jsonl``: one claim record each (:mod:`claimdb.formats.claim_json`);
- ``csv``: the same fields flattened, safe to open in a spreadsheet
  (:mod:`claimdb.formats.delimited`);
- ``claimreview``: schema.org ClaimReview JSON-LD for each claim with a verdict;
- ``csl-json``: the sources the selected claims cite;
- ``markdown``: a verification appendix with numbered sources;
- ``html``: the annotated report of one document (the filter must name it),
  written by :mod:`claimdb.services.reports`.

Deterministic: the filter's order always ends with the claim id, keys have a
fixed order, and nothing about the export run (time, user) is written, so
the same database gives the same bytes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import IO

from claimdb.db import export_queries
from claimdb.db.uow import UnitOfWork
from claimdb.enums import ExportFormat
from claimdb.errors import InvalidInput
from claimdb.formats import claim_json, claimreview, csl, delimited, markdown
from claimdb.schemas.exports import ExportBatch, ExportReport
from claimdb.schemas.filters import ClaimFilter


@dataclass
class ExportOptions:
    review_base_url: str | None = None
    publisher: str | None = None
    batch: int = 1000


def export(
    uow: UnitOfWork,
    *,
    where: ClaimFilter,
    fmt: ExportFormat,
    out: IO[str],
    options: ExportOptions | None = None,
) -> ExportReport:
    """Write the claims ``where`` selects to ``out`` in ``fmt``."""
    opts = options or ExportOptions()
    if fmt is ExportFormat.HTML:
        return _html_report(uow, where=where, out=out)
    dialect = uow.session.get_bind().dialect.name
    batches = export_queries.iter_export_batches(
        uow.session, where, dialect, opts.batch, anchors=fmt is not ExportFormat.CSV
    )
    # closing(): a failure half-way (a claim ClaimReview cannot describe) closes
    # the cursors now, while the connection is still open.
    with _collector_paused(), closing(batches):
        return _export(uow, batches, where=where, fmt=fmt, out=out, options=opts)


def _html_report(uow: UnitOfWork, *, where: ClaimFilter, out: IO[str]) -> ExportReport:
    """The annotated report of the filter's document, its claims narrowed by the filter."""
    from claimdb.services.reports import write_report

    if where.document is None:
        raise InvalidInput(
            "the html format is the report of one document: name it with --doc",
            hint="e.g. claimdb export --format html --doc SLUG -o report.html",
        )
    outcome = write_report(uow, document=where.document, where=where, out=out)
    return ExportReport(claims=outcome.claims)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the block runs, as it was after.

    An export allocates tuples and dicts by the million and no reference
    cycles; reference counting frees them either way, and the collector's
    passes over them cost about a tenth of a CSV export.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _export(
    uow: UnitOfWork,
    batches: Iterable[ExportBatch],
    *,
    where: ClaimFilter,
    fmt: ExportFormat,
    out: IO[str],
    options: ExportOptions,
) -> ExportReport:
    report = ExportReport()
    if fmt is ExportFormat.CSV:  # reads the batches themselves, a column at a time
        delimited.write_csv(batches, out, report)
        return report
    rows = claim_json.export_rows(batches)
    if fmt is ExportFormat.JSONL:
        claim_json.write_jsonl(rows, out, report)
    elif fmt is ExportFormat.JSON:
        claim_json.write_json(rows, out, report)
    elif fmt is ExportFormat.CLAIMREVIEW:
        claimreview.write_claimreview(
            rows,
            out,
            report,
            base=options.review_base_url or os.environ.get(claimreview.ENV_REVIEW_BASE) or None,
            publisher=options.publisher or os.environ.get(claimreview.ENV_PUBLISHER) or None,
        )
    elif fmt is ExportFormat.CSL_JSON:
        cited: set[int] = set()
        for row in rows:
            report.claims += 1
            cited.update(c["source_id"] for c in row["citations"])
        ordered = sorted(cited)
        csl.write_csl(
            (
                source
                for start in range(0, len(ordered), options.batch)
                for source in export_queries.sources_by_id(
                    uow.session, ordered[start : start + options.batch]
                )
            ),
            out,
            report,
        )
    else:
        markdown.write_appendix(rows, out, report, titled=where.document is not None)
    return report
