"""Rendering: Rich tables for people, JSON/JSONL/CSV for machines.

stdout carries only data. Machine formats are written directly (never
through Rich, which wraps lines and interprets markup); diagnostics go to
stderr. Colour is off when stdout is not a terminal or ``NO_COLOR`` is set.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from pydantic import BaseModel
    from rich.console import Console
    from rich.text import Text


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        envvar="CLAIMDB_FORMAT",
        help="Output format: table (for people), json, jsonl or csv.",
        case_sensitive=False,
    ),
]

Column = tuple[str, Callable[[Any], Any]]
"""A table column: its header and how to get the cell from a row."""


def _console(stderr: bool) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


@cache
def console() -> Console:
    return _console(stderr=False)


@cache
def err_console() -> Console:
    return _console(stderr=True)


def reset_consoles() -> None:
    """Forget cached consoles (CliRunner swaps sys.stdout between invocations)."""
    console.cache_clear()
    err_console.cache_clear()


def to_jsonable(row: BaseModel | dict[str, Any]) -> dict[str, Any]:
    if isinstance(row, dict):
        return row
    return row.model_dump(mode="json")


def dumps(value: Any) -> str:
    import orjson

    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")


def _cell(value: Any) -> str:
    """A CSV cell: scalars as text, lists joined with '; ', objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return "; ".join(_cell(v) for v in value)
        return dumps(value)
    if isinstance(value, dict):
        return dumps(value)
    return str(value)


def write_rows(
    rows: Sequence[BaseModel | dict[str, Any]],
    fmt: Format,
    columns: Sequence[Column] | None = None,
    *,
    title: str | None = None,
    empty: str = "nothing to show",
) -> None:
    """Write a list of rows to stdout in ``fmt``."""
    out = sys.stdout
    if fmt is Format.JSON:
        out.write(dumps([to_jsonable(r) for r in rows]) + "\n")
    elif fmt is Format.JSONL:
        for r in rows:
            out.write(dumps(to_jsonable(r)) + "\n")
    elif fmt is Format.CSV:
        dicts = [to_jsonable(r) for r in rows]
        fields = list(dicts[0]) if dicts else [h for h, _ in columns or ()]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(fields)
        for d in dicts:
            writer.writerow([_cell(d.get(f)) for f in fields])
    else:
        write_table(rows, columns or _default_columns(rows), title=title, empty=empty)


def _default_columns(rows: Sequence[BaseModel | dict[str, Any]]) -> list[Column]:
    if not rows:
        return []

    def getter(key: str) -> Callable[[Any], Any]:
        return lambda row: to_jsonable(row).get(key)

    return [(k, getter(k)) for k in to_jsonable(rows[0])]


def write_table(
    rows: Iterable[Any], columns: Sequence[Column], *, title: str | None = None, empty: str
) -> None:
    from rich.table import Table
    from rich.text import Text

    rows = list(rows)
    if not rows:
        err_console().print(empty)
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for header, _ in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(_table_cell(get(row), Text) for _, get in columns))
    console().print(table)


def _table_cell(value: Any, text_type: type[Text]) -> Text:
    # Text, not str: a claim's words are never read as Rich markup ("[bold]").
    return value if isinstance(value, text_type) else text_type(_cell(value))


def write_one(
    obj: BaseModel | dict[str, Any],
    fmt: Format,
    *,
    title: str | None = None,
    render_table: Callable[[Any], None] | None = None,
) -> None:
    """Write one record: JSON object, one JSONL line, a one-row CSV, or a table."""
    if fmt is Format.TABLE:
        if render_table is not None:
            render_table(obj)
            return
        from rich.table import Table
        from rich.text import Text

        table = Table(title=title, show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for key, value in to_jsonable(obj).items():
            table.add_row(key, Text(_cell(value)))
        console().print(table)
        return
    if fmt is Format.JSON:
        sys.stdout.write(dumps(to_jsonable(obj)) + "\n")
        return
    write_rows([obj], fmt)


def shorten(text: str | None, width: int = 70) -> str:
    """One line of at most ``width`` characters, with an ellipsis when cut."""
    if not text:
        return ""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def info(message: str) -> None:
    """A human message, on stderr so stdout stays data."""
    err_console().print(message, markup=False, highlight=False, soft_wrap=True)


def success(message: str) -> None:
    from rich.markup import escape

    err_console().print(f"[green]✓[/] {escape(message)}", highlight=False, soft_wrap=True)


def report_move(moved: Any) -> None:
    """Say on stderr that a command moved a claim through the workflow (a TransitionOut)."""
    if moved is not None:
        info(f"claim {moved.claim_id}: {moved.before.value} → {moved.after.value} ({moved.reason})")
