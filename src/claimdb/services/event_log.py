"""Reading the event log (`claimdb log`, `claimdb history`) over the light read path."""

from __future__ import annotations

from claimdb.db import event_queries, read_queries
from claimdb.enums import EntityKind
from claimdb.errors import NotFound, no_claim
from claimdb.schemas.plain import EventQuery, EventRecord
from claimdb.services.reading import ReadSource, reader_of


def _record(r: read_queries.EventRow) -> EventRecord:
    return EventRecord(
        id=r[0],
        occurred_at=r[1],
        actor=r[2],
        entity=EntityKind(r[3]),
        entity_id=r[4],
        claim_id=r[5],
        action=r[6],
        before=r[7],
        after=r[8],
        reason=r[9],
    )


def find_events(source: ReadSource, *, query: EventQuery) -> list[EventRecord]:
    """Events matching ``query`` (behind `claimdb log`); an unknown actor is an error."""
    reader = reader_of(source)
    if query.actor is not None and not read_queries.person_exists(reader, query.actor):
        raise NotFound(
            f"unknown person {query.actor!r}",
            hint="see who is on the desk with `claimdb user list`",
        )
    return [_record(r) for r in read_queries.events(reader, query)]


def claim_events(source: ReadSource, *, claim_id: int) -> list[EventRecord]:
    """A claim's events and the batch imports that brought it in, oldest first (no check)."""
    reader = reader_of(source)
    own = read_queries.events(reader, EventQuery(claim_id=claim_id, newest_first=False))
    imported = event_queries.import_events_covering(reader, claim_id)
    return [_record(r) for r in sorted([*imported, *own], key=lambda e: e[0])]


def claim_history(source: ReadSource, *, claim_id: int) -> list[EventRecord]:
    """Everything that happened to a claim and what hangs off it, oldest first."""
    if not read_queries.claim_exists(reader_of(source), claim_id):
        raise no_claim(claim_id)
    return claim_events(source, claim_id=claim_id)
