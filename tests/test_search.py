"""`claimdb search` and `claim list -q`: one search language, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json

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
