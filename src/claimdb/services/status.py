"""The dashboard behind `claimdb status`: each document's progress in numbers."""

from __future__ import annotations

from claimdb.db import review_queries
from claimdb.db.uow import UnitOfWork
from claimdb.enums import ClaimStatus
from claimdb.schemas.workflow import DocumentStatus
from claimdb.services.documents import get_document


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def document_status(uow: UnitOfWork, *, document: str | None = None) -> list[DocumentStatus]:
    """Per document (or just ``document``): counts by status and verdict, evidence, flags.

    Archived claims are left out. ``supported_share`` and ``decided_share``
    are over checkable claims (None when there are none); every status
    appears in ``by_status``, with 0 when no claim has it.
    """
    document_id = get_document(uow, document).id if document is not None else None
    rows = review_queries.dashboard(uow.session, document_id=document_id)
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
