"""Real fact-check data in, with nothing lost: publishers' ratings, attribution, mapping, merges.

The fixtures are small, hand-written, and shaped like the real files: a Fact
Check Tools API response with non-English and free-text ratings, a ClaimsKG
(flattened ClaimReview) CSV, FEVER JSONL and ClaimBuster JSON.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

from conftest import CLI

PARAGRAPH = (
    "The photo is real but was taken in 2015 at a different protest, and the caption "
    "attached to it on social media misstates both the place and the number of people."
)


def _review(rating: str, url: str, publisher: str = "Misbar") -> dict[str, Any]:
    return {
        "publisher": {"name": publisher, "site": "misbar.example"},
        "url": url,
        "title": f"Review {url.rsplit('/', 1)[-1]}",
        "reviewDate": "2024-03-01T00:00:00Z",
        "textualRating": rating,
        "languageCode": "ar",
    }


FACTCHECK_API = {
    "claims": [
        {
            "text": "صورة لاحتجاج في العاصمة أمس",
            "claimant": "Social media",
            "claimReview": [_review("مضلل", "https://misbar.example/r/1")],
        },
        {
            "text": "The minister resigned on Tuesday.",
            "claimReview": [_review("زائف", "https://misbar.example/r/2")],
        },
        {
            "text": "The crowd numbered one million.",
            "claimReview": [_review(PARAGRAPH, "https://misbar.example/r/3")],
        },
        {
            "text": "A satirical headline about the mayor.",
            "claimReview": [_review("Satire", "https://misbar.example/r/4")],
        },
    ]
}


def _export(cli: CLI, *args: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = json.loads(
        cli.ok("export", "--format", "json", "--sort", "id", *args).stdout
    )
    return out


def _factcheck_file(tmp_path: Path) -> Path:
    path = tmp_path / "factcheck.json"
    path.write_text(json.dumps(FACTCHECK_API, ensure_ascii=False), encoding="utf-8")
    return path


def test_publishers_own_ratings_are_kept_verbatim_and_mapped_where_known(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """Non-English and free-text ratings import on the publisher's scale; unknown ones stay unmapped."""
    result = cli.ok(
        "import", str(_factcheck_file(tmp_path)), "--format", "factcheck-api", actor="fiona"
    )
    assert "4 claims imported" in result.stderr
    protest, minister, crowd, satire = _export(cli)
    assert {c["verdict"]["scale"] for c in (protest, minister, crowd, satire)} == {"misbar"}
    assert (protest["verdict"]["title"], protest["verdict"]["class"]) == ("مضلل", "misleading")
    assert (minister["verdict"]["title"], minister["verdict"]["class"]) == ("زائف", "false")
    assert (protest["status"], minister["status"]) == ("disputed", "disputed")
    assert crowd["verdict"]["title"] == PARAGRAPH, "a free-text rating is kept whole"
    assert len(crowd["verdict"]["label"]) <= 40
    assert (crowd["verdict"]["class"], crowd["status"]) == (None, "unreviewed")
    assert satire["verdict"]["class"] is None, "satire is not guessed"
    unmapped = json.loads(cli.ok("claim", "list", "--verdict-unmapped", "--format", "json").stdout)
    assert sorted(c["text"] for c in unmapped) == sorted([crowd["text"], satire["text"]])
    lint = json.loads(cli("lint", "--format", "json").stdout)
    assert len([f for f in lint if f["check"] == "verdict-unmapped"]) == 2
    shown = json.loads(cli.ok("scale", "show", "misbar", "--format", "json").stdout)
    assert shown["publisher"] == "Misbar"
    assert [(lab["title"], lab["verdict_class"]) for lab in shown["labels"]] == [
        ("مضلل", "misleading"),
        ("زائف", "false"),
        (PARAGRAPH, None),
        ("Satire", None),
    ]


def test_scale_map_sets_the_crosswalk_and_is_logged(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """`scale map` maps an unmapped label; its verdicts then count under the class."""
    cli.ok("import", str(_factcheck_file(tmp_path)), "--format", "factcheck-api", actor="fiona")
    refused = cli("scale", "map", "misbar", "satire", "false", actor="fiona")
    assert refused.exit_code != 0, "mapping is an editor's call"
    cli.ok("scale", "map", "misbar", "Satire", "misleading", actor="eddie")
    satire = _export(cli)[3]
    assert satire["verdict"]["class"] == "misleading"
    listed = json.loads(cli.ok("claim", "list", "--verdict", "misleading", "-f", "json").stdout)
    assert satire["text"] in [c["text"] for c in listed]
    unmapped = json.loads(cli.ok("claim", "list", "--verdict-unmapped", "-f", "json").stdout)
    assert [c["text"] for c in unmapped] == ["The crowd numbered one million."]
    log = json.loads(cli.ok("log", "--format", "json").stdout)
    mapped = [e for e in log if e["action"] == "label_mapped"]
    assert mapped
    assert mapped[0]["after"] == {"label": "satire", "maps_to": "misleading"}


CLAIMSKG = (
    "id,claimReviewed,ratingName,source,url,date\n"
    "ckg-1,The senator voted against the bill 12 times.,Miscaptioned,snopes,"
    "https://snopes.example/fact-check/bill,2020-05-01\n"
    "ckg-2,The bridge was built in 1890.,Mixture,snopes,https://snopes.example/fact-check/bridge,"
    "2020-05-02\n"
    "ckg-3,The photo shows a shark on the highway.,Other,snopes,"
    "https://snopes.example/fact-check/shark,2020-05-03\n"
    "ckg-4,The tax was repealed.,False,politifact,https://politifact.example/tax,2020-05-04\n"
)
CLAIMSKG_MAP = [
    "--map",
    "claimReviewed=text",
    "--map",
    "ratingName=verdict",
    "--map",
    "source=verdict_publisher",
    "--map",
    "url=review_url",
    "--map",
    "date=verdict_date",
]


def test_flattened_claimreview_rows_cite_their_review(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """ClaimsKG rows need no --verdict-source: the published review is each verdict's evidence."""
    path = tmp_path / "claimskg.csv"
    path.write_text(CLAIMSKG, encoding="utf-8")
    result = cli.ok("import", str(path), *CLAIMSKG_MAP, "--id-prefix", "ckg:", actor="fiona")
    assert "4 claims imported" in result.stderr
    bill, bridge, shark, tax = _export(cli)
    assert (bill["verdict"]["scale"], bill["verdict"]["title"]) == ("snopes", "Miscaptioned")
    assert (bill["verdict"]["class"], bill["status"]) == ("misleading", "disputed")
    assert bridge["verdict"]["class"] == "mixed"
    assert shark["verdict"]["class"] is None
    assert (tax["verdict"]["scale"], tax["verdict"]["class"]) == ("politifact", "false")
    (cited,) = bill["citations"]
    assert cited["stance"] == "refutes"
    assert cited["source"]["url"] == "https://snopes.example/fact-check/bill"
    assert cited["source"]["publisher"] == "snopes"
    assert bridge["citations"][0]["stance"] == "context"
    assert bill["verdict"]["rationale"] == (
        "As published by snopes (https://snopes.example/fact-check/bill)."
    )


def test_imported_verdicts_keep_their_publisher_as_author(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """The fact-checker is the ClaimReview author in every export; the importer is the reviewer."""
    cli.ok("import", str(_factcheck_file(tmp_path)), "--format", "factcheck-api", actor="fiona")
    protest = _export(cli)[0]
    assert protest["verdict"]["publisher"] == "Misbar"
    assert protest["verdict"]["reviewer"] == "fiona"
    assert protest["verdict"]["rationale"] == "As published by Misbar (https://misbar.example/r/1)."
    graph = json.loads(
        cli.ok("export", "--format", "claimreview", "--publisher", "Our Desk").stdout
    )["@graph"]
    assert {r["author"]["name"] for r in graph} == {"Misbar"}
    assert graph[0]["reviewRating"]["alternateName"] == "مضلل"
    rows = cli.ok("export", "--format", "csv").stdout.splitlines()
    header = rows[0].split(",")
    assert "verdict_publisher" in header
    # The ClaimReview export imported back keeps the author and the verbatim label.
    path = tmp_path / "cr.json"
    path.write_text(json.dumps({"@graph": graph}, ensure_ascii=False), encoding="utf-8")
    again = cli.ok("import", str(path), "--format", "claimreview", actor="fiona")
    assert "0 claims imported" in again.stderr


def _recipe(file_name: str) -> list[str]:
    """The import arguments of the recipe for ``file_name`` in docs/import-export.md."""
    doc = (Path(__file__).parents[1] / "docs" / "import-export.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(claimdb import " + re.escape(file_name) + r"[^`]*?)```", doc, re.S)
    assert block is not None, f"docs/import-export.md lost its recipe for {file_name}"
    words = shlex.split(block.group(1).replace("\\\n", " "))
    assert words[-2:] == ["--as", "fiona"]
    return words[3:-2]


FEVER = [
    {"id": 75397, "verifiable": "VERIFIABLE", "label": "SUPPORTS",
     "claim": "Nikolaj Coster-Waldau worked with the Fox Broadcasting Company.",
     "evidence": [[[92206, 104971, "Nikolaj_Coster-Waldau", 7]]]},
    {"id": 150448, "verifiable": "VERIFIABLE", "label": "REFUTES",
     "claim": "Roman Atwood is a content creator.", "evidence": [[[174271, None, None, None]]]},
    {"id": 227223, "verifiable": "NOT VERIFIABLE", "label": "NOT ENOUGH INFO",
     "claim": "Adrienne Bailon is an accountant.", "evidence": [[[269158, None, None, None]]]},
]  # fmt: skip
CLAIMBUSTER = [
    {"sentence_id": 16, "label": 1, "text": "We have 23 million people out of work."},
    {"sentence_id": 17, "label": -1, "text": "Thank you very much."},
]


def test_fever_jsonl_imports_with_map(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """FEVER lines (claim, label, evidence) import through the documented recipe."""
    path = tmp_path / "fever_train.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in FEVER), encoding="utf-8")
    refused = cli("import", str(path), actor="fiona")
    assert refused.exit_code == 5
    # Every unknown key at once, one problem each, not one per record.
    assert f"{path}:1: verifiable: unknown field" in refused.stderr
    assert f"{path}:1: evidence: unknown field" in refused.stderr
    result = cli.ok("import", str(path), *_recipe("fever_train.jsonl"), actor="fiona")
    assert "3 claims imported" in result.stderr
    claims = {c["external_id"]: c for c in _export(cli)}
    assert sorted(claims) == ["fever:150448", "fever:227223", "fever:75397"]
    assert claims["fever:75397"]["verdict"]["label"] == "supports"
    assert claims["fever:150448"]["status"] == "disputed"
    assert claims["fever:227223"]["verdict"]["label"] == "not-enough-info"


def test_claimbuster_json_imports_with_map(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """ClaimBuster records (sentence_id, label, text) import as unrated claims."""
    path = tmp_path / "claimbuster.json"
    path.write_text(json.dumps(CLAIMBUSTER), encoding="utf-8")
    refused = cli("import", str(path), actor="fiona")
    assert refused.exit_code == 5
    assert "record 1: sentence_id: unknown field" in refused.stderr
    result = cli.ok("import", str(path), *_recipe("claimbuster.json"), actor="fiona")
    assert "2 claims imported" in result.stderr
    assert [c["external_id"] for c in _export(cli)] == ["claimbuster:16", "claimbuster:17"]


def test_minified_json_errors_name_the_record(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """In a one-line JSON file each error names the record's position and id."""
    path = tmp_path / "min.json"
    records = [
        {"external_id": "a", "text": "Fine."},
        {"external_id": "b", "text": "Bad type.", "claim_type": "rumour"},
        {"id": 7, "claim": "Bad date.", "claimed_on": "2024-13-01"},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    result = cli("import", str(path), actor="fiona")
    assert result.exit_code == 5
    assert f"{path}:1: record 2 (id 'b'): claim_type:" in result.stderr
    assert f"{path}:1: record 3 (id '7'): claimed_on:" in result.stderr


def test_factcheck_and_claimreview_recipes(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """The Fact Check API, ClaimReview feed and ClaimsKG recipes run as documented."""
    api = tmp_path / "factcheck_api.json"
    api.write_text(json.dumps(FACTCHECK_API, ensure_ascii=False), encoding="utf-8")
    cli.ok("import", str(api), *_recipe("factcheck_api.json"), actor="fiona")
    feed = tmp_path / "feed.jsonld"
    feed.write_text(
        json.dumps(
            {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "Organization", "name": "Faktisk"},
                    {
                        "@type": "ClaimReview",
                        "url": "https://faktisk.example/a",
                        "claimReviewed": "Oslo has 2 million inhabitants.",
                        "author": {"@type": "Organization", "name": "Faktisk"},
                        "reviewRating": {
                            "@type": "Rating",
                            "ratingValue": 1,
                            "bestRating": 5,
                            "worstRating": 1,
                            "alternateName": "Helt feil",
                        },
                        "itemReviewed": {"@type": "Claim", "identifier": "a"},
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    cli.ok("import", str(feed), *_recipe("feed.jsonld"), actor="fiona")
    ckg = tmp_path / "claimskg.csv"
    ckg.write_text(CLAIMSKG, encoding="utf-8")
    cli.ok("import", str(ckg), *_recipe("claimskg.csv"), actor="fiona")
    claims = {c["text"]: c for c in _export(cli)}
    assert len(claims) == 9
    oslo = claims["Oslo has 2 million inhabitants."]
    assert oslo["external_id"] == "feed:a"
    assert (oslo["verdict"]["scale"], oslo["verdict"]["title"]) == ("faktisk", "Helt feil")
    assert oslo["verdict"]["class"] == "false", "1 of 1..5"


MERGING = (
    "text,speaker,verdict,checkable\n"
    '"Senator Sanders, thank you.",Moderator,,true\n'
    '"Senator sanders, thank you. ",Moderator,,false\n'
    "Taxes rose 3%.,Mayor,false,true\n"
    "Taxes rose 3%.,Mayor,true,true\n"
    "Taxes rose 3%.,Mayor,false,true\n"
)


def test_rows_that_collapse_into_one_are_reported(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """Rows merged by the identity rule are counted and listed; conflicts are named."""
    path = tmp_path / "merging.csv"
    path.write_text(MERGING, encoding="utf-8")
    merges = tmp_path / "merges.jsonl"
    result = cli.ok(
        "import", str(path), "--force-reason", "test rows", "--merges", str(merges), actor="fiona"
    )
    assert "2 claims imported" in result.stderr
    assert "3 rows merged into an earlier row of the same claim, 2 with conflicting" in (
        result.stderr
    )
    listed = [json.loads(line) for line in merges.read_text(encoding="utf-8").splitlines()]
    assert listed == [
        {
            "line": 3,
            "into_line": 2,
            "identity": "content",
            "conflicts": ["checkable"],
            "text_differs": True,
        },
        {
            "line": 5,
            "into_line": 4,
            "identity": "content",
            "conflicts": ["verdict"],
            "text_differs": False,
        },
        {"line": 6, "into_line": 4, "identity": "content", "conflicts": [], "text_differs": False},
    ]
    assert [c["text"] for c in _export(cli)] == ["Senator Sanders, thank you.", "Taxes rose 3%."]


def test_strict_refuses_conflicting_merges(cli: CLI, desk: dict[str, str], tmp_path: Path) -> None:
    """Under --strict, rows of one claim that disagree refuse the import, each named."""
    path = tmp_path / "merging.csv"
    path.write_text(MERGING, encoding="utf-8")
    result = cli("import", str(path), "--force-reason", "test rows", "--strict", actor="fiona")
    assert result.exit_code == 5
    assert f"{path}:5: line 5 is the claim of line 4 (same content); conflicting verdict" in (
        result.stderr
    )
    assert f"{path}:3: " in result.stderr
    assert _export(cli) == []


def test_a_json_object_is_one_record_and_an_object_of_records_is_refused(
    cli: CLI, desk: dict[str, str], tmp_path: Path
) -> None:
    """A lone JSON object imports as one record, as documented; records keyed by id are refused."""
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "o-1", "claim": "A lone record."}), encoding="utf-8")
    result = cli.ok("import", str(one), actor="fiona")
    assert "1 claim imported" in result.stderr
    keyed = tmp_path / "keyed.json"
    keyed.write_text(
        json.dumps({"k-1": {"text": "First."}, "k-2": {"text": "Second."}}), encoding="utf-8"
    )
    refused = cli("import", str(keyed), actor="fiona")
    assert refused.exit_code == 5
    assert f"{keyed}:1: expected an array of records (or an object with a 'claims' array)" in (
        refused.stderr
    )
    assert "records keyed by 'k-1'" in refused.stderr
    assert [c["text"] for c in _export(cli)] == ["A lone record."]
