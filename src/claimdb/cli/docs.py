"""Generate docs/cli.md from the commands' own ``--help``, so the reference cannot drift.

Run ``make docs`` (``python -m claimdb.cli.docs > docs/cli.md``); a test fails
when docs/cli.md differs from what this prints, or when a command lacks a
summary or an example.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

WIDTH = 100

HEADER = """\
# claimdb command reference

Generated from `--help` by `make docs` (`python -m claimdb.cli.docs > docs/cli.md`);
do not edit by hand. Tutorials: [fact-checker](tutorial-fact-checker.md),
[editor](tutorial-editor.md), [analyst](tutorial-analyst.md).

## Global options and environment

- `--db PATH|URL` or `CLAIMDB_URL`: the database (a SQLite file path, `sqlite:///PATH` or
  `postgresql+psycopg://USER@HOST/DB`); default: the file `claimdb info` prints
  (`$CLAIMDB_HOME/claimdb.sqlite3` when `CLAIMDB_HOME` is set).
- `--as NAME` or `CLAIMDB_USER`: who is acting, on every command that writes.
- `--format table|json|jsonl|csv` or `CLAIMDB_FORMAT`: output of list and show commands, and
  of the commands that create something (`claim add`, `source add`, `cite`, `verify`, `note`,
  `flag raise`, `review request`: the new record, for scripts; table prints only the message).
  stdout carries only data; messages go to stderr. Colour is off when stdout is not a terminal
  or `NO_COLOR` is set.
- `PYDANTIC_DISABLE_PLUGINS`: claimdb uses no pydantic plugins and sets it to `__all__` unless it
  is set (pydantic then skips its scan of every installed package for them); set it empty to
  let pydantic load plugins.
- `--limit N` (`-n N`), wherever it appears: at most N rows; `--limit 0` means no limit.
- `--` ends the options: a text that starts with `-` (a negative figure, a quoted list item)
  goes after it, or it is read as an option:
  `claimdb claim add --type statistic --as maria -- "-40% is how far car imports fell."`

## Exit codes

| code | meaning |
|---:|---|
{exit_codes}
"""

_MEANINGS = {
    "ok": "success",
    "error": "claimdb refused or failed (also: `claimdb lint` found problems; "
    "`claimdb source check` found a dead link)",
    "usage": "command-line usage error: unknown option, missing argument, invalid choice",
    "not-found": "no claim, source, citation, flag, person or document with that id or name",
    "conflict": "edit conflict: the claim changed since you read it; your input is kept in a draft",
    "invalid-input": "invalid input: each problem is printed as file:line: field: message",
    "permission-denied": "your role does not allow this; the message names the role needed",
    "workflow-refused": "a workflow rule refuses it: missing evidence, or an invalid state change",
    "database": "the database is missing, unreachable, or not at the current schema",
    "already-exists": "a record with the same identity exists; the message names it",
}


@dataclass(frozen=True)
class CommandDoc:
    path: str  # "claimdb user add"
    help: str
    summary: str
    is_group: bool


def _commands() -> Iterator[CommandDoc]:
    import typer.main

    from claimdb.cli.main import app

    root = typer.main.get_command(app)

    def walk(cmd: Any, path: list[str], parent: Any) -> Iterator[CommandDoc]:
        ctx = cmd.make_context(
            path[-1],
            [],
            parent=parent,
            resilient_parsing=True,
            terminal_width=WIDTH,
            max_content_width=WIDTH,
        )
        text = cmd.get_help(ctx).replace(f"Usage: {path[-1]} ", f"Usage: {' '.join(path)} ", 1)
        is_group = hasattr(cmd, "list_commands")
        yield CommandDoc(" ".join(path), text, (cmd.help or "").strip().split("\n")[0], is_group)
        if is_group:
            for name in cmd.list_commands(ctx):
                yield from walk(cmd.get_command(ctx, name), [*path, name], ctx)

    yield from walk(root, ["claimdb"], None)


def commands() -> list[CommandDoc]:
    """Every command and group, root first, in the order --help lists them."""
    return list(_commands())


def render() -> str:
    from claimdb.errors import EXIT_CODES

    rows = "\n".join(f"| {code} | {_MEANINGS[name]} |" for name, code in EXIT_CODES.items())
    parts = [HEADER.format(exit_codes=rows)]
    for doc in commands():
        level = "##" if doc.path.count(" ") <= 1 else "###"
        parts.append(f"{level} `{doc.path}`\n\n```text\n{doc.help.rstrip()}\n```\n")
    return "\n".join(parts)


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
