"""``claimdb user``: the people on the desk and their roles."""

from __future__ import annotations

from typing import Annotated

import typer

from claimdb.cli.common import ActorOption, Typer, uow
from claimdb.cli.output import Format, FormatOption, success, write_rows
from claimdb.enums import Role

app = Typer(help="People on the desk: add them, list them, change their role.")

PEOPLE_COLUMNS = [
    ("id", lambda p: p.id),
    ("name", lambda p: p.name),
    ("role", lambda p: p.role.value),
    ("email", lambda p: p.email),
    ("active", lambda p: p.active),
]


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A unique name, as used with --as.")],
    role: Annotated[Role, typer.Option("--role", help="fact-checker, editor, analyst or admin.")],
    email: Annotated[str | None, typer.Option("--email", help="Contact address.")] = None,
    actor: ActorOption = None,
) -> None:
    """Add a person. The first person on a new desk must be an admin and needs no --as.

    On an empty desk --as and CLAIMDB_USER are ignored for that first admin;
    from then on only an admin adds people.

    Example: claimdb user add maria --role fact-checker --as admin
    """
    from claimdb.schemas.people import PersonIn
    from claimdb.services.people import add_person

    data = PersonIn(name=name, role=role, email=email)
    with uow() as u:
        person = add_person(u, actor=actor, data=data)
    success(f"added {person.name} ({person.role.value})")


@app.command("list")
def list_(fmt: FormatOption = Format.TABLE) -> None:
    """List the people on the desk.

    Example: claimdb user list --format json
    """
    from claimdb.services.people import list_people

    with uow(write=False) as u:
        rows = list_people(u)
    write_rows(rows, fmt, PEOPLE_COLUMNS, empty="nobody yet: add someone with `claimdb user add`")


@app.command("role")
def role(
    name: Annotated[str, typer.Argument(help="The person.")],
    new_role: Annotated[Role, typer.Argument(metavar="ROLE", help="The new role.")],
    actor: ActorOption = None,
) -> None:
    """Change a person's role (admins only).

    Example: claimdb user role maria editor --as admin
    """
    from claimdb.services.people import set_role

    with uow() as u:
        person = set_role(u, actor=actor, name=name, role=new_role)
    success(f"{person.name} is now {person.role.value}")
