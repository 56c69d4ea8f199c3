"""Reviewer notes, threaded."""

from __future__ import annotations

from claimdb.db.models import Note, Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind, NoteKind
from claimdb.errors import InvalidInput, NotFound
from claimdb.schemas.review import NoteIn, NoteOut
from claimdb.services import events
from claimdb.services.lookup import get_claim
from claimdb.services.people import resolve_actor
from claimdb.services.permissions import Permission


def to_out(note: Note) -> NoteOut:
    return NoteOut(
        id=note.id,
        claim_id=note.claim_id,
        parent_id=note.parent_id,
        kind=note.kind,
        body=note.body,
        author=note.author.name,
        created_at=note.created_at,
    )


def add_note(uow: UnitOfWork, *, actor: str | None, data: NoteIn) -> NoteOut:
    """Add a note to a claim's thread, or a reply to a note (``data.reply_to``).

    A ``decision`` note is an editor's: writing one needs the permission to
    decide in review (the decision itself, with its state change, is
    `claimdb review decide`).
    """
    needed = Permission.DECIDE if data.kind is NoteKind.DECISION else Permission.NOTE
    by = resolve_actor(uow, actor, needed)
    return to_out(create_note(uow, by=by, data=data))


def create_note(uow: UnitOfWork, *, by: Person, data: NoteIn) -> Note:
    claim = get_claim(uow, data.claim_id)
    if data.reply_to is not None:
        parent = uow.session.get(Note, data.reply_to)
        if parent is None:
            raise NotFound(f"no note {data.reply_to} to reply to")
        if parent.claim_id != claim.id:
            raise InvalidInput(
                f"note {data.reply_to} belongs to claim {parent.claim_id}, not claim {claim.id}"
            )
    note = Note(
        claim_id=claim.id, parent_id=data.reply_to, kind=data.kind, body=data.body, author=by
    )
    uow.session.add(note)
    uow.flush()
    events.record(
        uow,
        actor=by,
        entity=EntityKind.NOTE,
        entity_id=note.id,
        claim_id=claim.id,
        action="created",
        after=events.snapshot(note, ("kind", "body", "parent_id")),
    )
    return note
