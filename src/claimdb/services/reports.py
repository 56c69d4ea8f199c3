"""The annotated report: a document version's text with its claims, as one HTML page.

Gathers the version's text and sections and its claims' records (through the
export's queries, :mod:`claimdb.db.export_queries`, so a claim reads the same
in a report as in an export) and hands them, as plain data, to
:mod:`claimdb.formats.html_report`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from claimdb.db import export_queries, repo, report_queries
from claimdb.db.uow import UnitOfWork
from claimdb.errors import NotFound
from claimdb.formats import claim_json, html_report
from claimdb.formats.dates import day
from claimdb.schemas.filters import ClaimFilter, ClaimSort
from claimdb.schemas.reports import (
    ReportCitation,
    ReportClaim,
    ReportFlag,
    ReportInput,
    ReportOutcome,
    ReportSection,
    ReportVerdict,
)
from claimdb.services.documents import get_document


def build_report(
    uow: UnitOfWork,
    *,
    document: str,
    version: int | None = None,
    where: ClaimFilter | None = None,
) -> ReportInput:
    """The data of the report on ``document`` (slug or id) at ``version`` (default: the latest).

    ``where`` narrows the claims shown (its document, order and paging are
    the report's own); claims anchored in other versions are not shown.
    """
    doc = get_document(uow, document)
    session = uow.session
    if version is None:
        ver = repo.latest_version(session, doc.id)
        if ver is None:
            raise NotFound(f"document {doc.slug!r} has no text yet")
    else:
        ver = report_queries.version_by_number(session, doc.id, version)
        if ver is None:
            raise NotFound(
                f"document {doc.slug!r} has no version {version}",
                hint=f"`claimdb claim list --doc {doc.slug}` names the versions claims are in",
            )
    chosen = (where or ClaimFilter()).model_copy(
        update={
            "document": str(doc.id),
            "sort": ClaimSort.POSITION,
            "descending": False,
            "limit": None,
            "offset": 0,
        }
    )
    dialect = session.get_bind().dialect.name
    batches = export_queries.iter_export_batches(session, chosen, dialect)
    try:
        rows = [r for r in claim_json.export_rows(batches) if r["version_id"] == ver.id]
    finally:
        batches.close()
    flags, notes = report_queries.open_flags_and_notes(session, [r["id"] for r in rows])
    claims = tuple(
        _claim(r, flags.get(r["id"], ()), notes.get(r["id"], 0))
        for r in sorted(rows, key=_position)
    )
    return ReportInput(
        slug=doc.slug,
        title=doc.title,
        version=ver.number,
        text=ver.text,
        sections=tuple(
            ReportSection(ordinal=o, level=lv, title=t, start=s, end=e)
            for o, lv, t, s, e in report_queries.sections_of(session, ver.id)
        ),
        claims=claims,
        author=doc.author,
        publisher=doc.publisher,
        published=day(doc.published),
        url=doc.url,
        language=doc.language or "en",
    )


def write_report(
    uow: UnitOfWork,
    *,
    document: str,
    out: IO[str],
    version: int | None = None,
    where: ClaimFilter | None = None,
) -> ReportOutcome:
    """Write the annotated HTML report on ``document`` to ``out``."""
    data = build_report(uow, document=document, version=version, where=where)
    return html_report.write_report(data, out)


def _position(row: dict[str, Any]) -> tuple[int, int, int, int]:
    """Text order: by start, the longer anchor first (it encloses); unanchored last."""
    start, end = row["start_offset"], row["end_offset"]
    if start is None or end is None:
        return (1, 0, 0, row["id"])
    return (0, start, -end, row["id"])


def _claim(row: dict[str, Any], flags: Iterable[tuple[str, str | None]], notes: int) -> ReportClaim:
    verdict = None
    if row["verdict"] is not None:
        verdict = ReportVerdict(
            scale=row["verdict_scale"],
            label=row["verdict"],
            title=row["verdict_title"] or row["verdict"],
            verdict_class=row["verdict_class"] or row["mapped_class"],
            rationale=row["verdict_rationale"],
            reviewer=row["reviewer"],
            decided_on=day(row["verdict_at"]),
            forced=bool(row["verdict_forced"]),
            force_reason=row["force_reason"],
            review_url=row["review_url"],
        )
    return ReportClaim(
        id=row["id"],
        text=row["text"],
        claim_type=str(row["claim_type"]),
        status=str(row["status"]),
        checkable=bool(row["checkable"]),
        start=row["start_offset"],
        end=row["end_offset"],
        speaker=row["speaker"],
        verdict=verdict,
        citations=tuple(
            ReportCitation(
                kind=str(c["kind"]),
                stance=c["stance"],
                quote=c["quote"],
                locator=c["locator"],
                source_title=c["source_title"],
                source_url=c["source_url"],
                source_archive_url=c["source_archive_url"],
                source_publisher=c["source_publisher"],
                source_issued=c["source_issued"],
                source_link_status=c["source_link_status"],
            )
            for c in row["citations"]
        ),
        flags=tuple(ReportFlag(reason=r, note=n) for r, n in flags),
        notes=notes,
    )
