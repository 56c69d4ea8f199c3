"""The pieces every command shares: the Typer subclass, options, settings, errors."""

from __future__ import annotations

import contextlib
import enum
import functools
import re
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
import typer.core

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
        kwargs.setdefault("cls", LightGroup)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        kwargs.setdefault("cls", LightCommand)
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

    class DefaultCommandGroup(LightGroup):
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


# --- Start-up: load only the command being run --------------------------------------------


class _LightParsing:
    """Parsing whose simple parameters skip pydantic (a mixin for typer's command classes).

    typer 0.29 coerces every parameter (``--help`` included) through a pydantic
    ``TypeAdapter`` built on first use; importing pydantic for that costs a read command
    a fifth of its start-up. :class:`_LightCoercion` takes the values whose coercion is
    plain (a string, a decimal integer in range, an enum's value, a missing value) and
    hands any other to typer's own coercion, so results and error messages stay typer's.
    Should typer stop building ``_runtime_param`` lazily, nothing is changed here and
    ``tests/test_startup.py`` notices (the light commands import pydantic again).
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if (
                getattr(param, "_runtime_param", _MISSING) is None
                and hasattr(param, "get_runtime_param")
                and hasattr(param, "type_descriptor")
            ):
                param._runtime_param = _LightCoercion()
        return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]


class LightCommand(_LightParsing, typer.core.TyperCommand):
    """A command whose simple parameters are parsed without pydantic."""


class LightGroup(_LightParsing, typer.core.TyperGroup):
    """A command group whose simple parameters are parsed without pydantic."""


_MISSING = object()
_INT = re.compile(r"-?[0-9]{1,18}")


class _LightCoercion:
    """typer's coercion of one parameter for plain values, without pydantic (see light_params)."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        if not multi and param.nargs == 1:
            result = _plain_value(value, param.type_descriptor, ctx)
            if result is not _MISSING:
                return result
        elif param.multiple and param.nargs == 1:
            result = _plain_values(value, param.type_descriptor, ctx)
            if result is not _MISSING:
                return result
        param._runtime_param = None  # typer builds its own from now on
        return param.get_runtime_param().coerce(value, param=param, ctx=ctx)


def _plain_values(values: Any, descriptor: Any, ctx: Any) -> Any:
    """A repeatable option's ``values`` as typer gives them (a list), or _MISSING.

    Only for a ``list[X]`` whose every value :func:`_plain_value` takes as an ``X``.
    """
    from typing import get_args, get_origin

    annotation = descriptor.annotation
    if get_origin(annotation) is not list or not isinstance(values, (list, tuple)):
        return _MISSING
    (item,) = get_args(annotation)
    out = [_plain_value(value, descriptor, ctx, annotation=item) for value in values]
    return _MISSING if any(value is _MISSING for value in out) else out


def _plain_value(value: Any, descriptor: Any, ctx: Any, *, annotation: Any = _MISSING) -> Any:
    """``value`` coerced as typer would, or _MISSING when that takes typer (and pydantic).

    ``annotation``: the type to coerce to, when not the descriptor's own (a list's items).
    """
    if annotation is _MISSING:
        annotation = descriptor.annotation
    info = descriptor.parameter_info
    if info.parser is not None or descriptor.file_annotation is not None:
        return _MISSING
    if annotation is str:
        if isinstance(value, str) and (value.isascii() or _encodes(value)):
            return value
        return _MISSING
    if annotation is int:
        if isinstance(value, str) and _INT.fullmatch(value):
            number = int(value)
        elif type(value) is int:
            number = value
        else:
            return _MISSING
        if (info.min is not None and number < info.min) or (
            info.max is not None and number > info.max
        ):
            return _MISSING
        return number
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        if isinstance(value, annotation):
            return value
        if isinstance(value, str) and (ctx is None or ctx.token_normalize_func is None):
            fold = (lambda text: text) if info.case_sensitive else str.casefold
            wanted = fold(value)
            for member in annotation:
                if fold(str(member.value)) == wanted:
                    return member
    return _MISSING


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class LazyGroup(LightGroup):
    """A command group that knows its commands' names and summaries without importing them.

    ``table`` lists each command as ``(name, source, summary)``: ``source`` is the
    ``claimdb.cli`` module that defines it, as ``"module"`` (whose ``register(app)``
    adds it) or ``"module:attr"`` (a Typer sub-app added under ``name``); ``summary``
    is the first sentence of its help, what ``--help`` and shell completion show. Running
    a command imports only its own module. ``tests/test_startup.py`` fails when the table
    and the commands the modules define disagree.
    """

    table: tuple[tuple[str, str, str], ...] = ()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _LazyCommands(self.table)
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for name, _, _ in self.table]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self._listing:  # --help and completion need a name and a summary, not the command
            for name, _, summary in self.table:
                if name == cmd_name:
                    return typer.core.TyperCommand(name=name, help=summary)
            return None
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with self._summaries():
            super().format_commands(ctx, formatter)

    def shell_complete(self, ctx: Any, incomplete: str) -> Any:
        with self._summaries():
            return super().shell_complete(ctx, incomplete)

    @contextlib.contextmanager
    def _summaries(self) -> Iterator[None]:
        self._listing = True
        try:
            yield
        finally:
            self._listing = False


class _LazyCommands(MutableMapping[str, Any]):
    """A lazy group's commands by name: a command's module is imported on first use."""

    def __init__(self, table: tuple[tuple[str, str, str], ...]) -> None:
        self._sources = {name: source for name, source, _ in table}
        self._loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._loaded:
            self._loaded.update(load_commands(self._sources[name], name))
        return self._loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._sources.setdefault(name, "")
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._sources[name]
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


def load_commands(source: str, name: str) -> dict[str, Any]:
    """The click commands a lazy table's ``source`` defines (``name``: a sub-app's name)."""
    import importlib

    import typer.main

    module_name, _, attr = source.partition(":")
    module = importlib.import_module(f"claimdb.cli.{module_name}")
    app = Typer()
    if attr:
        app.add_typer(getattr(module, attr), name=name)
    else:
        module.register(app)
    return dict(typer.main.get_group(app).commands)
