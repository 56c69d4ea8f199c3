"""The review queue on the light path: against a reference computed from the ORM, and the
approval rule fed from SQL rows agreeing with the one `review decide` applies."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from claimdb.db.models import Claim, DocumentVersion, Verdict
from claimdb.db.uow import UnitOfWork
from claimdb.enums import CitationKind, ClaimStatus, FlagReason, LinkStatus, ReviewReason, Stance
from conftest import CLI
from support import add_claim, add_source, cite


def _reference(
    uow: UnitOfWork, *, document: str | None, reasons: list[str], stale_days: int
) -> list[tuple[int, list[str]]]:
    """The queue computed claim by claim from the ORM: (claim id, reasons), in queue order."""
    from claimdb.db.queue_reads import Counts, reasons_for

    stale_before = datetime.now(UTC) - timedelta(days=stale_days)
    wanted = {ReviewReason(r) for r in reasons} or set(ReviewReason)
    found = []
    for claim in uow.session.query(Claim):
        if not claim.checkable or claim.archived_at is not None:
            continue
        version = uow.session.get(DocumentVersion, claim.version_id) if claim.version_id else None
        slug = version.document.slug if version is not None else None
        if document is not None and slug != document:
            continue
        evidence = [c for c in claim.citations if c.kind is CitationKind.EVIDENCE]
        flags = [f for f in claim.flags if f.resolved_at is None]
        counts = Counts(
            n_evidence=len(evidence),
            n_support=sum(c.stance is Stance.SUPPORTS for c in evidence),
            n_negative=sum(c.stance in (Stance.REFUTES, Stance.INSUFFICIENT) for c in evidence),
            n_sources=len({c.source_id for c in evidence}),
            n_dead=sum(
                c.source.link_status is LinkStatus.DEAD and c.source.archive_url is None
                for c in evidence
            ),
            n_open_flags=len(flags),
            n_quotes_lost=sum(f.reason is FlagReason.QUOTE_NOT_FOUND for f in flags),
        )
        verdict = claim.current_verdict
        at = verdict.created_at if verdict is not None else None
        why = reasons_for(claim.status, counts, at, stale_before)
        if wanted.intersection(why):
            key = (
                claim.priority,
                version is None,
                version.document_id if version is not None else 0,
                claim.start_offset is None,
                claim.start_offset or 0,
                claim.id,
            )
            found.append((key, claim.id, [r.value for r in why]))
    return [(cid, why) for _, cid, why in sorted(found)]


def _desk(cli: CLI, uow_factory: Callable[[], UnitOfWork]) -> dict[str, int]:
    """Claims in and outside the report, at several priorities, with every reason."""
    a = add_source(cli, "Source A", "https://a.example/1", "--link-status", "live")
    b = add_source(cli, "Source B", "https://b.example/1")
    dead = add_source(cli, "Gone", "https://gone.example/1", "--link-status", "dead")
    c: dict[str, int] = {}

    def claim(name: str, priority: str, *args: str) -> int:
        c[name] = add_claim(cli, f"Claim {name}.", "-p", priority, *args)
        return c[name]

    def anchored(quote: str, priority: str) -> int:
        c[quote] = add_claim(cli, quote, "-p", priority, "--doc", "report", "--quote", quote)
        return c[quote]

    anchored("Gas exports fell by half", "1")
    anchored("3.2 trillion rubles", "1")
    cite(cli, anchored("80% of firms", "2"), a, "supports")
    claim("nothing", "1")
    cite(cli, claim("refuted", "1"), a, "refutes")
    cite(cli, claim("dead", "2"), dead, "supports")
    for name in ("flagged", "lost", "stale", "fine"):
        claim(name, "3")
        cite(cli, c[name], a, "supports")
        cite(cli, c[name], b, "supports")
    cli.ok("flag", str(c["flagged"]), "--reason", "outdated", actor="fiona")
    cli.ok("flag", str(c["lost"]), "--reason", "quote-not-found", actor="fiona")
    cli.ok("verify", str(c["stale"]), "--verdict", "true", "--rationale", "r", actor="fiona")
    cli.ok("review", "decide", str(c["stale"]), "--approve", "--note", "ok", actor="eddie")
    with uow_factory() as uow:
        for verdict in uow.session.query(Verdict).filter(Verdict.claim_id == c["stale"]):
            verdict.created_at = datetime.now(UTC) - timedelta(days=400)
    for i in range(5):
        claim(f"loose{i}", str(1 + i % 5), "--type", "event")
    claim("opinion", "1", "--type", "opinion")
    claim("archived", "1")
    cli.ok("claim", "archive", str(c["archived"]), "--reason", "dup", actor="fiona")
    return c


OPTIONS: list[list[str]] = [
    [],
    *[["--reason", r.value] for r in ReviewReason],
    ["--reason", "no-support", "--reason", "open-flags"],
    ["--stale-days", "365"],
    ["--stale-days", "500"],
    ["--doc", "report"],
    ["--doc", "report", "--reason", "single-source"],
    ["--limit", "3"],
    ["--limit", "2", "--offset", "3"],
    ["--offset", "6"],
    ["--doc", "report", "--limit", "1", "--offset", "1"],
]


def test_queue_matches_a_reference_from_the_orm(
    cli: CLI,
    report: str,
    uow_factory: Callable[[], UnitOfWork],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every option of `review` lists the claims, reasons and order the ORM's data gives,
    read in batches of 2 (several SELECTs per priority) and of 1000."""
    from claimdb.db import queue_reads

    _desk(cli, uow_factory)
    seen: set[str] = set()
    for batch in (2, 1000):
        monkeypatch.setattr(queue_reads, "BATCH", batch)
        for options in OPTIONS:
            rows = json.loads(cli.ok("review", *options, "-f", "json").stdout)
            got = [(r["claim_id"], r["reasons"]) for r in rows]
            opts: dict[str, Any] = {"reasons": [], "document": None, "stale_days": 180}
            limit, offset = None, 0
            for flag, value in zip(options[::2], options[1::2], strict=True):
                if flag == "--reason":
                    opts["reasons"].append(value)
                elif flag == "--doc":
                    opts["document"] = value
                elif flag == "--stale-days":
                    opts["stale_days"] = int(value)
                elif flag == "--limit":
                    limit = int(value)
                elif flag == "--offset":
                    offset = int(value)
            with uow_factory() as uow:
                expected = _reference(uow, **opts)
            end = None if limit is None else offset + limit
            assert got == expected[offset:end], options
            seen.update(r for _, why in got for r in why)
    assert seen == {r.value for r in ReviewReason}  # the desk exercises every reason


def test_approval_rule_agrees_with_decide(
    cli: CLI, desk: dict[str, str], uow_factory: Callable[[], UnitOfWork]
) -> None:
    """For every claim awaiting review, the queue's SQL-fed rule gives the problem
    `review decide --approve` gives from the ORM, and `approve` is listed exactly when
    the decision is accepted."""
    from claimdb.services.queue import approval_problems
    from claimdb.services.review import _approval_problem

    a = add_source(cli, "Source A", "https://a.example/1")
    b = add_source(cli, "Source B", "https://b.example/1")
    c: dict[str, int] = {}

    def verified(name: str, verdict: str, *stances: tuple[int, str], force: bool = False) -> None:
        c[name] = add_claim(cli, f"Claim {name}.", "--type", "event")
        for source, stance in stances:
            cite(cli, c[name], source, stance)
        extra = ["--force", "--reason", "known"] if force else []
        cli.ok(
            "verify", str(c[name]), "--verdict", verdict, "--rationale", "r", *extra, actor="fiona"
        )

    verified("true_supported", "true", (a, "supports"))
    verified("true_then_uncited", "true", (a, "supports"), (b, "refutes"))
    shown = json.loads(cli.ok("claim", "show", str(c["true_then_uncited"]), "-f", "json").stdout)
    support = next(e["id"] for e in shown["evidence"] if e["stance"] == "supports")
    cli.ok("uncite", str(support), "--reason", "wrong", actor="fiona")
    verified("false_refuted", "false", (a, "refutes"))
    verified("false_forced", "false", force=True)
    verified("unverifiable", "unverifiable")
    verified("mixed_context", "mixed", (b, "context"))

    with uow_factory() as uow:
        awaiting = [
            cl.id for cl in uow.session.query(Claim) if cl.status is ClaimStatus.NEEDS_REVIEW
        ]
        assert set(c.values()) <= set(awaiting)
        from_orm = {cid: _approval_problem(uow.session.get_one(Claim, cid)) for cid in awaiting}
        from_sql = approval_problems(uow.reader(), awaiting)
    assert from_sql == from_orm
    assert from_orm[c["true_then_uncited"]] is not None
    assert {k for k, cid in c.items() if from_orm[cid] is None} == {
        "true_supported",
        "false_refuted",
        "false_forced",
        "unverifiable",
        "mixed_context",
    }
    queue = {r["claim_id"]: r for r in json.loads(cli.ok("review", "-f", "json").stdout)}
    for name, cid in c.items():
        listed = "approve" in queue[cid]["actions"]
        decided = cli("review", "decide", str(cid), "--approve", "--note", "ok", actor="eddie")
        assert listed == (decided.exit_code == 0) == (from_orm[cid] is None), name
