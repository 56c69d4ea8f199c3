"""`claimdb claim add|list|show|edit|tag|archive` through the real CLI, on both backends."""

from __future__ import annotations

import json

import pytest

from conftest import CLI
from support import FORMATS, add_claim, add_source, cite, parse


def test_add_anchors_by_unique_quote(cli: CLI, report: str) -> None:
    """--quote finds the words once in the latest version; quotation-mark styles are equivalent."""
    claim = add_claim(
        cli,
        "Officials called Russia's debt burden sustainable.",
        "--type",
        "quote",
        "--doc",
        "report",
        "--quote",
        'called the burden "sustainable,"',
        "--speaker",
        "officials",
    )
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    anchor = data["claim"]["anchor"]
    start = report.index("called the burden")
    assert (anchor["start"], anchor["exact"]) == (start, "called the burden “sustainable,”")
    assert anchor["section"] == "Introduction"
    assert data["claim"]["checkable"] is True


def test_add_by_offsets_and_default_checkable(cli: CLI, report: str) -> None:
    """--start/--end anchor directly; opinions and predictions default to not checkable."""
    start = report.index("The policy is a mistake")
    claim = add_claim(
        cli,
        "The policy is a mistake.",
        "--type",
        "opinion",
        "--doc",
        "report",
        "--start",
        str(start),
        "--end",
        str(start + 23),
    )
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    assert data["claim"]["anchor"]["exact"] == "The policy is a mistake"
    assert data["claim"]["checkable"] is False
    assert data["context"]["section"] == "Conclusion"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--doc", "report", "--quote", "Gas exports fell"], 5, "occurs 2 times"),
        (["--doc", "report", "--quote", "Gas imports rose"], 5, "does not occur in report"),
        (
            ["--doc", "report", "--quote", "Gas exportz fell"],
            5,
            "the closest passage is 'Gas exports fell",
        ),
        (["--doc", "report"], 5, "needs --quote"),
        (["--doc", "nowhere", "--quote", "Gas"], 3, "no document 'nowhere'"),
        (["--doc", "report", "--start", "0", "--end", "9999"], 5, "past the end"),
        (["--quote", "Gas exports"], 2, "need --doc"),
    ],
)
def test_add_refuses_unclear_anchors(
    cli: CLI, report: str, args: list[str], code: int, message: str
) -> None:
    """Ambiguous, missing or impossible anchors are clear errors, and nothing is added."""
    result = cli("claim", "add", "Gas exports fell.", *args, actor="fiona")
    assert result.exit_code == code, result.stderr
    assert message in result.stderr
    assert json.loads(cli.ok("claim", "list", "-f", "json").stdout) == []


def test_ambiguous_quote_names_every_place(cli: CLI, report: str) -> None:
    """An ambiguous quote lists where it occurs, so the user can pick offsets."""
    result = cli("claim", "add", "x", "--doc", "report", "--quote", "Gas exports", actor="fiona")
    first = report.index("Gas exports")
    second = report.index("Gas exports", first + 1)
    assert f"{first}-{first + 11}, {second}-{second + 11}" in result.stderr


def _some_claims(cli: CLI) -> dict[str, int]:
    return {
        "debt": add_claim(
            cli,
            "Russia spent 3.2 trillion rubles on debt servicing in 2025.",
            "--type",
            "statistic",
            "--priority",
            "1",
            "--tag",
            "sanctions",
            "--doc",
            "report",
            "--quote",
            "3.2 trillion rubles",
        ),
        "gas": add_claim(
            cli,
            "Gas exports fell by half after 2022.",
            "--type",
            "event",
            "--priority",
            "2",
            "--speaker",
            "Energy ministry",
            "--doc",
            "report",
            "--quote",
            "Gas exports fell by half",
        ),
        "opinion": add_claim(cli, "The policy is a mistake.", "--type", "opinion", "-p", "5"),
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_list_in_every_format(cli: CLI, report: str, fmt: str) -> None:
    """claim list renders id, priority, status, type, verdict, text and speaker in each format."""
    ids = _some_claims(cli)
    out = cli.ok("claim", "list", "-f", fmt).stdout
    if fmt == "table":
        for header in ("id", "pri", "status", "type", "verdict", "text", "speaker"):
            assert header in out
        assert "Energy ministry" in out
        assert "Gas exports fell by half" in out
        return
    rows = parse(fmt, out)
    assert [int(r["id"]) for r in rows] == [ids["debt"], ids["gas"], ids["opinion"]]
    assert [r["status"] for r in rows] == ["unreviewed"] * 3
    assert rows[1]["speaker"] == "Energy ministry"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--type", "statistic"], ["debt"]),
        (["--tag", "sanctions"], ["debt"]),
        (["--speaker", "ministry"], ["gas"]),
        (["--checkable", "--max-priority", "2"], ["debt", "gas"]),
        (["--not-checkable"], ["opinion"]),
        (["--doc", "report", "--sort", "position", "--desc"], ["gas", "debt"]),
        (["--section", "energy"], ["gas"]),
        (["-q", "rubles"], ["debt"]),
        (["--unsupported", "--limit", "1", "--offset", "1"], ["gas"]),
        (["--status", "in_progress"], ["gas"]),
    ],
)
def test_list_filters(cli: CLI, report: str, args: list[str], expected: list[str]) -> None:
    """The shared filter options select the expected claims."""
    ids = _some_claims(cli)
    src = add_source(cli, "Ministry", "https://energy.example/exports")
    cite(cli, ids["gas"], src, "refutes")
    rows = json.loads(cli.ok("claim", "list", *args, "-f", "json").stdout)
    names = {v: k for k, v in ids.items()}
    assert [names[r["id"]] for r in rows] == expected


def _dossier_claim(cli: CLI) -> int:
    claim = add_claim(
        cli,
        "80% of firms view the market as risky.",
        "--type",
        "statistic",
        "--speaker",
        "a 2024 survey",
        "--doc",
        "report",
        "--quote",
        "80% of firms",
    )
    survey = add_source(cli, "2024 survey", "https://survey.example/2024", "--type", "report")
    paper = add_source(cli, "Market study", "https://study.example/market")
    cli.ok(
        "cite",
        str(claim),
        str(survey),
        "--kind",
        "report",
        "--quote",
        "A 2024 survey",
        actor="fiona",
    )
    cite(cli, claim, paper, "supports", "--quote", "eight in ten firms", "--locator", "p. 4")
    query = cli.ok("note", str(claim), "Which survey?", "--kind", "query", actor="fiona")
    note_id = query.stderr.split("note ")[1].split(" ")[0]
    cli.ok(
        "note",
        str(claim),
        "The 2024 one.",
        "--reply-to",
        note_id,
        "--kind",
        "answer",
        actor="eddie",
    )
    cli.ok("flag", str(claim), "--reason", "needs-source", "--note", "name it", actor="fiona")
    cli.ok(
        "verify",
        str(claim),
        "--verdict",
        "mostly-true",
        "--rationale",
        "study agrees",
        actor="fiona",
    )
    return claim


@pytest.mark.parametrize("fmt", FORMATS)
def test_show_dossier_in_every_format(cli: CLI, report: str, fmt: str) -> None:
    """claim show gives the whole dossier as one object, or sections of a table."""
    claim = _dossier_claim(cli)
    out = cli.ok("claim", "show", str(claim), "-f", fmt).stdout
    if fmt == "table":
        for text in (
            f"claim {claim}",
            "A 2024 survey found that 80% of firms view the market as risky.",
            "Evidence",
            "eight in ten firms",
            "Attributed by the document (not evidence)",
            "Verdicts",
            "mostly-true",
            "Which survey?",
            "The 2024 one.",
            "needs-source",
            "History",
            "status_changed",
        ):
            assert text in out, text
        return
    data = parse(fmt, out)
    if fmt in ("jsonl", "csv"):
        assert len(data) == 1
        data = data[0]
    if fmt == "csv":
        data = {k: json.loads(v) if v.startswith(("{", "[")) else v for k, v in data.items()}
    assert data["claim"]["id"] == claim
    assert data["context"]["sentence"] == (
        "A 2024 survey found that 80% of firms view the market as risky."
    )
    assert [c["stance"] for c in data["evidence"]] == ["supports"]
    assert [c["kind"] for c in data["attributions"]] == ["report"]
    assert [v["label"] for v in data["verdicts"]] == ["mostly-true"]
    assert data["notes"][0]["replies"][0]["body"] == "The 2024 one."
    assert [f["reason"] for f in data["flags"]] == ["needs-source"]
    assert "status_changed" in [e["action"] for e in data["history"]]


def test_dossier_sentence_and_verdict_history(cli: CLI, report: str) -> None:
    """The anchor's sentence is cut by pysbd from its paragraph; every verdict is kept in order."""
    claim = add_claim(
        cli,
        "Analysts disagreed.",
        "--type",
        "event",
        "--doc",
        "report",
        "--quote",
        "analysts disagreed",
    )
    cli.ok(
        "verify", str(claim), "--verdict", "unverifiable", "--rationale", "no names", actor="fiona"
    )
    cli.ok(
        "review", "decide", str(claim), "--request-changes", "--note", "try harder", actor="eddie"
    )
    src = add_source(cli, "Analyst note", "https://analysts.example/n")
    cite(cli, claim, src, "supports")
    cli.ok("verify", str(claim), "--verdict", "true", "--rationale", "found them", actor="fiona")
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    ctx = data["context"]
    assert ctx["sentence"] == "Officials called the burden “sustainable,” but analysts disagreed."
    assert ctx["before"] + ctx["exact"] + ctx["after"] == ctx["sentence"]
    assert [v["label"] for v in data["verdicts"]] == ["unverifiable", "true"]
    assert data["current_verdict_id"] == data["verdicts"][-1]["id"]
    assert [n["kind"] for n in data["notes"]] == ["decision"]


def test_edit_changes_fields_and_logs_them(cli: CLI, report: str) -> None:
    """claim edit changes the given fields only, bumps the version and logs before/after."""
    claim = add_claim(cli, "Gas exports fell.", "--speaker", "someone")
    cli.ok(
        "claim",
        "edit",
        str(claim),
        "--priority",
        "1",
        "--speaker",
        "",
        "--if-version",
        "1",
        actor="fiona",
    )
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    assert (data["claim"]["priority"], data["claim"]["speaker"], data["claim"]["version"]) == (
        1,
        None,
        2,
    )
    edited = [e for e in data["history"] if e["action"] == "edited"]
    assert edited[0]["before"] == {"priority": 3, "speaker": "someone"}
    assert edited[0]["after"] == {"priority": 1, "speaker": None}
    nothing = cli("claim", "edit", str(claim), actor="fiona")
    assert nothing.exit_code == 5
    assert "nothing to change" in nothing.stderr


def test_tag_adds_and_removes(cli: CLI, report: str) -> None:
    """claim tag adds tags (normalised), --remove removes them; removing a missing tag is refused."""
    claim = add_claim(cli, "Gas exports fell.", "--tag", "energy")
    cli.ok("claim", "tag", str(claim), "Sanctions", "trade", actor="fiona")
    cli.ok("claim", "tag", str(claim), "energy", "--remove", actor="fiona")
    data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    assert data["claim"]["tags"] == ["sanctions", "trade"]
    assert [e["action"] for e in data["history"]][-2:] == ["tagged", "untagged"]
    missing = cli("claim", "tag", str(claim), "energy", "--remove", actor="fiona")
    assert missing.exit_code == 5
    assert "has no tag energy (its tags: sanctions, trade)" in missing.stderr


def test_archive_hides_without_deleting(cli: CLI, report: str) -> None:
    """An archived claim leaves lists, the queue and the dashboard; --restore brings it back."""
    claim = add_claim(cli, "Gas exports fell.", "--type", "event")
    cli.ok("claim", "archive", str(claim), "--reason", "duplicate", actor="fiona")
    assert json.loads(cli.ok("claim", "list", "-f", "json").stdout) == []
    assert json.loads(cli.ok("review", "-f", "json").stdout) == []
    assert json.loads(cli.ok("status", "-f", "json").stdout)[0]["claims"] == 0
    archived = json.loads(cli.ok("claim", "list", "--archived", "-f", "json").stdout)
    assert [c["id"] for c in archived] == [claim]
    again = cli("claim", "archive", str(claim), "--reason", "again", actor="fiona")
    assert again.exit_code == 7
    assert "already" not in again.stderr
    assert "is archived" in again.stderr
    cli.ok(
        "claim", "archive", str(claim), "--restore", "--reason", "not a duplicate", actor="fiona"
    )
    assert [c["id"] for c in json.loads(cli.ok("claim", "list", "-f", "json").stdout)] == [claim]
    history = json.loads(cli.ok("history", str(claim), "-f", "json").stdout)
    assert [(e["action"], e["reason"]) for e in history[-2:]] == [
        ("archived", "duplicate"),
        ("restored", "not a duplicate"),
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["claim", "show", "999"],
        ["claim", "edit", "999", "--priority", "1"],
        ["claim", "tag", "999", "x"],
        ["claim", "archive", "999", "--reason", "r"],
        ["claim", "reopen", "999", "--reason", "r"],
        ["cite", "999", "1", "--stance", "supports"],
        ["verify", "999", "--verdict", "true", "--rationale", "r"],
        ["note", "999", "hello"],
        ["flag", "999", "--reason", "outdated"],
        ["history", "999"],
        ["review", "decide", "999", "--reject", "--note", "n"],
    ],
)
def test_unknown_claim_is_not_found(cli: CLI, report: str, args: list[str]) -> None:
    """Every command naming a claim that does not exist exits 3 and says so."""
    actor = (
        "eddie" if args[0] in ("review", "claim") and args[1] in ("reopen", "decide") else "fiona"
    )
    result = cli(*args, actor=None if args[0] in ("history",) or args[1] == "show" else actor)
    assert result.exit_code == 3, result.stderr
    assert "no claim 999" in result.stderr


def test_show_states_a_statistics_numbers_as_written_and_as_data(cli: CLI) -> None:
    """The dossier table shows each number: its words, qualifier, value, unit, what, when, where."""
    cli.ok("seed")
    (claim,) = json.loads(cli.ok("claim", "list", "-q", "1,000 Western", "-f", "json").stdout)
    out = cli.ok("claim", "show", str(claim["id"])).stdout
    assert "“Over 1,000” = more-than 1,000 firms: Western firms that exited Russia" in out
    assert "(after 2022, Russia)" in out
