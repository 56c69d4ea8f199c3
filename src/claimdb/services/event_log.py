"""Reading the event log (`claimdb log`, `claimdb history`) over the light read path."""

from __future__ import annotations

from claimdb.db import read_queries
from claimdb.enums import EntityKind
from claimdb.errors import NotFound
from claimdb.schemas.plain import EventQuery, EventRecord
from claimdb.services.reading import ReadSource, reader_of


def find_events(source: ReadSource, *, query: EventQuery) -> list[EventRecord]:
    """Events matching ``query`` (behind `claimdb log`); an unknown actor is an error."""
    reader = reader_of(source)
    if query.actor is not None and not read_queries.person_exists(reader, query.actor):
        raise NotFound(
            f"unknown person {query.actor!r}",
            hint="see who is on the desk with `claimdb user list`",
        )
    return [
        EventRecord(
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
        for r in read_queries.events(reader, query)
    ]
