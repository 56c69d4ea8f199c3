"""The import events covering a claim (its history); the log itself is read in read_queries."""

from __future__ import annotations

from claimdb.db.light import Reader
from claimdb.db.read_queries import EVENTS, EventRow, event_rows
from claimdb.enums import EntityKind

IMPORTED = "imported"
"""The action of the one event a batched import writes per batch (services.ingest)."""


IMPORT_EVENT_SCAN = 10_000
"""How many recent import events to look through (a batch is 2,000 claims: 20 million claims)."""


def import_events_covering(reader: Reader, claim_id: int) -> list[EventRow]:
    """The batch ``imported`` events whose ``claim_ids`` ranges include ``claim_id``.

    A batched import logs one event per batch naming its claims as inclusive
    id ranges; a batch's first id is the event's ``entity_id``, so only events
    at or below the claim's id can cover it.
    """
    candidates = event_rows(
        reader.rows(
            f"{EVENTS} WHERE e.action = ? AND e.entity = ? AND e.claim_id IS NULL "
            "AND e.entity_id <= ? ORDER BY e.id DESC LIMIT ?",
            (IMPORTED, EntityKind.CLAIM.value, claim_id, IMPORT_EVENT_SCAN),
        )
    )
    return [
        e
        for e in candidates
        if any(lo <= claim_id <= hi for lo, hi in (e[8] or {}).get("claim_ids", []))
    ]
