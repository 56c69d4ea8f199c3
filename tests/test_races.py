"""Two writers on one object at the same time: a clear refusal, never a lost update or a traceback.

The first tests interleave two units of work in threads so that the race
happens every time: the first writer has read and changed the object and not
yet committed when the second one reads it. Without row locks, on PostgreSQL
the second one read the old row, and either overwrote the first (two
resolutions of one flag), or failed at its write with a raw database error.
The last test starts two real ``claimdb`` processes together, a bounded
sample of ``bench/soak_races.py``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimdb.db.uow import UnitOfWork
from claimdb.errors import AlreadyExists, ClaimDBError, NotFound, WorkflowRefused
from conftest import CLI
from support import add_claim, add_source, cite, new_id

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import soak_races  # bench/ is put on the path just above

HOLD = 0.8
"""Seconds the first writer holds its transaction open after its change."""


def interleave(
    db_url: str, first: Callable[[UnitOfWork], object], second: Callable[[UnitOfWork], object]
) -> tuple[Any, Any]:
    """Run ``first`` and, while its transaction is still open, ``second``; each outcome.

    An outcome is the function's result or the exception it raised.
    """
    changed = threading.Event()
    outcomes: list[Any] = [None, None]

    def one() -> None:
        try:
            with UnitOfWork(db_url) as uow:
                outcomes[0] = first(uow)
                changed.set()
                time.sleep(HOLD)
        except BaseException as exc:
            outcomes[0] = exc
        finally:
            changed.set()

    def two() -> None:
        changed.wait()
        try:
            with UnitOfWork(db_url) as uow:
                outcomes[1] = second(uow)
        except BaseException as exc:
            outcomes[1] = exc

    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes[0], outcomes[1]


def _events(cli: CLI, action: str, entity: str) -> list[dict[str, Any]]:
    import json

    log = json.loads(cli.ok("log", "--limit", "0", "-f", "json").stdout)
    return [e for e in log if e["action"] == action and e["entity"] == entity]


def _clean(outcome: Any, kind: type[ClaimDBError]) -> None:
    assert isinstance(outcome, kind), f"expected {kind.__name__}, got {outcome!r}"


def test_two_editors_resolve_one_flag(cli: CLI, desk: dict[str, str]) -> None:
    """The second resolution of a flag is refused, naming who resolved it; one event."""
    from claimdb.services.flags import resolve_flag

    claim = add_claim(cli, "Gas exports fell.")
    flag = new_id(
        cli.ok("flag", str(claim), "--reason", "outdated", "--note", "n", actor="fiona"),
        r"flag (\d+)",
    )
    first, second = interleave(
        cli.db_url,
        lambda u: resolve_flag(u, actor="eddie", flag_id=flag, resolution="first"),
        lambda u: resolve_flag(u, actor="ada", flag_id=flag, resolution="second"),
    )
    assert not isinstance(first, BaseException), first
    _clean(second, WorkflowRefused)
    assert "already resolved by eddie" in str(second)
    assert len(_events(cli, "resolved", "flag")) == 1


def test_same_tag_twice_at_once(cli: CLI, desk: dict[str, str]) -> None:
    """Two people adding the same tag: both succeed, the tag is there once, one event."""
    from claimdb.schemas.claims import TagsIn
    from claimdb.services.claims import tag_claim

    claim = add_claim(cli, "Gas exports fell.")

    def tag(u: UnitOfWork) -> object:
        return tag_claim(u, actor="fiona", claim_id=claim, tags=TagsIn(tags=["same"]))

    first, second = interleave(cli.db_url, tag, tag)
    assert not isinstance(first, BaseException), first
    assert not isinstance(second, BaseException), second
    assert len(_events(cli, "tagged", "claim")) == 1


def test_same_url_added_twice_at_once(cli: CLI, desk: dict[str, str]) -> None:
    """The second `source add` of a URL gets the usual AlreadyExists naming the first source."""
    from claimdb.schemas.sources import SourceIn
    from claimdb.services.sources import add_source as add

    def source(u: UnitOfWork) -> object:
        return add(u, actor="fiona", data=SourceIn(title="Yale", url="https://example.org/a"))

    first, second = interleave(cli.db_url, source, source)
    assert not isinstance(first, BaseException), first
    _clean(second, AlreadyExists)
    assert f"source {first.id} ('Yale') has the same URL" in str(second)


def test_same_citation_removed_twice_at_once(cli: CLI, desk: dict[str, str]) -> None:
    """The second `uncite` of one citation finds none (NotFound), not a ValueError."""
    from claimdb.services.citations import uncite

    claim = add_claim(cli, "Gas exports fell.")
    citation = cite(cli, claim, add_source(cli, "S", "https://example.org/s"), "supports")
    first, second = interleave(
        cli.db_url,
        lambda u: uncite(u, actor="fiona", citation_id=citation),
        lambda u: uncite(u, actor="fiona", citation_id=citation),
    )
    assert not isinstance(first, BaseException), first
    _clean(second, NotFound)
    assert len(_events(cli, "deleted", "citation")) == 1


def test_two_editors_decide_one_claim(cli: CLI, desk: dict[str, str]) -> None:
    """The second decision on a claim sees the first one and is refused with the claim's status."""
    from claimdb.enums import Decision
    from claimdb.schemas.workflow import DecisionIn
    from claimdb.services.review import decide

    claim = add_claim(cli, "Gas exports fell.")
    cli.ok("verify", str(claim), "--verdict", "unverifiable", "--rationale", "r", actor="fiona")

    def approve(who: str) -> Callable[[UnitOfWork], object]:
        return lambda u: decide(
            u,
            actor=who,
            data=DecisionIn(claim_id=claim, decision=Decision.APPROVE, note=f"by {who}"),
        )

    first, second = interleave(cli.db_url, approve("eddie"), approve("ada"))
    assert not isinstance(first, BaseException), first
    _clean(second, WorkflowRefused)
    assert f"claim {claim}" in str(second)


@pytest.mark.parametrize("scenario", sorted(soak_races.SCENARIOS))
def test_two_processes_race(cli: CLI, scenario: str) -> None:
    """Two real `claimdb` processes on one object: the outcomes the soak script allows."""
    soak_races.prepare_desk(cli.db_url)
    outcome = soak_races.race(cli.db_url, scenario)
    assert not outcome.problems, (outcome.problems, outcome.stderr)


def test_a_version_conflict_names_the_claim(cli: CLI, desk: dict[str, str]) -> None:
    """A stale write of a claim fails as an EditConflict that says which claim, not a bare one."""
    from claimdb.db.models import Claim
    from claimdb.errors import EditConflict

    claim = add_claim(cli, "Gas exports fell.")

    def stale_write() -> None:
        with UnitOfWork(cli.db_url, optimistic=True) as stale:
            row = stale.session.get(Claim, claim)
            assert row is not None
            cli.ok("claim", "edit", str(claim), "--priority", "1", actor="eddie")
            row.priority = 2

    with pytest.raises(EditConflict) as refused:
        stale_write()
    assert f"claim {claim} changed after you read it" in str(refused.value)
    assert refused.value.record_id == claim
