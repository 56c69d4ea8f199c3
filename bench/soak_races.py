"""Race two real `claimdb` processes on the same object, many times (issue 17).

Usage: python bench/soak_races.py sqlite|postgresql|DB-URL [--pairs 100] [--scenario NAME ...]

Each pair starts two ``python -m claimdb`` processes at the same moment on
one freshly made object (a flag, a claim, a citation, a URL) and checks the
outcome: no traceback or warning on stderr, the exit codes the scenario
allows (one success and one clear refusal, or two successes for an
idempotent change), and exactly one event logged for the change. ``sqlite``
or ``postgresql`` races on a fresh database (PostgreSQL: on the server
CLAIMDB_TEST_POSTGRES_URL names); a DB-URL must name an initialised, empty
database (``claimdb init``). The script adds its own people.
tests/test_races.py runs a bounded sample of the same pairs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from typing import Any

from typer.testing import CliRunner

_SERIAL = count(1)


def run(url: str, *args: str, actor: str = "ada") -> str:
    """Run claimdb in this process (setup steps); its stderr, or SystemExit when it fails."""
    from claimdb.cli.main import app
    from claimdb.cli.output import reset_consoles

    reset_consoles()
    result = CliRunner().invoke(
        app, ["--db", url, *args, "--as", actor], env={"NO_COLOR": "1"}, catch_exceptions=False
    )
    if result.exit_code != 0:
        raise SystemExit(f"setup failed: claimdb {' '.join(args)}\n{result.stderr}")
    return result.stderr


def _id(stderr: str, pattern: str) -> int:
    found = re.search(pattern, stderr)
    if not found:
        raise SystemExit(f"no {pattern!r} in {stderr!r}")
    return int(found.group(1))


def prepare_desk(url: str) -> None:
    """The people the scenarios act as: ada (admin), fiona (fact-checker), two editors."""
    from claimdb.cli.main import app

    CliRunner().invoke(app, ["--db", url, "user", "add", "ada", "--role", "admin"])
    for name, role in (("fiona", "fact-checker"), ("eddie", "editor"), ("edna", "editor")):
        run(url, "user", "add", name, "--role", role)


def _claim(url: str) -> int:
    n = next(_SERIAL)
    return _id(
        run(url, "claim", "add", f"Race claim {n} {os.getpid()}", "--anyway", actor="fiona"),
        r"added claim (\d+)",
    )


@dataclass(frozen=True)
class Pair:
    """Two command lines to start together, what they may exit with, and the event to count."""

    argv: tuple[list[str], list[str]]
    allowed: frozenset[tuple[int, int]]
    """Sorted exit-code pairs that are a correct outcome."""
    action: str
    entity_id: int
    entity: str


def flag_resolve(url: str) -> Pair:
    claim = _claim(url)
    flag = _id(
        run(url, "flag", str(claim), "--reason", "outdated", "--note", "n", actor="fiona"),
        r"flag (\d+)",
    )
    args = ["flag", "resolve", str(flag), "--resolution", "done"]
    return Pair(
        ([*args, "--as", "eddie"], [*args, "--as", "edna"]),
        frozenset({(0, 7)}),
        "resolved",
        flag,
        "flag",
    )


def tag_same(url: str) -> Pair:
    claim = _claim(url)
    args = ["claim", "tag", str(claim), "same", "--as", "fiona"]
    # Tagging with a tag the claim has is a no-op: both succeed, one event.
    return Pair((args, args), frozenset({(0, 0)}), "tagged", claim, "claim")


def source_same_url(url: str) -> Pair:
    n = next(_SERIAL)
    link = f"https://example.org/race/{os.getpid()}/{n}"
    args = ["source", "add", "--title", f"Race {n}", "--url", link, "--as", "fiona"]
    return Pair((args, args), frozenset({(0, 9)}), "created", 0, "source")


def uncite_same(url: str) -> Pair:
    claim = _claim(url)
    n = next(_SERIAL)
    source = _id(
        run(
            url,
            "source",
            "add",
            "--title",
            f"S{n}",
            "--url",
            f"https://example.org/u/{os.getpid()}/{n}",
            actor="fiona",
        ),
        r"added source (\d+)",
    )
    citation = _id(
        run(url, "cite", str(claim), str(source), "--stance", "supports", actor="fiona"),
        r"citation (\d+):",
    )
    args = ["uncite", str(citation), "--as", "fiona"]
    return Pair((args, args), frozenset({(0, 3)}), "deleted", citation, "citation")


def decide_same(url: str) -> Pair:
    claim = _claim(url)
    run(url, "verify", str(claim), "--verdict", "unverifiable", "--rationale", "r", actor="fiona")
    args = ["review", "decide", str(claim), "--approve", "--note", "ok"]
    return Pair(
        ([*args, "--as", "eddie"], [*args, "--as", "edna"]),
        frozenset({(0, 7)}),
        "status_changed",
        claim,
        "claim",
    )


def archive_same(url: str) -> Pair:
    claim = _claim(url)
    args = ["claim", "archive", str(claim), "--reason", "dup", "--as", "fiona"]
    return Pair((args, args), frozenset({(0, 7)}), "archived", claim, "claim")


SCENARIOS: dict[str, Callable[[str], Pair]] = {
    "flag-resolve": flag_resolve,
    "tag": tag_same,
    "source-add": source_same_url,
    "uncite": uncite_same,
    "decide": decide_same,
    "archive": archive_same,
}


@dataclass
class Outcome:
    scenario: str
    codes: tuple[int, int]
    stderr: tuple[str, str]
    events: int
    problems: list[str]


def race(url: str, name: str) -> Outcome:
    """Set up one object, start both processes together, and judge the outcome."""
    pair = SCENARIOS[name](url)
    before = _count(url, pair)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("CLAIMDB_USER", None)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "claimdb", "--db", url, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for argv in pair.argv
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    codes = (procs[0].returncode, procs[1].returncode)
    stderr = (outs[0][1], outs[1][1])
    problems = []
    if tuple(sorted(codes)) not in pair.allowed:
        problems.append(f"exit codes {codes}, expected one of {sorted(pair.allowed)}")
    for text in stderr:
        if "Traceback" in text or "Warning" in text:
            problems.append(f"traceback or warning on stderr: {text[-600:]}")
    events = _count(url, pair) - before
    if events != 1:
        problems.append(f"{events} {pair.action!r} events logged, expected 1")
    return Outcome(name, codes, stderr, events, problems)


def _count(url: str, pair: Pair) -> int:
    from sqlalchemy import func, select

    from claimdb.db.models import Event
    from claimdb.db.uow import UnitOfWork

    query = select(func.count()).select_from(Event).where(Event.action == pair.action)
    query = query.where(Event.entity == pair.entity)
    if pair.entity_id:
        query = query.where(Event.entity_id == pair.entity_id)
    with UnitOfWork(url, write=False) as uow:
        return int(uow.session.scalar(query) or 0)


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """A new database at head: a temporary SQLite file, or one on CLAIMDB_TEST_POSTGRES_URL."""
    from claimdb.config import normalise_url
    from claimdb.db import migrate
    from claimdb.db.engine import dispose_engines

    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/soak.sqlite3"
            migrate.upgrade(url, backup=False)
            yield url
            dispose_engines()
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    admin = normalise_url(os.environ["CLAIMDB_TEST_POSTGRES_URL"])
    name = f"claimdb_soak_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url, backup=False)
        yield url
    finally:
        dispose_engines()
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        engine.dispose()


def soak(url: str, pairs: int, names: list[str]) -> dict[str, Any]:
    """Race ``pairs`` pairs of each scenario on ``url``; the counts and failures."""
    prepare_desk(url)
    failures = 0
    totals: dict[str, int] = {}
    for name in names:
        for _ in range(pairs):
            outcome = race(url, name)
            totals[name] = totals.get(name, 0) + 1
            if outcome.problems:
                failures += 1
                print(f"FAIL {name}: {'; '.join(outcome.problems)}", file=sys.stderr)
    return {"pairs": totals, "total": sum(totals.values()), "failures": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "target", help="sqlite or postgresql (a fresh database), or the URL of an empty one"
    )
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
    args = parser.parse_args()
    names = args.scenario or list(SCENARIOS)
    started = time.monotonic()
    if args.target in ("sqlite", "postgresql"):
        with fresh_database(args.target) as url:
            result = soak(url, args.pairs, names)
    else:
        from claimdb.config import normalise_url

        result = soak(normalise_url(args.target), args.pairs, names)
    seconds = round(time.monotonic() - started)
    print(json.dumps({"backend": args.target, **result, "seconds": seconds}), flush=True)
    sys.exit(1 if result["failures"] else 0)


if __name__ == "__main__":
    main()
