"""The dashboard behind `claimdb status`: each document's progress in numbers."""

from __future__ import annotations

from claimdb.db import read_queries
from claimdb.enums import ClaimStatus
from claimdb.errors import NotFound
from claimdb.schemas.plain import DocumentStatus
from claimdb.services.reading import ReadSource, reader_of


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def document_status(source: ReadSource, *, document: str | None = None) -> list[DocumentStatus]:
    """Per document (or just ``document``): counts by status and verdict, evidence, flags.

    Archived claims are left out. ``supported_share`` and ``decided_share``
    are over checkable claims (None when there are none); every status
    appears in ``by_status``, with 0 when no claim has it.
    """
    reader = reader_of(source)
    document_id = None
    if document is not None:
        document_id = read_queries.document_ref(reader, document)
        if document_id is None:
            raise NotFound(
                f"no document {document!r}", hint="list documents with `claimdb doc list`"
            )
    rows = read_queries.dashboard(reader, document_id=document_id)
    return [
        DocumentStatus(
            document=r.slug,
            title=r.title,
            claims=r.claims,
            checkable=r.checkable,
            by_status={s.value: (r.by_status or {}).get(s.value, 0) for s in ClaimStatus},
            by_verdict=dict(sorted((r.by_verdict or {}).items())),
            supported=r.supported,
            supported_share=_share(r.supported, r.checkable),
            open_flags=r.open_flags,
            decided=r.decided,
            decided_share=_share(r.decided, r.checkable),
        )
        for r in rows
    ]
