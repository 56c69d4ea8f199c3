"""Rendering: Rich tables for people, JSON/JSONL/CSV for machines.

stdout carries only data. Machine formats are written directly (never
through Rich, which wraps lines and interprets markup); diagnostics go to
stderr. Colour is off when stdout is not a terminal or ``NO_COLOR`` is set.
"""

from __future__ import annotations

import csv
import io
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

    from claimdb.schemas.plain import Plain

    Record = BaseModel | Plain | dict[str, Any]
    """A row to write: a pydantic output schema, a plain record (read commands) or a dict."""


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


def to_jsonable(row: Record) -> dict[str, Any]:
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


def _csv_cell(value: Any) -> str:
    """A CSV cell guarded against formula injection (as ``export -f csv`` guards its cells).

    Text that starts with =, +, -, @, tab or CR gets a leading quote; numbers stay numbers.
    """
    from claimdb.formats.cells import neutralise

    if isinstance(value, int | float) and not isinstance(value, bool):
        return _cell(value)
    return neutralise(_cell(value))


def write_rows(
    rows: Sequence[Record],
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
        # Python 3.11's writer quotes a field holding a bare CR only when CR is part of the
        # line terminator: write CRLF rows into a buffer, then end each line with LF.
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")

        def write_line(cells: list[str]) -> None:
            writer.writerow(cells)
            out.write(buf.getvalue()[:-2] + "\n")
            buf.seek(0)
            buf.truncate()

        write_line(fields)
        for d in dicts:
            write_line([_csv_cell(d.get(f)) for f in fields])
    else:
        write_table(rows, columns or _default_columns(rows), title=title, empty=empty)


def _default_columns(rows: Sequence[Record]) -> list[Column]:
    if not rows:
        return []

    def getter(key: str) -> Callable[[Any], Any]:
        return lambda row: to_jsonable(row).get(key)

    return [(k, getter(k)) for k in to_jsonable(rows[0])]


NARROW = 16
"""A column whose cells all fit in this many characters never wraps (ids, statuses, dates)."""

MAX_LINES = 2
"""Lines a long cell may take in a table; the rest is cut at a word with an ellipsis."""


def write_table(
    rows: Iterable[Any], columns: Sequence[Column], *, title: str | None = None, empty: str
) -> None:
    rows = list(rows)
    if not rows:
        err_console().print(empty, markup=False)  # it may quote the user's words
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    out = console()
    cells = [[_table_cell(get(row), Text) for _, get in columns] for row in rows]
    headers = [header for header, _ in columns]
    # On a terminal the usual boxes; elsewhere (a pipe, a file) no vertical rules, whose
    # three characters a column are room the text needs at 80 columns.
    boxed = out.is_terminal
    if boxed:
        table = Table(title=title, show_lines=False, header_style="bold", box=box.HEAVY_HEAD)
        overhead = 3 * len(headers) + 1  # "│ " before each cell, " │" after the last
    else:
        table = Table(
            title=title,
            show_lines=False,
            header_style="bold",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            padding=(0, 1, 0, 0),
            pad_edge=False,
        )
        overhead = 2 * (len(headers) - 1)  # a space of padding and a space of rule between
    widths = _column_widths(headers, cells, out.width, overhead=overhead)
    for i, header in enumerate(headers):
        if widths is None:
            table.add_column(header, overflow="fold")
        elif widths[i] is None:
            table.add_column(header, no_wrap=True)
        else:
            table.add_column(header, width=widths[i], overflow="fold")
    for row in cells:
        if widths is None:
            table.add_row(*row)
        else:
            table.add_row(
                *(
                    c if w is None else _cut(c, w, MAX_LINES)
                    for c, w in zip(row, widths, strict=True)
                )
            )
    out.print(table)


def _column_widths(
    headers: Sequence[str], cells: Sequence[Sequence[Text]], total: int, *, overhead: int
) -> list[int | None] | None:
    """Each column's width: None for a narrow column (never wrapped), else its share of the room.

    The room left by the narrow columns goes to the wide ones by their longest cell, the
    widest (a claim's text) first. None overall when even the narrow columns do not fit:
    Rich then lays the table out as it can.
    """
    natural = [
        max([len(h), *(max((len(line) for line in c.plain.splitlines()), default=0) for c in col)])
        for h, col in zip(headers, zip(*cells, strict=True), strict=True)
    ]
    narrow = [n <= NARROW for n in natural]
    room = (
        total - overhead - sum(n for n, is_narrow in zip(natural, narrow, strict=True) if is_narrow)
    )
    wide = [i for i, is_narrow in enumerate(narrow) if not is_narrow]
    if not wide:
        return [None] * len(headers)
    if room < 10 * len(wide):
        return None
    widths: list[int | None] = [None] * len(headers)
    if sum(natural[i] for i in wide) <= room:
        for i in wide:
            widths[i] = natural[i]
        return widths
    # The widest column gets two thirds of the room or more; the others share the rest by size.
    main = max(wide, key=lambda i: natural[i])
    others = [i for i in wide if i != main]
    rest = room // 3 if others else 0
    others_natural = sum(natural[i] for i in others) or 1
    for i in others:
        widths[i] = max(10, min(natural[i], rest * natural[i] // others_natural))
    widths[main] = min(natural[main], room - sum(widths[i] or 0 for i in others))
    return widths


def _cut(cell: Text, width: int, lines: int) -> Text:
    """``cell`` wrapped at words to ``width`` in at most ``lines`` lines, cut with an ellipsis."""
    import textwrap

    from rich.text import Text

    if len(cell.plain) <= width:
        return cell
    wrapped = textwrap.wrap(cell.plain, width, break_on_hyphens=False)
    if len(wrapped) <= lines:
        return Text("\n".join(wrapped), style=cell.style) if not cell.spans else cell
    kept = wrapped[:lines]
    kept[-1] = kept[-1][: width - 1].rstrip() + "…"
    if not cell.spans:
        return Text("\n".join(kept), style=cell.style)
    # A styled cell (a search snippet): keep its spans, cut to the same length.
    length = sum(len(k) for k in kept[:-1]) + len(kept) - 1 + len(kept[-1]) - 1
    cut = cell[:length]
    cut.append("…")
    return cut


def _table_cell(value: Any, text_type: type[Text]) -> Text:
    # Text, not str: a claim's words are never read as Rich markup ("[bold]").
    return value if isinstance(value, text_type) else text_type(_cell(value))


def write_one(
    obj: Record,
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


def report_created(record: BaseModel, fmt: Format, message: str) -> None:
    """What a command created: the record on stdout in a machine format, the message on stderr.

    The table format prints only the message, so a person sees one line and
    a script gets the record (``id=$(claimdb claim add ... -f json | jq .id)``).
    """
    if fmt is not Format.TABLE:
        write_one(record, fmt)
    success(message)


def report_move(moved: Any) -> None:
    """Say on stderr that a command moved a claim through the workflow (a TransitionOut)."""
    if moved is not None:
        info(f"claim {moved.claim_id}: {moved.before.value} → {moved.after.value} ({moved.reason})")


def highlighted(text: str, spans: Iterable[Sequence[int]]) -> Any:
    """``text`` with the character spans bold, or between « » where there is no colour.

    The one way search snippets and claim matches mark the words they found.
    """
    from rich.text import Text

    plain = console().no_color or console().color_system is None
    out = Text()
    at = 0
    for start, end in spans:
        out.append(text[at:start])
        word = text[start:end]
        out.append(f"«{word}»" if plain else word, style=None if plain else "bold")
        at = end
    out.append(text[at:])
    return out
