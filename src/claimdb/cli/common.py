"""The pieces every command shares: the Typer subclass, options, settings, errors."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from claimdb.errors import ClaimDBError, InvalidInput, validation_problems

if TYPE_CHECKING:
    from claimdb.config import Settings
    from claimdb.services import UnitOfWork
    from claimdb.services.reading import DriverReader

F = TypeVar("F", bound=Callable[..., Any])

ClaimArg = Annotated[int, typer.Argument(metavar="CLAIM", help="The claim's id.")]
"""A claim's id as a command's argument."""

LIMIT_HELP = "At most this many (0: no limit)."


def limit_option(**kwargs: Any) -> Any:
    """The ``--limit`` option, the same on every command that has one: 0 means no limit."""
    return typer.Option("--limit", "-n", min=0, help=LIMIT_HELP, **kwargs)


LimitOption = Annotated[int, limit_option()]
"""``--limit N``: at most N rows; 0 (the default, except for `log`) means all of them."""


def no_limit(limit: int) -> int | None:
    """A ``--limit`` value as services take it: None for 0 (no limit)."""
    return limit or None


ActorOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        envvar="CLAIMDB_USER",
        help="Who is acting (a person added with `claimdb user add`).",
        show_default=False,
    ),
]


def report_error(exc: ClaimDBError) -> None:
    """Print a domain error to stderr: the message, then how to fix it."""
    from rich.markup import escape

    from claimdb.cli.output import err_console

    # Messages name fields such as claims[c042].quote: escaped, or Rich takes [c042] for markup.
    err_console().print(
        f"[bold red]error:[/] {escape(str(exc))}", markup=True, highlight=False, soft_wrap=True
    )
    if exc.hint:
        err_console().print(
            f"[dim]hint:[/] {escape(exc.hint)}", markup=True, highlight=False, soft_wrap=True
        )


def validation_error(exc: Exception) -> InvalidInput:
    """A pydantic ValidationError as an InvalidInput naming each field."""
    return InvalidInput("invalid input", problems=validation_problems(exc.errors()))  # type: ignore[attr-defined]


def handle_errors(fn: F) -> F:
    """Turn domain errors into a message on stderr and the error's exit code.

    This is the one place where exceptions become exit codes (see
    :mod:`claimdb.errors` for the table).
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ClaimDBError as exc:
            report_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:
            if type(exc).__name__ == "ValidationError" and type(exc).__module__.startswith(
                "pydantic"
            ):
                err = validation_error(exc)
                report_error(err)
                raise typer.Exit(err.exit_code) from None
            raise

    return wrapper  # type: ignore[return-value]


class Typer(typer.Typer):
    """typer.Typer whose commands all go through :func:`handle_errors`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)

        def decorator(fn: F) -> F:
            register(handle_errors(fn))
            return fn

        return decorator


def default_command_group(name: str, *, when_empty: bool = False) -> type[Any]:
    """A group class that runs its ``name`` sub-command when no other sub-command is named.

    So `claimdb flag 12 --reason outdated` means `claimdb flag raise 12 ...`
    and `claimdb review --doc x` means `claimdb review queue --doc x`, while
    `claimdb flag resolve 3` still reaches `resolve`. ``when_empty``: the bare
    group runs the default too (otherwise it prints its help).
    """
    from typer.core import TyperGroup

    class DefaultCommandGroup(TyperGroup):
        def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
            if args:
                first = args[0]
                if first not in self.commands and first not in ctx.help_option_names:
                    args = [name, *args]
            elif when_empty:
                args = [name]
            return super().parse_args(ctx, args)

    return DefaultCommandGroup


@dataclass
class RootOptions:
    """The root command's options, kept on the click context for the running invocation."""

    db: str | None = None


def db_option_value() -> str | None:
    """The root ``--db`` value of the running invocation (or None).

    Read from the root context's ``obj``, set by the root callback. typer
    carries its own click (``typer._click``) and exports no accessor for the
    current context but the one ``typer.main`` uses itself.
    """
    from typer.main import get_current_context  # type: ignore[attr-defined]

    ctx = get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj.db if isinstance(obj, RootOptions) else None


def settings() -> Settings:
    """Resolved settings (database URL) for the running command."""
    from claimdb.config import resolve_settings

    return resolve_settings(db_option_value())


def uow(*, write: bool = True, optimistic: bool = False, bulk_load: bool = False) -> UnitOfWork:
    """A unit of work on the selected database; ``write=False`` for read-only commands.

    ``optimistic=True`` for version-checked edits (`claim edit`), ``bulk_load=True``
    for a large import.
    """
    from claimdb.services import open_uow

    return open_uow(db_option_value(), write=write, optimistic=optimistic, bulk_load=bulk_load)


def reader() -> DriverReader:
    """A read-only connection for a read command: the driver alone, no ORM (starts fast)."""
    from claimdb.services.reading import open_reader

    return open_reader(db_option_value())
