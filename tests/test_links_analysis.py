"""The pure judgements behind `source check` (analysis/links.py) and the archive's answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimdb.analysis.links import (
    QuoteMatch,
    derive_status,
    html_title_and_text,
    outcome,
    quote_match,
    soft_404,
)
from claimdb.enums import LinkStatus as L
from claimdb.net.archive import timestamp


@pytest.mark.parametrize(
    ("code", "error", "permanent", "soft", "expected"),
    [
        (200, None, False, None, L.LIVE),
        (200, None, True, None, L.REDIRECTED),
        (200, None, False, "the page says 'not found'", L.DEAD),
        (404, None, False, None, L.DEAD),
        (410, None, False, None, L.DEAD),
        (403, None, False, None, L.BLOCKED),
        (429, None, False, None, L.BLOCKED),
        (500, None, False, None, L.UNKNOWN),
        (503, None, False, None, L.UNKNOWN),
        (None, "timeout", False, None, L.UNKNOWN),
        (None, "tls", False, None, L.UNKNOWN),
        (None, "malformed-url", False, None, L.DEAD),
        (None, "redirect-loop", False, None, L.DEAD),
    ],
)
def test_outcome(
    code: int | None, error: str | None, permanent: bool, soft: str | None, expected: L
) -> None:
    """Each answer's outcome: moved for good is redirected, refusals blocked, failures unknown."""
    assert (
        outcome(status_code=code, error_kind=error, permanent_redirect=permanent, soft_404=soft)
        is expected
    )


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], L.UNKNOWN),
        ([L.UNKNOWN], L.UNKNOWN),
        ([L.UNKNOWN, L.LIVE], L.LIVE),
        ([L.UNKNOWN, L.UNKNOWN, L.LIVE], L.LIVE),
        ([L.UNKNOWN, L.UNKNOWN, L.UNKNOWN, L.LIVE], L.DEAD),
        ([L.LIVE, L.DEAD, L.DEAD], L.LIVE),
        ([L.BLOCKED, L.LIVE], L.BLOCKED),
    ],
)
def test_status_from_history(history: list[L], expected: L) -> None:
    """The newest conclusive outcome stands; three inconclusive in a row make a link dead."""
    assert derive_status(history) is expected


@pytest.mark.parametrize(
    ("url", "final", "page", "expected"),
    [
        ("https://a.org/r/1", "https://a.org/", "<title>Home</title>" + "x " * 100, "home page"),
        ("https://a.org/r/1", None, "<title>404 Not Found</title>" + "x " * 100, "title says"),
        (
            "https://a.org/r/1",
            None,
            "<title>Oops</title><p>Sorry, this page does not exist.</p>" + "<p>menu item</p>" * 10,
            "page says",
        ),
        ("https://a.org/r/1", None, "<title>Report</title><p>Hi</p>", "almost empty"),
        (
            "https://a.org/r/1",
            None,
            "<title>Bulletin 404</title>" + "<p>Trade fell.</p>" * 20,
            None,
        ),
        (
            "https://a.org/",
            "https://a.org/",
            "<title>Home</title>" + "<p>words here</p>" * 20,
            None,
        ),
    ],
)
def test_soft_404(url: str, final: str | None, page: str, expected: str | None) -> None:
    """A home-page redirect, a "not found" title or short page, an empty shell; not a real page."""
    title, text = html_title_and_text(page)
    found = soft_404(url=url, final_url=final, title=title, text=text)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert expected in found


def test_quote_match_kinds() -> None:
    """Exact, normalised (quotes, dashes, spaces), fuzzy with a score, and missing."""
    text = "The ministry said “exports fell by a fifth” in the second quarter — a record."
    assert quote_match(text, "exports fell by a fifth").match is QuoteMatch.EXACT
    assert quote_match(text, 'said "exports fell by a fifth"').match is QuoteMatch.NORMALISED
    fuzzy = quote_match(text, "exports fell by one fifth in the second quarter")
    assert fuzzy.match is QuoteMatch.FUZZY
    assert 90 <= fuzzy.score < 100
    assert quote_match(text, "imports of grain doubled last winter").match is QuoteMatch.MISSING


def test_wayback_timestamps() -> None:
    """YYYYMMDDhhmmss in UTC; anything else is None."""
    assert timestamp("20240102030405") == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert timestamp("2024") is None


@pytest.mark.parametrize(
    ("closest", "found"),
    [
        (
            {
                "available": True,
                "url": "http://a/web/20240102030405/x",
                "timestamp": "20240102030405",
                "status": "200",
            },
            True,
        ),
        (
            {
                "available": True,
                "url": "http://a/web/20240102030405/x",
                "timestamp": "20240102030405",
                "status": "404",
            },
            False,
        ),
        (
            {
                "available": False,
                "url": "http://a/web/20240102030405/x",
                "timestamp": "20240102030405",
            },
            False,
        ),
        (None, False),
    ],
)
def test_archive_availability_answers(closest: dict[str, object] | None, found: bool) -> None:
    """A capture of an error page, or one marked unavailable, is no copy (in-process transport)."""
    import httpx

    from claimdb.net.archive import Archive

    def answer(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/wayback/available"
        snapshots = {"closest": closest} if closest else {}
        return httpx.Response(200, json={"archived_snapshots": snapshots})

    with Archive("http://archive.test", transport=httpx.MockTransport(answer)) as archive:
        got = archive.latest("https://example.test/page")
    assert (got.snapshot is not None) is found
    assert got.error is None
