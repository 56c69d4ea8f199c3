"""The dashboard's counters (claim_counts) equal a recount after every kind of write."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from conftest import CLI
from support import add_claim, add_source, cite, new_id


def _counts(db_url: str) -> tuple[list[Any], list[Any]]:
    from claimdb.db import read_queries, review_queries
    from claimdb.db.uow import UnitOfWork

    with UnitOfWork(db_url, write=False) as uow:
        kept = read_queries.dashboard(uow.reader())
        recount = review_queries.dashboard_recount(uow.session)
    return [dataclasses.asdict(r) for r in kept], [dataclasses.asdict(r) for r in recount]


def _same(cli: CLI, step: str) -> None:
    kept, recount = _counts(cli.db_url)
    for row in (*kept, *recount):
        # The recount lists statuses with no claims as absent, the counters as absent or 0.
        row["by_status"] = {k: v for k, v in row["by_status"].items() if v}
    assert kept == recount, f"after {step}"


def test_counters_follow_every_write(cli: CLI, report: str, fixtures: Path, tmp_path: Path) -> None:
    """ORM writes, workflow moves, verdicts, flags, archive, bulk and per-record imports."""
    _same(cli, "nothing")
    src = add_source(cli, "Source", "https://s.example/1")
    other = add_source(cli, "Other", "https://s.example/2")
    a = add_claim(cli, "Debt.", "--type", "statistic", "--doc", "report", "--quote", "80% of firms")
    b = add_claim(cli, "Outside any document.")
    c = add_claim(cli, "Mistake.", "--type", "opinion", "--doc", "report", "--quote", "a mistake")
    _same(cli, "claim add")
    first = cite(cli, a, src, "supports")
    cite(cli, a, other, "supports")
    _same(cli, "cite")
    cli.ok("uncite", str(first), "--reason", "wrong", actor="fiona")
    _same(cli, "uncite one of two")
    cli.ok("verify", str(a), "--verdict", "true", "--rationale", "r", actor="fiona")
    _same(cli, "verify")
    cli.ok("review", "decide", str(a), "--approve", "--note", "ok", actor="eddie")
    _same(cli, "review decide")
    refuting = cite(cli, b, src, "refutes")
    cli.ok("verify", str(b), "--verdict", "false", "--rationale", "r", actor="fiona")
    _same(cli, "verify outside a document")
    cli.ok("uncite", str(refuting), "--reason", "wrong", actor="fiona")
    flag = new_id(cli.ok("flag", str(b), "--reason", "outdated", actor="fiona"), r"flag (\d+)")
    cli.ok("flag", str(c), "--reason", "other", actor="fiona")
    _same(cli, "flag")
    cli.ok("flag", "resolve", str(flag), "--resolution", "fixed", actor="eddie")
    _same(cli, "flag resolve")
    cli.ok("claim", "edit", str(a), "--not-checkable", actor="fiona")
    _same(cli, "claim edit --not-checkable")
    cli.ok("claim", "archive", str(c), "--reason", "duplicate", actor="ada")
    _same(cli, "archive")
    cli.ok("claim", "archive", str(c), "--restore", actor="ada")
    _same(cli, "restore")
    cli.ok("claim", "reopen", str(a), "--reason", "new evidence", actor="eddie")
    _same(cli, "reopen")
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    _same(cli, "import (bulk)")
    rows = ["external_id,text,speaker,verdict,verdict_rationale,source_url,stance"]
    rows += [
        f"v{i},Claim number {i} said it,someone,{'true' if i % 2 else 'false'},checked,"
        f"https://v.example/{i},{'supports' if i % 2 else 'refutes'}"
        for i in range(30)
    ]
    judged = tmp_path / "judged.csv"
    judged.write_text("\n".join(rows) + "\n", encoding="utf-8")
    cli.ok("import", str(judged), actor="fiona")
    _same(cli, "import with verdicts and citations (bulk)")
    cli.ok("seed", actor="ada")
    _same(cli, "seed (per-record path, anchored claims, notes and flags)")
