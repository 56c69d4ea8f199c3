"""Start-up: the root's table of commands, and parameters parsed without pydantic."""

from __future__ import annotations

import enum
import importlib
import os
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import claimdb.cli
from claimdb.cli.common import _MISSING, _plain_value, _plain_values, load_commands
from claimdb.cli.main import COMMANDS, RootGroup


def real_commands() -> dict[str, Any]:
    """Every root command as its module defines it, loaded eagerly."""
    commands: dict[str, Any] = {}
    for name, source, _ in COMMANDS:
        commands.update(load_commands(source, name))
    return commands


def test_the_table_names_every_command_its_modules_define() -> None:
    """A command added to (or removed from) a module without the table fails here."""
    by_source: dict[str, set[str]] = {}
    for name, source, _ in COMMANDS:
        by_source.setdefault(source, set()).add(name)
    for source, names in by_source.items():
        defined = set(load_commands(source, next(iter(names))))
        assert defined == names, f"{source} defines {sorted(defined)}, the table {sorted(names)}"
    assert len({name for name, _, _ in COMMANDS}) == len(COMMANDS)
    # A module that registers commands is in the table.
    sources = {source.partition(":")[0] for source in by_source}
    for info in pkgutil.iter_modules(claimdb.cli.__path__):
        module = importlib.import_module(f"claimdb.cli.{info.name}")
        if hasattr(module, "register"):
            assert info.name in sources, f"claimdb.cli.{info.name} is missing from COMMANDS"


def test_the_table_order_is_the_eager_order() -> None:
    """Commands first, then groups, each in the order the modules were wired: as typer lists."""
    real = real_commands()
    is_group = [hasattr(real[name], "list_commands") for name, _, _ in COMMANDS]
    assert is_group == sorted(is_group)


@pytest.mark.parametrize("name", [name for name, _, _ in COMMANDS])
def test_a_summary_in_the_table_is_the_commands_own(name: str) -> None:
    """--help's and completion's one-line summary is the same from the table, at every width."""
    real = real_commands()[name]
    root = RootGroup(name="claimdb")
    root._listing = True
    stub = root.get_command(None, name)
    assert stub is not None
    assert (stub.hidden, stub.deprecated) == (real.hidden, real.deprecated)
    for limit in range(10, 200):
        assert stub.get_short_help_str(limit) == real.get_short_help_str(limit), limit


def test_running_a_command_imports_only_its_module() -> None:
    """`claimdb status` loads claimdb.cli.status and no other command group's module."""
    code = (
        "import sys\n"
        "from claimdb.cli.main import app\n"
        "try:\n"
        "    app(['status', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('claimdb.cli.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = out.stdout.strip().splitlines()[-1]
    assert loaded == "['claimdb.cli.common', 'claimdb.cli.main', 'claimdb.cli.output', " + (
        "'claimdb.cli.status']"
    )


def _complete(words: str, shell: str = "zsh") -> str:
    env = {**os.environ, "_CLAIMDB_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words}
    env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1))
    claimdb = Path(sys.executable).with_name("claimdb")  # the console script: its name is the key
    out = subprocess.run([claimdb], env=env, capture_output=True, text=True, check=False)
    return out.stdout


def test_completion_lists_commands_with_their_summaries() -> None:
    """Completing `claimdb s` offers the s-commands with their own summaries (zsh shows them)."""
    real = real_commands()
    out = _complete("claimdb s")
    expected = [name for name, _, _ in COMMANDS if name.startswith("s")]
    for name in expected:
        summary = real[name].get_short_help_str().replace("'", "''").replace(":", r"\\:")
        assert f'"{name}":"{summary}"' in out
    assert out.count('":"') == len(expected)
    assert _complete("claimdb claim sh", "bash").split() == ["show"]


def _leaf_commands(command: Any) -> Iterator[Any]:
    yield command
    for sub in getattr(command, "commands", {}).values():
        yield from _leaf_commands(sub)


SAMPLES = [
    "12", "0", "-3", "007", "-0", " 5", "5 ", "+5", "1_000", "1e3", "12.0", "", "abc",
    "99999999999999999999", "table", "JSON", "Json", "jsonl", "xml", "é", "caf\udce9",
    "2025-01-01", "-", "true", "1",
]  # fmt: skip


def _typer_value(param: Any, value: Any, ctx: Any) -> tuple[str, Any]:
    from typer._coercion import build_runtime_param

    try:
        return "ok", build_runtime_param(param.type_descriptor).coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # any refusal: the light path must have deferred
        return "refused", type(exc).__name__


def test_light_coercion_gives_typers_value_or_defers_to_typer() -> None:
    """For every parameter of every command, a value taken without pydantic is typer's value."""
    import typer.main

    from claimdb.cli.main import app

    root = typer.main.get_command(app)
    checked = 0
    for command in [root, *(c for r in real_commands().values() for c in _leaf_commands(r))]:
        ctx = command.make_context("x", [], resilient_parsing=True)
        for param in command.get_params(ctx):
            if not hasattr(param, "type_descriptor"):
                continue
            for value in [*SAMPLES, param.default]:
                if value is None or param.multiple or param.nargs != 1:
                    continue
                ours = _plain_value(value, param.type_descriptor, ctx)
                if ours is _MISSING:
                    continue
                assert _typer_value(param, value, ctx) == ("ok", ours), (command.name, param.name)
                assert type(ours) is type(_typer_value(param, value, ctx)[1])
                checked += 1
    assert checked > 500


def test_light_coercion_of_a_repeatable_option_gives_typers_list() -> None:
    """A repeated option (``--reason a --reason b``) taken without pydantic is typer's list."""
    import typer.main

    from claimdb.cli.main import app

    root = typer.main.get_command(app)
    checked = 0
    for command in [root, *(c for r in real_commands().values() for c in _leaf_commands(r))]:
        ctx = command.make_context("x", [], resilient_parsing=True)
        for param in command.get_params(ctx):
            if not hasattr(param, "type_descriptor") or not param.multiple:
                continue
            (item,) = getattr(param.type_descriptor.annotation, "__args__", (None,))
            members: list[enum.Enum] = list(item) if isinstance(item, enum.EnumMeta) else []
            own = [str(m.value) for m in members]
            samples = [*SAMPLES, *own, *(v.upper() for v in own)]
            for values in [(v,) for v in samples] + [tuple(samples[:3]), tuple(own[:2])]:
                ours = _plain_values(values, param.type_descriptor, ctx)
                if ours is _MISSING:
                    continue
                assert _typer_value(param, values, ctx) == ("ok", ours), (command.name, param.name)
                assert [type(v) for v in ours] == [
                    type(v) for v in _typer_value(param, values, ctx)[1]
                ]
                checked += 1
    assert checked > 100, checked


class Colour(enum.Enum):
    RED = "red"
    DARK_RED = "Red"


def test_an_enum_with_values_equal_but_for_case_is_left_to_typer() -> None:
    """Case-insensitive matching picks the first member; the light path does the same."""
    from typer._coercion import resolve_type_descriptor
    from typer.models import OptionInfo

    insensitive = resolve_type_descriptor(Colour, OptionInfo(case_sensitive=False))
    assert _plain_value("Red", insensitive, None) is Colour.RED
    sensitive = resolve_type_descriptor(Colour, OptionInfo(case_sensitive=True))
    assert _plain_value("Red", sensitive, None) is Colour.DARK_RED


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["log", "-n", "abc"], 2, "'-n': Input should be a valid integer, unable to parse string"),
        (["log", "-n", "-1"], 2, "'-n': Input should be greater than or equal to 0"),
        (["status", "-f", "xml"], 2, "'xml' is not one of 'table', 'json', 'jsonl', 'csv'"),
    ],
)
def test_a_bad_value_gets_typers_own_message(argv: list[str], code: int, message: str) -> None:
    """A value the light path does not take is typer's to refuse, with typer's words."""
    out = subprocess.run(
        [sys.executable, "-m", "claimdb", *argv], capture_output=True, text=True, check=False
    )
    assert out.returncode == code
    assert message in out.stderr


@pytest.mark.parametrize(("preset", "expected"), [(None, "__all__"), ("", ""), ("1", "1")])
def test_the_entry_point_turns_pydantic_plugins_off_unless_told(
    preset: str | None, expected: str
) -> None:
    """claimdb sets PYDANTIC_DISABLE_PLUGINS=__all__ for itself; a value already set is kept."""
    code = (
        "import os, sys\n"
        "from claimdb.cli.main import main\n"
        "sys.argv = ['claimdb', '--version']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(repr(os.environ.get('PYDANTIC_DISABLE_PLUGINS')))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if preset is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = preset
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == repr(expected)
