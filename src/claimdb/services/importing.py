"""The import use case: a file in one of the import formats, through ingest, as one unit.

All or nothing by default: every invalid row is reported as
``file:line: field: problem`` and nothing is written. ``skip_invalid`` writes
the valid rows and hands each rejected one to ``on_reject`` (the CLI writes
them, with their errors, to the rejects file). ``dry_run`` checks and counts
everything, then rolls back.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import IO, Any

from claimdb.db import repo
from claimdb.db.uow import UnitOfWork
from claimdb.enums import ImportFormat
from claimdb.errors import InvalidInput, NotFound, Problem
from claimdb.schemas.records import Rejected
from claimdb.schemas.sources import SourceIn
from claimdb.services import documents, parallel, sources
from claimdb.services.importers import ImportSettings, csl_sources, records
from claimdb.services.ingest import IngestOptions, IngestReport, find_source, ingest
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission
from claimdb.services.readers import FileProblem


@dataclass
class ImportOptions:
    scale: str | None = None
    document: str | None = None
    verdict_source: str | None = None
    force_reason: str | None = None
    skip_invalid: bool = False
    dry_run: bool = False
    batch_size: int = 2000
    bulk: bool | None = None
    parallel: bool | None = None
    """Read and check the file in a worker process (:mod:`claimdb.services.parallel`);
    None: when ``size_hint`` is at least ``PARALLEL_MIN_BYTES`` and there are two cores."""
    size_hint: int | None = None
    """The input's size in bytes, where known."""


def parse_verdict_source(value: str) -> SourceIn:
    """``"PolitiFact=https://www.politifact.com/"`` -> a webpage source (the URL is optional)."""
    title, sep, url = value.partition("=")
    try:
        return SourceIn(title=title, url=url.strip() if sep and url.strip() else None)
    except ValueError as exc:
        raise InvalidInput(
            f"--verdict-source {value!r}: {exc}",
            hint="give TITLE or TITLE=URL, e.g. --verdict-source 'PolitiFact=https://www.politifact.com/'",
        ) from None


def _problem(exc: FileProblem, origin: str, report: IngestReport | None) -> InvalidInput:
    earlier = report.problems if report else []
    return InvalidInput(
        f"cannot read {origin}; nothing was imported",
        problems=[*earlier, Problem(exc.message, exc.field, origin, exc.line)],
        hint="fix the file and run the import again (docs/import-export.md describes each format)",
    )


def _use_worker(options: ImportOptions) -> bool:
    if options.parallel is not None:
        return options.parallel
    return (
        options.size_hint is not None
        and options.size_hint >= parallel.PARALLEL_MIN_BYTES
        and (os.cpu_count() or 1) > 1
    )


def import_file(
    uow: UnitOfWork,
    *,
    actor: str | None,
    stream: IO[bytes],
    settings: ImportSettings,
    options: ImportOptions,
    on_reject: Callable[[Rejected], None] | None = None,
) -> IngestReport:
    """Import a claims file (or a CSL-JSON file of sources) as ``actor``."""
    by = resolve_actor(uow, actor, Permission.IMPORT)
    if options.scale is not None and repo.scale_by_name(uow.session, options.scale) is None:
        names = ", ".join(s.name for s in repo.list_scales(uow.session))
        raise NotFound(f"no rating scale {options.scale!r}", hint=f"scales: {names}")
    document = (
        documents.get_document(uow, options.document) if options.document is not None else None
    )
    if options.dry_run:
        uow.discard()
    if settings.fmt is ImportFormat.CSL_JSON:
        return _import_sources(
            uow, by=by, stream=stream, settings=settings, options=options, on_reject=on_reject
        )
    ingest_options = IngestOptions(
        scale=options.scale,
        document=options.document,
        verdict_source=parse_verdict_source(options.verdict_source)
        if options.verdict_source
        else None,
        force_reason=options.force_reason,
        skip_invalid=options.skip_invalid,
        batch_size=options.batch_size,
        bulk=options.bulk,
    )
    found: Iterator[Any] = records(stream, settings)
    worker: Generator[Any, None, None] | None = None
    if _use_worker(options):
        # The worker computes content keys, which include the --doc's version. A
        # document without text is left to the one-process path, which reports it.
        version = repo.latest_version(uow.session, document.id) if document else None
        if document is None or version is not None:
            version_id = version.id if version is not None else None
            found = worker = parallel.records_in_worker(stream, settings, version_id)
    try:
        return ingest(
            uow,
            by=by,
            records=found,
            origin=settings.origin,
            options=ingest_options,
            on_reject=on_reject,
        )
    except FileProblem as exc:
        raise _problem(exc, settings.origin, None) from None
    finally:
        if worker is not None:
            worker.close()  # stops the worker process at once, whatever ended the import


def _import_sources(
    uow: UnitOfWork,
    *,
    by: object,
    stream: IO[bytes],
    settings: ImportSettings,
    options: ImportOptions,
    on_reject: Callable[[Rejected], None] | None,
) -> IngestReport:
    from claimdb.db.models import Person

    assert isinstance(by, Person)
    report = IngestReport()
    try:
        items = list(csl_sources(stream, settings.origin))
    except FileProblem as exc:
        raise _problem(exc, settings.origin, None) from None
    for item in items:
        if isinstance(item, Rejected):
            report.rejected += 1
            report.problems.extend(item.problems)
            if on_reject is not None:
                on_reject(item)
            continue
        if report.rejected and not options.skip_invalid:
            continue
        _, data = item
        if find_source(uow, data) is not None:
            report.unchanged += 1
            continue
        sources.create_source(uow, by=by, data=data)
        report.sources_created += 1
        report.created += 1
    if report.rejected and not options.skip_invalid:
        raise InvalidInput(
            f"{report.rejected} invalid items in {settings.origin}; nothing was imported",
            problems=report.problems[:50],
        )
    return report
