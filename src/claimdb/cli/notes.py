"""Notes and flags: ``claimdb note`` and the ``claimdb flag`` group."""

from __future__ import annotations

from typing import Annotated

import typer

from claimdb.cli.common import ActorOption, ClaimArg, Typer, default_command_group, uow
from claimdb.cli.output import (
    Format,
    FormatOption,
    report_created,
    shorten,
    success,
    write_rows,
)
from claimdb.enums import FlagReason, NoteKind

flag_app = Typer(
    cls=default_command_group("raise"),
    help=(
        "Flags: raise a concern about a claim, list flags, resolve them (editors). "
        "`claimdb flag CLAIM --reason R` is short for `claimdb flag raise CLAIM --reason R`."
    ),
)

FLAG_COLUMNS = [
    ("id", lambda f: f.id),
    ("claim", lambda f: f.claim_id),
    ("reason", lambda f: f.reason.value),
    ("note", lambda f: shorten(f.note, 60)),
    ("raised", lambda f: f"{f.raised_by} {f.raised_at:%Y-%m-%d}"),
    (
        "resolved",
        lambda f: (
            f"{f.resolved_by} {f.resolved_at:%Y-%m-%d}: {shorten(f.resolution, 40)}"
            if f.resolved_at
            else "open"
        ),
    ),
]


def register(app: typer.Typer) -> None:
    app.command("note")(note)
    app.add_typer(flag_app, name="flag")


def note(
    claim_id: ClaimArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="What you want to say.")],
    *,
    reply_to: Annotated[
        int | None, typer.Option("--reply-to", help="The note this answers (threads it).")
    ] = None,
    kind: Annotated[
        NoteKind, typer.Option("--kind", help="query, answer, comment or decision (editors).")
    ] = NoteKind.COMMENT,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Add a note to a claim's thread, or reply to a note with --reply-to.

    With --format json (jsonl, csv) the new note is printed on stdout.

    Example: claimdb note 71 "Which Yale institute ran the survey?" --kind query --as maria
    """
    from claimdb.schemas.review import NoteIn
    from claimdb.services.notes import add_note

    with uow() as u:
        out = add_note(
            u, actor=actor, data=NoteIn(claim_id=claim_id, body=text, kind=kind, reply_to=reply_to)
        )
    threaded = f" in reply to note {out.parent_id}" if out.parent_id else ""
    report_created(out, fmt, f"note {out.id} ({out.kind.value}) on claim {out.claim_id}{threaded}")


@flag_app.command("raise")
def raise_(
    claim_id: ClaimArg,
    reason: Annotated[FlagReason, typer.Option("--reason", help="Why it is flagged.")],
    note_text: Annotated[
        str | None, typer.Option("--note", help="What is wrong, for whoever resolves it.")
    ] = None,
    actor: ActorOption = None,
    fmt: FormatOption = Format.TABLE,
) -> None:
    """Raise a flag on a claim (also: claimdb flag CLAIM --reason R).

    With --format json (jsonl, csv) the new flag is printed on stdout.

    Example: claimdb flag 71 --reason outdated --note "A 2026 survey exists" --as maria
    """
    from claimdb.schemas.review import FlagIn
    from claimdb.services.flags import raise_flag

    with uow() as u:
        out = raise_flag(
            u, actor=actor, data=FlagIn(claim_id=claim_id, reason=reason, note=note_text)
        )
    report_created(out, fmt, f"flag {out.id} ({out.reason.value}) raised on claim {out.claim_id}")


@flag_app.command("resolve")
def resolve(
    flag_id: Annotated[int, typer.Argument(metavar="FLAG", help="The flag's id.")],
    resolution: Annotated[str, typer.Option("--resolution", help="How it was dealt with.")],
    actor: ActorOption = None,
) -> None:
    """Resolve an open flag, saying how (editors).

    Example: claimdb flag resolve 4 --resolution "Survey identified: Yale CELI, 2025" --as eddie
    """
    from claimdb.services.flags import resolve_flag

    with uow() as u:
        out = resolve_flag(u, actor=actor, flag_id=flag_id, resolution=resolution)
    success(f"flag {out.id} on claim {out.claim_id} resolved")


@flag_app.command("list")
def list_(
    open_only: Annotated[bool, typer.Option("--open", help="Only unresolved flags.")] = False,
    claim_id: Annotated[int | None, typer.Option("--claim", help="Only this claim's flags.")] = (
        None
    ),
    fmt: FormatOption = Format.TABLE,
) -> None:
    """List flags, oldest first: all, or only open ones, on every claim or on one.

    Example: claimdb flag list --open
    """
    from claimdb.services.flags import list_flags

    with uow(write=False) as u:
        rows = list_flags(u, open_only=open_only, claim_id=claim_id)
    write_rows(rows, fmt, FLAG_COLUMNS, empty="no flags")
