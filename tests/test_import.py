"""`claimdb import`: every format, mapping, verdicts with evidence, idempotency, bad input."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from conftest import CLI


def _claims(cli: CLI, *filters: str) -> list[dict[str, Any]]:
    """The database's claims as the JSON export writes them, in id order."""
    result = cli.ok("export", "--format", "json", "--sort", "id", *filters)
    claims: list[dict[str, Any]] = json.loads(result.stdout)
    return claims


def test_csv_import_creates_claims_verdicts_and_evidence(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """Each CSV row becomes a claim; a verdict comes with the row's evidence and sets the status."""
    result = cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    assert result.stdout == ""
    assert "3 claims imported" in result.stderr
    assert "2 verdicts" in result.stderr
    claims = _claims(cli)
    assert [c["external_id"] for c in claims] == ["desk:1", "desk:2", "desk:3"]
    budget, crime, bridge = claims
    assert budget["tags"] == ["budget", "city"]
    assert budget["claimed_on"] == "2024-05-02"
    assert (budget["verdict"]["label"], budget["status"]) == ("mostly-true", "verified")
    assert budget["verdict"]["review_url"] == "https://factcheck.example/budget"
    assert budget["citations"][0]["stance"] == "supports"
    assert budget["citations"][0]["quote"] == "total spending rose 11.8%"
    assert (crime["verdict"]["label"], crime["status"]) == ("false", "disputed")
    assert bridge["text"] == 'The new bridge will open "next spring", officials say.'
    assert (bridge["verdict"], bridge["status"]) == (None, "unreviewed")
    found = cli.ok("claim", "list", "-q", "budget grew", "--format", "json")
    assert [c["external_id"] for c in json.loads(found.stdout)] == ["desk:1"], (
        "the full-text index knows imported claims at once"
    )


def test_reimport_is_idempotent(cli: CLI, desk: dict[str, str], fixtures: Path) -> None:
    """Importing the same files twice creates nothing the second time, and says so."""
    for name, fmt in (("claims.csv", "csv"), ("factcheck_api.json", "factcheck-api")):
        cli.ok("import", str(fixtures / name), "--format", fmt, actor="fiona")
    before = _claims(cli)
    for name, fmt in (("claims.csv", "csv"), ("factcheck_api.json", "factcheck-api")):
        again = cli.ok("import", str(fixtures / name), "--format", fmt, actor="fiona")
        assert re.search(r"0 claims imported .* \((2|3) already there", again.stderr)
    assert _claims(cli) == before


def test_map_renames_columns(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """A spreadsheet with its own column names imports through --map, ignored columns included."""
    sheet = tmp_path / "desk.csv"
    sheet.write_text(
        "Ref,Statement,Who,Rating,Why,Notes\n"
        "A7,Bus fares doubled since 2020.,Transit union,unverifiable,No fare data published.,call back\n",
        encoding="utf-8",
    )
    cli.ok(
        "import",
        str(sheet),
        "--map",
        "Ref=external_id",
        "--map",
        "Statement=text",
        "--map",
        "Who=speaker",
        "--map",
        "Rating=verdict",
        "--map",
        "Why=verdict_rationale",
        "--map",
        "Notes=-",
        actor="fiona",
    )
    (claim,) = _claims(cli)
    assert (claim["external_id"], claim["speaker"]) == ("A7", "Transit union")
    assert claim["verdict"]["rationale"] == "No fare data published."
    assert claim["status"] == "unsupported"


def test_unmapped_column_is_refused_with_how_to_map_it(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """An unknown header is an error naming the column and the --map that fixes it."""
    sheet = tmp_path / "odd.csv"
    sheet.write_text("text,Colour\nSky is green.,blue\n", encoding="utf-8")
    result = cli("import", str(sheet), actor="fiona")
    assert result.exit_code == 5
    assert f"{sheet}:1: unknown column 'Colour'" in result.stderr
    assert "--map 'Colour=FIELD'" in result.stderr
    bad_map = cli("import", str(sheet), "--map", "Colour=hue", actor="fiona")
    assert bad_map.exit_code == 5
    assert "unknown field 'hue'" in bad_map.stderr


def _liar_command() -> list[str]:
    """The LIAR recipe exactly as docs/import-export.md shows it (its import arguments)."""
    doc = (Path(__file__).parents[1] / "docs" / "import-export.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(claimdb import [^`]*?train\.tsv.*?)```", doc, re.S)
    assert block is not None, "docs/import-export.md lost its LIAR recipe"
    words = shlex.split(block.group(1).replace("\\\n", " "))
    assert words[:2] == ["claimdb", "import"]
    return words[3:]  # the arguments after the file name


def test_liar_recipe_from_the_docs(cli: CLI, desk: dict[str, str], fixtures: Path) -> None:
    """The documented LIAR mapping imports LIAR-shaped rows: label on the liar scale, tags, context."""
    args = _liar_command()
    assert args[-2] == "--as"
    args = args[:-2]
    result = cli.ok("import", str(fixtures / "liar_like.tsv"), *args, actor="fiona")
    assert "4 claims imported" in result.stderr
    claims = {c["external_id"]: c for c in _claims(cli)}
    assert sorted(claims) == ["liar:l-1", "liar:l-2", "liar:l-3", "liar:l-4"]
    tunnel = claims["liar:l-1"]
    assert tunnel["speaker"] == "jane-doe"
    assert tunnel["tags"] == ["budget", "infrastructure"]
    assert tunnel["context"] == "a radio interview"
    assert (tunnel["verdict"]["scale"], tunnel["verdict"]["label"]) == ("liar", "false")
    assert claims["liar:l-3"]["text"] == 'The river "was dyed green" by the mill.'
    assert {c["external_id"]: c["status"] for c in claims.values()} == {
        "liar:l-1": "disputed",
        "liar:l-2": "disputed",
        "liar:l-3": "disputed",
        "liar:l-4": "verified",
    }
    publisher = claims["liar:l-4"]["citations"][0]
    assert (publisher["stance"], publisher["source"]["title"]) == ("supports", "PolitiFact")
    assert claims["liar:l-2"]["citations"][0]["stance"] == "context"


def test_verdict_needs_evidence_or_a_publisher_or_a_reason(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """LIAR labels without evidence are refused; --verdict-source cites the publisher; --force-reason records an override."""
    base = ["--format", "tsv", "--no-header", "--scale", "liar", "--map", "2=verdict"]
    base += ["--map", "3=text", "--map", "1=external_id"]
    tsv = str(fixtures / "liar_like.tsv")
    refused = cli("import", tsv, *base, actor="fiona")
    assert refused.exit_code == 5
    assert "4 invalid rows" in refused.stderr
    assert f"{tsv}:1: verdict: cannot record the liar:false verdict" in refused.stderr
    assert "--verdict-source TITLE=URL" in refused.stderr
    assert _claims(cli) == []
    cli.ok(
        "import",
        tsv,
        *base,
        "--force-reason",
        "ratings taken from LIAR as published",
        actor="fiona",
    )
    claims = _claims(cli)
    assert all(c["verdict"]["forced"] for c in claims if c["verdict"]["class"] != "unverifiable")
    assert claims[0]["verdict"]["force_reason"] == "ratings taken from LIAR as published"


def test_all_or_nothing_reports_every_invalid_row(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """Three bad rows: each is reported as file:line: field: problem, and nothing is written."""
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "external_id,text,claim_type,priority,verdict,claimed_on\n"
        "ok-1,A fine claim.,statistic,1,,\n"
        "bad-1,Wrong type.,rumour,2,,\n"
        "bad-2,Priority out of range.,quote,9,,\n"
        "bad-3,Unknown label.,quote,2,sort-of-true,\n"
        "bad-4,Bad date.,quote,2,,2024-13-01\n",
        encoding="utf-8",
    )
    result = cli("import", str(sheet), actor="fiona")
    assert result.exit_code == 5
    assert "4 invalid rows" in result.stderr
    assert f"{sheet}:3: claim_type:" in result.stderr
    assert f"{sheet}:4: priority:" in result.stderr
    assert f"{sheet}:5: verdict: unknown verdict label 'sort-of-true'" in result.stderr
    assert f"{sheet}:6: claimed_on:" in result.stderr
    assert "Traceback" not in result.stderr
    assert _claims(cli) == []


def test_skip_invalid_writes_the_valid_rows_and_the_rejects(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """--skip-invalid imports the good rows; each rejected row goes to --rejects with its errors."""
    sheet = tmp_path / "mixed.csv"
    sheet.write_text(
        "external_id,text,claim_type\nk-1,Kept.,event\nr-1,Rejected.,rumour\nk-2,Also kept.,quote\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.jsonl"
    missing = cli("import", str(sheet), "--skip-invalid", actor="fiona")
    assert missing.exit_code == 5
    assert "--skip-invalid needs --rejects FILE" in missing.stderr
    result = cli.ok(
        "import", str(sheet), "--skip-invalid", "--rejects", str(rejects), actor="fiona"
    )
    assert "2 claims imported" in result.stderr
    assert "1 rejected" in result.stderr
    assert [c["external_id"] for c in _claims(cli)] == ["k-1", "k-2"]
    (line,) = rejects.read_text(encoding="utf-8").splitlines()
    reject = json.loads(line)
    assert reject["line"] == 3
    assert reject["row"] == {"external_id": "r-1", "text": "Rejected.", "claim_type": "rumour"}
    assert reject["errors"][0].startswith(f"{sheet}:3: claim_type:")


def test_dry_run_checks_and_writes_nothing(cli: CLI, desk: dict[str, str], fixtures: Path) -> None:
    """--dry-run counts what would be imported and leaves the database as it was."""
    result = cli.ok("import", str(fixtures / "claims.csv"), "--dry-run", actor="fiona")
    assert "dry run, nothing written: 3 claims imported" in result.stderr
    assert _claims(cli) == []


def test_import_needs_the_import_permission(cli: CLI, desk: dict[str, str], fixtures: Path) -> None:
    """An analyst may not import; the refusal names the roles that may."""
    result = cli("import", str(fixtures / "claims.csv"), actor="anna")
    assert result.exit_code == 6
    assert "import files" in result.stderr
    assert _claims(cli) == []


BAD_BYTES = [
    pytest.param(
        b"text,speaker\nGood row.,a\nBad \xff byte.,b\n",
        ":3: invalid UTF-8 at byte 29 of the file",
        id="invalid-utf8",
    ),
    pytest.param(b"text,speaker\nNUL\x00 here.,a\n", ":2: NUL byte at byte 16", id="nul"),
    pytest.param(
        b"text,speaker\nOne,two,three\n", ":2: row has 3 columns, the file has 2", id="ragged"
    ),
    pytest.param(
        b'text,speaker\n"Never closed,a\nnext,b\n',
        ":2: unterminated quoted field",
        id="unterminated-quote",
    ),
    pytest.param(
        b'text,speaker\n"' + b"x" * 1_000_100 + b'",a\n',
        ":2: text: too long (1,000,100 characters); the limit is 10,000",
        id="over-long-field",
    ),
    pytest.param(
        b"text\n" + b"y" * (16 * 1024 * 1024 + 10) + b"\n",
        ":2: line is longer than 16777216 bytes",
        id="over-long-line",
    ),
]


@pytest.mark.parametrize(("content", "expected"), BAD_BYTES)
def test_bad_bytes_get_a_located_error_and_no_traceback(
    cli: CLI, desk: dict[str, str], tmp_path: Path, content: bytes, expected: str
) -> None:
    """Invalid UTF-8, NUL, ragged rows, unterminated quotes, over-long fields: exit 5, file:line, nothing written."""
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = cli("import", str(path), actor="fiona")
    assert result.exit_code == 5
    assert f"{path}{expected}" in result.stderr
    assert "Traceback" not in result.stderr
    assert _claims(cli) == []


def test_bom_and_crlf_are_accepted(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """A UTF-8 file with a byte-order mark and CRLF line endings imports cleanly."""
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufefftext,speaker\r\nÉté à Paris.,Zoë\r\n".encode())
    cli.ok("import", str(path), actor="fiona")
    (claim,) = _claims(cli)
    assert (claim["text"], claim["speaker"]) == ("Été à Paris.", "Zoë")


def test_stdin_import(cli: CLI, desk: dict[str, str]) -> None:
    """`-` reads standard input (the format must then be given)."""
    line = json.dumps({"text": "Piped claim.", "tags": ["stdin"]})
    cli.ok("import", "-", "--format", "jsonl", actor="fiona", input=line + "\n")
    assert [c["tags"] for c in _claims(cli)] == [["stdin"]]
    unknown = cli("import", "-", actor="fiona", input=line)
    assert unknown.exit_code == 5
    assert "cannot tell the format" in unknown.stderr


@pytest.mark.parametrize(
    ("name", "texts"),
    [
        ("claimreview_single.json", ["The harbour tunnel cost twice its budget."]),
        (
            "claimreview_array.json",
            ["Unemployment is at its lowest since 1970.", "The river was dyed green by the mill."],
        ),
        ("claimreview_graph.json", ["The state has 12 public universities."]),
    ],
)
def test_claimreview_object_array_and_graph(
    cli: CLI, desk: dict[str, str], fixtures: Path, name: str, texts: list[str]
) -> None:
    """ClaimReview JSON-LD as one object, an array or an @graph; the review page becomes the evidence."""
    cli.ok("import", str(fixtures / name), "--format", "claimreview", actor="fiona")
    claims = _claims(cli)
    assert [c["text"] for c in claims] == texts
    for claim in claims:
        verdict = claim["verdict"]
        assert verdict["review_url"].startswith("https://factcheck.example/reviews/")
        (evidence,) = claim["citations"]
        assert evidence["source"]["url"] == verdict["review_url"]
        assert evidence["source"]["publisher"] == "Example Fact Check"
    if name == "claimreview_single.json":
        (tunnel,) = claims
        assert (tunnel["speaker"], tunnel["speaker_description"]) == ("Jane Doe", "Councillor")
        assert tunnel["claimed_on"] == "2024-02-28"
        assert tunnel["appearance_url"] == "https://news.example/interview"
        assert tunnel["verdict"]["label"] == "mostly-false"
        assert tunnel["verdict"]["published"] == "2024-03-05"
        assert tunnel["verdict"]["rationale"] == "The tunnel ran 40% over budget, not 100%."
        assert tunnel["citations"][0]["stance"] == "refutes"
    if name == "claimreview_array.json":
        # The publisher's words, kept on its own scale and mapped by the built-in table.
        assert [
            (c["verdict"]["scale"], c["verdict"]["label"], c["verdict"]["class"]) for c in claims
        ] == [
            ("example-fact-check", "true", "true"),
            ("example-fact-check", "pants-on-fire", "false"),
        ]
        assert claims[1]["verdict"]["title"] == "Pants on Fire!"
        assert claims[0]["status"] == "verified"
    if name == "claimreview_graph.json":
        assert (claims[0]["verdict"]["scale"], claims[0]["verdict"]["label"]) == (
            "fever",
            "refutes",
        )


def test_claimreview_rating_outside_its_range_is_refused(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A ratingValue outside worstRating..bestRating is a located error."""
    path = tmp_path / "cr.json"
    path.write_text(
        json.dumps(
            {
                "@type": "ClaimReview",
                "url": "https://f.example/x",
                "claimReviewed": "X.",
                "reviewRating": {"ratingValue": 7, "bestRating": 5, "worstRating": 1},
            }
        ),
        encoding="utf-8",
    )
    result = cli("import", str(path), "--format", "claimreview", actor="fiona")
    assert result.exit_code == 5
    assert (
        f"{path}:1: record 1 (id 'https://f.example/x'): reviewRating.ratingValue: 7 is outside"
        in result.stderr
    )


def test_factcheck_api_response(cli: CLI, desk: dict[str, str], fixtures: Path) -> None:
    """The Fact Check Tools API's claims:search JSON: claimant, date, first review's rating and URL."""
    cli.ok(
        "import", str(fixtures / "factcheck_api.json"), "--format", "factcheck-api", actor="fiona"
    )
    birds, bridge = _claims(cli)
    assert (birds["speaker"], birds["claimed_on"]) == ("Campaign leaflet", "2024-01-15")
    assert (birds["verdict"]["label"], birds["verdict"]["published"]) == ("false", "2024-01-20")
    assert (
        birds["citations"][0]["source"]["title"] == "No, turbines do not kill more birds than cats"
    )
    assert (bridge["verdict"]["label"], bridge["status"]) == ("mostly-true", "verified")
    assert bridge["verdict"]["review_url"] == "https://checks.example/bridge"


def test_csl_json_imports_sources_and_shares_them(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """CSL-JSON creates sources (deduplicated by URL/DOI); a later claim import cites the same source."""
    first = cli.ok(
        "import", str(fixtures / "sources.csl.json"), "--format", "csl-json", actor="fiona"
    )
    assert "2 sources imported" in first.stderr
    again = cli.ok(
        "import", str(fixtures / "sources.csl.json"), "--format", "csl-json", actor="fiona"
    )
    assert "0 sources imported" in again.stderr
    assert "2 already there" in again.stderr
    result = cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    assert "1 new source" in result.stderr  # accounts-2024 was already there
    csl = json.loads(cli.ok("export", "--format", "csl-json").stdout)
    accounts = next(s for s in csl if s["title"] == "City accounts 2024")
    assert accounts["id"] == "accounts2024"
    assert accounts["type"] == "report"
    assert accounts["issued"] == {"date-parts": [[2024, 3]]}
    assert accounts["author"] == [{"literal": "City Treasury"}]


def test_unknown_scale_and_document_are_refused_before_reading(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """--scale and --doc must name stored things; the error lists what exists."""
    scale = cli("import", str(fixtures / "claims.csv"), "--scale", "stars", actor="fiona")
    assert scale.exit_code == 3
    assert "no rating scale 'stars'" in scale.stderr
    assert "liar" in scale.stderr
    doc = cli("import", str(fixtures / "claims.csv"), "--doc", "nope", actor="fiona")
    assert doc.exit_code == 3
    assert _claims(cli) == []


def test_history_of_a_bulk_imported_claim_shows_its_import(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """A claim written by a batched import has the batch's `imported` event in its history."""
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    ids = [
        c["id"] for c in json.loads(cli.ok("claim", "list", "--sort", "id", "-f", "json").stdout)
    ]
    cli.ok("note", str(ids[1]), "Checked the source table.", actor="fiona")
    for claim_id in ids:
        history = json.loads(cli.ok("history", str(claim_id), "--format", "json").stdout)
        imported = [e for e in history if e["action"] == "imported"]
        assert len(imported) == 1, history
        assert imported[0]["actor"] == "fiona"
        assert imported[0]["after"]["origin"].endswith("claims.csv")
    second = json.loads(cli.ok("history", str(ids[1]), "--format", "json").stdout)
    assert [e["action"] for e in second] == ["imported", "created"], "oldest first, the note after"
