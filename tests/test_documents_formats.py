"""The document readers (claimdb.formats) and the re-anchoring (claimdb.analysis.reanchor), pure."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdb.analysis.reanchor import Anchor, Outcome, context, reanchor
from claimdb.errors import InvalidInput
from claimdb.formats.documents import ParsedDocument, read_document, sentence_around

DOCS = Path(__file__).parent / "fixtures" / "documents"


def read(name: str, **kwargs: object) -> ParsedDocument:
    return read_document((DOCS / name).read_bytes(), name=name, **kwargs)  # type: ignore[arg-type]


def titles(doc: ParsedDocument) -> list[tuple[int, str]]:
    return [(h.level, h.title) for h in doc.headings]


@pytest.mark.parametrize("name", ["report.txt", "report.md", "report.html", "report.pdf"])
def test_every_heading_and_marker_is_at_its_offset(name: str) -> None:
    """Offsets point at the words they name, in every format."""
    doc = read(name)
    for h in doc.headings:
        assert doc.text.startswith(h.title, h.start)
    for m in doc.markers:
        marker = doc.text[m.start : m.end].translate(str.maketrans("¹²", "12"))
        assert m.label in marker or m.url
    for c in doc.citations():
        assert c.sentence_start <= c.marker_start <= c.marker_end <= c.sentence_end + 1
        assert doc.text[c.marker_start : c.marker_end] == c.marker


def test_pdf_repairs_and_reports() -> None:
    """The PDF's running header, page numbers, hyphenation and page break are repaired and reported."""
    doc = read("report.pdf")
    assert doc.format == "pdf"
    assert "Sanctions and Trade Review" not in doc.text  # the running header
    assert "Page 1" not in doc.text
    assert "has been extensively reshaped" in doc.text  # exten- / sively
    assert "recovered since then at all. Storage levels" in doc.text  # over the page break
    kinds = {f.kind for f in doc.repairs}
    assert {"running-header", "hyphenation", "footnotes", "page-break"} <= kinds
    assert titles(doc) == [(1, "Introduction"), (2, "Energy"), (1, "Conclusion"), (1, "Footnotes")]
    assert doc.metadata == {
        "title": "Sanctions and Trade Review",
        "author": "Jane Roe",
        "published": "2025-03-01",
    }
    [citation] = doc.citations()
    assert citation.marker == "1"
    assert doc.text[citation.sentence_start : citation.sentence_end] == (
        "Exports fell by 40 percent in 2024.1"
    )
    assert citation.urls == ("https://www.imf.org/en/Publications/WEO",)


def test_markdown_footnotes_links_and_front_matter() -> None:
    """Markdown: [^n] footnotes and links are citations; front matter is metadata, not text."""
    doc = read("report.md")
    assert not doc.text.startswith("---")
    assert doc.metadata["url"] == "https://example.org/reviews/sanctions"
    assert titles(doc) == [(1, "Sanctions and Trade Review"), (2, "Energy")]
    cited = [(c.marker, c.urls) for c in doc.citations()]
    assert cited == [
        ("[^1]", ("https://www.imf.org/en/Publications/WEO",)),
        ("2025 Yale survey", ("https://example.org/yale-survey",)),
        ("[^2]", ()),
    ]


def test_html_headings_sup_markers_and_meta() -> None:
    """HTML: h1-h6, <sup> and #fn links as markers, <ol> notes, <title>/<meta>; scripts and nav dropped."""
    doc = read("report.html")
    assert "tracking" not in doc.text
    assert "Home | About" not in doc.text
    assert doc.metadata["author"] == "Jane Roe"
    assert doc.metadata["language"] == "en"
    assert [c.marker for c in doc.citations()] == ["1", "2025 Yale survey", "[2]"]
    assert doc.citations()[2].note == "Eurostat energy statistics."


def test_text_is_kept_exactly() -> None:
    """A .txt file's text is stored as it is; headings and ¹ / [2] markers are found."""
    doc = read("report.txt")
    assert doc.text == (DOCS / "report.txt").read_text(encoding="utf-8")
    assert (1, "Introduction") in titles(doc)
    assert [c.marker for c in doc.citations()] == ["¹", "[2]"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("scanned.pdf", "has no text layer"),
        ("encrypted.pdf", "is encrypted"),
        ("junk.pdf", "is not a readable PDF"),
        ("junk.txt", "is not text"),
        ("empty.txt", "is empty"),
        ("latin1.txt", "is not UTF-8: byte 3 is 0xe9"),
    ],
)
def test_bad_input_is_refused_naming_the_file(name: str, message: str) -> None:
    """Each bad file is an InvalidInput that names it and says what is wrong."""
    with pytest.raises(InvalidInput) as caught:
        read(name)
    assert name in str(caught.value)
    assert message in str(caught.value)
    assert caught.value.hint


def test_latin1_reads_with_its_encoding() -> None:
    """--encoding latin-1 reads the file the UTF-8 decoder refused."""
    assert read("latin1.txt", encoding="latin-1").text.startswith("Café")


def test_size_limit() -> None:
    """A file over the limit is refused before it is parsed."""
    with pytest.raises(InvalidInput, match="over the limit of 100 bytes"):
        read("report.txt", max_bytes=100)


def test_sentence_around_a_marker_after_the_full_stop() -> None:
    """A marker after a full stop annotates the sentence before it, not the next one."""
    text = "First one. Exports fell in 2024.17 Then imports rose."
    at = text.index("17")
    s, e = sentence_around(text, at, at + 2)
    assert text[s:e] == "Exports fell in 2024.17"


def _anchor(key: int, text: str, words: str) -> Anchor:
    start = text.index(words)
    return Anchor(key, start, start + len(words), words, *context(text, start, start + len(words)))


def test_reanchor_outcomes() -> None:
    """Exact, moved, changed and orphaned, on the bulletin's two versions."""
    old = (DOCS / "bulletin-v1.txt").read_text(encoding="utf-8")
    new = (DOCS / "bulletin-v2.txt").read_text(encoding="utf-8")
    items = [
        _anchor(1, old, "Exports fell by 40 percent in 2024."),
        _anchor(2, old, "Gas flows dropped sharply in the winter."),
        _anchor(3, old, "The central bank raised rates to 21 percent in October."),
        _anchor(4, old, "Officials expect a full recovery of trade by 2027."),
    ]
    placed = {p.key: p for p in reanchor(old, new, items)}
    assert [placed[k].outcome for k in (1, 2, 3, 4)] == [
        Outcome.EXACT,
        Outcome.MOVED,
        Outcome.CHANGED,
        Outcome.ORPHANED,
    ]
    assert placed[3].new == "The central bank raised its key rate to 21 percent in October."
    for p in placed.values():
        if p.start is not None and p.end is not None:
            assert new[p.start : p.end] == p.new


def test_reanchor_same_text_is_all_exact() -> None:
    """The same text again places every anchor where it was."""
    text = (DOCS / "bulletin-v1.txt").read_text(encoding="utf-8")
    placed = reanchor(text, text, [_anchor(1, text, "Gas flows")])
    assert placed[0].outcome is Outcome.EXACT


def test_glued_words_are_suspected_not_changed() -> None:
    """Words run together across a lost break are reported with their offset, and left alone."""
    source = "The exodus was a brain drainPivotal to the outcome was the rouble.\n"
    doc = read_document(source.encode(), name="glued.txt")
    assert doc.text == source
    [suspect] = [s for s in doc.suspects if s.kind == "glued-words"]
    assert "drainPivotal" in suspect.detail
    assert suspect.offset == source.index("drainPivotal")


def test_markdown_header_block_like_the_crs_one() -> None:
    """A block of **Field:** value lines gives the author, date and URL."""
    source = (
        "# A Report\n\n**Report No.:** R1\n**Publication Date:** 04/14/2026\n"
        "**Author(s):** Roe, Jane\n**Source:** https://www.congress.gov/crs-product/R1\n\nText.\n"
    )
    doc = read_document(source.encode(), name="crs.md")
    assert doc.metadata == {
        "title": "A Report",
        "author": "Roe, Jane",
        "published": "2026-04-14",
        "url": "https://www.congress.gov/crs-product/R1",
    }
