"""Checked before? `match`, `claim similar`, `claim add`'s tiers and the links a person confirms."""

from __future__ import annotations

import json
from typing import Any

import pytest

from conftest import CLI

ORIGINAL = "More than 1,000 Western companies left Russia after 2022."
PARAPHRASE = "Over 1000 western firms exited Russia since 2022"
EIGHTY = "Europe has cut its imports of Russian gas by 80% since 2022."
SIXTY = "Europe has cut its imports of Russian gas by 60% since 2022."
ARABIC = "خفضت أوروبا وارداتها من الغاز الروسي بنسبة 80 في المئة"


def _add(cli: CLI, text: str, *extra: str) -> int:
    out = cli.ok("claim", "add", text, "--type", "statistic", *extra, "-f", "json", actor="fiona")
    claim_id: int = json.loads(out.stdout)["id"]
    return claim_id


def _count(cli: CLI) -> int:
    return len(json.loads(cli.ok("claim", "list", "-f", "json").stdout))


def _matches(cli: CLI, *args: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(cli.ok(*args, "-f", "json").stdout)
    return found


@pytest.fixture
def claims(cli: CLI, desk: dict[str, str]) -> dict[str, int]:
    return {
        "original": _add(cli, ORIGINAL),
        "eighty": _add(cli, EIGHTY),
        "arabic": _add(cli, ARABIC),
        "other": _add(cli, "Inflation in Russia reached 9.5% in 2024."),
    }


def test_the_same_text_again_stops_and_names_the_claim(cli: CLI, claims: dict[str, int]) -> None:
    """`claim add` of a stored claim's words exits 9, shows that claim, and adds nothing."""
    before = _count(cli)
    result = cli("claim", "add", ORIGINAL, actor="fiona")
    assert result.exit_code == 9
    assert f"claim {claims['original']} already says this" in result.stderr
    assert "--same-as" in result.stderr
    assert "--anyway" in result.stderr
    assert _count(cli) == before


def test_anyway_adds_and_lists_what_it_resembles(cli: CLI, claims: dict[str, int]) -> None:
    result = cli.ok("claim", "add", ORIGINAL, "--anyway", actor="fiona")
    assert f"same claim: claim {claims['original']}" in result.stderr
    assert _count(cli) == 5


def test_a_paraphrase_finds_the_original(cli: CLI, claims: dict[str, int]) -> None:
    """Reworded, the original still ranks first, and `claim add` names it either way."""
    found = _matches(cli, "match", PARAPHRASE)
    assert found[0]["claim_id"] == claims["original"]
    assert found[0]["tier"] in ("same", "similar")
    assert "russia" in found[0]["shared"]
    for start, end in found[0]["spans"]:
        assert found[0]["text"][start:end].lower() in found[0]["shared"]
    result = cli("claim", "add", PARAPHRASE, actor="fiona")
    assert f"claim {claims['original']}" in result.stderr
    assert result.exit_code == (9 if found[0]["tier"] == "same" else 0)


def test_numbers_decide(cli: CLI, claims: dict[str, int]) -> None:
    """80% and 60% are not the same claim: "different number", and `claim add` does not stop."""
    found = _matches(cli, "match", SIXTY)
    assert found[0]["claim_id"] == claims["eighty"]
    assert found[0]["tier"] == "different-number"
    assert "80%" in found[0]["numbers_claim"]
    assert "60%" in found[0]["numbers_query"]
    table = cli.ok("match", SIXTY).stdout
    assert "different" in table
    assert "60%" in table
    _add(cli, SIXTY)


def test_same_as_links_and_the_repeat_shows_the_originals_verdict(
    cli: CLI, claims: dict[str, int]
) -> None:
    original = claims["original"]
    repeat = _add(cli, ORIGINAL, "--same-as", str(original))
    cli.ok(
        "verify",
        str(original),
        "--verdict",
        "unverifiable",
        "--rationale",
        "No list.",
        actor="fiona",
    )
    dossier = json.loads(cli.ok("claim", "show", str(repeat), "-f", "json").stdout)
    assert dossier["same_as"]["claim_id"] == original
    assert dossier["same_as"]["verdict"] == "claimdb:unverifiable"
    assert dossier["claim"]["verdict"] is None, "the verdict is shown, not copied"
    listed = {c["id"]: c for c in json.loads(cli.ok("claim", "list", "-f", "json").stdout)}
    assert listed[repeat]["same_as"] == original
    assert listed[repeat]["same_as_verdict"] == "claimdb:unverifiable"
    assert f"= {original}: claimdb:unverifiable" in cli.ok("claim", "list").stdout
    exported = json.loads(cli.ok("export", "-f", "json", "--sort", "id").stdout)
    same = [c["same_as"] for c in exported if c["same_as"]]
    assert same == [{"claim": original, "verdict": "claimdb:unverifiable", "title": "Unverifiable"}]
    rows = cli.ok("export", "-f", "csv", "--sort", "id").stdout.splitlines()
    assert rows[0].endswith(",same_as,same_as_verdict")
    assert sum(r.endswith(f",{original},claimdb:unverifiable") for r in rows) == 1
    assert "as the same claim as claim" in cli.ok("export", "-f", "markdown").stdout


def test_link_and_unlink_are_on_the_record(cli: CLI, claims: dict[str, int]) -> None:
    a, b = claims["eighty"], claims["arabic"]
    cli.ok("claim", "link", str(b), str(a), "--same", "--note", "the Arabic post", actor="fiona")
    shown = json.loads(cli.ok("claim", "show", str(a), "-f", "json").stdout)
    assert [(k["claim_id"], k["other_id"], k["kind"]) for k in shown["links"]] == [(b, a, "same")]
    cli.ok("claim", "unlink", str(a), str(b), actor="eddie")
    history = json.loads(cli.ok("claim", "show", str(b), "-f", "json").stdout)["history"]
    actions = [(e["action"], e["actor"]) for e in history]
    assert ("linked", "fiona") in actions
    assert ("unlinked", "eddie") in actions
    assert json.loads(cli.ok("claim", "show", str(b), "-f", "json").stdout)["same_as"] is None
    again = cli("claim", "unlink", str(a), str(b), actor="eddie")
    assert again.exit_code == 3


def test_links_that_make_no_sense_are_refused(cli: CLI, claims: dict[str, int]) -> None:
    a, b, c = claims["original"], claims["eighty"], claims["other"]
    assert cli("claim", "link", str(a), str(a), "--same", actor="fiona").exit_code == 5
    assert cli("claim", "link", str(a), str(b), actor="fiona").exit_code == 2  # no kind
    cli.ok("claim", "link", str(a), str(b), "--same", actor="fiona")
    chained = cli("claim", "link", str(c), str(a), "--same", actor="fiona")
    assert chained.exit_code == 7
    assert f"link to the original: `claimdb claim link {c} {b} --same`" in chained.stderr
    assert cli("claim", "link", str(b), str(a), "--related", actor="fiona").exit_code == 9
    assert cli("claim", "link", str(a), "999", "--related", actor="fiona").exit_code == 3
    assert cli("claim", "link", str(c), str(b), "--related", actor="anna").exit_code == 6


def test_claim_similar_leaves_the_claim_itself_out(cli: CLI, claims: dict[str, int]) -> None:
    repeat = _add(cli, EIGHTY, "--anyway")
    found = _matches(cli, "claim", "similar", str(repeat))
    assert repeat not in [m["claim_id"] for m in found]
    assert found[0]["claim_id"] == claims["eighty"]
    assert found[0]["tier"] == "same"


def test_bad_input(cli: CLI, claims: dict[str, int]) -> None:
    """Empty text is refused; stop words find nothing; a 1 MB text and Arabic text work."""
    empty = cli("match", "  ")
    assert empty.exit_code == 5
    assert "text" in empty.stderr
    assert _matches(cli, "match", "the of and to it is") == []
    big = ("Europe imports Russian gas. " * 40_000)[:1_000_000]
    assert _matches(cli, "match", big)[0]["claim_id"] == claims["eighty"]
    found = _matches(cli, "match", "أوروبا خفضت واردات الغاز الروسي بنسبة 80 في المئة")
    assert found[0]["claim_id"] == claims["arabic"]
    assert found[0]["tier"] in ("same", "similar")


ROWS = (
    "text\n"
    '"More than 1,000 Western companies left Russia after 2022"\n'
    '"Europe has cut its imports of Russian gas by 60% since 2022."\n'
    '"Cats sleep sixteen hours a day."\n'
)


@pytest.mark.parametrize(
    ("on_match", "created", "said"),
    [
        ("add", 3, "1 already stated by a stored claim, 1 similar to a stored claim"),
        ("skip", 2, "1 already stated by a stored claim (1 skipped), 1 similar"),
        ("link", 3, "1 already stated by a stored claim (1 added as linked repeats)"),
    ],
)
def test_import_counts_matches_and_does_what_on_match_says(
    cli: CLI, claims: dict[str, int], tmp_path: Any, *, on_match: str, created: int, said: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(ROWS, encoding="utf-8")
    before = _count(cli)
    result = cli.ok("import", str(path), "--on-match", on_match, actor="fiona")
    assert said in result.stderr
    assert _count(cli) == before + created
    listed = json.loads(cli.ok("claim", "list", "-f", "json", "--sort", "id").stdout)
    repeats = [c for c in listed if c["same_as"]]
    if on_match == "link":
        assert [c["same_as"] for c in repeats] == [claims["original"]]
        assert repeats[0]["text"] == "More than 1,000 Western companies left Russia after 2022"
    else:
        assert repeats == []


def test_import_without_on_match_checks_nothing(
    cli: CLI, claims: dict[str, int], tmp_path: Any
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(ROWS, encoding="utf-8")
    result = cli.ok("import", str(path), actor="fiona")
    assert "stored claim" not in result.stderr
    assert "3 claims imported" in result.stderr


def test_thresholds_are_settings(cli: CLI, claims: dict[str, int]) -> None:
    """CLAIMDB_MATCH_SAME and CLAIMDB_MATCH_SIMILAR move the tiers; nonsense is refused."""
    default = _matches(cli, "match", PARAPHRASE)[0]
    assert default["tier"] in ("same", "similar")
    strict = {"CLAIMDB_MATCH_SAME": "1", "CLAIMDB_MATCH_SIMILAR": "0.999"}
    found = json.loads(cli.ok("match", PARAPHRASE, "-f", "json", env=strict).stdout)
    assert found[0]["claim_id"] == default["claim_id"]
    assert found[0]["tier"] == "none"
    assert found[0]["score"] == default["score"]
    for bad in (
        {"CLAIMDB_MATCH_SAME": "high"},
        {"CLAIMDB_MATCH_SIMILAR": "0.9", "CLAIMDB_MATCH_SAME": "0.5"},
    ):
        refused = cli("match", PARAPHRASE, env=bad)
        assert refused.exit_code == 5
        assert "CLAIMDB_MATCH_" in refused.stderr
