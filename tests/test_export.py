"""`claimdb export`: round trips, spreadsheet safety, ClaimReview's requirements, determinism."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from claimdb.formats.cells import neutralise, unneutralise
from conftest import CLI


def _load(cli: CLI, fixtures: Path) -> None:
    cli.ok("import", str(fixtures / "roundtrip.jsonl"), actor="fiona")


def _export(cli: CLI, fmt: str, *args: str) -> str:
    # stdout_bytes: Click's Result.stdout turns CRLF into LF, and CSV rows end in CRLF.
    return str(cli.ok("export", "--format", fmt, "--sort", "id", *args).stdout_bytes.decode())


def test_json_round_trip_is_byte_identical(
    cli: CLI, other_cli: CLI, desk: dict[str, str], fixtures: Path, tmp_path: Path
) -> None:
    """Export JSON, import it into an empty database, export again: the same bytes."""
    _load(cli, fixtures)
    first = tmp_path / "first.json"
    cli.ok("export", "--format", "json", "--sort", "id", "--output", str(first))
    data = json.loads(first.read_text(encoding="utf-8"))
    assert len(data) == 5
    assert data[0]["citations"][0]["source"]["archive_url"].startswith("https://web.archive.org/")
    other_cli.ok("import", str(first), actor="fiona")
    assert _export(other_cli, "json").encode("utf-8") == first.read_bytes()
    again = other_cli.ok("import", str(first), actor="fiona")
    assert "0 claims imported" in again.stderr


def test_jsonl_round_trip_is_byte_identical(
    cli: CLI, other_cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """The same for JSONL, read from standard input."""
    _load(cli, fixtures)
    first = _export(cli, "jsonl")
    assert len(first.splitlines()) == 5
    other_cli.ok("import", "-", "--format", "jsonl", actor="fiona", input=first)
    assert _export(other_cli, "jsonl") == first


def test_hostile_csv_survives_export_and_import(
    cli: CLI, other_cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """Formulas, quotes, newlines, tabs, emoji and right-to-left text: neutralised, read back by csv and pandas, re-imported unchanged."""
    _load(cli, fixtures)
    original = json.loads(_export(cli, "json"))
    text = _export(cli, "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert frame.to_dict("records") == rows, "pandas and the csv module read the same cells"
    assert [r["external_id"] for r in rows] == [c["external_id"] or "" for c in original]
    for row, claim in zip(rows, original, strict=True):
        for column in ("text", "speaker", "verdict_rationale"):
            cell = row[column]
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
        assert unneutralise(row["text"]) == claim["text"]
        assert unneutralise(row["speaker"]) == (claim["speaker"] or "")
    formula = rows[0]
    assert formula["text"] == "'=SUM(A1:A9) is what the memo's total \"really\" says"
    assert formula["speaker"] == "'+44 20 7946 0000 (press line)"
    assert formula["verdict_rationale"] == "'-5% off the audited figure;\nclose enough."
    assert rows[1]["text"] == "'-12% unemployment\tin the north\r\nand more on a second line"
    assert rows[3]["text"].startswith("قال الوزير")
    assert rows[4]["text"] == "''=already quoted' opinions are fine"
    other_cli.ok("import", "-", "--format", "csv", actor="fiona", input=text)
    assert json.loads(_export(other_cli, "json")) == original


@pytest.mark.parametrize(
    ("cell", "guarded"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=quoted", "''=quoted"),
        ("'plain", "'plain"),
        ("plain = text", "plain = text"),
    ],
)
def test_formula_guard_round_trips(cell: str, guarded: str) -> None:
    """Every trigger character is guarded with one quote, and the import removes exactly that one."""
    assert neutralise(cell) == guarded
    assert unneutralise(guarded) == cell


def test_claimreview_round_trip_keeps_claims_verdicts_and_urls(
    cli: CLI, other_cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """ClaimReview export, then import into an empty database: the same claims, verdicts and URLs."""
    _load(cli, fixtures)
    args = ("--review-base-url", "https://desk.example/checks/", "--publisher", "Desk Checks")
    first = _export(cli, "claimreview", *args)
    other_cli.ok("import", "-", "--format", "claimreview", actor="fiona", input=first)
    assert _export(other_cli, "claimreview", "--publisher", "Desk Checks") == first
    mine = {c["text"]: c for c in json.loads(_export(cli, "json")) if c["verdict"]}
    theirs = {c["text"]: c for c in json.loads(_export(other_cli, "json"))}
    assert sorted(mine) == sorted(theirs)
    for text, claim in mine.items():
        got = theirs[text]
        for key in ("scale", "label", "rationale", "published"):
            assert got["verdict"][key] == claim["verdict"][key], (text, key)
        assert got["status"] == claim["status"]
        assert (got["speaker"], got["claimed_on"]) == (claim["speaker"], claim["claimed_on"])


def test_claimreview_meets_googles_requirements(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """claimReviewed, url, alternateName; itemReviewed is a Claim with the claim's own date; ratings in range."""
    _load(cli, fixtures)
    graph = json.loads(_export(cli, "claimreview", "--review-base-url", "https://desk.example/c"))
    assert graph["@context"] == "https://schema.org"
    reviews = graph["@graph"]
    assert len(reviews) == 4, "the claim without a verdict is left out"
    for review in reviews:
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"]
        assert review["url"].startswith("https://")
        assert review["reviewRating"]["alternateName"]
        assert review["itemReviewed"]["@type"] == "Claim"
        rating = review["reviewRating"]
        if "ratingValue" in rating:
            assert 1 <= rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    formula = reviews[0]
    assert formula["url"] == "https://factcheck.example/r/formula", "its own review URL first"
    assert formula["itemReviewed"]["datePublished"] == "2024-02-01", "when the claim was made"
    assert formula["datePublished"] == "2024-03-01", "when the review was published"
    assert formula["itemReviewed"]["author"] == {
        "@type": "Person",
        "name": "+44 20 7946 0000 (press line)",
    }
    assert formula["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 6,
        "worstRating": 1,
        "alternateName": "Mostly true",
        "identifier": "claimdb:mostly-true",
    }
    pants = reviews[1]
    assert pants["url"].startswith("https://desk.example/c/"), "base URL + claim id"
    assert pants["reviewRating"]["ratingValue"] == 1
    unverifiable = reviews[2]
    assert "ratingValue" not in unverifiable["reviewRating"], "off-scale labels carry no value"


def test_claimreview_without_a_url_fails_and_leaves_no_file(
    cli: CLI, desk: dict[str, str], fixtures: Path, tmp_path: Path
) -> None:
    """A verdict without review URL and no --review-base-url: a clear error, and --output is not written."""
    _load(cli, fixtures)
    out = tmp_path / "reviews.json"
    result = cli("export", "--format", "claimreview", "--output", str(out))
    assert result.exit_code == 5
    assert "has no review URL" in result.stderr
    assert "--review-base-url" in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_export_is_deterministic_and_filtered(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """Two exports of the same database are identical; the claim-list filters select the rows."""
    _load(cli, fixtures)
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    for fmt in ("csv", "json", "jsonl", "markdown", "csl-json"):
        assert _export(cli, fmt) == _export(cli, fmt), fmt
    verified = json.loads(_export(cli, "json", "--status", "verified"))
    assert [c["external_id"] for c in verified] == ["rt:formula", "desk:1"]
    false = json.loads(_export(cli, "json", "--verdict", "false"))
    assert sorted(c["external_id"] or "" for c in false) == ["", "desk:2", "rt:forced"]
    tagged = json.loads(_export(cli, "json", "--tag", "culture", "--speaker", "organ"))
    assert [c["external_id"] for c in tagged] == ["rt:emoji"]
    searched = json.loads(_export(cli, "json", "-q", "festival"))
    assert [c["external_id"] for c in searched] == ["rt:emoji"]
    limited = _export(cli, "csv", "--limit", "2")
    assert len(list(csv.reader(io.StringIO(limited)))) == 3


def test_csv_row_carries_verdict_and_citations(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """A CSV row has the verdict, scale and rationale, and each citation's stance, URL, archive URL and quote."""
    _load(cli, fixtures)
    row = next(csv.DictReader(io.StringIO(_export(cli, "csv"), newline="")))
    assert (row["verdict_scale"], row["verdict"], row["status"]) == (
        "claimdb",
        "mostly-true",
        "verified",
    )
    (citation,) = json.loads(unneutralise(row["citations"]))
    assert citation["stance"] == "supports"
    assert citation["quote"] == "@total: 1,190,000"
    assert citation["source"]["url"] == "https://example.org/audit?id=7&utm_source=x"
    assert citation["source"]["archive_url"].startswith("https://web.archive.org/")


def test_markdown_appendix_numbers_sources(cli: CLI, desk: dict[str, str], fixtures: Path) -> None:
    """The appendix lists each claim with its verdict and rationale, and numbered sources once each."""
    _load(cli, fixtures)
    text = _export(cli, "markdown")
    assert text.startswith("# Verification appendix\n")
    assert '## 1. =SUM(A1:A9) is what the memo\'s total "really" says' in text
    assert "- Verdict: **Mostly true** (claimdb scale), fiona, 2024-03-01" in text
    assert "- Rationale: -5% off the audited figure; close enough." in text
    assert "- Evidence rule overridden: source withheld to protect a witness" in text
    assert '- Sources: [1] supports: "@total: 1,190,000"' in text
    assert "- Sources: [2] refutes; [3] reported by the document" in text
    sources = text.split("## Sources\n\n", 1)[1].splitlines()
    assert sources[0].startswith('1. Audit, "final" version. <https://example.org/audit?id=7')
    assert "(archived: <https://web.archive.org/" in sources[0]
    assert sources[1] == "2. Labour survey. <https://stats.example/labour>"
    assert sources[2] == "3. 2024 regional report. 2024."


def test_csl_json_exports_the_cited_sources(cli: CLI, desk: dict[str, str], fixtures: Path) -> None:
    """csl-json writes each source the selected claims cite, once, as valid CSL items."""
    _load(cli, fixtures)
    items = json.loads(_export(cli, "csl-json"))
    assert [i["title"] for i in items] == [
        'Audit, "final" version',
        "Labour survey",
        "2024 regional report",
    ]
    assert items[0]["type"] == "report"
    assert items[0]["custom"]["archive_url"].startswith("https://web.archive.org/")
    assert items[2]["issued"] == {"date-parts": [[2024]]}
    only_emoji = json.loads(_export(cli, "csl-json", "--tag", "culture"))
    assert only_emoji == []


def test_empty_export_is_valid_in_every_format(cli: CLI, desk: dict[str, str]) -> None:
    """No matching claims: still well-formed output."""
    assert json.loads(_export(cli, "json")) == []
    assert _export(cli, "jsonl") == ""
    assert json.loads(_export(cli, "claimreview"))["@graph"] == []
    assert json.loads(_export(cli, "csl-json")) == []
    assert _export(cli, "csv").startswith("external_id,text,")
    assert "No claims match." in _export(cli, "markdown")
