"""Flags: raising a concern about a claim, and resolving it."""

from __future__ import annotations

from datetime import UTC, datetime

from claimdb.db import repo
from claimdb.db.models import Flag, Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind
from claimdb.errors import InvalidInput, NotFound, WorkflowRefused
from claimdb.schemas.review import FlagIn, FlagOut
from claimdb.services import events
from claimdb.services.lookup import get_claim
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
    """Raise a flag on a claim: a concern, with a reason, until an editor resolves it."""
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


def resolve_flag(uow: UnitOfWork, *, actor: str | None, flag_id: int, resolution: str) -> FlagOut:
    """Resolve an open flag (editors); a flag already resolved is refused, saying by whom."""
    by = resolve_actor(uow, actor, Permission.RESOLVE_FLAG)
    if not resolution.strip():
        raise InvalidInput(
            "a resolution says how the flag was dealt with", hint="--resolution TEXT"
        )
    flag = uow.get_for_update(Flag, flag_id)
    if flag is None:
        raise NotFound(f"no flag {flag_id}", hint="see open flags with `claimdb flag list --open`")
    if flag.resolved_at is not None:
        who = flag.resolved_by.name if flag.resolved_by else "someone"
        raise WorkflowRefused(
            f"flag {flag_id} was already resolved by {who} on {flag.resolved_at:%Y-%m-%d} "
            f"({flag.resolution})",
            hint=f"raise a new flag if the problem is back: `claimdb flag {flag.claim_id} "
            "--reason R --note TEXT`",
        )
    flag.resolved_by = by
    flag.resolved_at = datetime.now(UTC)
    flag.resolution = resolution.strip()
    events.record(
        uow,
        actor=by,
        entity=EntityKind.FLAG,
        entity_id=flag.id,
        claim_id=flag.claim_id,
        action="resolved",
        before={"resolved": False},
        after={"resolved": True, "resolution": flag.resolution},
    )
    uow.flush()
    return to_out(flag)


def list_flags(
    uow: UnitOfWork, *, open_only: bool = False, claim_id: int | None = None
) -> list[FlagOut]:
    """Flags by id: all, or only open ones, on every claim or on one."""
    if claim_id is not None:
        get_claim(uow, claim_id)
    return [to_out(f) for f in repo.list_flags(uow.session, open_only=open_only, claim_id=claim_id)]
