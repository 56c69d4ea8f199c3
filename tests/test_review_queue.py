"""`claimdb review`: which claims are in the queue, with exactly which reasons, in which order."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from claimdb.db.models import Verdict
from claimdb.db.uow import UnitOfWork
from conftest import CLI
from support import FORMATS, add_claim, add_source, cite, parse


def _sources(cli: CLI) -> dict[str, int]:
    return {
        "a": add_source(cli, "Source A", "https://a.example/1", "--link-status", "live"),
        "b": add_source(cli, "Source B", "https://b.example/1"),
        "dead1": add_source(cli, "Gone 1", "https://gone.example/1", "--link-status", "dead"),
        "dead2": add_source(cli, "Gone 2", "https://gone.example/2", "--link-status", "dead"),
        "saved": add_source(
            cli,
            "Gone but saved",
            "https://gone.example/3",
            "--link-status",
            "dead",
            "--archive-url",
            "https://web.archive.org/web/2024/https://gone.example/3",
        ),
    }


def _queue(cli: CLI, *args: str) -> dict[int, set[str]]:
    rows = json.loads(cli.ok("review", *args, "-f", "json").stdout)
    return {r["claim_id"]: set(r["reasons"]) for r in rows}


def _backdate_verdict(uow_factory: Callable[[], UnitOfWork], claim: int, days: int) -> None:
    with uow_factory() as uow:
        for verdict in uow.session.query(Verdict).filter(Verdict.claim_id == claim):
            verdict.created_at = datetime.now(UTC) - timedelta(days=days)


def test_each_reason_exactly(
    cli: CLI, desk: dict[str, str], uow_factory: Callable[[], UnitOfWork]
) -> None:
    """Claims built to trigger each condition carry exactly the reasons that apply."""
    s = _sources(cli)
    c: dict[str, int] = {}

    def claim(name: str, *stances: tuple[str, str]) -> int:
        c[name] = add_claim(cli, f"Claim {name}.", "--type", "event")
        for source, stance in stances:
            cite(cli, c[name], s[source], stance)
        return c[name]

    claim("nothing")
    claim("two_sources", ("a", "supports"), ("b", "supports"))
    claim("single", ("a", "supports"), ("a", "context"))
    claim("refuted", ("a", "refutes"), ("b", "insufficient"))
    claim("refuted_once", ("a", "refutes"))
    claim("refuted_with_context", ("a", "refutes"), ("b", "context"))
    claim("dead", ("dead1", "supports"), ("dead2", "supports"))
    claim("dead_and_live", ("dead1", "supports"), ("a", "supports"))
    claim("saved", ("saved", "supports"), ("b", "supports"))
    claim("flagged", ("a", "supports"), ("b", "supports"))
    cli.ok("flag", str(c["flagged"]), "--reason", "outdated", actor="fiona")
    claim("flag_resolved", ("a", "supports"), ("b", "supports"))
    flag = cli.ok("flag", str(c["flag_resolved"]), "--reason", "other", actor="fiona")
    cli.ok(
        "flag",
        "resolve",
        flag.stderr.split("flag ")[1].split(" ")[0],
        "--resolution",
        "fine",
        actor="eddie",
    )
    claim("stale", ("a", "supports"), ("b", "supports"))
    cli.ok("verify", str(c["stale"]), "--verdict", "true", "--rationale", "r", actor="fiona")
    _backdate_verdict(uow_factory, c["stale"], 200)
    claim("fresh", ("a", "supports"), ("b", "supports"))
    cli.ok("verify", str(c["fresh"]), "--verdict", "true", "--rationale", "r", actor="fiona")
    c["opinion"] = add_claim(cli, "An opinion.", "--type", "opinion")
    c["archived"] = add_claim(cli, "Archived.")
    cli.ok("claim", "archive", str(c["archived"]), "--reason", "dup", actor="fiona")

    expected = {
        "nothing": {"no-support"},
        "single": {"single-source"},
        "refuted": {"no-support", "only-refuting"},
        "refuted_once": {"no-support", "only-refuting", "single-source"},
        "refuted_with_context": {"no-support"},
        "dead": {"dead-sources"},
        "flagged": {"open-flags"},
        "stale": {"stale-verdict"},
    }
    assert _queue(cli) == {c[k]: v for k, v in expected.items()}
    assert _queue(cli, "--stale-days", "365") == {
        c[k]: v for k, v in expected.items() if k != "stale"
    }
    assert _queue(cli, "--reason", "only-refuting") == {
        c["refuted"]: expected["refuted"],
        c["refuted_once"]: expected["refuted_once"],
    }
    assert set(_queue(cli, "--reason", "dead-sources", "--reason", "open-flags")) == {
        c["dead"],
        c["flagged"],
    }


def test_decided_claims_stay_only_for_flags_stale_verdicts_and_dead_sources(
    cli: CLI, desk: dict[str, str], uow_factory: Callable[[], UnitOfWork]
) -> None:
    """A decided claim's evidence shape no longer queues it; flags, age and dead links still do."""
    s = _sources(cli)
    disputed = add_claim(cli, "Disputed.", "--type", "event")
    cite(cli, disputed, s["a"], "refutes")
    cli.ok("verify", str(disputed), "--verdict", "false", "--rationale", "r", actor="fiona")
    assert _queue(cli) == {disputed: {"no-support", "only-refuting", "single-source"}}
    cli.ok("review", "decide", str(disputed), "--approve", "--note", "ok", actor="eddie")
    assert _queue(cli) == {}
    cli.ok("flag", str(disputed), "--reason", "disputed", actor="fiona")
    assert _queue(cli) == {disputed: {"open-flags"}}
    _backdate_verdict(uow_factory, disputed, 400)
    assert _queue(cli) == {disputed: {"open-flags", "stale-verdict"}}

    verified = add_claim(cli, "Verified on dead links.", "--type", "event")
    cite(cli, verified, s["dead1"], "supports")
    cite(cli, verified, s["dead2"], "supports")
    cli.ok("verify", str(verified), "--verdict", "true", "--rationale", "r", actor="fiona")
    cli.ok("review", "decide", str(verified), "--approve", "--note", "ok", actor="eddie")
    assert _queue(cli)[verified] == {"dead-sources"}


def test_order_is_priority_then_position(cli: CLI, report: str) -> None:
    """The queue runs by priority, then document order; claims outside documents come last."""

    def anchored(quote: str, priority: str) -> int:
        return add_claim(cli, quote, "-p", priority, "--doc", "report", "--quote", quote)

    late_p1 = anchored("Gas exports fell by half", "1")
    early_p1 = anchored("3.2 trillion rubles", "1")
    loose_p1 = add_claim(cli, "No document.", "-p", "1")
    early_p2 = anchored("80% of firms", "2")
    loose_p2 = add_claim(cli, "No document either.", "-p", "2")
    rows = json.loads(cli.ok("review", "-f", "json").stdout)
    assert [r["claim_id"] for r in rows] == [early_p1, late_p1, loose_p1, early_p2, loose_p2]
    assert [r["document"] for r in rows][:2] == ["report", "report"]
    only_doc = json.loads(cli.ok("review", "--doc", "report", "--limit", "2", "-f", "json").stdout)
    assert [r["claim_id"] for r in only_doc] == [early_p1, late_p1]
    missing = cli("review", "--doc", "nope")
    assert missing.exit_code == 3
    assert "no document 'nope'" in missing.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_queue_in_every_format(cli: CLI, desk: dict[str, str], fmt: str) -> None:
    """Each entry has machine-readable reason codes and a phrase for people, in every format."""
    s = _sources(cli)
    claim = add_claim(cli, "Refuted once.", "--type", "event")
    cite(cli, claim, s["a"], "refutes")
    cli.ok("flag", str(claim), "--reason", "needs-source", actor="fiona")
    out = cli.ok("review", "queue", "-f", fmt).stdout
    if fmt == "table":
        words = " ".join(out.split())  # a long cell wraps at words
        assert "only refuting or insufficient evidence (1 citation)" in words
        assert "1 open flag" in words
        return
    rows = parse(fmt, out)
    assert len(rows) == 1
    reasons = rows[0]["reasons"]
    if fmt == "csv":
        reasons = reasons.split("; ")
    assert reasons == ["no-support", "only-refuting", "single-source", "open-flags"]
    assert "all its evidence comes from a single source" in str(rows[0]["why"])


def test_batches_limit_and_offset(
    cli: CLI, desk: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting in batches of 2 gives the same queue; --limit and --offset page across batches."""
    from claimdb.db import queue_reads

    s = _sources(cli)
    ids = []
    for i in range(7):
        claim = add_claim(cli, f"Claim {i}.", "-p", str(1 + i % 3))
        if i % 2:
            cite(cli, claim, s["a"], "supports")
            cite(cli, claim, s["b"], "supports")
        if i == 4:
            cite(cli, claim, s["a"], "refutes")
        ids.append(claim)
    whole = json.loads(cli.ok("review", "-f", "json").stdout)
    monkeypatch.setattr(queue_reads, "BATCH", 2)
    assert json.loads(cli.ok("review", "-f", "json").stdout) == whole
    paged = json.loads(cli.ok("review", "--offset", "1", "--limit", "2", "-f", "json").stdout)
    assert paged == whole[1:3]
    order = [(r["priority"], r["claim_id"]) for r in whole]
    assert order == sorted(order)
    assert {r["claim_id"] for r in whole} == {ids[0], ids[2], ids[4], ids[6]}
