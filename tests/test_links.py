"""`claimdb source check` and `source archive` against a loopback server, on both backends.

Every URL is on 127.0.0.1 (tests/link_server.py); nothing reaches another address.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import CLI
from link_server import PASSAGE, PDF_PASSAGE, Site, article, serve
from support import add_claim, add_source, cite

FAST = ("--timeout", "0.5", "--retries", "0")


@pytest.fixture
def site() -> Iterator[tuple[str, Site]]:
    with serve() as served:
        yield served


def _check(cli: CLI, *args: str, code: int | None = None) -> list[dict[str, Any]]:
    result = cli("source", "check", *args, *FAST, "-f", "json", actor="fiona")
    if code is not None:
        assert result.exit_code == code, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def _source(cli: CLI, ref: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli.ok("source", "show", str(ref), "-f", "json").stdout)
    return data


EXPECTED = {
    "/ok": ("live", 200),
    "/moved": ("redirected", 200),
    "/temp": ("live", 200),
    "/missing": ("dead", 404),
    "/gone": ("dead", 410),
    "/error": ("unknown", 500),
    "/forbidden": ("blocked", 403),
    "/soft404": ("dead", 200),
    "/old-article": ("dead", 200),
    "/slow": ("unknown", None),
    "/reset": ("unknown", None),
    "/loop-a": ("dead", None),
    "/big": ("live", 200),
    "/image": ("live", 200),
    "/report.pdf": ("live", 200),
}


def test_check_gives_every_kind_of_answer_its_status(
    cli: CLI, desk: dict[str, str], site: tuple[str, Site]
) -> None:
    """200, 301, 302, 404, 410, 500, 403, soft 404s, a stall, a reset, a loop, TLS: each its result."""
    base, server = site
    ids = {path: add_source(cli, path, base + path) for path in EXPECTED}
    tls = add_source(cli, "tls", base.replace("http://", "https://") + "/ok?over=tls")
    rows = _check(cli, "--all", "--max-bytes", "100000", code=1)
    by_source = {r["source_id"]: r for r in rows}
    assert len(rows) == len(EXPECTED) + 1
    for path, (status, code) in EXPECTED.items():
        row = by_source[ids[path]]
        assert (row["status"], row["status_code"]) == (status, code), (path, row)
        assert _source(cli, ids[path])["source"]["link_status"] == status
    assert by_source[ids["/moved"]]["redirects"] == [{"url": base + "/moved", "status": 301}]
    assert by_source[ids["/moved"]]["final_url"] == base + "/ok"
    assert by_source[ids["/temp"]]["permanent_redirect"] is False
    assert by_source[ids["/soft404"]]["soft_404"].startswith("the page's title says")
    assert by_source[ids["/old-article"]]["soft_404"] == "redirected to the site's home page"
    assert "no answer within" in by_source[ids["/slow"]]["error"]
    assert "reset" in by_source[ids["/reset"]]["error"]
    assert "redirect loop" in by_source[ids["/loop-a"]]["error"]
    assert by_source[tls]["error"].startswith("TLS failed")
    big = by_source[ids["/big"]]
    assert (big["truncated"], big["bytes_read"], len(big["body_sha256"])) == (True, 100000, 64)
    ok = by_source[ids["/ok"]]
    assert ok["content_type"].startswith("text/html")
    assert ok["content_length"] == ok["bytes_read"]
    assert {ua.split(" ")[0] for ua in server.user_agents} == {"claimdb/0.1.0"}


def test_malformed_url_is_that_sources_result(
    cli: CLI, desk: dict[str, str], site: tuple[str, Site], uow_factory: Any
) -> None:
    """A URL that cannot be requested (stored before validation) is dead; the others are checked."""
    from claimdb.db.models import Source

    base, _ = site
    good = add_source(cli, "good", base + "/ok")
    bad = add_source(cli, "bad", base + "/placeholder")
    with uow_factory() as uow:
        source = uow.session.get(Source, bad)
        source.url = "http://exa mple/page"
    rows = {r["source_id"]: r for r in _check(cli, str(good), str(bad), code=1)}
    assert rows[good]["status"] == "live"
    assert (rows[bad]["status"], rows[bad]["status_code"]) == ("dead", None)
    assert rows[bad]["error"].startswith("not a host name")


def test_status_is_derived_from_the_history(
    cli: CLI, desk: dict[str, str], site: tuple[str, Site]
) -> None:
    """A server error does not overturn a live link; three inconclusive checks in a row make it dead."""
    base, server = site
    src = add_source(cli, "flaky", base + "/flaky")
    server.pages["/flaky"] = (200, "text/html", article(PASSAGE))
    assert _check(cli, str(src), code=0)[0]["status"] == "live"
    server.pages["/flaky"] = (503, "text/plain", b"busy")
    assert [_check(cli, str(src))[0]["status"] for _ in range(2)] == ["live", "live"]
    row = _check(cli, str(src), code=1)[0]
    assert (row["previous"], row["status"], row["outcome"]) == ("live", "dead", "unknown")
    shown = _source(cli, src)
    assert [c["outcome"] for c in shown["checks"]] == ["unknown", "unknown", "unknown", "live"]
    log = json.loads(cli.ok("log", "--oldest-first", "--limit", "0", "-f", "json").stdout)
    changes = [e["after"]["link_status"] for e in log if e["action"] == "link_checked"]
    assert changes == ["live", "dead"]


def test_selection_stale_and_doc(cli: CLI, desk: dict[str, str], site: tuple[str, Site]) -> None:
    """--stale DAYS takes sources not checked since; a missing selection is refused."""
    base, _ = site
    first = add_source(cli, "first", base + "/ok")
    _check(cli, str(first), code=0)
    second = add_source(cli, "second", base + "/temp")
    assert [r["source_id"] for r in _check(cli, "--stale", "1", code=0)] == [second]
    refused = cli("source", "check", actor="fiona")
    assert refused.exit_code == 5
    assert "which sources?" in refused.stderr
    assert cli("source", "check", "--doc", "nope", actor="fiona").exit_code == 3


def _quoted_claim(cli: CLI, url: str, quote: str) -> tuple[int, int, int]:
    claim = add_claim(cli, "Oil exports fell by a fifth in the second quarter.")
    source = add_source(cli, url.rsplit("/", 1)[-1], url)
    citation = cite(cli, claim, source, "supports", "--quote", quote)
    return claim, source, citation


def test_quotes_found_exact_normalised_fuzzy_and_in_a_pdf(
    cli: CLI, desk: dict[str, str], site: tuple[str, Site]
) -> None:
    """--quotes finds each passage in the HTML or PDF page's text, with how and a score."""
    base, _ = site
    _quoted_claim(cli, base + "/ok", PASSAGE)
    cli.ok("source", "add", "--title", "pdf", "--url", base + "/report.pdf", actor="fiona")
    claim = add_claim(cli, "Reserves were frozen.")
    cite(cli, claim, 2, "supports", "--quote", PDF_PASSAGE)
    cite(
        cli,
        claim,
        1,
        "context",
        "--quote",
        "Exports of crude oil fell by a fifth in the  second quarter",
    )
    cite(
        cli,
        claim,
        1,
        "context",
        "--quote",
        "Exports of crude oil fell by one fifth in the second quarter of the year.",
    )
    image = add_source(cli, "image", base + "/image")
    cite(cli, claim, image, "context", "--quote", "a passage in a picture")
    rows = _check(cli, "--all", "--quotes", code=0)
    matches = sorted((q["citation_id"], q["match"]) for r in rows for q in r["quotes"])
    assert matches == [
        (1, "exact"),
        (2, "exact"),
        (3, "normalised"),
        (4, "fuzzy"),
        (5, "unreadable"),
    ]
    unreadable = next(q for r in rows for q in r["quotes"] if q["match"] == "unreadable")
    assert unreadable["closest"] == "cannot read image/png as text"
    fuzzy = next(q for r in rows for q in r["quotes"] if q["match"] == "fuzzy")
    assert 90 <= fuzzy["score"] < 100
    assert cli.ok("flag", "list", "-f", "json").stdout.strip() == "[]"


def test_lost_quote_is_flagged_queued_linted_and_warned(
    cli: CLI, desk: dict[str, str], site: tuple[str, Site]
) -> None:
    """A passage gone from its page: one quote-not-found flag, a queue reason, a lint finding,
    and an approval resting on it is warned and the warning kept in the decision's event."""
    base, server = site
    claim, _, citation = _quoted_claim(cli, base + "/ok", PASSAGE)
    cli.ok(
        "verify",
        str(claim),
        "--verdict",
        "true",
        "--rationale",
        "the bulletin says so",
        actor="fiona",
    )
    server.pages["/ok"] = (200, "text/html", article("Exports rose sharply in the second quarter."))
    for _ in range(2):  # a second run does not raise the flag again
        rows = _check(cli, "--all", "--quotes", code=0)
    assert rows[0]["quotes"][0]["match"] == "missing"
    flags = json.loads(cli.ok("flag", "list", "-f", "json").stdout)
    assert [(f["claim_id"], f["reason"]) for f in flags] == [(claim, "quote-not-found")]
    assert f"citation {citation}" in flags[0]["note"]
    queue = json.loads(cli.ok("review", "-f", "json").stdout)
    assert "quote-not-found" in next(e for e in queue if e["claim_id"] == claim)["reasons"]
    lint = cli("lint", "-f", "json")
    assert "quote-not-found" in {f["check"] for f in json.loads(lint.stdout)}
    decided = cli.ok("review", "decide", str(claim), "--approve", "--note", "ok", actor="eddie")
    assert (
        "warning: the approval rests only on evidence that can no longer be checked"
        in decided.stderr
    )
    log = json.loads(
        cli.ok("log", "--action", "status_changed", "--limit", "1", "-f", "json").stdout
    )
    moved = log[0]
    assert "warning:" in moved["reason"]
    assert f"citation {citation}" in moved["reason"]


def test_dead_source_without_archive_warns_on_approval(
    cli: CLI, desk: dict[str, str], site: tuple[str, Site]
) -> None:
    """Evidence only from a dead source with no archived copy: queued, linted, approval warned."""
    base, _ = site
    claim, source, _ = _quoted_claim(cli, base + "/gone", "anything")
    cli.ok("verify", str(claim), "--verdict", "true", "--rationale", "it said so", actor="fiona")
    _check(cli, str(source), code=1)
    queue = json.loads(cli.ok("review", "-f", "json").stdout)
    assert "dead-sources" in next(e for e in queue if e["claim_id"] == claim)["reasons"]
    decided = cli.ok("review", "decide", str(claim), "--approve", "--note", "ok", actor="eddie")
    assert "is dead with no archived copy" in decided.stderr


def test_archive_records_the_latest_copy_and_saves_on_request(
    cli: CLI, desk: dict[str, str], site: tuple[str, Site]
) -> None:
    """`source archive` asks the (fake) availability API; --save has a copy taken first."""
    base, server = site
    env = {"CLAIMDB_ARCHIVE_URL": base}
    dead = add_source(cli, "dead", base + "/gone")
    other = add_source(cli, "other", base + "/ok")
    server.snapshots[base + "/gone"] = (
        base + "/web/20240102030405/" + base + "/gone",
        "20240102030405",
    )
    _check(cli, "--all", code=1)
    out = json.loads(
        cli.ok("source", "archive", "--dead", "-f", "json", actor="fiona", env=env).stdout
    )
    assert [(a["source_id"], a["changed"]) for a in out] == [(dead, True)]
    shown = _source(cli, dead)["source"]
    assert shown["archive_url"].endswith("/20240102030405/" + base + "/gone")
    assert shown["archive_captured_at"].startswith("2024-01-02T03:04:05")
    assert cli("lint", "-f", "json").stdout.count("dead-source-no-archive") == 0
    plain = json.loads(
        cli.ok("source", "archive", str(other), "-f", "json", actor="fiona", env=env).stdout
    )
    assert plain[0]["archive_url"] is None
    assert "no copy" in plain[0]["error"]
    saved = json.loads(
        cli.ok(
            "source", "archive", "--missing", "--save", "-f", "json", actor="fiona", env=env
        ).stdout
    )
    assert [(a["source_id"], a["saved"]) for a in saved] == [(other, True)]
    assert server.saved == [base + "/ok"]
    again = json.loads(
        cli.ok("source", "archive", str(dead), "-f", "json", actor="fiona", env=env).stdout
    )
    assert again[0]["changed"] is False


def test_source_list_shows_the_derived_status(
    cli: CLI, desk: dict[str, str], site: tuple[str, Site]
) -> None:
    """`source list --link-status dead` finds what the check found; the table shows when."""
    base, _ = site
    add_source(cli, "live one", base + "/ok")
    dead = add_source(cli, "dead one", base + "/missing")
    _check(cli, "--all", code=1)
    rows = json.loads(cli.ok("source", "list", "--link-status", "dead", "-f", "json").stdout)
    assert [r["id"] for r in rows] == [dead]
    assert rows[0]["link_checked_at"] is not None
    table = cli.ok("source", "list").stdout
    assert "dead" in table
    assert "redirected" not in table


def test_analyst_cannot_check(cli: CLI, desk: dict[str, str], site: tuple[str, Site]) -> None:
    """Checking writes history: an analyst is refused before any request is made."""
    base, server = site
    add_source(cli, "x", base + "/ok")
    assert cli("source", "check", "--all", actor="anna").exit_code == 6
    assert server.user_agents == []


def test_source_help_does_not_import_httpx() -> None:
    """`claimdb source --help` stays fast: httpx is imported only when a check runs."""
    code = (
        "import sys\n"
        "from claimdb.cli.main import app\n"
        "try:\n"
        "    app(['source', 'check', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('httpx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
