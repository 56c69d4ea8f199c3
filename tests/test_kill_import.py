"""kill -9 in the middle of an import: all or nothing, and the event log still checks out.

Runs CLAIMDB_KILLS times per database (3 in `make test`; `make soak` runs 100).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CLI

KILLS = int(os.environ.get("CLAIMDB_KILLS", "3"))
ROWS = 3000


@pytest.fixture
def big_csv(tmp_path: Path) -> Path:
    path = tmp_path / "big.csv"
    lines = ["external_id,text,speaker,source_url,source_title,stance"]
    lines += [
        f"k:{i},Claim number {i} says exports rose by {i} percent.,Speaker {i % 50},"
        f"https://example.org/s/{i % 200},Source {i % 200},supports"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("attempt", range(KILLS))
def test_kill_9_during_an_import(
    cli: CLI, desk: dict[str, str], big_csv: Path, attempt: int
) -> None:
    """A killed import leaves no claim of it, or all of them, and an intact hash chain."""
    random.seed(attempt)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimdb",
            "--db",
            cli.db_url,
            "import",
            str(big_csv),
            "--as",
            "fiona",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    time.sleep(random.uniform(0.5, 4.0))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    stored = len(json.loads(cli.ok("claim", "list", "-f", "json").stdout))
    assert stored in (0, ROWS)
    check = cli("db", "check")
    assert check.exit_code == 0, check.stdout + check.stderr
    # The desk still works after the kill: the import runs to the end.
    cli.ok("import", str(big_csv), actor="fiona")
    assert len(json.loads(cli.ok("claim", "list", "-f", "json").stdout)) == ROWS
    assert cli("db", "check").exit_code == 0
