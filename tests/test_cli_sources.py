"""`claimdb source add|list|show|edit` through the real CLI, on both backends."""

from __future__ import annotations

import json

import pytest

from conftest import CLI
from support import FORMATS, add_claim, add_source, cite, new_id, parse


def test_add_records_bibliographic_fields(cli: CLI, desk: dict[str, str]) -> None:
    """source add stores type, authors (people and organisations), dates and custody fields."""
    src = add_source(
        cli,
        "Federal budget 2025",
        "https://minfin.example/budget?utm_source=news",
        "--type",
        "report",
        "--author",
        "Siluanov, Anton",
        "--author",
        "Ministry of Finance",
        "--publisher",
        "Minfin",
        "--issued",
        "2025-01",
        "--reliability",
        "high",
        "--link-status",
        "live",
    )
    data = json.loads(cli.ok("source", "show", str(src), "-f", "json").stdout)["source"]
    assert data["authors"] == [
        {"family": "Siluanov", "given": "Anton"},
        {"literal": "Ministry of Finance"},
    ]
    assert (data["csl_type"], data["issued"], data["reliability"]) == ("report", "2025-01", "high")


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (
            ["--url", "https://www.yale.edu/list/?b=2#top"],
            ["--url", "http://yale.edu/list?b=2&utm_source=x"],
            "URL",
        ),
        (["--doi", "10.1000/ABC"], ["--doi", "https://doi.org/10.1000/abc"], "DOI"),
    ],
)
def test_duplicate_names_the_existing_source(
    cli: CLI, desk: dict[str, str], first: list[str], second: list[str], same: str
) -> None:
    """The same URL (normalised) or DOI exits 9, naming the source and the cite command."""
    result = cli.ok("source", "add", "--title", "First", *first, actor="fiona")
    existing = int(result.stderr.split("added source ")[1].split(":")[0])
    dup = cli("source", "add", "--title", "Again", *second, actor="fiona")
    assert dup.exit_code == 9
    assert f"source {existing} ('First') has the same {same}" in dup.stderr
    assert f"claimdb cite CLAIM {existing}" in dup.stderr
    assert len(json.loads(cli.ok("source", "list", "-f", "json").stdout)) == 1


@pytest.mark.parametrize(
    "url", ["ftp://files.example/a.pdf", "example.org/page", "javascript:alert(1)", "file:///etc/x"]
)
def test_only_http_urls(cli: CLI, desk: dict[str, str], url: str) -> None:
    """Anything but an http(s) URL is refused with the field and how to fix it."""
    result = cli("source", "add", "--title", "Bad", "--url", url, actor="fiona")
    assert result.exit_code == 5
    assert "url:" in result.stderr
    assert "not an http or https URL" in result.stderr
    archive = cli(
        "source",
        "add",
        "--title",
        "Bad",
        "--url",
        "https://ok.example",
        "--archive-url",
        url,
        actor="fiona",
    )
    assert archive.exit_code == 5
    assert "archive_url:" in archive.stderr


def _library(cli: CLI) -> dict[str, int]:
    return {
        "budget": add_source(
            cli,
            "Federal budget",
            "https://minfin.example/b",
            "--type",
            "report",
            "--publisher",
            "Minfin",
            "--reliability",
            "high",
            "--link-status",
            "live",
        ),
        "blog": add_source(
            cli,
            "A blog post",
            "https://blog.example/p",
            "--type",
            "post-weblog",
            "--reliability",
            "low",
            "--link-status",
            "dead",
        ),
        "archived": add_source(
            cli,
            "Old page",
            "https://old.example/p",
            "--link-status",
            "dead",
            "--archive-url",
            "https://web.archive.org/web/2024/https://old.example/p",
        ),
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_list_in_every_format(cli: CLI, report: str, fmt: str) -> None:
    """source list shows every source with how often it is cited, in each format."""
    ids = _library(cli)
    claim = add_claim(cli, "Gas exports fell.")
    cite(cli, claim, ids["budget"], "supports")
    out = cli.ok("source", "list", "-f", fmt).stdout
    if fmt == "table":
        for text in ("Federal budget", "A blog post", "Old page", "dead (archived)", "cited"):
            assert text in out
        return
    rows = parse(fmt, out)
    assert [int(r["id"]) for r in rows] == [ids["budget"], ids["blog"], ids["archived"]]
    assert [int(r["citations"]) for r in rows] == [1, 0, 0]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-q", "MINFIN"], ["budget"]),
        (["-q", "page"], ["archived"]),
        (["--type", "post-weblog"], ["blog"]),
        (["--reliability", "high", "--reliability", "low"], ["budget", "blog"]),
        (["--link-status", "dead"], ["blog", "archived"]),
        (["--link-status", "dead", "--limit", "1", "--offset", "1"], ["archived"]),
    ],
)
def test_list_filters(cli: CLI, desk: dict[str, str], args: list[str], expected: list[str]) -> None:
    """Sources filter by text in title or publisher, type, reliability and link status."""
    ids = _library(cli)
    names = {v: k for k, v in ids.items()}
    rows = json.loads(cli.ok("source", "list", *args, "-f", "json").stdout)
    assert [names[r["id"]] for r in rows] == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_show_in_every_format(cli: CLI, report: str, fmt: str) -> None:
    """source show gives the source and the citations that use it."""
    src = add_source(cli, "Federal budget", "https://minfin.example/b")
    claim = add_claim(cli, "Russia spent 3.2 trillion rubles on debt.")
    cite(cli, claim, src, "supports", "--quote", "3.2 trn", "--locator", "table 4")
    out = cli.ok("source", "show", str(src), "-f", fmt).stdout
    if fmt == "table":
        assert "Federal budget" in out
        assert "table 4" in out
        assert "supports" in out
        return
    data = parse(fmt, out)
    if fmt != "json":
        data = data[0]
    citations = data["citations"] if fmt != "csv" else json.loads(data["citations"])
    assert [(c["claim_id"], c["locator"]) for c in citations] == [(claim, "table 4")]


def test_edit_updates_and_refuses_a_taken_url(cli: CLI, desk: dict[str, str]) -> None:
    """source edit changes fields and logs them; another source's URL is refused with its id."""
    first = add_source(cli, "First", "https://a.example/1")
    second = add_source(cli, "Second", "https://b.example/2")
    cli.ok(
        "source",
        "edit",
        str(second),
        "--link-status",
        "dead",
        "--reliability",
        "low",
        actor="fiona",
    )
    data = json.loads(cli.ok("source", "show", str(second), "-f", "json").stdout)["source"]
    assert (data["link_status"], data["reliability"]) == ("dead", "low")
    taken = cli("source", "edit", str(second), "--url", "https://www.a.example/1/", actor="fiona")
    assert taken.exit_code == 9
    assert f"source {first}" in taken.stderr
    log = json.loads(cli.ok("log", "--kind", "source", "--action", "edited", "-f", "json").stdout)
    assert [e["after"] for e in log] == [{"reliability": "low", "link_status": "dead"}]


@pytest.mark.parametrize(
    "args",
    [
        ["source", "show", "42"],
        ["source", "edit", "42", "--title", "x"],
        ["cite", "1", "42", "--stance", "supports"],
    ],
)
def test_unknown_source_is_not_found(cli: CLI, desk: dict[str, str], args: list[str]) -> None:
    """Naming a source that does not exist exits 3 and says how to find sources."""
    add_claim(cli, "A claim")
    result = cli(*args, actor=None if args[1] == "show" else "fiona")
    assert result.exit_code == 3
    assert "no source 42" in result.stderr
    assert "claimdb source list" in result.stderr


def test_sources_are_named_by_id_url_or_doi(cli: CLI, desk: dict[str, str]) -> None:
    """cite, source show and source edit accept a source's id, any spelling of its URL, or its DOI."""
    claim = add_claim(cli, "A claim.")
    page = add_source(cli, "Page", "https://www.page.example/a/?utm_source=x")
    paper = new_id(
        cli.ok("source", "add", "--title", "Paper", "--doi", "10.1000/XYZ", actor="fiona"),
        r"added source (\d+)",
    )
    cli.ok("cite", str(claim), "http://page.example/a", "--stance", "supports", actor="fiona")
    cli.ok("cite", str(claim), "doi:10.1000/xyz", "--stance", "context", actor="fiona")
    evidence = json.loads(cli.ok("claim", "show", str(claim), "-f", "json").stdout)["evidence"]
    assert [c["source_id"] for c in evidence] == [page, paper]
    shown = json.loads(cli.ok("source", "show", "https://doi.org/10.1000/xyz", "-f", "json").stdout)
    assert shown["source"]["id"] == paper
    cli.ok("source", "edit", "https://page.example/a", "--reliability", "high", actor="fiona")
    assert (
        json.loads(cli.ok("source", "show", str(page), "-f", "json").stdout)["source"][
            "reliability"
        ]
        == "high"
    )
    unknown = cli(
        "cite", str(claim), "https://nowhere.example/", "--stance", "supports", actor="fiona"
    )
    assert unknown.exit_code == 3
    assert "claimdb source add" in unknown.stderr
    garbage = cli("source", "show", "the budget")
    assert garbage.exit_code == 5
    assert "not a source id, an http(s) URL or a DOI" in garbage.stderr
