"""The tutorials are real: every command in their ```sh blocks runs, in order, on the seeded demo database."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from conftest import CLI

ROOT = Path(__file__).resolve().parent.parent
TUTORIALS = sorted((ROOT / "docs").glob("tutorial-*.md"))
_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


_EXITS = re.compile(r"#\s*exits (\d+)\s*$")


def commands(path: Path) -> list[tuple[int, dict[str, str], list[str], int]]:
    """(line, environment, argv, expected exit code) for each command in the file's sh blocks.

    A command the tutorial shows failing on purpose ends with a comment ``# exits N``.
    """
    text = path.read_text(encoding="utf-8")
    found: list[tuple[int, dict[str, str], list[str], int]] = []
    for block in _BLOCK.finditer(text):
        first_line = text.count("\n", 0, block.start(1)) + 1
        logical = block.group(1).replace("\\\n", " ")
        for offset, raw in enumerate(logical.splitlines()):
            expected = _EXITS.search(raw)
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
            found.append((first_line + offset, env, argv, int(expected[1]) if expected else 0))
    return found


def test_there_is_a_tutorial_per_role() -> None:
    """Fact-checker, editor and analyst each have a tutorial."""
    assert [p.name for p in TUTORIALS] == [
        "tutorial-analyst.md",
        "tutorial-editor.md",
        "tutorial-fact-checker.md",
        "tutorial-new-report.md",  # the fact-checker again: from a report's file to its claims
    ]


@pytest.mark.parametrize("tutorial", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_commands_run_on_the_seeded_database(
    tutorial: Path, cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command of the tutorial exits as the tutorial says, in order, on a fresh seeded database."""
    monkeypatch.chdir(tmp_path)  # files the tutorial writes (-o) land here
    # The files tutorials read, at the same relative path as in a checkout.
    shutil.copytree(
        ROOT / "tests" / "fixtures" / "documents", tmp_path / "tests/fixtures/documents"
    )
    cli.ok("seed")
    steps = commands(tutorial)
    assert len(steps) >= 8, "a tutorial walks through real commands"
    for line, env, argv, expected in steps:
        result = cli(*argv, env=env)
        assert result.exit_code == expected, (
            f"{tutorial.name}:{line}: claimdb {shlex.join(argv)} exited {result.exit_code}\n"
            f"{result.stderr}"
        )
