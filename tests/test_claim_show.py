"""`claim show`: the dossier of claims built through the CLI, read over the light path."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import CLI
from support import FORMATS, add_claim, add_source, cite, new_id, parse


def show(cli: CLI, claim: int) -> dict[str, Any]:
    return json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)  # type: ignore[no-any-return]


def _rich_claim(cli: CLI, text: str) -> dict[str, int]:
    """A claim anchored in ``report`` with every kind of thing a dossier shows; the ids made."""
    quote = "3.2 trillion rubles ($37 billion)"
    claim = add_claim(
        cli,
        "Russia spent 3.2 trillion rubles on debt servicing in 2025.",
        "--doc",
        "report",
        "--quote",
        quote,
        "--type",
        "statistic",
        "--tag",
        "Budget",
        "--tag",
        "debt",
        "--quantity",
        "value=3.2e12;unit=RUB;measure=debt servicing;period=2025;qualifier=approximately",
    )
    law = add_source(cli, "Budget law", "https://minfin.example/budget")
    stats = add_source(cli, "Statistics office", "https://stat.example/t1")
    ids = {"claim": claim}
    for stance in ("supports", "refutes", "context", "insufficient"):
        ids[stance] = cite(cli, claim, law if stance == "supports" else stats, stance)
    report_cite = cli.ok(
        "cite", str(claim), str(stats), "--kind", "report", "--quote", "as the office says",
        actor="fiona",
    )  # fmt: skip
    ids["report"] = new_id(report_cite, r"citation (\d+):")
    cli.ok("verify", str(claim), "--verdict", "false", "--rationale", "No.", actor="fiona")
    cli.ok("review", "decide", str(claim), "--request-changes", "--note", "Again", actor="eddie")
    cli.ok("verify", str(claim), "--verdict", "true", "--rationale", "Yes.", actor="fiona")
    query = new_id(cli.ok("note", str(claim), "Which table?", "--kind", "query", actor="fiona"),
                   r"note (\d+)")  # fmt: skip
    answer = new_id(
        cli.ok("note", str(claim), "Table 4", "--reply-to", str(query), "--kind", "answer",
               actor="eddie"),
        r"note (\d+)",
    )  # fmt: skip
    cli.ok("note", str(claim), "Thanks", "--reply-to", str(answer), actor="fiona")
    ids.update(query=query, answer=answer)
    resolved = new_id(
        cli.ok("flag", "raise", str(claim), "--reason", "outdated", actor="fiona"), r"flag (\d+)"
    )
    cli.ok("flag", "resolve", str(resolved), "--resolution", "Still current", actor="eddie")
    ids["resolved"] = resolved
    ids["open"] = new_id(
        cli.ok("flag", "raise", str(claim), "--reason", "needs-source", "--note", "which?",
               actor="fiona"),
        r"flag (\d+)",
    )  # fmt: skip
    ids["repeat"] = add_claim(cli, "Russia spent 3.2 trillion rubles, again.")
    cli.ok(
        "claim", "link", str(ids["repeat"]), str(claim), "--same", "--note", "same", actor="fiona"
    )
    ids["related"] = add_claim(cli, "Russia's debt grew.")
    cli.ok("claim", "link", str(claim), str(ids["related"]), "--related", actor="fiona")
    return ids


def test_the_dossier_shows_everything_about_a_claim(cli: CLI, report: str) -> None:
    """Citations of each stance, verdicts, threaded notes, flags, links, context and history."""
    ids = _rich_claim(cli, report)
    d = show(cli, ids["claim"])
    c = d["claim"]
    assert c["status"] == "needs_review"
    assert d["allowed_next"] == ["in_progress", "verified", "disputed", "unsupported"]
    assert c["tags"] == ["budget", "debt"]
    assert c["quantities"] == [
        {
            "value": 3.2e12,
            "unit": "RUB",
            "measure": "debt servicing",
            "period": "2025",
            "place": None,
            "qualifier": "approximately",
            "as_written": None,
        }
    ]
    assert c["verdict"] == "true"
    assert c["verdict_scale"] == "claimdb"
    assert c["anchor"]["document_slug"] == "report"
    assert c["anchor"]["section"] == "Introduction"
    start = report.index("3.2 trillion")
    assert (c["anchor"]["start"], c["anchor"]["end"]) == (start, start + 33)
    ctx = d["context"]
    assert ctx["sentence"] == (
        "By 2025, Russia spent 3.2 trillion rubles ($37 billion) on debt servicing."
    )
    assert ctx["before"] == "By 2025, Russia spent "
    assert ctx["after"] == " on debt servicing."
    assert ctx["exact"] == "3.2 trillion rubles ($37 billion)"
    assert (ctx["document"], ctx["version"], ctx["section"]) == ("report", 1, "Introduction")
    assert [(e["id"], e["stance"]) for e in d["evidence"]] == [
        (ids[s], s) for s in ("supports", "refutes", "context", "insufficient")
    ]
    assert [(a["id"], a["kind"], a["stance"]) for a in d["attributions"]] == [
        (ids["report"], "report", None)
    ]
    assert d["evidence"][0]["source_title"] == "Budget law"
    assert [v["label"] for v in d["verdicts"]] == ["false", "true"]
    assert d["current_verdict_id"] == d["verdicts"][1]["id"]
    assert [v["verdict_class"] for v in d["verdicts"]] == ["false", "true"]
    [decision, thread] = d["notes"]
    assert (decision["kind"], decision["body"], decision["author"]) == (
        "decision",
        "Again",
        "eddie",
    )
    assert thread["id"] == ids["query"]
    assert [r["id"] for r in thread["replies"]] == [ids["answer"]]
    assert [r["body"] for r in thread["replies"][0]["replies"]] == ["Thanks"]
    assert [(f["id"], f["resolved_by"], f["resolution"]) for f in d["flags"]] == [
        (ids["resolved"], "eddie", "Still current"),
        (ids["open"], None, None),
    ]
    assert [(k["claim_id"], k["other_id"], k["kind"]) for k in d["links"]] == [
        (ids["repeat"], ids["claim"], "same"),
        (ids["claim"], ids["related"], "related"),
    ]
    assert d["same_as"] is None
    actions = [e["action"] for e in d["history"]]
    assert actions[0] == "created"
    assert actions.count("status_changed") >= 3
    assert [e["id"] for e in d["history"]] == sorted(e["id"] for e in d["history"])

    repeat = show(cli, ids["repeat"])
    assert repeat["same_as"] == {
        "claim_id": ids["claim"],
        "status": "needs_review",
        "verdict": "claimdb:true",
        "verdict_title": repeat["same_as"]["verdict_title"],
    }
    assert repeat["context"] is None
    assert repeat["claim"]["anchor"] is None

    table = cli.ok("claim", "show", str(ids["claim"])).stdout
    for words in (
        "status    needs_review  (next: in_progress, verified, disputed, unsupported)",
        "verdict   true (claimdb)",
        "tags      budget, debt",
        f"repeated by  claim {ids['repeat']} (same), linked by fiona",
        f"related to   claim {ids['related']}, linked by fiona",
        "report v1 · Introduction · characters",
        "By 2025, Russia spent 3.2 trillion rubles ($37 billion) on debt servicing.",
        "Attributed by the document (not evidence)",
        f"{d['verdicts'][1]['id']} (current)",
        "claimdb:false",
        "Which table?",
        "eddie",
        "Still current",
        "open",
    ):
        assert " ".join(words.split()) in " ".join(table.split()), words
    repeated = cli.ok("claim", "show", str(ids["repeat"])).stdout
    assert f"same claim as  claim {ids['claim']}: " in repeated  # the original's verdict
    assert "(needs_review)" in repeated


def test_a_claim_outside_any_document_archived(cli: CLI, desk: dict[str, str]) -> None:
    """No document: no context, no anchor, no document citations; archived: the day it was."""
    claim = add_claim(cli, "GDP grew 4% in 2024.", "--speaker", "A minister", "-p", "1")
    cli.ok("claim", "archive", str(claim), "--reason", "duplicate", actor="fiona")
    d = show(cli, claim)
    assert d["context"] is None
    assert d["claim"]["anchor"] is None
    assert d["document_citations"] == []
    assert d["evidence"] == []
    assert d["verdicts"] == []
    assert d["claim"]["archived_at"] is not None
    assert d["claim"]["speaker"] == "A minister"
    assert [e["action"] for e in d["history"]] == ["created", "archived"]
    table = " ".join(cli.ok("claim", "show", str(claim)).stdout.split())
    assert f"archived {d['claim']['archived_at'][:10]}" in table
    assert "Evidence: none" in table
    assert "Notes: none" in table
    assert "Flags: none" in table


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_shows_the_same_claim(cli: CLI, report: str, fmt: str) -> None:
    """json, jsonl and csv carry the same dossier; an unknown claim is NotFound in each."""
    ids = _rich_claim(cli, report)
    out = cli.ok("claim", "show", str(ids["claim"]), "-f", fmt).stdout
    if fmt == "table":
        assert f"claim {ids['claim']}" in out
    else:
        data = parse(fmt, out)
        row = data if fmt == "json" else data[0]
        claim = row["claim"] if fmt != "csv" else json.loads(row["claim"])
        assert claim["id"] == ids["claim"]
    missing = cli("claim", "show", "99999", "-f", fmt)
    assert missing.exit_code == 3
    assert "no claim 99999" in missing.stderr
    assert missing.stdout == ""


def test_the_python_api_takes_a_unit_of_work(cli: CLI, report: str, uow_factory: Any) -> None:
    """claim_dossier(uow, ...) gives the same dossier as the command's own reader."""
    from claimdb.services.dossier import claim_dossier
    from claimdb.services.reading import open_reader

    ids = _rich_claim(cli, report)
    with uow_factory() as uow:
        in_uow = claim_dossier(uow, claim_id=ids["claim"])
    with open_reader(cli.db_url) as reader:
        light = claim_dossier(reader, claim_id=ids["claim"])
    assert in_uow == light
    assert in_uow.model_dump(mode="json") == show(cli, ids["claim"])


def test_the_history_of_an_imported_claim_names_its_batch(cli: CLI, desk: dict[str, str]) -> None:
    """A claim brought in by a batched import shows that import in its history."""
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures"
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    listed = json.loads(cli.ok("claim", "list", "-f", "json").stdout)
    for claim in listed:
        history = show(cli, claim["id"])["history"]
        assert any(e["action"] == "imported" for e in history), claim["id"]


def test_the_plain_records_keep_the_fields_of_the_pydantic_schemas() -> None:
    """Each dossier record dumps the keys, in order, of the output schema the other commands use."""
    import dataclasses

    from pydantic import BaseModel

    from claimdb.schemas import claims, documents, evidence, matching, review
    from claimdb.schemas import dossier as plain
    from claimdb.schemas.plain import OriginalRef

    pairs: list[tuple[Any, type[BaseModel]]] = [
        (plain.ClaimRecord, claims.ClaimOut),
        (plain.QuantityRecord, claims.QuantityOut),
        (plain.AnchorRecord, claims.AnchorOut),
        (plain.CitationRecord, evidence.CitationOut),
        (plain.VerdictRecord, evidence.VerdictOut),
        (plain.FlagRecord, review.FlagOut),
        (plain.LinkRecord, matching.LinkOut),
        (plain.DocumentCitationRecord, documents.DocumentCitationOut),
        (OriginalRef, matching.OriginalOut),
    ]
    for record, schema in pairs:
        assert [f.name for f in dataclasses.fields(record)] == list(schema.model_fields), record
    note_fields = [f.name for f in dataclasses.fields(plain.NoteThread)]
    assert note_fields == [*review.NoteOut.model_fields, "replies"]
