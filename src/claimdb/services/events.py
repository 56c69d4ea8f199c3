"""The append-only event log: every change to a claim and what hangs off it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from typing import Any

from claimdb.db.models import Claim, Event, Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind
from claimdb.schemas.plain import EventRecord
from claimdb.services import chain


def jsonable(value: Any) -> Any:
    """A value as it is stored in an event's before/after (JSON)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def snapshot(obj: object, fields: Iterable[str]) -> dict[str, Any]:
    """The named attributes of ``obj`` as a JSON-ready dict."""
    return {f: jsonable(getattr(obj, f)) for f in fields}


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, from both sides."""
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    uow: UnitOfWork,
    *,
    actor: Person,
    entity: EntityKind,
    entity_id: int,
    action: str,
    claim_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> Event:
    """Append one event, the next link of the hash chain; it is committed with the change."""
    values = chain.link(
        uow,
        {
            "actor_id": actor.id,
            "entity": entity,
            "entity_id": entity_id,
            "claim_id": claim_id,
            "action": action,
            "before": before,
            "after": after,
            "reason": reason,
        },
    )
    event = Event(**values)
    uow.session.add(event)
    return event


def record_on_claim(
    uow: UnitOfWork,
    *,
    actor: Person,
    claim: Claim,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> Event:
    """Append one event about ``claim`` itself (created, edited, tagged, a status change...)."""
    return record(
        uow,
        actor=actor,
        entity=EntityKind.CLAIM,
        entity_id=claim.id,
        claim_id=claim.id,
        action=action,
        before=before,
        after=after,
        reason=reason,
    )


def to_out(event: Event) -> EventRecord:
    return EventRecord(
        id=event.id,
        occurred_at=event.occurred_at,
        actor=event.actor.name,
        entity=event.entity,
        entity_id=event.entity_id,
        claim_id=event.claim_id,
        action=event.action,
        before=event.before,
        after=event.after,
        reason=event.reason,
    )
