"""Reading the event log: one SELECT built from an EventQuery."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from claimdb.db.models import Event, Person
from claimdb.enums import EntityKind
from claimdb.schemas.events import EventQuery


def _day_start(d: object) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)  # type: ignore[arg-type]


def select_events(q: EventQuery) -> Select[Event]:
    """Events matching ``q``, newest or oldest first, with their actor loaded."""
    stmt = select(Event).options(joinedload(Event.actor))
    if q.actor is not None:
        stmt = stmt.where(Event.actor_id.in_(select(Person.id).where(Person.name == q.actor)))
    if q.entity is not None:
        stmt = stmt.where(Event.entity == q.entity)
    if q.action is not None:
        stmt = stmt.where(Event.action == q.action)
    if q.claim_id is not None:
        stmt = stmt.where(Event.claim_id == q.claim_id)
    if q.since is not None:
        stmt = stmt.where(Event.occurred_at >= _day_start(q.since))
    if q.until is not None:
        stmt = stmt.where(Event.occurred_at < _day_start(q.until + timedelta(days=1)))
    stmt = stmt.order_by(Event.id.desc() if q.newest_first else Event.id.asc())
    if q.limit is not None:
        stmt = stmt.limit(q.limit)
    return stmt


IMPORTED = "imported"
"""The action of the one event a batched import writes per batch (services.ingest)."""


IMPORT_EVENT_SCAN = 10_000
"""How many recent import events to look through (a batch is 2,000 claims: 20 million claims)."""


def import_events_covering(session: Session, claim_id: int) -> list[Event]:
    """The batch ``imported`` events whose ``claim_ids`` ranges include ``claim_id``.

    A batched import logs one event per batch naming its claims as inclusive
    id ranges; a batch's first id is the event's ``entity_id``, so only events
    at or below the claim's id can cover it.
    """
    candidates = session.scalars(
        select(Event)
        .where(
            Event.action == IMPORTED,
            Event.entity == EntityKind.CLAIM,
            Event.claim_id.is_(None),
            Event.entity_id <= claim_id,
        )
        .order_by(Event.id.desc())
        .limit(IMPORT_EVENT_SCAN)
    )
    return [
        e
        for e in candidates
        if any(lo <= claim_id <= hi for lo, hi in (e.after or {}).get("claim_ids", []))
    ]
