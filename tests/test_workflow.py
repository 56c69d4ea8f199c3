"""The workflow: transitions, verdict rules, automatic moves, review decisions and reopening."""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import product

import pytest

from claimdb.db.models import Claim
from claimdb.db.uow import UnitOfWork
from claimdb.enums import ClaimStatus
from claimdb.errors import WorkflowRefused
from claimdb.services import people, workflow
from claimdb.services.permissions import Permission
from conftest import CLI
from support import FORMATS, add_claim, add_source, cite, parse, status_of

S = ClaimStatus
EXPECTED = {
    S.UNREVIEWED: {S.IN_PROGRESS, S.NEEDS_REVIEW, S.UNSUPPORTED},
    S.IN_PROGRESS: {S.NEEDS_REVIEW, S.UNSUPPORTED},
    S.NEEDS_REVIEW: {S.IN_PROGRESS, S.VERIFIED, S.DISPUTED, S.UNSUPPORTED},
    S.VERIFIED: {S.IN_PROGRESS},
    S.DISPUTED: {S.IN_PROGRESS},
    S.UNSUPPORTED: {S.IN_PROGRESS},
}


@pytest.mark.parametrize(("before", "after"), list(product(S, S)))
def test_every_transition_is_allowed_or_refused_by_name(
    uow_factory: Callable[[], UnitOfWork], desk: dict[str, str], before: S, after: S
) -> None:
    """A move in the table happens and is logged; any other is refused naming both states."""
    with uow_factory() as uow:
        by = people.resolve_actor(uow, "eddie", Permission.DECIDE)
        claim = Claim(text="c", created_by_id=by.id, status=before)
        uow.session.add(claim)
        uow.flush()
        claim_id = claim.id
    with uow_factory() as uow:
        stored = uow.session.get(Claim, claim_id)
        assert stored is not None
        claim = stored
        if after in EXPECTED[before]:
            moved = workflow.transition(uow, by=by, claim=claim, to=after, reason="test")
            assert (moved.before, moved.after, claim.status) == (before, after, after)
            return
        with pytest.raises(WorkflowRefused) as err:
            workflow.transition(uow, by=by, claim=claim, to=after, reason="test")
    message = str(err.value)
    assert f"claim {claim_id} is {before.value}" in message
    allowed = ", ".join(s.value for s in workflow.allowed_next(before))
    assert f"(allowed next: {allowed})" in message
    assert set(workflow.allowed_next(before)) == EXPECTED[before]


def _claim_with_evidence(cli: CLI, stance: str | None = "supports") -> tuple[int, int, int | None]:
    claim = add_claim(cli, "Gas exports fell by half after 2022.", "--type", "event")
    src = add_source(cli, "Ministry data", "https://energy.example/exports")
    citation = cite(cli, claim, src, stance) if stance else None
    return claim, src, citation


def test_first_citation_starts_the_work(cli: CLI, desk: dict[str, str]) -> None:
    """Citing an unreviewed claim moves it to in_progress, once, with the citation as reason."""
    claim, src, citation = _claim_with_evidence(cli)
    assert status_of(cli, claim) == "in_progress"
    result = cli.ok("cite", str(claim), str(src), "--stance", "context", actor="fiona")
    assert "→" not in result.stderr
    moves = json.loads(cli.ok("log", "--action", "status_changed", "-f", "json").stdout)
    assert [(m["before"], m["after"], m["reason"]) for m in moves] == [
        ({"status": "unreviewed"}, {"status": "in_progress"}, f"work started: citation {citation}")
    ]


@pytest.mark.parametrize(
    ("label", "stance", "code", "message"),
    [
        ("true", None, 7, "no supporting citation"),
        ("mostly-true", "refutes", 7, "no supporting citation"),
        ("false", None, 7, "a false verdict needs at least one citation"),
        ("misleading", None, 7, "a misleading verdict needs at least one citation"),
        ("mixed", None, 7, "a mixed verdict needs at least one citation"),
        ("bogus", "supports", 5, "unknown verdict label 'bogus'"),
    ],
)
def test_verify_refuses_without_evidence(
    cli: CLI,
    desk: dict[str, str],
    *,
    label: str,
    stance: str | None,
    code: int,
    message: str,
) -> None:
    """The evidence rules refuse a verdict, and nothing is recorded."""
    claim, _, _ = _claim_with_evidence(cli, stance)
    before = status_of(cli, claim)
    result = cli("verify", str(claim), "--verdict", label, "--rationale", "r", actor="fiona")
    assert result.exit_code == code
    assert message in result.stderr
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    assert (data["verdicts"], data["claim"]["status"]) == ([], before)


@pytest.mark.parametrize(
    ("label", "scale", "stance"),
    [
        ("unverifiable", None, None),
        ("true", None, "supports"),
        ("false", None, "refutes"),
        ("pants-fire", "liar", "refutes"),
        ("NOT ENOUGH INFO", "fever", None),
    ],
)
def test_verify_sends_to_review(
    cli: CLI, desk: dict[str, str], label: str, scale: str | None, stance: str | None
) -> None:
    """A verdict on any stored scale that meets its rule moves the claim to needs_review."""
    claim, _, _ = _claim_with_evidence(cli, stance)
    extra = ["--scale", scale] if scale else []
    result = cli.ok(
        "verify", str(claim), "--verdict", label, *extra, "--rationale", "r", actor="fiona"
    )
    assert "→ needs_review" in result.stderr
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    assert data["claim"]["status"] == "needs_review"
    assert data["verdicts"][0]["scale"] == (scale or "claimdb")


def test_force_overrides_a_rule_and_is_recorded(cli: CLI, desk: dict[str, str]) -> None:
    """--force --reason records a verdict the rules refuse, with the override in the log."""
    claim, _, _ = _claim_with_evidence(cli, None)
    no_reason = cli(
        "verify", str(claim), "--verdict", "true", "--rationale", "r", "--force", actor="fiona"
    )
    assert no_reason.exit_code == 5
    assert "--force needs --reason" in no_reason.stderr
    no_force = cli(
        "verify",
        str(claim),
        "--verdict",
        "true",
        "--rationale",
        "r",
        "--reason",
        "x",
        actor="fiona",
    )
    assert no_force.exit_code == 2
    cli.ok(
        "verify",
        str(claim),
        "--verdict",
        "true",
        "--rationale",
        "r",
        "--force",
        "--reason",
        "minister confirmed on the record",
        actor="fiona",
    )
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    assert (data["verdicts"][0]["forced"], data["verdicts"][0]["force_reason"]) == (
        True,
        "minister confirmed on the record",
    )
    recorded = next(e for e in data["history"] if e["entity"] == "verdict")
    assert recorded["reason"] == "minister confirmed on the record"
    assert "no supporting citation" in recorded["after"]["rule_overridden"]


@pytest.mark.parametrize(
    ("label", "stance", "decision", "final"),
    [
        ("true", "supports", "--approve", "verified"),
        ("mostly-true", "supports", "--approve", "verified"),
        ("false", "refutes", "--approve", "disputed"),
        ("misleading", "context", "--approve", "disputed"),
        ("mixed", "supports", "--approve", "disputed"),
        ("unverifiable", None, "--approve", "unsupported"),
        ("true", "supports", "--reject", "unsupported"),
        ("false", "refutes", "--request-changes", "in_progress"),
    ],
)
def test_decide_paths(
    cli: CLI,
    desk: dict[str, str],
    *,
    label: str,
    stance: str | None,
    decision: str,
    final: str,
) -> None:
    """Each decision stores a decision note and the move, both in the log, in one go."""
    claim, _, _ = _claim_with_evidence(cli, stance)
    cli.ok("verify", str(claim), "--verdict", label, "--rationale", "r", actor="fiona")
    result = cli.ok("review", "decide", str(claim), decision, "--note", "my reasons", actor="eddie")
    assert f"needs_review → {final}" in result.stderr
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    assert data["claim"]["status"] == final
    decision_note = data["notes"][-1]
    assert (decision_note["kind"], decision_note["body"], decision_note["author"]) == (
        "decision",
        "my reasons",
        "eddie",
    )
    last_two = [(e["entity"], e["action"], e["actor"]) for e in data["history"][-2:]]
    assert last_two == [("note", "created", "eddie"), ("claim", "status_changed", "eddie")]
    assert f"(note {decision_note['id']})" in data["history"][-1]["reason"]
    assert data["allowed_next"] == (
        ["needs_review", "unsupported"] if final == "in_progress" else ["in_progress"]
    )


@pytest.mark.parametrize(
    ("setup", "state"),
    [("none", "unreviewed"), ("cite", "in_progress"), ("decided", "verified")],
)
def test_decide_only_from_needs_review(
    cli: CLI, desk: dict[str, str], setup: str, state: str
) -> None:
    """Requesting changes on a claim not awaiting review names its state and the allowed next ones."""
    claim, _, _ = _claim_with_evidence(cli, None if setup == "none" else "supports")
    if setup == "decided":
        cli.ok("verify", str(claim), "--verdict", "true", "--rationale", "r", actor="fiona")
        cli.ok("review", "decide", str(claim), "--approve", "--note", "ok", actor="eddie")
    result = cli("review", "decide", str(claim), "--request-changes", "--note", "no", actor="eddie")
    assert result.exit_code == 7
    allowed = ", ".join(s.value for s in workflow.allowed_next(S(state)))
    assert f"claim {claim} is {state}" in result.stderr
    assert f"allowed next: {allowed}" in result.stderr
    assert status_of(cli, claim) == state


def test_decide_refusals(cli: CLI, desk: dict[str, str]) -> None:
    """Deciding needs an editor, exactly one decision, and a verdict whose evidence still holds."""
    claim, _, citation = _claim_with_evidence(cli)
    cli.ok("verify", str(claim), "--verdict", "true", "--rationale", "r", actor="fiona")
    by_checker = cli("review", "decide", str(claim), "--approve", "--note", "n", actor="fiona")
    assert by_checker.exit_code == 6
    assert "needs the role editor or admin" in by_checker.stderr
    both = cli(
        "review", "decide", str(claim), "--approve", "--reject", "--note", "n", actor="eddie"
    )
    assert both.exit_code == 2
    neither = cli("review", "decide", str(claim), "--note", "n", actor="eddie")
    assert neither.exit_code == 2
    cli.ok("uncite", str(citation), "--reason", "wrong table", actor="fiona")
    stale = cli("review", "decide", str(claim), "--approve", "--note", "n", actor="eddie")
    assert stale.exit_code == 7
    assert "evidence rule no longer holds" in stale.stderr
    assert status_of(cli, claim) == "needs_review"


def test_verify_on_a_decided_claim_is_refused(cli: CLI, desk: dict[str, str]) -> None:
    """A decided claim takes no new verdict until reopened; the error names the way out."""
    claim, _, _ = _claim_with_evidence(cli)
    cli.ok("verify", str(claim), "--verdict", "true", "--rationale", "r", actor="fiona")
    cli.ok("review", "decide", str(claim), "--approve", "--note", "ok", actor="eddie")
    result = cli("verify", str(claim), "--verdict", "false", "--rationale", "r", actor="fiona")
    assert result.exit_code == 7
    assert f"claim {claim} is verified" in result.stderr
    assert "(allowed next: in_progress)" in result.stderr
    assert f"claimdb claim reopen {claim}" in result.stderr


def _decided(cli: CLI) -> tuple[int, int, int]:
    claim, src, citation = _claim_with_evidence(cli)
    assert citation is not None
    cli.ok("verify", str(claim), "--verdict", "true", "--rationale", "r", actor="fiona")
    cli.ok("review", "decide", str(claim), "--approve", "--note", "ok", actor="eddie")
    return claim, src, citation


def test_refuting_evidence_reopens(cli: CLI, desk: dict[str, str]) -> None:
    """New refuting evidence reopens a decided claim with the citation as reason; support does not."""
    claim, src, _ = _decided(cli)
    cite(cli, claim, src, "supports")
    assert status_of(cli, claim) == "verified"
    refuting = cite(cli, claim, src, "refutes")
    history = json.loads(cli.ok("history", str(claim), "-f", "json").stdout)
    assert (history[-1]["before"], history[-1]["after"], history[-1]["reason"]) == (
        {"status": "verified"},
        {"status": "in_progress"},
        f"new refuting evidence: citation {refuting}",
    )


def test_text_change_reopens(cli: CLI, desk: dict[str, str]) -> None:
    """Changing a decided claim's text reopens it; other fields leave it decided."""
    claim, _, _ = _decided(cli)
    cli.ok("claim", "edit", str(claim), "--priority", "1", actor="fiona")
    assert status_of(cli, claim) == "verified"
    cli.ok(
        "claim", "edit", str(claim), "--text", "Gas exports fell by 40% after 2022.", actor="fiona"
    )
    history = json.loads(cli.ok("history", str(claim), "-f", "json").stdout)
    assert [(e["action"], e["reason"]) for e in history[-2:]] == [
        ("edited", None),
        ("status_changed", "text changed"),
    ]
    assert history[-1]["after"] == {"status": "in_progress"}


def test_removing_the_evidence_a_decision_rests_on_reopens(cli: CLI, desk: dict[str, str]) -> None:
    """Unciting the only support of a verified claim reopens it; an extra citation does not."""
    claim, src, citation = _decided(cli)
    extra = cite(cli, claim, src, "context")
    cli.ok("uncite", str(extra), actor="fiona")
    assert status_of(cli, claim) == "verified"
    result = cli.ok("uncite", str(citation), "--reason", "retracted", actor="fiona")
    assert "verified → in_progress (evidence removed" in result.stderr
    deleted = json.loads(
        cli.ok("log", "--kind", "citation", "--action", "deleted", "-f", "json").stdout
    )
    assert [(e["entity_id"], e["reason"]) for e in deleted] == [
        (citation, "retracted"),
        (extra, None),
    ]


def test_reopen_by_hand(cli: CLI, desk: dict[str, str]) -> None:
    """Editors reopen decided claims with a reason; others, and undecided claims, are refused."""
    claim, _, _ = _decided(cli)
    checker = cli("claim", "reopen", str(claim), "--reason", "new data", actor="fiona")
    assert checker.exit_code == 6
    assert "reopen claims: that needs the role editor or admin" in checker.stderr
    cli.ok("claim", "reopen", str(claim), "--reason", "new data", actor="eddie")
    history = json.loads(cli.ok("history", str(claim), "-f", "json").stdout)
    assert (history[-1]["actor"], history[-1]["reason"]) == ("eddie", "new data")
    again = cli("claim", "reopen", str(claim), "--reason", "x", actor="eddie")
    assert again.exit_code == 7
    assert f"claim {claim} is in_progress" in again.stderr
    assert "(allowed next: needs_review, unsupported)" in again.stderr
    cli.ok("verify", str(claim), "--verdict", "true", "--rationale", "r", actor="fiona")
    waiting = cli("claim", "reopen", str(claim), "--reason", "x", actor="eddie")
    assert waiting.exit_code == 7
    assert f"claimdb review decide {claim} --request-changes" in waiting.stderr


def test_uncite_unknown_citation(cli: CLI, desk: dict[str, str]) -> None:
    """Removing a citation that does not exist exits 3."""
    result = cli("uncite", "77", actor="fiona")
    assert result.exit_code == 3
    assert "no citation 77" in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_scale_list_in_every_format(cli: CLI, fmt: str) -> None:
    """scale list shows every label of every scale with its class on the default scale."""
    out = cli.ok("scale", "list", "-f", fmt).stdout
    if fmt == "table":
        for text in ("claimdb", "liar", "pants-fire", "verdict_class"):
            assert text in out
        return
    rows = parse(fmt, out)
    by_label = {(r["scale"], r["label"]): r for r in rows}
    assert by_label[("liar", "pants-fire")]["verdict_class"] == "false"
    assert by_label[("claimdb", "unverifiable")]["verdict_class"] == "unverifiable"
    assert {r["scale"] for r in rows} >= {"claimdb", "liar", "fever", "google-1-5"}
