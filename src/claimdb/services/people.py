"""People: adding them, and resolving who is acting."""

from __future__ import annotations

from claimdb.db import repo
from claimdb.db.models import Person
from claimdb.db.uow import UnitOfWork
from claimdb.enums import EntityKind, Role
from claimdb.errors import AlreadyExists, InvalidInput, NotFound, PermissionDenied
from claimdb.schemas.people import PersonIn, PersonOut
from claimdb.services import events
from claimdb.services.permissions import Permission, allows, roles_with

SYSTEM_ACTOR = "claimdb"
"""The built-in person that seeds are loaded as; it cannot be used with --as."""

ADD_HINT = "add yourself with `claimdb user add NAME --role fact-checker` (run by an admin)"


def resolve_actor(uow: UnitOfWork, name: str | None, permission: Permission) -> Person:
    """The acting person, checked for ``permission``; refuses clearly otherwise."""
    roles = [r.value for r in roles_with(permission)]
    needed = ", ".join(roles[:-1]) + f" or {roles[-1]}" if len(roles) > 1 else roles[0]
    if not name:
        raise InvalidInput(
            f"who is acting? To {permission.value}, pass --as NAME or set CLAIMDB_USER",
            hint=f"the role needed is {needed}; {ADD_HINT}",
        )
    person = repo.person_by_name(uow.session, name)
    if person is None or name == SYSTEM_ACTOR:
        known = [n for n in repo.person_names(uow.session) if n != SYSTEM_ACTOR]
        if not known:
            raise NotFound(
                f"unknown person {name!r}: nobody is on this desk yet",
                hint=f"the first person is an admin: `claimdb user add {name} --role admin`",
            )
        raise NotFound(
            f"unknown person {name!r} (people: {', '.join(known)})",
            hint=f"add them with `claimdb user add {name} --role ROLE`, run by an admin",
        )
    if not person.active:
        raise PermissionDenied(f"{name} is deactivated and cannot {permission.value}")
    if not allows(person.role, permission):
        raise PermissionDenied(
            f"{name} is {_article(person.role)} {person.role.value} and cannot "
            f"{permission.value}: that needs the role {needed}",
            hint="ask an admin to change your role with `claimdb user role NAME ROLE`",
        )
    return person


def _article(role: Role) -> str:
    return "an" if role.value[0] in "aeiou" else "a"


def system_actor(uow: UnitOfWork) -> Person:
    """The built-in ``claimdb`` admin used for seeds; created on first use."""
    person = repo.person_by_name(uow.session, SYSTEM_ACTOR)
    if person is None:
        person = Person(name=SYSTEM_ACTOR, role=Role.ADMIN)
        uow.session.add(person)
        uow.flush()
    return person


def add_person(uow: UnitOfWork, *, actor: str | None, data: PersonIn) -> PersonOut:
    """Add someone to the desk.

    The first person in an empty database must be an admin, and is added
    whoever ``actor`` names (nobody can be checked yet; a CLAIMDB_USER set
    ahead of time must not stand in the way): that is how a desk bootstraps
    itself. From then on, only an admin adds people.
    """
    bootstrap = not any(n != SYSTEM_ACTOR for n in repo.person_names(uow.session))
    if bootstrap:
        if data.role is not Role.ADMIN:
            raise PermissionDenied(
                "the first person on a new desk must be an admin",
                hint=f"run `claimdb user add {data.name} --role admin` first",
            )
        by = system_actor(uow)
    else:
        by = resolve_actor(uow, actor, Permission.MANAGE_PEOPLE)
    if data.name == SYSTEM_ACTOR or repo.person_by_name(uow.session, data.name) is not None:
        raise AlreadyExists(f"a person named {data.name!r} already exists")
    person = Person(name=data.name, role=data.role, email=data.email)
    uow.session.add(person)
    uow.flush()
    events.record(
        uow,
        actor=by,
        entity=EntityKind.PERSON,
        entity_id=person.id,
        action="created",
        after=events.snapshot(person, ("name", "role", "email")),
    )
    return PersonOut.model_validate(person)


def set_role(uow: UnitOfWork, *, actor: str | None, name: str, role: Role) -> PersonOut:
    by = resolve_actor(uow, actor, Permission.MANAGE_PEOPLE)
    person = repo.person_by_name(uow.session, name)
    if person is None or name == SYSTEM_ACTOR:
        raise NotFound(f"unknown person {name!r}")
    before = events.snapshot(person, ("role",))
    person.role = role
    events.record(
        uow,
        actor=by,
        entity=EntityKind.PERSON,
        entity_id=person.id,
        action="role_changed",
        before=before,
        after=events.snapshot(person, ("role",)),
    )
    return PersonOut.model_validate(person)


def list_people(uow: UnitOfWork) -> list[PersonOut]:
    return [
        PersonOut.model_validate(p) for p in repo.list_people(uow.session) if p.name != SYSTEM_ACTOR
    ]
