"""`claimdb extract`, `extract list|accept|dismiss` and `claimdb score` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CLI
from support import FORMATS, add_claim, parse

FILES = Path(__file__).parent / "fixtures" / "extract"


def load(cli: CLI, name: str, slug: str, *args: str) -> None:
    cli.ok("doc", "add", str(FILES / name), "--slug", slug, *args, actor="fiona")


def extract(cli: CLI, slug: str, *args: str) -> dict[str, Any]:
    out = cli.ok("extract", slug, *args, "-f", "json", actor="fiona").stdout
    return dict(json.loads(out))


def candidates(cli: CLI, slug: str, *args: str) -> list[dict[str, Any]]:
    return list(json.loads(cli.ok("extract", "list", slug, *args, "-f", "json").stdout))


def test_extract_proposes_anchored_typed_scored_candidates(cli: CLI, desk: dict[str, str]) -> None:
    """Each candidate is anchored in the version, typed, scored with the scorer's version."""
    load(cli, "report.md", "review")
    report = extract(cli, "review", "--min-score", "0")
    assert report["proposed"] >= 6
    assert report["scorer"]["name"] == "claimdb-checkworthiness"
    found = candidates(cli, "review")
    text = json.loads(cli.ok("doc", "text", "review", "-f", "json").stdout)["text"]
    for c in found:
        assert text[c["start"] : c["end"]] == c["exact"]
        assert c["scorer"] == f"claimdb-checkworthiness/{report['scorer']['version']}"
        assert c["section"] in ("Trade", "Outlook", "Energy Review")
        assert c["exact"] not in ("Trade", "Outlook")  # headings are never candidates
    by_words = {c["exact"]: c for c in found}
    exports = by_words["Exports fell by 40 percent in 2024"]
    assert exports["claim_type"] == "statistic"
    assert exports["quantities"][0]["value"] == 40.0
    assert exports["quantities"][0]["unit"] == "%"
    assert exports["score"] >= 0.5
    assert by_words["The government should cut spending"]["claim_type"] == "opinion"
    assert by_words["The government should cut spending"]["checkable"] is False
    rates = next(c for c in found if "raised rates" in c["exact"])
    assert rates["speaker"] == "Jane Roe"
    items = [c["exact"] for c in found if c["start"] >= text.index("Sanctions hindered")]
    assert "skills shortages" in items  # a list split into one assertion per item
    scores = [c["score"] for c in candidates(cli, "review", "--by", "score")]
    assert scores == sorted(scores, reverse=True)


def test_extract_again_changes_nothing(cli: CLI, desk: dict[str, str]) -> None:
    """A second run proposes nothing new: the same candidates, no duplicates."""
    load(cli, "report.md", "review")
    first = extract(cli, "review")
    before = candidates(cli, "review")
    again = extract(cli, "review")
    assert again["proposed"] == 0
    assert again["already"] == first["proposed"]
    assert candidates(cli, "review") == before


def test_the_default_threshold_leaves_low_scores_out(cli: CLI, desk: dict[str, str]) -> None:
    """Without --min-score, only scores at or above the scorer's threshold are proposed."""
    load(cli, "report.md", "review")
    report = extract(cli, "review")
    threshold = report["scorer"]["threshold"]
    assert all(c["score"] >= threshold for c in candidates(cli, "review"))
    assert report["proposed"] + report["below"] == report["assertions"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_list_formats(cli: CLI, desk: dict[str, str], fmt: str) -> None:
    """extract list writes every output format."""
    load(cli, "v1.txt", "bulletin")
    extract(cli, "bulletin")
    out = cli.ok("extract", "list", "bulletin", "-f", fmt).stdout
    if fmt == "table":
        assert "Exports fell by 40 percent" in out
    else:
        assert parse(fmt, out)


def test_accept_makes_claims_with_anchor_priority_and_origin(
    cli: CLI, desk: dict[str, str]
) -> None:
    """An accepted candidate becomes a claim through claim add's path, and says where it came from."""
    load(cli, "v1.txt", "bulletin")
    extract(cli, "bulletin")
    first = candidates(cli, "bulletin")[0]
    result = cli.ok("extract", "accept", str(first["id"]), actor="fiona")
    assert "→ claim" in result.stderr
    claims = json.loads(cli.ok("claim", "list", "--doc", "bulletin", "-f", "json").stdout)
    [claim] = claims
    assert claim["anchor"]["exact"] == first["exact"]
    assert claim["priority"] == first["priority"]
    assert claim["claim_type"] == first["claim_type"]
    history = json.loads(cli.ok("history", str(claim["id"]), "-f", "json").stdout)
    created = next(e for e in history if e["action"] == "created")
    assert created["after"]["origin"]["via"] == "extracted"
    assert created["after"]["origin"]["candidate"] == first["id"]
    [row] = [c for c in candidates(cli, "bulletin") if c["id"] == first["id"]]
    assert (row["status"], row["claim_id"], row["decided_by"]) == ("accepted", claim["id"], "fiona")
    again = cli("extract", "accept", str(first["id"]), actor="fiona")
    assert again.exit_code == 9
    assert "already accepted" in again.stderr


def test_a_candidate_that_repeats_a_claim_says_so_and_is_not_accepted(
    cli: CLI, desk: dict[str, str]
) -> None:
    """A stored claim saying the same: 'repeats claim N' in the list; accept needs --anyway or --same-as."""
    load(cli, "v1.txt", "bulletin")
    claim = add_claim(cli, "Gas flows dropped sharply in the winter.")
    extract(cli, "bulletin", "--min-score", "0")
    gas = next(c for c in candidates(cli, "bulletin") if c["exact"].startswith("Gas flows"))
    assert gas["repeats"] == claim
    table = cli.ok("extract", "list", "bulletin").stdout
    assert f"repeats claim {claim}" in table
    refused = cli("extract", "accept", str(gas["id"]), actor="fiona")
    assert refused.exit_code == 9
    assert f"claim {claim} already says this" in refused.stderr
    linked = cli.ok("extract", "accept", str(gas["id"]), "--same-as", str(claim), actor="fiona")
    assert f"a repeat of claim {claim}" in linked.stderr


def test_accept_by_min_score(cli: CLI, desk: dict[str, str]) -> None:
    """--doc with --min-score accepts every proposed candidate scoring at least that."""
    load(cli, "report.md", "review")
    extract(cli, "review")
    high = [c for c in candidates(cli, "review") if c["score"] >= 0.9]
    cli("extract", "accept", "--doc", "review", "--min-score", "0.9", actor="fiona")
    accepted = candidates(cli, "review", "--status", "accepted")
    assert {c["id"] for c in accepted} <= {c["id"] for c in high}
    assert accepted


def test_dismiss_needs_a_reason_and_is_an_event(cli: CLI, desk: dict[str, str]) -> None:
    """A dismissed candidate keeps its reason; accepting it is then refused."""
    load(cli, "v1.txt", "bulletin")
    extract(cli, "bulletin")
    first = candidates(cli, "bulletin")[0]
    assert cli("extract", "dismiss", str(first["id"]), actor="fiona").exit_code == 2
    cli.ok("extract", "dismiss", str(first["id"]), "--reason", "not a claim", actor="fiona")
    [row] = candidates(cli, "bulletin", "--status", "dismissed")
    assert row["dismissal_reason"] == "not a claim"
    log = json.loads(cli.ok("log", "-f", "json").stdout)
    assert any(e["action"] == "candidates_dismissed" for e in log)
    refused = cli("extract", "accept", str(first["id"]), actor="fiona")
    assert refused.exit_code == 9
    assert "dismissed: not a claim" in refused.stderr


def test_a_new_version_proposes_only_what_changed(cli: CLI, desk: dict[str, str]) -> None:
    """On version 2, passages version 1 already had are not proposed again."""
    load(cli, "v1.txt", "bulletin")
    extract(cli, "bulletin", "--min-score", "0")
    cli.ok("doc", "add", str(FILES / "v2.txt"), "--new-version-of", "bulletin", actor="fiona")
    report = extract(cli, "bulletin", "--min-score", "0")
    assert report["version"] == 2
    assert report["unchanged"] >= 2
    words = [c["exact"] for c in candidates(cli, "bulletin")]
    assert words == ["A new terminal handled 3 million tonnes of grain in March"]


def test_non_english_text_is_proposed_without_a_score(cli: CLI, desk: dict[str, str]) -> None:
    """French and German sentences: null score, a message, never a guessed score."""
    load(cli, "french.txt", "francais", "--language", "fr")
    result = cli.ok("extract", "francais", actor="fiona")
    assert "English only" in result.stderr
    found = candidates(cli, "francais")
    assert found
    assert all(c["score"] is None and c["score_note"] for c in found)


def test_a_document_without_sentences(cli: CLI, desk: dict[str, str]) -> None:
    """Nothing to propose: a clear message, exit 0, nothing stored."""
    load(cli, "nosentences.txt", "empty-ish")
    result = cli.ok("extract", "empty-ish", actor="fiona")
    assert "no sentences" in result.stderr or "0 proposed" in result.stderr
    assert candidates(cli, "empty-ish") == []


def test_extract_refuses_analysts_and_unknown_documents(cli: CLI, desk: dict[str, str]) -> None:
    """Proposing writes: an analyst may list but not extract; an unknown document is exit 3."""
    load(cli, "v1.txt", "bulletin")
    assert cli("extract", "bulletin", actor="anna").exit_code == 6
    assert cli("extract", "nothing-here", actor="fiona").exit_code == 3
    assert cli("extract", "bulletin", "--version", "7", actor="fiona").exit_code == 3


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_score_prints_score_label_and_scorer(cli: CLI, fmt: str, tmp_path: Path) -> None:
    """claimdb score: one sentence a line, from TEXT, a file or stdin; non-English gets a note."""
    lines = "Exports fell by 40 percent in 2024.\nGood evening.\nDie Regierung hat gesagt, dass die Exporte gesunken sind.\n"
    path = tmp_path / "s.txt"
    path.write_text(lines, encoding="utf-8")
    for args, stdin in (((str(path),), None), (("-",), lines)):
        out = cli.ok("score", *args, "-f", fmt, db=False, input=stdin).stdout
        if fmt == "table":
            assert "check-worthy" in out
            assert "not scored" in out
            continue
        rows = parse(fmt, out)
        assert [r["label"] for r in rows] == ["check-worthy", "not check-worthy", "not scored"]
        assert str(rows[0]["scorer"]).startswith("claimdb-checkworthiness/")
        assert rows[2]["score"] in (None, "")
    one = cli.ok("score", "Exports fell by 40 percent in 2024.", "-f", "json", db=False)
    assert json.loads(one.stdout)[0]["label"] == "check-worthy"


def test_startup_does_not_import_the_scorer_or_pysbd() -> None:
    """Other commands do not pay for the scorer or the sentence splitter."""
    import subprocess
    import sys

    code = (
        "import sys; from claimdb.cli.main import app; "
        "print([m for m in ('pysbd', 'claimdb.analysis.checkworthiness', "
        "'claimdb.analysis.extraction', 'claimdb.analysis.sentences') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _large_report(path: Path, megabytes: float) -> None:
    """A Markdown report of about ``megabytes``: sections of varied, numbered prose."""
    paragraph = (
        "In FY{y}, the U.S. Department of Agriculture spent ${n}.5 million on its programs. "
        "Mr. Smith, the agency's head, said costs rose 4.{d} percent (see Table {d}) in "
        "{y}. Critics, e.g. Dr. Jones, disagree. \u201cIt is too much,\u201d she said. "
        "The plan is hindered by delays, staff shortages, and rising prices."
    )
    size = int(megabytes * 1_000_000)
    with path.open("w", encoding="utf-8") as out:
        written = i = 0
        while written < size:
            if i % 20 == 0:
                written += out.write(f"## Section {i // 20 + 1}\n\n")
            written += out.write(paragraph.format(y=1950 + i % 70, n=i, d=i % 9 + 1) + "\n\n")
            i += 1


def test_a_multi_megabyte_text_is_extracted_with_exact_anchors(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A 2 MB report: extract completes, every sentence inside one section, anchors exact."""
    path = tmp_path / "large.md"
    _large_report(path, 2.0)
    cli.ok("doc", "add", str(path), "--slug", "large", actor="fiona")
    report = extract(cli, "large", "--min-score", "0")
    assert report["sentences"] > 20_000
    assert report["proposed"] == report["assertions"] > report["sentences"]
    found = candidates(cli, "large")
    assert len(found) == report["proposed"]
    text = json.loads(cli.ok("doc", "text", "large", "-f", "json").stdout)["text"]
    assert all(text[c["start"] : c["end"]] == c["exact"] for c in found)
    assert not any("Section" in c["exact"] for c in found)  # headings stay out
    starts = [c["start"] for c in found]
    assert starts == sorted(starts)
    words = {c["exact"] for c in found[:40]}
    assert (
        "In FY1950, the U.S. Department of Agriculture spent $0.5 million on its programs" in words
    )
    assert "Critics, e.g. Dr. Jones, disagree" in words
    assert "\u201cIt is too much,\u201d she said" in words
    assert "staff shortages" in words
    assert extract(cli, "large")["proposed"] == 0  # again: nothing new


def test_progress_advances_while_candidates_are_scored_and_written_in_batches(
    cli: CLI, desk: dict[str, str], tmp_path: Path, uow_factory: Any, monkeypatch: Any
) -> None:
    """The progress callback runs between batched writes, never all before or after them;
    each batch is one INSERT executemany on either engine (not one statement per few rows)."""
    from sqlalchemy import event

    from claimdb.db import candidate_queries
    from claimdb.db.engine import get_engine
    from claimdb.services import extraction

    path = tmp_path / "large.md"
    _large_report(path, 0.1)
    cli.ok("doc", "add", str(path), "--slug", "large", actor="fiona")
    log: list[tuple[str, int]] = []
    insert = candidate_queries.insert_candidates

    def spy(session: Any, rows: Any) -> None:
        log.append(("write", len(rows)))
        insert(session, rows)

    monkeypatch.setattr(extraction, "BATCH", 100)
    monkeypatch.setattr(candidate_queries, "insert_candidates", spy)
    total: list[int] = []
    statements: list[str] = []

    def progress(done: int, of: int) -> None:
        log.append(("read", done))
        total.append(of)

    def count(_c: Any, _cur: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO claim_candidates"):
            statements.append(statement)

    event.listen(get_engine(cli.db_url), "before_cursor_execute", count)
    with uow_factory() as uow:
        report = extraction.extract(
            uow,
            actor="fiona",
            ref="large",
            min_score=0.0,
            progress=progress,
        )
    writes = [n for kind, n in log if kind == "write"]
    assert sum(writes) == report.proposed > 1000
    assert len(writes) > 10
    assert max(writes) <= 100
    event.remove(get_engine(cli.db_url), "before_cursor_execute", count)
    assert len(statements) == len(writes)
    done = [n for kind, n in log if kind == "read"]
    assert done == sorted(done)
    assert done[-1] == total[-1]
    first, last = (
        log.index(("write", writes[0])),
        len(log) - 1 - log[::-1].index(("write", writes[-1])),
    )
    assert any(kind == "read" for kind, _ in log[first:last])  # reading goes on between writes
