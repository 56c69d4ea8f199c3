"""`claimdb doc add|list|show|text|versions` through the real CLI, on both backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CLI
from support import FORMATS, add_claim, add_source, cite, parse, status_of

DOCS = Path(__file__).parent / "fixtures" / "documents"


def add(cli: CLI, *args: str, actor: str = "fiona") -> dict[str, Any]:
    """Run `doc add` and return its report (--show json)."""
    result = cli.ok("doc", "add", *args, "--show", "json", actor=actor)
    return dict(json.loads(result.stdout))


def show(cli: CLI, slug: str) -> dict[str, Any]:
    return dict(json.loads(cli.ok("doc", "show", slug, "-f", "json").stdout))


@pytest.mark.parametrize(
    ("name", "sections", "citations"),
    [
        ("report.pdf", ["Introduction", "Energy", "Conclusion", "Footnotes"], 1),
        ("report.md", ["Sanctions and Trade Review", "Energy"], 3),
        ("report.html", ["Sanctions and Trade Review", "Energy", "Notes"], 3),
        ("report.txt", ["Sanctions and Trade Review", "Introduction", "Energy", "Footnotes"], 2),
    ],
)
def test_add_each_format(
    cli: CLI, desk: dict[str, str], name: str, sections: list[str], citations: int
) -> None:
    """A file becomes a document: its text, sections, citations, sources and provenance."""
    report = add(cli, str(DOCS / name), "--slug", "review")
    assert (report["status"], report["version"], report["citations"]) == ("created", 1, citations)
    detail = show(cli, "review")
    assert detail["document"]["title"] == "Sanctions and Trade Review"
    assert [s["title"] for s in detail["sections"]] == sections
    assert len(detail["citations"]) >= citations
    [version] = detail["versions"]
    assert version["provenance"]["file"] == name
    assert version["provenance"]["format"] == name.rsplit(".", 1)[1]
    assert len(version["provenance"]["sha256"]) == 64
    text = cli.ok("doc", "text", "review").stdout
    assert "Exports fell by 40 percent in 2024." in text
    first = detail["citations"][0]
    words = json.loads(cli.ok("doc", "text", "review", "-f", "json").stdout)["text"]
    assert words[first["marker_start"] : first["marker_end"]] == first["marker"]
    sources = json.loads(cli.ok("source", "list", "-f", "json").stdout)
    assert any(s["url"] == "https://www.imf.org/en/Publications/WEO" for s in sources)


def test_pdf_metadata_and_options(cli: CLI, desk: dict[str, str]) -> None:
    """The PDF's info dictionary gives the metadata; options override it; the repairs are printed."""
    result = cli.ok(
        "doc", "add", str(DOCS / "report.pdf"), "--title", "A Better Title", actor="fiona"
    )
    assert "running header" in result.stdout
    assert "1 hyphenated line break joined" in result.stdout
    assert "added a-better-title version 1" in result.stderr
    document = show(cli, "a-better-title")["document"]
    assert (document["title"], document["author"], document["published"]) == (
        "A Better Title",
        "Jane Roe",
        "2025-03-01",
    )


def test_sources_are_deduplicated_as_source_add_does(cli: CLI, desk: dict[str, str]) -> None:
    """A cited URL already stored (by `source add` or another document) is reused, not doubled."""
    known = add_source(cli, "Yale survey", "https://www.example.org/yale-survey/?utm_source=x")
    first = add(cli, str(DOCS / "report.md"), "--slug", "one")
    assert first["sources_reused"] == 1
    second = add(cli, str(DOCS / "report.html"), "--slug", "two")
    assert second["sources_added"] == 1  # only the note without a URL is new
    sources = json.loads(cli.ok("source", "list", "-f", "json").stdout)
    urls = [s["url"] for s in sources if s["url"]]
    assert len(urls) == len(set(urls)) == 2
    cited = {c["source_id"] for c in show(cli, "two")["citations"]}
    assert known in cited


def test_stdin_needs_and_takes_a_format(cli: CLI, desk: dict[str, str]) -> None:
    """`doc add -` reads stdin with --format; without it, it says so."""
    source = (DOCS / "report.md").read_text(encoding="utf-8")
    refused = cli("doc", "add", "-", input=source, actor="fiona")
    assert refused.exit_code == 5
    assert "--format" in refused.stderr
    result = cli.ok(
        "doc",
        "add",
        "-",
        "--format",
        "md",
        "--slug",
        "piped",
        "--show",
        "json",
        input=source,
        actor="fiona",
    )
    assert json.loads(result.stdout)["format"] == "md"


@pytest.mark.parametrize(
    ("name", "env", "message"),
    [
        ("scanned.pdf", {}, "has no text layer"),
        ("encrypted.pdf", {}, "is encrypted"),
        ("junk.pdf", {}, "is not a readable PDF"),
        ("junk.txt", {}, "is not text"),
        ("empty.txt", {}, "is empty"),
        ("latin1.txt", {}, "is not UTF-8: byte 3"),
        ("report.txt", {"CLAIMDB_MAX_DOCUMENT_BYTES": "100"}, "over the limit of 100 bytes"),
    ],
)
def test_bad_input_writes_nothing(
    cli: CLI,
    desk: dict[str, str],
    *,
    name: str,
    env: dict[str, str],
    message: str,
) -> None:
    """Each bad file exits 5 with a message naming it and a hint, and stores nothing."""
    result = cli("doc", "add", str(DOCS / name), actor="fiona", env=env)
    assert result.exit_code == 5, result.stderr
    assert name in result.stderr
    assert message in result.stderr
    assert "hint:" in result.stderr
    assert json.loads(cli.ok("doc", "list", "-f", "json").stdout) == []
    assert json.loads(cli.ok("source", "list", "-f", "json").stdout) == []


def test_latin1_with_its_encoding(cli: CLI, desk: dict[str, str]) -> None:
    """--encoding reads a text file that is not UTF-8."""
    add(cli, str(DOCS / "latin1.txt"), "--encoding", "latin-1", "--slug", "cafe")
    assert cli.ok("doc", "text", "cafe").stdout.startswith("Café prices")


def test_same_file_again_changes_nothing_and_another_text_needs_a_new_version(
    cli: CLI, desk: dict[str, str]
) -> None:
    """The same text is a no-op; a different text under the same slug is refused with the way out."""
    add(cli, str(DOCS / "bulletin-v1.txt"), "--slug", "bulletin")
    log_before = cli.ok("log", "--limit", "0", "-f", "json").stdout
    again = add(cli, str(DOCS / "bulletin-v1.txt"), "--slug", "bulletin")
    assert again["status"] == "unchanged"
    assert cli.ok("log", "--limit", "0", "-f", "json").stdout == log_before
    refused = cli("doc", "add", str(DOCS / "bulletin-v2.txt"), "--slug", "bulletin", actor="fiona")
    assert refused.exit_code == 9
    assert "--new-version-of bulletin" in refused.stderr


def _bulletin_with_claims(cli: CLI) -> dict[str, int]:
    add(cli, str(DOCS / "bulletin-v1.txt"), "--slug", "bulletin")
    quotes = {
        "exact": "Exports fell by 40 percent in 2024.",
        "moved": "Gas flows dropped sharply in the winter.",
        "changed": "The central bank raised rates to 21 percent in October.",
        "orphaned": "Officials expect a full recovery of trade by 2027.",
    }
    return {
        outcome: add_claim(cli, quote, "--doc", "bulletin", "--quote", quote)
        for outcome, quote in quotes.items()
    }


def test_new_version_reanchors_every_claim(cli: CLI, desk: dict[str, str]) -> None:
    """Exact, moved, changed (flagged, reopened) and orphaned (flagged, left behind), all logged."""
    claims = _bulletin_with_claims(cli)
    decided = claims["changed"]
    source = add_source(cli, "Central bank", "https://cbr.example/rates")
    cite(cli, decided, source, "supports")
    cli.ok("verify", str(decided), "--verdict", "true", "--rationale", "r", actor="fiona")
    cli.ok("review", "decide", str(decided), "--approve", "--note", "ok", actor="eddie")
    assert status_of(cli, decided) == "verified"

    dry = cli.ok(
        "doc",
        "add",
        str(DOCS / "bulletin-v2.txt"),
        "--new-version-of",
        "bulletin",
        "--dry-run",
        actor="fiona",
    )
    assert "exact 1, moved 1, changed 1, orphaned 1" in dry.stdout
    assert "nothing written" in dry.stderr
    assert len(show(cli, "bulletin")["versions"]) == 1

    report = add(cli, str(DOCS / "bulletin-v2.txt"), "--new-version-of", "bulletin")
    assert report["counts"] == {"exact": 1, "moved": 1, "changed": 1, "orphaned": 1}
    outcomes = {p["claim_id"]: p["outcome"] for p in report["reanchored"]}
    assert outcomes == {claim: outcome for outcome, claim in claims.items()}
    changed = next(p for p in report["reanchored"] if p["outcome"] == "changed")
    assert changed["new_words"] == "The central bank raised its key rate to 21 percent in October."

    assert status_of(cli, decided) == "in_progress"
    flags = json.loads(cli.ok("flag", "list", "-f", "json").stdout)
    assert sorted((f["claim_id"], f["reason"]) for f in flags) == sorted(
        [(decided, "anchor-changed"), (claims["orphaned"], "anchor-orphaned")]
    )
    anchors = {}
    for outcome, claim in claims.items():
        data = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
        assert any(e["action"] == "reanchored" for e in data["history"]), outcome
        anchors[outcome] = data["claim"]["anchor"]
    v2 = anchors["exact"]["version_id"]
    assert [anchors[o]["version_id"] == v2 for o in ("moved", "changed", "orphaned")] == [
        True,
        True,
        False,  # an orphaned claim stays on the version its words are in
    ]
    assert anchors["changed"]["exact"] == changed["new_words"]
    v2_text = cli.ok("doc", "text", "bulletin").stdout
    for outcome in ("exact", "moved", "changed"):
        a = anchors[outcome]
        assert v2_text[a["start"] : a["end"]] == a["exact"]

    log_before = cli.ok("log", "--limit", "0", "-f", "json").stdout
    again = add(cli, str(DOCS / "bulletin-v2.txt"), "--new-version-of", "bulletin")
    assert again["status"] == "unchanged"
    assert cli.ok("log", "--limit", "0", "-f", "json").stdout == log_before


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "table"])
def test_list_and_versions_in_every_format(cli: CLI, desk: dict[str, str], fmt: str) -> None:
    """doc list and doc versions speak every output format."""
    add(cli, str(DOCS / "bulletin-v1.txt"), "--slug", "bulletin")
    add(cli, str(DOCS / "bulletin-v2.txt"), "--new-version-of", "bulletin")
    listed = parse(fmt, cli.ok("doc", "list", "-f", fmt).stdout)
    assert [row["slug"] for row in listed] == ["bulletin"]
    versions = parse(fmt, cli.ok("doc", "versions", "bulletin", "-f", fmt).stdout)
    assert [str(v["number"]) for v in versions] == ["1", "2"]


def test_tables_for_people(cli: CLI, desk: dict[str, str]) -> None:
    """The table forms of list, versions and show."""
    add(cli, str(DOCS / "report.txt"), "--slug", "review")
    assert "review" in cli.ok("doc", "list").stdout
    assert "report.txt" in cli.ok("doc", "versions", "review").stdout
    shown = cli.ok("doc", "show", "review").stdout
    assert "sections" in shown
    assert "Eurostat energy statistics." in shown


def test_text_by_version_and_section(cli: CLI, desk: dict[str, str]) -> None:
    """doc text prints one version, or one section of it; an unknown section is NotFound."""
    add(cli, str(DOCS / "report.txt"), "--slug", "review")
    energy = cli.ok("doc", "text", "review", "--section", "energy", "--version", "1").stdout
    assert energy.startswith("Energy\n")
    assert "Introduction" not in energy
    missing = cli("doc", "text", "review", "--section", "Nowhere")
    assert missing.exit_code == 3
    assert cli("doc", "text", "review", "--version", "9").exit_code == 3


def test_a_claim_in_a_cited_sentence_derives_its_report_citation(
    cli: CLI, desk: dict[str, str], uow_factory: Any
) -> None:
    """A claim anchored in a sentence the document cites gets that citation, derived not copied."""
    from claimdb.services.dossier import claim_dossier

    add(cli, str(DOCS / "report.txt"), "--slug", "review")
    quote = "Exports fell by 40 percent in 2024."
    claim = add_claim(cli, quote, "--doc", "review", "--quote", quote)
    other = add_claim(cli, "Imports rose.", "--doc", "review", "--quote", "Imports from the region")
    with uow_factory() as uow:
        [derived] = claim_dossier(uow, claim_id=claim).document_citations
        assert derived.marker == "¹"
        assert derived.url == "https://www.imf.org/en/Publications/WEO"
        assert claim_dossier(uow, claim_id=other).document_citations == []
    dossier = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)
    assert [c["marker"] for c in dossier["document_citations"]] == ["¹"]
