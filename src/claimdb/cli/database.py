"""Database commands: ``init``, ``info`` and the ``db`` group (Alembic underneath)."""

from __future__ import annotations

from typing import Annotated

import typer

from claimdb.cli.common import Typer, settings, uow
from claimdb.cli.output import Format, FormatOption, info, success, write_one, write_rows

db_app = Typer(help="Schema migrations: upgrade, current, check, history.")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("info")(show_info)
    app.add_typer(db_app, name="db")


def init(
    with_seed: Annotated[
        bool,
        typer.Option(
            "--with-seed", help="Also load the seed report and its claims, as `claimdb seed` does."
        ),
    ] = False,
) -> None:
    """Create a claimdb database at the latest schema (idempotent).

    Example: claimdb --db desk.sqlite3 init --with-seed
    """
    from claimdb.services import database

    state, created = database.init(settings())
    where = state.path or state.url
    if created:
        success(f"created a claimdb database at {where} (schema {state.current})")
    else:
        info(f"the database at {where} is already initialised (schema {state.current})")
    if with_seed:
        from claimdb.cli.common import uow
        from claimdb.cli.seed import announce
        from claimdb.services.seed import load_seed

        with uow() as u:
            announce(load_seed(u))


def show_info(fmt: FormatOption = Format.TABLE) -> None:
    """Show which database claimdb uses, where that came from, and its schema revision.

    Example: claimdb info
    """
    from claimdb.config import default_db_path
    from claimdb.services import database

    s = settings()
    state = database.state(s)
    write_one(
        {
            "database": state.url,
            "from": state.url_source,
            "backend": state.backend,
            "exists": state.exists,
            "schema": state.current,
            "schema_head": state.head,
            "default_path": str(default_db_path()),
        },
        fmt,
    )


@db_app.command("upgrade")
def upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Upgrade the database schema (a SQLite file is copied to a backup first).

    Example: claimdb db upgrade
    """
    from claimdb.services import database

    state, backup = database.upgrade(settings(), revision)
    if backup is not None:
        info(f"backup written to {backup}")
    success(f"database at schema {state.current}")


@db_app.command("current")
def current() -> None:
    """Print the database's schema revision, and whether it is the head.

    Example: claimdb db current
    """
    from claimdb.services import database

    state = database.state(settings())
    suffix = " (head)" if state.at_head else f" (head is {state.head})"
    typer.echo(f"{state.current or 'empty'}{suffix}")


@db_app.command("check")
def check(
    sample: Annotated[
        int,
        typer.Option(
            "--sample",
            min=0,
            help="How many claims, drawn at random, to compare with their events (the 50 "
            "changed last and the 50 newest are compared too); the number of claims or more: all.",
        ),
    ] = 500,
) -> None:
    """Check the schema, the event log, and claims against the log; exit 8 if not.

    The schema must be at head and match the models; the append-only
    triggers must be in place; every event must be the link of the hash
    chain its content and place say it is. Prints the chain's head, which
    you can publish (or note down) to detect a rewritten log later. Then a
    sample of claims is replayed from their events: a claim, verdict, note,
    citation or flag changed in the database without an event is named with
    the field and the event it contradicts.

    Example: claimdb db check --sample 2000
    """
    from claimdb.errors import DatabaseError
    from claimdb.services import database

    result = database.check(settings())
    if not result.state.at_head:
        raise DatabaseError(
            f"the database is at {result.state.current or 'no revision'}, "
            f"not at head {result.state.head}",
            hint="run `claimdb init` for a new database or `claimdb db upgrade`",
        )
    if result.drift:
        raise DatabaseError(
            "the schema differs from the models:\n" + "\n".join(result.drift),
            hint="a migration is missing; developers: alembic revision --autogenerate",
        )
    typer.echo(f"ok: database at head {result.state.head}, schema matches the models")
    from claimdb.services.agreement import SHOWN, check_claims
    from claimdb.services.chain import verify

    with uow(write=False) as u:
        log = verify(u)
        rows = check_claims(u, sample=sample)
    if log.triggers_missing:
        raise DatabaseError(
            "the event log is not protected: trigger "
            + ", ".join(log.triggers_missing)
            + " is missing or disabled",
            hint="someone changed the database outside claimdb; restore it from a backup",
        )
    if log.problem is not None:
        raise DatabaseError(
            f"the event log was tampered with: {log.problem}",
            hint="compare with a backup, and with the chain head you last published",
        )
    older = f" (and {log.before_chain} events from before the chain)" if log.before_chain else ""
    typer.echo(f"ok: event log intact: {log.length} links{older}; chain head {log.head}")
    if not rows.ok:
        named = [f"  {p}" for p in rows.problems[:SHOWN]]
        more = len(rows.problems) - SHOWN
        raise DatabaseError(
            f"rows were changed without an event ({len(rows.problems)} found in "
            f"{rows.checked} claims checked):\n"
            + "\n".join(named)
            + (f"\n  ... and {more} more" if more > 0 else ""),
            hint="someone changed the database outside claimdb; `claimdb history CLAIM` shows "
            "what the log says; restore the rows from a backup",
        )
    typer.echo(
        f"ok: {rows.checked} of {rows.total} claims agree with their events "
        "(their verdicts, notes, citations and flags too)"
    )


@db_app.command("history")
def history(fmt: FormatOption = Format.TABLE) -> None:
    """List the schema migrations, oldest first.

    Example: claimdb db history
    """
    from claimdb.services import database

    rows = [
        {"revision": r, "down_revision": d, "message": m, "head": h}
        for r, d, m, h in database.history()
    ]
    write_rows(rows, fmt)
