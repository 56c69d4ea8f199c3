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
from typing import IO, Any

from claimdb.db import repo
from claimdb.db.uow import UnitOfWork
from claimdb.enums import ImportFormat
from claimdb.errors import InvalidInput, NotFound, Problem
from claimdb.formats import worker as import_worker
from claimdb.formats.csl import csl_sources
from claimdb.formats.lines import FileProblem
from claimdb.formats.reading import records
from claimdb.schemas.imports import ImportRequest
from claimdb.schemas.records import Rejected
from claimdb.services import documents, sources
from claimdb.services.ingest import IngestReport, Merge, find_source, ingest
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission


def _problem(exc: FileProblem, origin: str, report: IngestReport | None) -> InvalidInput:
    earlier = report.problems if report else []
    return InvalidInput(
        f"cannot read {origin}; nothing was imported",
        problems=[*earlier, Problem(exc.message, exc.field, origin, exc.line)],
        hint="fix the file and run the import again (docs/import-export.md describes each format)",
    )


BULK_LOAD_MIN_BYTES = 1024 * 1024
"""Imports of files at least this large (1 MiB, about 10,000 rows) ask for a bulk load:
on SQLite, the file held alone in rollback-journal mode while nobody else has it
open (:class:`~claimdb.db.uow.UnitOfWork`). Others who open it meanwhile wait."""


def wants_bulk_load(request: ImportRequest) -> bool:
    """Whether the import's unit of work should be a bulk load (``open_uow(bulk_load=...)``)."""
    return (
        not request.dry_run
        and request.size_hint is not None
        and request.size_hint >= BULK_LOAD_MIN_BYTES
    )


_NO_MAP = (ImportFormat.CLAIMREVIEW, ImportFormat.FACTCHECK_API, ImportFormat.CSL_JSON)


def _use_worker(request: ImportRequest) -> bool:
    if request.parallel is not None:
        return request.parallel
    return (
        request.size_hint is not None
        and request.size_hint >= import_worker.PARALLEL_MIN_BYTES
        and (os.cpu_count() or 1) > 1
    )


def import_file(
    uow: UnitOfWork,
    *,
    actor: str | None,
    stream: IO[bytes],
    request: ImportRequest,
    on_reject: Callable[[Rejected], None] | None = None,
    on_merge: Callable[[Merge], None] | None = None,
) -> IngestReport:
    """Import a claims file (or a CSL-JSON file of sources) as ``actor``, as ``request`` asks."""
    by = resolve_actor(uow, actor, Permission.IMPORT)
    if request.scale is not None and repo.scale_by_name(uow.session, request.scale) is None:
        names = ", ".join(s.name for s in repo.list_scales(uow.session))
        raise NotFound(f"no rating scale {request.scale!r}", hint=f"scales: {names}")
    document = (
        documents.get_document(uow, request.document) if request.document is not None else None
    )
    if request.mapping and request.fmt in _NO_MAP:
        raise InvalidInput(
            f"--map does not apply to {request.fmt.value}: its keys are the format's own",
            hint="--map renames CSV/TSV columns and JSON/JSONL keys",
        )
    if request.dry_run:
        uow.discard()
    if request.fmt is ImportFormat.CSL_JSON:
        return _import_sources(uow, by=by, stream=stream, request=request, on_reject=on_reject)
    found: Iterator[Any] = records(stream, request)
    worker: Generator[Any, None, None] | None = None
    if _use_worker(request):
        # The worker computes content keys, which include the --doc's version. A
        # document without text is left to the one-process path, which reports it.
        version = repo.latest_version(uow.session, document.id) if document else None
        if document is None or version is not None:
            version_id = version.id if version is not None else None
            found = worker = import_worker.records_in_worker(stream, request, version_id)
    try:
        return ingest(
            uow, by=by, records=found, request=request, on_reject=on_reject, on_merge=on_merge
        )
    except FileProblem as exc:
        raise _problem(exc, request.origin, None) from None
    finally:
        if worker is not None:
            worker.close()  # stops the worker process at once, whatever ended the import


def _import_sources(
    uow: UnitOfWork,
    *,
    by: object,
    stream: IO[bytes],
    request: ImportRequest,
    on_reject: Callable[[Rejected], None] | None,
) -> IngestReport:
    from claimdb.db.models import Person

    assert isinstance(by, Person)
    report = IngestReport()
    try:
        items = list(csl_sources(stream, request.origin))
    except FileProblem as exc:
        raise _problem(exc, request.origin, None) from None
    for item in items:
        if isinstance(item, Rejected):
            report.rejected += 1
            report.problems.extend(item.problems)
            if on_reject is not None:
                on_reject(item)
            continue
        if report.rejected and not request.skip_invalid:
            continue
        _, data = item
        if find_source(uow, data) is not None:
            report.unchanged += 1
            continue
        sources.create_source(uow, by=by, data=data)
        report.sources_created += 1
        report.created += 1
    if report.rejected and not request.skip_invalid:
        raise InvalidInput(
            f"{report.rejected} invalid items in {request.origin}; nothing was imported",
            problems=report.problems[:50],
        )
    return report
