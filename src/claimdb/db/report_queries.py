"""The reads of the annotated report that the export's queries do not cover.

A version by number, its sections, and each claim's open flags and number of
notes; the claims themselves come from :mod:`claimdb.db.export_queries`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from claimdb.db.models import DocumentVersion, Flag, Note, Section

_BATCH = 1000


def version_by_number(session: Session, document_id: int, number: int) -> DocumentVersion | None:
    return session.scalars(
        select(DocumentVersion).where(
            DocumentVersion.document_id == document_id, DocumentVersion.number == number
        )
    ).first()


def sections_of(session: Session, version_id: int) -> list[tuple[int, int, str, int, int]]:
    """(ordinal, level, title, start_offset, end_offset) of a version's sections, in order."""
    rows = session.execute(
        select(
            Section.ordinal, Section.level, Section.title, Section.start_offset, Section.end_offset
        )
        .where(Section.version_id == version_id)
        .order_by(Section.ordinal)
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def open_flags_and_notes(
    session: Session, claim_ids: Sequence[int]
) -> tuple[dict[int, list[tuple[str, str | None]]], dict[int, int]]:
    """Each claim's open flags as (reason, note) in id order, and its number of notes.

    Claims without any are left out of the dicts.
    """
    flags: dict[int, list[tuple[str, str | None]]] = {}
    notes: dict[int, int] = {}
    for start in range(0, len(claim_ids), _BATCH):
        ids = list(claim_ids[start : start + _BATCH])
        for cid, reason, note in session.execute(
            select(Flag.claim_id, type_coerce(Flag.reason, String), Flag.note)
            .where(Flag.claim_id.in_(ids), Flag.resolved_at.is_(None))
            .order_by(Flag.claim_id, Flag.id)
        ):
            flags.setdefault(cid, []).append((reason, note))
        for cid, count in session.execute(
            select(Note.claim_id, func.count())
            .where(Note.claim_id.in_(ids))
            .group_by(Note.claim_id)
        ):
            notes[cid] = int(count)
    return flags, notes
