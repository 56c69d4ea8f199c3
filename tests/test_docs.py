"""Docs cannot drift: the CLI reference is generated from --help and every command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdb.cli.docs import commands, render

ROOT = Path(__file__).resolve().parent.parent
LEAVES = [c for c in commands() if not c.is_group]


def test_cli_reference_is_current() -> None:
    """docs/cli.md is exactly what `make docs` generates from the commands' --help."""
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == render(), "docs/cli.md is out of date: run `make docs`"


@pytest.mark.parametrize("command", LEAVES, ids=lambda c: c.path)
def test_every_command_has_a_summary_and_an_example(command: object) -> None:
    """Each command's --help starts with a summary and shows an example."""
    assert getattr(command, "summary", ""), f"{command} has no help summary"
    assert "Example:" in getattr(command, "help", ""), f"{command} has no example in its help"


@pytest.mark.parametrize("command", commands(), ids=lambda c: c.path)
def test_every_command_is_in_the_reference(command: object) -> None:
    """A command missing from docs/cli.md fails here, by name."""
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"`{getattr(command, 'path', '')}`" in reference
