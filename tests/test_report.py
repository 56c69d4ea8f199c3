"""`claimdb report`: the annotated HTML page, its data, its safety and its bytes."""

from __future__ import annotations

import base64
import hashlib
import io
import re
from pathlib import Path

import pytest

from claimdb.formats import html_report
from claimdb.schemas.reports import ReportClaim, ReportInput, ReportSection
from conftest import CLI
from report_desk import HOSTILE_CLAIM, HOSTILE_TITLE, Desk, build


@pytest.fixture
def desk_report(cli: CLI, report: str) -> Desk:
    return build(cli, report)


def _page(cli: CLI, tmp_path: Path, *args: str) -> str:
    out = tmp_path / "report.html"
    result = cli.ok("report", "report", "-o", str(out), *args)
    assert result.stdout == ""
    assert "reported" in result.stderr
    return out.read_text(encoding="utf-8")


def test_report_shows_text_sections_claims_and_summary(
    cli: CLI, desk_report: Desk, tmp_path: Path
) -> None:
    """The page holds the contents, every claim's panel, its verdict, evidence, flags and notes."""
    page = _page(cli, tmp_path)
    assert page.startswith("<!DOCTYPE html>")
    for title in ("Introduction", "Energy", "Conclusion"):
        assert re.search(rf'<a href="#s-\d">{title}</a>', page)
    for cid in (desk_report.true, desk_report.hostile, desk_report.gas_again):
        assert f'id="c-{cid}"' in page
        assert f'id="a-{cid}"' in page
    assert "The budget law says so." in page
    assert "Decided by fiona on " in page
    assert "archived copy" in page
    assert 'Open flags (1):</p>\n<ul class="flags">\n<li>needs source: which survey?</li>' in page
    assert '<p class="notes">Notes: 2.</p>' in page
    assert "of checkable claims are supported: 1 of 6" in page
    assert '<th scope="row">all claims</th><td>7</td>' in page


def test_overlapping_and_adjacent_anchors_are_split_and_stacked(
    cli: CLI, desk_report: Desk, tmp_path: Path
) -> None:
    """Words two claims cover are one mark listing both; touching anchors stay two highlights."""
    page = _page(cli, tmp_path)
    d = desk_report
    assert f'data-c="{d.true} {d.hostile}"' in page  # "($37 billion)"
    assert re.search(rf'<mark class="hl [^"]* n2" data-c="{d.true} {d.hostile}"', page)
    assert f'data-c="{d.survey} {d.firms}"' in page  # nested
    half = re.search(rf'<mark [^>]*data-c="{d.gas_half}"[^>]*>([^<]*)</mark>', page)
    again = re.search(rf'<mark [^>]*data-c="{d.gas_again}"[^>]*>([^<]*)</mark>', page)
    assert half
    assert again
    assert half[1] == "Gas exports fell by half after 2022."
    assert again[1] == " Gas exports fell again in 2024."
    # Each claim has its own label (text and icon), so colour is never the only signal.
    assert page.count('class="lbl ') == 7
    assert "\u2713 True<span" in page
    assert "\u2717 False<span" in page


def test_stored_strings_are_escaped_and_json_cannot_close_the_script(
    cli: CLI, desk_report: Desk, tmp_path: Path
) -> None:
    """Markup in a claim and `</script>` in a source title come out as text."""
    page = _page(cli, tmp_path)
    assert HOSTILE_CLAIM not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert HOSTILE_TITLE not in page
    assert "Budget law &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; annex" in page
    assert page.count("<script") == 2
    assert page.count("</script>") == 2
    data = page.split('<script type="application/json" id="claimdb-data">', 1)[1]
    data = data.split("</script>", 1)[0]
    assert "<" not in data
    assert ">" not in data
    assert "&" not in data


def test_csp_names_exactly_the_inline_style_and_script(
    cli: CLI, desk_report: Desk, tmp_path: Path
) -> None:
    """default-src 'none', and the hashes are those of the page's own style and script."""
    page = _page(cli, tmp_path)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp
    assert "default-src &#x27;none&#x27;" in csp[1]
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    script = page.rsplit("<script>", 1)[1].split("</script>", 1)[0]
    for body in (style, script):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"sha256-{digest}" in csp[1]
    assert "http://" not in style + script
    assert "https://" not in style + script
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)


def test_same_database_same_bytes_and_export_writes_the_same_page(
    cli: CLI, desk_report: Desk, tmp_path: Path
) -> None:
    """Two runs, and `export --format html --doc`, write identical bytes."""
    first = _page(cli, tmp_path)
    assert _page(cli, tmp_path) == first
    out = tmp_path / "export.html"
    result = cli.ok("export", "--format", "html", "--doc", "report", "-o", str(out))
    assert "exported 7 claims" in result.stderr
    assert out.read_text(encoding="utf-8") == first
    piped = cli.ok("report", "report").stdout
    assert piped == first


def test_export_html_narrows_by_filter(cli: CLI, desk_report: Desk) -> None:
    """The export's filters choose which claims the page shows."""
    page = cli.ok("export", "--format", "html", "--doc", "report", "--status", "verified").stdout
    assert f'id="c-{desk_report.true}"' in page
    assert f'id="c-{desk_report.hostile}"' not in page


def test_export_html_needs_a_document(cli: CLI, desk_report: Desk) -> None:
    """Without --doc, html is a usage error; an unknown document or version is not found."""
    result = cli("export", "--format", "html")
    assert result.exit_code == 2
    assert "--doc" in result.stderr
    assert cli("report", "nope").exit_code == 3
    missing = cli("report", "report", "--version", "9")
    assert missing.exit_code == 3
    assert "no version 9" in missing.stderr
    assert cli.ok("report", "report", "--version", "1").stdout.startswith("<!DOCTYPE html>")


def _claim(cid: int, start: int | None, end: int | None, **kw: object) -> ReportClaim:
    return ReportClaim(
        id=cid,
        text=str(kw.get("text", f"claim {cid}")),
        claim_type="statistic",
        status="unreviewed",
        checkable=True,
        start=start,
        end=end,
    )


def _render(data: ReportInput) -> str:
    out = io.StringIO()
    html_report.write_report(data, out)
    return out.getvalue()


def test_writer_marks_every_boundary() -> None:
    """Three overlapping anchors split the text at each boundary, each piece naming its claims."""
    text = "abcdefghij"
    data = ReportInput(
        slug="d",
        title="T",
        version=1,
        text=text,
        sections=(ReportSection(ordinal=1, level=1, title="S", start=0, end=10),),
        claims=(_claim(1, 0, 6), _claim(2, 2, 8), _claim(3, 4, 10), _claim(4, None, None)),
    )
    page = _render(data)
    body = page.split('<div id="text"', 1)[1].split("</div>\n", 1)[0]
    marks = re.findall(r'data-c="([^"]*)"[^>]*>([^<]*)</mark>', body)
    assert marks == [("1", "ab"), ("1 2", "cd"), ("1 2 3", "ef"), ("2 3", "gh"), ("3", "ij")]
    assert "n3" in body
    assert "Not anchored in the text." in page
    without_labels = re.sub(r'<a class="lbl[^>]*>.*?</a>', "", body.split(">", 1)[1])
    assert re.sub(r"<[^>]+>", "", without_labels) == text


def test_links_only_for_http_and_https() -> None:
    """javascript:, data: and URLs with spaces or quotes become plain text."""
    assert html_report.safe_url("https://a.example/x?y=1") == "https://a.example/x?y=1"
    assert html_report.safe_url("HTTP://a.example") == "HTTP://a.example"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//a.example", "https://a b", "ftp://x"):
        assert html_report.safe_url(bad) is None
        assert "<a" not in html_report.link(bad, "t")
    assert html_report.link('https://a.example/"x', "<t>") == (
        '<a href="https://a.example/&quot;x" rel="noopener noreferrer">&lt;t&gt;</a>'
    )


def test_script_json_escapes_markup() -> None:
    """`</script>`, `<!--` and `&` cannot appear in the embedded JSON."""
    out = html_report.script_json({"t": "</script><!-- & \u2028"})
    assert out == '{"t":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
