"""The tutorials are real: every command in their ```sh blocks runs, in order, on the seeded demo database."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import CLI

ROOT = Path(__file__).resolve().parent.parent
TUTORIALS = sorted((ROOT / "docs").glob("tutorial-*.md"))
_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


_EXITS = re.compile(r"#\s*exits (\d+)\s*$")


def shell_words(line: str) -> list[str]:
    """The words a real shell (bash) passes for ``line``, after quoting and expansion.

    ``set --`` makes bash split and expand the line (``$1`` inside double quotes,
    ``*`` globs, ``~``) exactly as it would for a command, without running one.
    """
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", f'set -- {line}\nprintf "%s\\0" "$@"'],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
    )
    return done.stdout.split("\0")[:-1]


@dataclass
class Step:
    """One command of a tutorial."""

    line: int
    env: dict[str, str]
    argv: list[str]  # the words a shell passes to claimdb
    shown: list[str]  # the words as the reader sees them (quotes removed, nothing expanded)
    exits: int


def commands(path: Path) -> list[Step]:
    """Each command in the file's sh blocks, as the shell would run it.

    A command the tutorial shows failing on purpose ends with a comment ``# exits N``.
    """
    text = path.read_text(encoding="utf-8")
    found: list[Step] = []
    for block in _BLOCK.finditer(text):
        first_line = text.count("\n", 0, block.start(1)) + 1
        logical = block.group(1).replace("\\\n", " ")
        for offset, raw in enumerate(logical.splitlines()):
            expected = _EXITS.search(raw)
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            words = shell_words(line)
            shown = shlex.split(line)
            env: dict[str, str] = {}
            while words and re.match(r"^[A-Z_]+=", words[0]):
                key, _, value = words.pop(0).partition("=")
                env[key] = value
            assert words[0].endswith("claimdb"), (
                f"{path.name}:{first_line + offset}: not a claimdb command: {line}"
            )
            skip = 3 if words[1:2] == ["--db"] else 1
            found.append(
                Step(
                    line=first_line + offset,
                    env=env,
                    argv=words[skip:],
                    shown=shown[len(shown) - len(words) + skip :],
                    exits=int(expected[1]) if expected else 0,
                )
            )
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
    for step in steps:
        where = f"{tutorial.name}:{step.line}"
        # What the reader sees between the quotes must be what the shell passes: in double
        # quotes "$107 billion" reaches claimdb as "07 billion" and is stored that way.
        changed = [
            f"  shown {a!r}\n  sent  {b!r}"
            for a, b in zip(step.shown, step.argv, strict=False)
            if a != b
        ]
        assert step.shown == step.argv, (
            f"{where}: a shell changes this command's words"
            " (single quotes keep $ and ` as written):\n" + "\n".join(changed)
        )
        result = cli(*step.argv, env=step.env)
        assert result.exit_code == step.exits, (
            f"{where}: claimdb {shlex.join(step.argv)} exited {result.exit_code}\n{result.stderr}"
        )
        if step.exits == 0:
            for value in _stored_words(step.shown):
                dossier = cli.ok("claim", "show", step.argv[1], "--format", "json").stdout
                assert json.dumps(value, ensure_ascii=False) in dossier, (
                    f"{where}: {value!r} is not stored verbatim on claim {step.argv[1]}"
                )


def _stored_words(argv: list[str]) -> list[str]:
    """The free text a cite or verify command stores on its claim."""
    if argv[:1] not in (["cite"], ["verify"]):
        return []
    return [argv[i + 1] for i, word in enumerate(argv[:-1]) if word in ("--quote", "--rationale")]
