"""The tutorials are real: every command in their ```sh blocks runs, in order, on the seeded demo database."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from conftest import CLI

ROOT = Path(__file__).resolve().parent.parent
TUTORIALS = sorted((ROOT / "docs").glob("tutorial-*.md"))
_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


def commands(path: Path) -> list[tuple[int, dict[str, str], list[str]]]:
    """(line number, argv) for each claimdb command in the file's sh blocks."""
    text = path.read_text(encoding="utf-8")
    found: list[tuple[int, dict[str, str], list[str]]] = []
    for block in _BLOCK.finditer(text):
        first_line = text.count("\n", 0, block.start(1)) + 1
        logical = block.group(1).replace("\\\n", " ")
        for offset, raw in enumerate(logical.splitlines()):
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            argv = shlex.split(line)
            env: dict[str, str] = {}
            while argv and re.match(r"^[A-Z_]+=", argv[0]):
                key, _, value = argv.pop(0).partition("=")
                env[key] = value
            assert argv[0].endswith("claimdb"), (
                f"{path.name}:{first_line + offset}: not a claimdb command: {line}"
            )
            argv = argv[1:]
            if argv[:1] == ["--db"]:
                argv = argv[2:]
            found.append((first_line + offset, env, argv))
    return found


def test_there_is_a_tutorial_per_role() -> None:
    """Fact-checker, editor and analyst each have a tutorial."""
    assert [p.name for p in TUTORIALS] == [
        "tutorial-analyst.md",
        "tutorial-editor.md",
        "tutorial-fact-checker.md",
    ]


@pytest.mark.parametrize("tutorial", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_commands_run_on_the_seeded_database(tutorial: Path, cli: CLI) -> None:
    """Each command of the tutorial exits 0, in order, against a freshly seeded database."""
    cli.ok("seed")
    steps = commands(tutorial)
    assert len(steps) >= 8, "a tutorial walks through real commands"
    for line, env, argv in steps:
        result = cli(*argv, env=env)
        assert result.exit_code == 0, (
            f"{tutorial.name}:{line}: claimdb {shlex.join(argv)} exited {result.exit_code}\n"
            f"{result.stderr}"
        )
