"""Judging a fetched link: its outcome, a soft 404, the source's status, a quoted passage.

Pure functions on what a request brought back (``claimdb.net`` makes the
requests, ``services/links.py`` stores them):

- :func:`outcome`: what one check says (live, redirected, dead, blocked, unknown);
- :func:`soft_404`: why a page that answered 200 is really "not found", if it is;
- :func:`derive_status`: a source's link status from its history of checks;
- :func:`quote_match`: whether a citation's passage still occurs in a page's text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from claimdb.analysis.anchors import closest_passage, loose_spans, spans
from claimdb.enums import LinkStatus

FAILURES_FOR_DEAD = 3
"""Consecutive inconclusive checks (timeouts, resets, server errors) after which a link is dead."""

FUZZY_FOUND = 90.0
"""The similarity (0-100) from which a passage that is not there exactly still counts as found."""

TINY_PAGE = 64
"""An HTML page with fewer characters of text than this is an empty shell, not the cited page."""

# Errors that say the address itself is wrong: another try will not help.
DEFINITE_ERRORS = frozenset({"malformed-url", "redirect-loop", "too-many-redirects"})
BLOCKING_CODES = frozenset({401, 403, 407, 429, 451})
INCONCLUSIVE_CODES = frozenset({408, 425})

_NOT_FOUND = re.compile(
    r"\b(?:page|file|article|document|resource)\s+(?:was\s+)?not\s+found\b|\bnot\s+found\b|"
    # "404" as the error it names, not any number 404 ("Bulletin 404" is a real page).
    r"^\s*404\b|\b(?:error|page|http)\s*[:\-–]?\s*404\b|\b404\s*(?:error|page|[-–:|])|"
    r"\b(?:could|can ?not|can't)\s+(?:not\s+)?be\s+found\b|"
    r"\bno\s+longer\s+(?:available|exists)\b|\bdoes(?:\s+not|n't)\s+exist\b",
    re.I,
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_HIDDEN = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def outcome(
    *,
    status_code: int | None,
    error_kind: str | None,
    permanent_redirect: bool,
    soft_404: str | None,
) -> LinkStatus:
    """What one check says about a link, before the history is weighed."""
    if error_kind in DEFINITE_ERRORS:
        return LinkStatus.DEAD
    if error_kind is not None or status_code is None:
        return LinkStatus.UNKNOWN
    if 200 <= status_code < 300:
        if soft_404:
            return LinkStatus.DEAD
        return LinkStatus.REDIRECTED if permanent_redirect else LinkStatus.LIVE
    if status_code in BLOCKING_CODES:
        return LinkStatus.BLOCKED
    if status_code in INCONCLUSIVE_CODES or status_code >= 500 or status_code < 200:
        return LinkStatus.UNKNOWN
    if 300 <= status_code < 400:  # a redirect without a usable Location
        return LinkStatus.UNKNOWN
    return LinkStatus.DEAD


def derive_status(outcomes: Sequence[LinkStatus]) -> LinkStatus:
    """A source's link status from its checks' outcomes, newest first.

    The newest conclusive outcome stands; an inconclusive check (``unknown``:
    a timeout, a reset, a server error) does not overturn it, but
    :data:`FAILURES_FOR_DEAD` of them in a row make the link dead.
    """
    for inconclusive, seen in enumerate(outcomes, start=1):
        if seen is not LinkStatus.UNKNOWN:
            return seen
        if inconclusive >= FAILURES_FOR_DEAD:
            return LinkStatus.DEAD
    return LinkStatus.UNKNOWN


def html_title_and_text(page: str) -> tuple[str, str]:
    """A page's title and visible text, roughly: enough to tell a "not found" page."""
    found = _TITLE.search(page)
    title = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", found.group(1)))).strip() if found else ""
    body = _HIDDEN.sub(" ", page[found.end() :] if found else page)
    text = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", body))).strip()
    return title, text


def soft_404(*, url: str, final_url: str | None, title: str, text: str | None) -> str | None:
    """Why a page that answered 2xx is really "not found", or None when it looks real.

    ``text`` None: not an HTML page, whose words are not read. The signs: a
    redirect from a deep link to the site's home page; a title saying "not
    found" or "404"; a short page saying so; an almost empty page.
    """
    asked = urlsplit(url).path.strip("/")
    landed = urlsplit(final_url).path.strip("/") if final_url else asked
    if asked and not landed:
        return "redirected to the site's home page"
    if title and _NOT_FOUND.search(title):
        return f"the page's title says {title[:80]!r}"
    if text is None:
        return None
    if len(text) < TINY_PAGE:
        return f"the page is almost empty ({len(text)} characters of text)"
    if len(text) < 2000:
        said = _NOT_FOUND.search(text)
        if said:
            return f"the page says {said.group(0)!r}"
    return None


class QuoteMatch(StrEnum):
    """How a quoted passage was found in a page."""

    EXACT = "exact"
    NORMALISED = "normalised"  # quotation marks, dashes and white space aside
    FUZZY = "fuzzy"  # at least FUZZY_FOUND alike
    MISSING = "missing"


@dataclass(frozen=True)
class QuoteResult:
    match: QuoteMatch
    score: float
    closest: str | None = None  # the nearest passage, when not exact


def quote_match(text: str, passage: str) -> QuoteResult:
    """Whether ``passage`` still occurs in ``text``: exactly, normalised, fuzzily, or not."""
    if spans(text, passage.strip()):
        return QuoteResult(QuoteMatch.EXACT, 100.0)
    loose = loose_spans(text, passage)
    if loose:
        a, b = loose[0]
        return QuoteResult(QuoteMatch.NORMALISED, 100.0, text[a:b])
    near = closest_passage(text, passage)
    if near is not None and near.similarity >= FUZZY_FOUND:
        return QuoteResult(QuoteMatch.FUZZY, near.similarity, near.text)
    if near is not None:
        return QuoteResult(QuoteMatch.MISSING, near.similarity, near.text)
    return QuoteResult(QuoteMatch.MISSING, 0.0)
