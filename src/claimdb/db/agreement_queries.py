"""What `claimdb db check` reads to compare claims with their events: a sample, by index only.

Every query is a primary-key or ``claim_id`` index lookup, so checking a few
hundred claims costs the same on a desk of a hundred claims as on one of a
million (services/agreement.py).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from claimdb.db.models import (
    Citation,
    Claim,
    ClaimTag,
    Event,
    Flag,
    Note,
    RatingLabel,
    RatingScale,
    Verdict,
)

CHUNK = 500
"""Ids per ``IN (...)`` list: well under SQLite's and PostgreSQL's parameter limits."""


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def claim_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Claim)) or 0)


def recently_changed(session: Session, limit: int) -> list[int]:
    """The claims the newest events are about, then the newest claims; ``limit`` of each."""
    named = session.scalars(
        select(Event.claim_id)
        .where(Event.claim_id.is_not(None))
        .order_by(Event.id.desc())
        .limit(limit * 10)
    )
    recent = list(dict.fromkeys(int(i) for i in named if i is not None))[:limit]
    newest = session.scalars(select(Claim.id).order_by(Claim.id.desc()).limit(limit))
    return list(dict.fromkeys([*recent, *(int(i) for i in newest)]))


def sample_claims(session: Session, size: int, rng: random.Random) -> list[int]:
    """Up to ``size`` claim ids drawn at random (all of them when there are no more)."""
    low, high = session.execute(select(func.min(Claim.id), func.max(Claim.id))).one()
    if low is None or size <= 0:
        return []
    span = range(int(low), int(high) + 1)
    if len(span) <= size * 2:
        everything = [int(i) for i in session.scalars(select(Claim.id).order_by(Claim.id))]
        return everything if len(everything) <= size else rng.sample(everything, size)
    found: list[int] = []
    tries = 0
    # Draw ids from the range and keep those that exist: index lookups, never a scan.
    while len(found) < size and tries < 4:
        wanted = rng.sample(span, min(len(span), (size - len(found)) * 2))
        for chunk in _chunks(wanted):
            found += session.scalars(select(Claim.id).where(Claim.id.in_(chunk)))
        found = list(dict.fromkeys(found))
        tries += 1
    return found[:size]


def _rows(session: Session, stmt: Any, column: Any, ids: Sequence[int]) -> list[Row[Any]]:
    rows: list[Row[Any]] = []
    for chunk in _chunks(ids):
        rows += session.execute(stmt.where(column.in_(chunk))).all()
    return rows


def claims(session: Session, ids: Sequence[int]) -> list[Row[Any]]:
    stmt = select(
        Claim.id,
        Claim.text,
        Claim.claim_type,
        Claim.checkable,
        Claim.speaker,
        Claim.speaker_description,
        Claim.claimed_on,
        Claim.appearance_url,
        Claim.context,
        Claim.priority,
        Claim.status,
        Claim.archived_at,
        Claim.current_verdict_id,
    )
    return _rows(session, stmt, Claim.id, ids)


def tags(session: Session, ids: Sequence[int]) -> list[Row[Any]]:
    return _rows(session, select(ClaimTag.claim_id, ClaimTag.tag), ClaimTag.claim_id, ids)


def verdicts(session: Session, ids: Sequence[int]) -> list[Row[Any]]:
    stmt = (
        select(
            Verdict.id,
            Verdict.claim_id,
            (RatingScale.name + ":" + RatingLabel.label).label("verdict"),
            Verdict.rationale,
            Verdict.forced,
        )
        .join(RatingLabel, RatingLabel.id == Verdict.label_id)
        .join(RatingScale, RatingScale.id == RatingLabel.scale_id)
    )
    return _rows(session, stmt, Verdict.claim_id, ids)


def notes(session: Session, ids: Sequence[int]) -> list[Row[Any]]:
    stmt = select(Note.id, Note.claim_id, Note.kind, Note.body, Note.parent_id)
    return _rows(session, stmt, Note.claim_id, ids)


def citations(session: Session, ids: Sequence[int]) -> list[Row[Any]]:
    stmt = select(
        Citation.id,
        Citation.claim_id,
        Citation.source_id,
        Citation.kind,
        Citation.stance,
        Citation.quote,
        Citation.locator,
    )
    return _rows(session, stmt, Citation.claim_id, ids)


def flags(session: Session, ids: Sequence[int]) -> list[Row[Any]]:
    stmt = select(Flag.id, Flag.claim_id, Flag.reason, Flag.note, Flag.resolved_at, Flag.resolution)
    return _rows(session, stmt, Flag.claim_id, ids)


def events(session: Session, ids: Sequence[int]) -> list[Row[Any]]:
    """The claims' own events (``ix_events_claim_id_id``), oldest first per claim."""
    stmt = select(
        Event.id, Event.claim_id, Event.entity, Event.entity_id, Event.action, Event.after
    ).order_by(Event.claim_id, Event.id)
    return _rows(session, stmt, Event.claim_id, ids)
