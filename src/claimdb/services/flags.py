"""Flags: raising a concern about a claim, and resolving it."""

from __future__ import annotations

from claimdb.db.models import Flag, Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind
from claimdb.schemas.review import FlagIn, FlagOut
from claimdb.services import events
from claimdb.services.claims import get_claim
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission


def to_out(flag: Flag) -> FlagOut:
    return FlagOut(
        id=flag.id,
        claim_id=flag.claim_id,
        reason=flag.reason,
        note=flag.note,
        raised_by=flag.raised_by.name,
        raised_at=flag.raised_at,
        resolved_by=flag.resolved_by.name if flag.resolved_by else None,
        resolved_at=flag.resolved_at,
        resolution=flag.resolution,
    )


def raise_flag(uow: UnitOfWork, *, actor: str | None, data: FlagIn) -> FlagOut:
    by = resolve_actor(uow, actor, Permission.RAISE_FLAG)
    return to_out(create_flag(uow, by=by, data=data))


def create_flag(uow: UnitOfWork, *, by: Person, data: FlagIn) -> Flag:
    claim = get_claim(uow, data.claim_id)
    flag = Flag(claim_id=claim.id, reason=data.reason, note=data.note, raised_by=by)
    uow.session.add(flag)
    uow.flush()
    events.record(
        uow,
        actor=by,
        entity=EntityKind.FLAG,
        entity_id=flag.id,
        claim_id=claim.id,
        action="raised",
        after=events.snapshot(flag, ("reason", "note")),
    )
    return flag
