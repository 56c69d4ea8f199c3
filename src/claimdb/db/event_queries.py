"""The import events covering a claim (its history); the log itself is read in read_queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdb.db.models import Event
from claimdb.enums import EntityKind

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
