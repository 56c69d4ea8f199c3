"""`claimdb search` and `claim list -q`: one search language, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CLI

CLAIMS = {
    "gas": "Gas deliveries to Europe fell by half.",
    "oil": "Oil revenue rose in 2023.",
    "phrase": "Russia's oil exports to India doubled.",
    "apart": "Exports of refined oil went to Turkey.",
    "exporters": "Western exporters left the market.",
    "coal": "Coal output grew slowly.",
}


@pytest.fixture
def claims(cli: CLI, desk: dict[str, str]) -> dict[str, int]:
    """The claims above, by key, and their ids."""
    ids: dict[str, int] = {}
    for key, text in CLAIMS.items():
        cli.ok("claim", "add", text, "--anyway", actor="fiona")
        ids[key] = len(ids) + 1
    return ids


def _search(cli: CLI, *args: str) -> list[int]:
    return [hit["id"] for hit in json.loads(cli.ok("search", *args, "-f", "json").stdout)]


def _listed(cli: CLI, query: str) -> list[int]:
    out = cli.ok("claim", "list", "-q", query, "--sort", "id", "-f", "json").stdout
    return [c["id"] for c in json.loads(out)]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("gas OR oil", ["gas", "oil", "phrase", "apart"]),
        ("oil exports", ["phrase", "apart"]),
        ('"oil exports"', ["phrase"]),
        ("export*", ["phrase", "apart", "exporters"]),
        ("export", []),  # a complete word is matched whole, never as a prefix
        ("oil -India", ["oil", "apart"]),
        ("(gas OR coal) grew", ["coal"]),
        ("gas or oil", []),  # lower-case "or" is a word to find
    ],
)
def test_the_search_language(
    cli: CLI, claims: dict[str, int], query: str, found: list[str]
) -> None:
    """OR, phrases, prefixes and exclusions mean the same to `search` and `claim list -q`."""
    expected = sorted(claims[k] for k in found)
    assert sorted(_search(cli, query)) == expected
    assert _listed(cli, query) == expected


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ('"unclosed', "not closed"),
        ("AND", "AND needs words on both sides"),
        ("gas OR", "OR needs words on both sides"),
        ("NOT gas", "not only words to leave out"),
        ("ga*s", "at the end of a word"),
        ("(gas", "( is not closed"),
    ],
)
def test_a_query_that_cannot_mean_anything_is_refused(
    cli: CLI, claims: dict[str, int], query: str, why: str
) -> None:
    """A malformed query is an error with exit code 5 saying why, never an empty result."""
    for args in (["search", query], ["claim", "list", "-q", query]):
        result = cli(*args)
        assert result.exit_code == 5, result.stderr
        assert why in result.stderr
        assert "docs/search.md" in result.stderr
        assert result.stdout == ""


def test_search_ranks_in_the_index_and_marks_the_matched_words(
    cli: CLI, claims: dict[str, int]
) -> None:
    """Best matches first, at most --limit of them, with the matched words located in a snippet."""
    hits = json.loads(cli.ok("search", "oil", "-n", "2", "-f", "json").stdout)
    assert [h["rank"] for h in hits] == [1, 2]
    assert {h["id"] for h in hits} <= {claims["oil"], claims["phrase"], claims["apart"]}
    for hit in hits:
        assert [hit["snippet"][a:b].lower() for a, b in hit["highlights"]] == ["oil"]
        assert hit["text"] == CLAIMS[next(k for k, v in claims.items() if v == hit["id"])]
    table = cli.ok("search", "gas OR coal").stdout  # no colour: the words are marked « »
    assert "«Gas» deliveries" in table
    assert "«Coal» output" in table
    csv = cli.ok("search", "coal", "-f", "csv").stdout.splitlines()
    assert csv[0].startswith("rank,id,snippet,highlights,")


def test_search_leaves_out_archived_claims(cli: CLI, claims: dict[str, int]) -> None:
    """Archived claims are found only with --archived; no match says so on stderr."""
    cli.ok("claim", "archive", str(claims["coal"]), "--reason", "duplicate", actor="fiona")
    result = cli.ok("search", "coal")
    assert result.stdout == ""
    assert "no claims match coal" in result.stderr
    assert _search(cli, "coal", "--archived") == [claims["coal"]]


def test_no_match_quotes_the_query_as_written(cli: CLI, claims: dict[str, int]) -> None:
    """Brackets in a query that matches nothing are shown, not read as Rich markup."""
    result = cli.ok("search", "--", "zebra[/]")
    assert "no claims match zebra[/]" in result.stderr


def test_speaker_is_a_field_not_a_word_of_the_text(cli: CLI, desk: dict[str, str]) -> None:
    """`speaker:NAME` finds what a speaker said; a bare word finds only the text and quote."""
    cli.ok("claim", "add", "Taxes fell.", "--speaker", "Maria Obama", "--anyway", actor="fiona")
    cli.ok("claim", "add", "Obama raised taxes.", "--anyway", actor="fiona")
    said_id, about_id = 1, 2
    assert _search(cli, "Obama") == [about_id]
    assert _listed(cli, "Obama") == [about_id]
    assert _search(cli, "speaker:obama") == [said_id]
    assert _listed(cli, "speaker:obama") == [said_id]
    assert _search(cli, 'speaker:"maria obama" taxes') == [said_id]
    assert _search(cli, "Speaker:mar*") == [said_id]
    assert sorted(_search(cli, "taxes -speaker:obama")) == [about_id]
    assert sorted(_search(cli, "speaker:obama OR raised")) == sorted([said_id, about_id])
    refused = cli("search", "speaker: obama")
    assert refused.exit_code == 5
    assert "speaker: needs a word" in refused.stderr


def test_a_common_search_ranks_its_newest_matches(
    cli: CLI, desk: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over RANK_WINDOW matches only the newest are ranked; over COMMON_MATCHES, newest first."""
    from claimdb.db import read_queries

    for text in ("budget budget budget cut", "the budget", "budget", "a budget line"):
        cli.ok("claim", "add", text, "--anyway", actor="fiona")
    assert len(_search(cli, "budget")) == 4
    assert _search(cli, "budget", "--archived", "-n", "1") == [1]  # the best of all four
    monkeypatch.setattr(read_queries, "RANK_WINDOW", 2)
    assert _search(cli, "budget", "--archived", "-n", "1") == [3]  # the best of the newest two
    monkeypatch.setattr(read_queries, "COMMON_MATCHES", 3)
    assert _search(cli, "budget", "--archived", "-n", "4") == [4, 3, 2, 1]  # newest first
    assert _search(cli, "budget cut") == [1]  # a rarer query is ranked again


def test_a_word_only_in_speaker_names_is_not_a_text_match(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """`Speaker` in a name is found by `speaker:` (quoted, prefixed, mixed), never as a word."""
    cli.ok("claim", "add", "Taxes fell.", "--speaker", "Anna Speaker", "--anyway", actor="fiona")
    cli.ok("claim", "add", "The speaker said taxes rose.", "--anyway", actor="fiona")
    cli.ok("claim", "add", "Taxes rose.", "--speaker", "Ben Speakerman", "--anyway", actor="fiona")
    named, said, prefixed = 1, 2, 3
    for query, found in [
        ("Speaker", [said]),
        ("speaker:speaker", [named]),
        ('speaker:"anna speaker"', [named]),
        ('speaker:"speaker anna"', []),
        ("speaker:speak*", [named, prefixed]),
        ("speaker:speaker taxes", [named]),
        ("taxes -speaker:anna", [said, prefixed]),
        ("speaker:speak* -speaker:ben", [named]),
        ("rose OR speaker:anna", [named, said, prefixed]),
        ("(fell OR speaker:ben) taxes", [named, prefixed]),
        ("(fell OR speaker:ben) (rose OR speaker:anna)", [named, prefixed]),
        ("speaker -speaker:anna", [said]),
    ]:
        assert sorted(_search(cli, query)) == found, query
        assert _listed(cli, query) == found, query
    hits = json.loads(cli.ok("search", "speaker:anna", "-f", "json").stdout)
    assert hits[0]["snippet"].endswith("Anna Speaker")  # PostgreSQL: after the text
    assert json.loads(cli.ok("search", "speaker:anna taxes", "-f", "json").stdout)[0][
        "snippet"
    ].startswith("Taxes")
    # The speaker's index follows an edit of the speaker, and the text's an edit of the text.
    cli.ok(
        "claim",
        "edit",
        str(named),
        "--speaker",
        "Carla Diaz",
        "--text",
        "Taxes were cut.",
        actor="fiona",
    )
    assert _search(cli, "speaker:speaker") == []
    assert _search(cli, "speaker:diaz cut") == [named]
    assert _search(cli, "fell") == []
    check = cli("db", "check")
    assert check.exit_code == 0, check.stdout + check.stderr


def test_an_import_indexes_the_text_and_the_speaker(
    cli: CLI, desk: dict[str, str], fixtures: Path
) -> None:
    """A bulk import (its search triggers suspended, both indexes filled at the end)."""
    cli.ok("import", str(fixtures / "claims.csv"), actor="fiona")
    mayor = _listed(cli, "speaker:mayor")
    assert mayor
    assert _search(cli, "speaker:mayor budget") == mayor[:1]
    assert _listed(cli, "mayor") == []  # only in the speaker's name
    cli.ok(
        "claim", "add", "Mayor spending rose.", "--speaker", "Mayor Ruiz", "--anyway", actor="fiona"
    )  # the triggers are back after the import
    assert len(_listed(cli, "speaker:mayor")) == len(mayor) + 1
    assert len(_listed(cli, "mayor")) == 1
