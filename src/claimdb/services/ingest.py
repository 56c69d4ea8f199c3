"""Ingest: the one path by which claims come in from files (imports and seeds).

Idempotent: a record whose external id, or else whose content hash (text,
speaker, anchor), is already stored is left alone and counted as unchanged.
Sources are shared: a record's source is matched to a stored one by external
id, DOI or normalised URL, and, for a source with none of those (a report's
"2025 Yale survey"), by identical type, title and issued date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from claimdb.db import repo
from claimdb.db.models import Person, Source
from claimdb.db.uow import UnitOfWork
from claimdb.errors import AlreadyExists, ClaimDBError, InvalidInput, NotFound, Problem
from claimdb.schemas.claims import AnchorIn
from claimdb.schemas.evidence import CitationIn
from claimdb.schemas.records import ClaimRecord
from claimdb.schemas.review import FlagIn, NoteIn
from claimdb.schemas.sources import SourceIn
from claimdb.services import citations, claims, documents, flags, notes, sources


@dataclass
class IngestReport:
    created: int = 0
    unchanged: int = 0
    claim_ids: list[int] = field(default_factory=list)
    sources_created: int = 0

    @property
    def total(self) -> int:
        return self.created + self.unchanged


def find_source(uow: UnitOfWork, data: SourceIn) -> Source | None:
    """The stored source a record's source refers to, if any (see the module doc)."""
    if data.external_id:
        found = repo.source_by_external_id(uow.session, data.external_id)
        if found is not None:
            return found
    if data.url or data.doi:
        return sources.find_duplicate(uow, url=data.url, doi=data.doi)
    return repo.unlinked_source(
        uow.session, csl_type=data.csl_type, title=data.title, issued=data.issued
    )


def _locate(exc: ClaimDBError, origin: str | None, record: ClaimRecord) -> InvalidInput:
    problems = getattr(exc, "problems", None) or [Problem(exc.message)]
    located = [Problem(p.message, field=p.field, file=origin, line=record.line) for p in problems]
    ident = record.claim.external_id or record.claim.text[:60]
    return InvalidInput(f"cannot import claim {ident!r}", problems=located, hint=exc.hint)


def ingest(
    uow: UnitOfWork, *, by: Person, records: Iterable[ClaimRecord], origin: str | None = None
) -> IngestReport:
    """Store each record not already present; raise InvalidInput naming the first bad one.

    The caller's unit of work rolls everything back on error: all or nothing.
    """
    report = IngestReport()
    versions: dict[str, int] = {}
    for record in records:
        try:
            _ingest_one(uow, by, record, versions, report)
        except InvalidInput as exc:
            raise _locate(exc, origin, record) from None
        except ClaimDBError as exc:
            if isinstance(exc, NotFound | AlreadyExists):  # a problem with this row's data
                raise _locate(exc, origin, record) from None
            raise
    return report


def _version_id(uow: UnitOfWork, slug: str, cache: dict[str, int]) -> int:
    if slug not in cache:
        document = documents.get_document(uow, slug)
        latest = repo.latest_version(uow.session, document.id)
        if latest is None:
            raise InvalidInput(f"document {slug!r} has no text to anchor claims in")
        cache[slug] = latest.id
    return cache[slug]


def _ingest_one(
    uow: UnitOfWork,
    by: Person,
    record: ClaimRecord,
    versions: dict[str, int],
    report: IngestReport,
) -> None:
    data = record.claim
    version_id = _version_id(uow, record.document, versions) if record.document else None
    if data.external_id:
        existing = repo.claim_by_external_id(uow.session, data.external_id)
    else:
        start = record.position.start if record.position else None
        digest = claims.claim_content_hash(data.text, data.speaker, version_id, start)
        existing = repo.claim_by_content_hash(uow.session, digest)
    if existing is not None:
        report.unchanged += 1
        report.claim_ids.append(existing.id)
        return
    if record.position is not None and version_id is not None:
        data = data.model_copy(
            update={
                "anchor": AnchorIn(
                    version_id=version_id,
                    start=record.position.start,
                    end=record.position.end,
                    quote=record.position.quote,
                )
            }
        )
    claim = claims.create_claim(uow, by=by, data=data)
    for cited in record.citations:
        source = find_source(uow, cited.source)
        if source is None:
            source = sources.create_source(uow, by=by, data=cited.source)
            report.sources_created += 1
        citations.create_citation(
            uow,
            by=by,
            data=CitationIn(
                claim_id=claim.id,
                source_id=source.id,
                kind=cited.kind,
                stance=cited.stance,
                quote=cited.quote,
                locator=cited.locator,
            ),
        )
    for note in record.notes:
        notes.create_note(
            uow, by=by, data=NoteIn(claim_id=claim.id, body=note.body, kind=note.kind)
        )
    for flag in record.flags:
        flags.create_flag(
            uow, by=by, data=FlagIn(claim_id=claim.id, reason=flag.reason, note=flag.note)
        )
    report.created += 1
    report.claim_ids.append(claim.id)
