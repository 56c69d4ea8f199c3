"""Hostile input as a permanent suite: generated text through the real CLI, on both databases.

Control characters and NUL, lone surrogates, bidi overrides, look-alike URLs,
1 MB strings, spreadsheet formulas, HTML/JS and SQL-looking text go into a
claim's text and speaker, a note, a source's title and URL, a tag and a
search. Whatever happens: no traceback; a refusal (exit 5, or 9 for a
duplicate) changes nothing; every output format parses, and the Markdown
export rendered as CommonMark holds no live script, event handler or
javascript: link.

A bounded sample runs in `make test` (CLAIMDB_HYPOTHESIS_EXAMPLES, default 30
per test); `make soak` runs 1,000.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CLI

EXAMPLES = int(os.environ.get("CLAIMDB_HYPOTHESIS_EXAMPLES", "30"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

NASTY = [
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    "\u202egnp.exe",
    "\u200b",
    "\u2066isolate\u2069",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "'; DROP TABLE claims; --",
    "1 OR 1=1",
    "\x1b[31mred\x1b[0m",
    "[bold red]markup[/]",
    "\r\n\r\n# heading",
    "x" * 1_000_000,
]

URLS = [
    "https://example.com/",
    "https://\u0435xample.com/",
    "https://example.com:99999/",
    "https://example.com/><script>alert(3)</script>",
    "javascript:alert(1)",
    "https://exa\u200bmple.com/",
    "https://example.com/\u202e",
    "http://[::1]:80/",
    "https://example.com/%3Cscript%3E",
]

text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=80),
    st.builds(
        lambda a, b, c: a + b + c,
        st.text(max_size=20),
        st.sampled_from(NASTY),
        st.text(max_size=20),
    ),
)
tag = st.one_of(st.text(max_size=30), st.sampled_from(NASTY))
url = st.one_of(
    st.sampled_from(URLS), st.builds(lambda t: "https://example.org/" + t, st.text(max_size=30))
)


def live_html(html: str) -> list[str]:
    """What in rendered HTML could run: script elements, on* attributes, javascript: links."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("script", "iframe", "object", "embed"):
                found.append(f"<{tag}>")
            for name, value in attrs:
                if name.startswith("on"):
                    found.append(f"{tag} {name}=")
                if (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{tag} {name}={value}")

    Finder().feed(html)
    return found


def _no_traceback(result: Any, allowed: set[int]) -> None:
    assert result.exit_code in allowed, (result.exit_code, result.stderr[-2000:])
    assert "Traceback" not in result.stderr


def _newest_event(cli: CLI) -> int:
    """The id of the newest event (0 for none): a refusal must leave it where it was.

    One event is read, not the whole log: in a soak of 1,000 examples on one desk, reading
    everything every example made the run quadratic.
    """
    newest = json.loads(cli.ok("log", "--limit", "1", "-f", "json").stdout)
    return int(newest[0]["id"]) if newest else 0


def _set_aside(cli: CLI, since: int) -> None:
    """Archive the claims created after event ``since``, so the next example's exports hold
    the base claim and its own claims only (archived claims are not listed or exported)."""
    created = cli.ok("log", "--kind", "claim", "--action", "created", "-n", "5", "-f", "json")
    for event in json.loads(created.stdout):
        if event["id"] > since:
            cli.ok("claim", "archive", str(event["entity_id"]), "--reason", "seen", actor="eddie")


def _outputs_parse(cli: CLI) -> None:
    """Every list format parses, and Markdown renders with no live HTML."""
    from markdown_it import MarkdownIt

    json.loads(cli.ok("claim", "list", "-f", "json").stdout)
    # split on newlines only: JSON strings may hold U+2028 and other breaks splitlines() knows
    for line in cli.ok("claim", "list", "-f", "jsonl").stdout.split("\n")[:-1]:
        json.loads(line)
    csv.field_size_limit(2**31 - 1)  # a 1 MB claim is one cell (an import sets it lower)
    rows = list(csv.DictReader(io.StringIO(cli.ok("claim", "list", "-f", "csv").stdout)))
    for row in rows:
        for cell in row.values():
            assert not cell or cell[0] not in "=+-@\t\r", cell
    cli.ok("claim", "list")
    html = MarkdownIt("commonmark").render(cli.ok("export", "-f", "markdown").stdout)
    assert not live_html(html), live_html(html)


@pytest.fixture
def checked(cli: CLI, desk: dict[str, str]) -> CLI:
    """A desk with one decided claim citing a source, so exports show claims and their links."""
    cli.ok("claim", "add", "Base claim.", "--anyway", actor="fiona")
    cli.ok("source", "add", "--title", "Base", "--url", "https://example.org/b", actor="fiona")
    cli.ok("cite", "1", "1", "--stance", "supports", actor="fiona")
    cli.ok("verify", "1", "--verdict", "true", "--rationale", "r", actor="fiona")
    return cli


@SETTINGS
@given(words=text, speaker=text)
def test_claim_text_and_speaker(checked: CLI, words: str, speaker: str) -> None:
    """`claim add` with hostile text and speaker: a clean outcome, and outputs stay safe."""
    before = _newest_event(checked)
    result = checked("claim", "add", "--anyway", "--speaker", speaker, "--as", "fiona", "--", words)
    _no_traceback(result, {0, 5})
    if result.exit_code != 0:
        assert _newest_event(checked) == before
    _outputs_parse(checked)
    _set_aside(checked, before)


@SETTINGS
@given(body=text, label=tag)
def test_note_and_tag(checked: CLI, body: str, label: str) -> None:
    """A hostile note body and tag: accepted or refused cleanly, refusals change nothing."""
    before = _newest_event(checked)
    result = checked("note", "1", "--as", "fiona", "--", body)
    _no_traceback(result, {0, 5})
    if result.exit_code != 0:
        assert _newest_event(checked) == before
    before = _newest_event(checked)
    result = checked("claim", "tag", "1", "--as", "fiona", "--", label)
    _no_traceback(result, {0, 2, 5})
    if result.exit_code != 0:
        assert _newest_event(checked) == before


@SETTINGS
@given(title=text, link=url)
def test_source_title_and_url(checked: CLI, title: str, link: str) -> None:
    """A hostile source title and URL, cited: refused cleanly or exported safely."""
    before = _newest_event(checked)
    result = checked("source", "add", "--title", title, "--url", link, "--as", "fiona")
    _no_traceback(result, {0, 5, 9})
    if result.exit_code != 0:
        assert _newest_event(checked) == before
    else:
        found = re.search(r"added source (\d+)", result.stderr)
        assert found
        cited = checked.ok("cite", "1", found.group(1), "--stance", "supports", actor="fiona")
        _outputs_parse(checked)
        citation = re.search(r"citation (\d+)", cited.stderr + cited.stdout)
        assert citation, cited.stderr
        checked.ok("uncite", citation.group(1), "--reason", "seen", actor="fiona")


@SETTINGS
@given(query=text)
def test_search(checked: CLI, query: str) -> None:
    """Search with hostile text answers or refuses the query, never with a traceback."""
    _no_traceback(checked("search", "--", query), {0, 5})
    _no_traceback(checked("claim", "list", "-q", query, "-f", "json"), {0, 5})


@SETTINGS
@given(words=text, speaker=text)
def test_import_fields(
    checked: CLI, tmp_path_factory: pytest.TempPathFactory, words: str, speaker: str
) -> None:
    """A JSON Lines import with hostile text and speaker (lone surrogates arrive as escapes)."""
    path = tmp_path_factory.mktemp("imp") / "claims.jsonl"
    path.write_text(json.dumps({"text": words, "speaker": speaker}) + "\n", encoding="utf-8")
    before = _newest_event(checked)
    result = checked("import", str(path), "--as", "fiona")
    _no_traceback(result, {0, 5})
    if result.exit_code != 0:
        assert _newest_event(checked) == before
    _outputs_parse(checked)
    _set_aside(checked, before)
