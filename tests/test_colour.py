"""Colour: on in a terminal, off when stdout is not a terminal or NO_COLOR is set."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

ESC = b"\x1b["
_SGR = re.compile(rb"\x1b\[([0-9;]*)m")


def colours(out: bytes) -> list[int]:
    """The colour codes (foreground and background) among the SGR escapes in ``out``.

    NO_COLOR (no-color.org) is about colour: bold and other styles may stay.
    """
    codes = [int(p) for m in _SGR.finditer(out) for p in m.group(1).split(b";") if p]
    return [c for c in codes if 30 <= c <= 49 or 90 <= c <= 107]


def _run_in_terminal(args: list[str], env: dict[str, str], code: int = 0) -> bytes:
    """Run claimdb with a pseudo-terminal as stdout and stderr; return what it wrote."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimdb", *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the follower side closed: the process is done
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(leader)
    assert proc.returncode == code, out.decode(errors="replace")
    return out


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "100", "CLAIMDB_HOME": str(tmp_path)})
    subprocess.run(
        [sys.executable, "-m", "claimdb", "init"], env=env, check=True, capture_output=True
    )
    subprocess.run(
        [sys.executable, "-m", "claimdb", "user", "add", "ada", "--role", "admin"],
        env=env,
        check=True,
        capture_output=True,
    )
    return env


REFUSED = (["user", "add", "x", "--role", "editor"], 5)  # no --as: an error, printed in red


def test_colour_in_a_terminal(terminal_env: dict[str, str]) -> None:
    """In a terminal, tables are styled and errors are coloured."""
    assert ESC in _run_in_terminal(["user", "list"], terminal_env)
    assert colours(_run_in_terminal(REFUSED[0], terminal_env, REFUSED[1])) != []


def test_no_colour_with_no_color(terminal_env: dict[str, str]) -> None:
    """NO_COLOR=1 turns colour off, even in a terminal."""
    env = {**terminal_env, "NO_COLOR": "1"}
    listed = _run_in_terminal(["user", "list"], env)
    assert b"ada" in listed
    assert colours(listed) == []
    refused = _run_in_terminal(REFUSED[0], env, REFUSED[1])
    assert b"error:" in refused
    assert colours(refused) == []


def test_no_colour_when_piped(terminal_env: dict[str, str]) -> None:
    """Output to a pipe or file carries no escape codes."""
    out = subprocess.run(
        [sys.executable, "-m", "claimdb", "user", "list"],
        env=terminal_env,
        check=True,
        capture_output=True,
    )
    assert b"ada" in out.stdout
    assert ESC not in out.stdout
    assert ESC not in out.stderr
