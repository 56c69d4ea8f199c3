"""HTML reports (lxml): the text a browser shows, with headings, links and footnotes.

Block elements (``p``, ``div``, ``li``, ``h1``-``h6``, table rows...) become
paragraphs separated by a blank line; ``script``, ``style``, ``nav`` and the
like are left out. ``h1``-``h6`` are the headings; each ``<a href>`` to another
work is a citation anchored at its words; a ``<sup>`` number (or a link to
``#fn...``) is a footnote marker, and the notes are an ``<ol>``/list under a
"Footnotes"/"Notes" heading or elements whose id names a footnote.
``<title>`` and ``<meta>`` give the metadata.
"""

from __future__ import annotations

import re
from typing import Any

from claimdb.errors import InvalidInput
from claimdb.formats.documents import (
    DocFormat,
    Heading,
    Marker,
    ParsedDocument,
    find_markers,
    find_notes,
    metadata_from_fields,
    normalise_levels,
    notes_area,
)
from claimdb.formats.markdown import is_citation_link

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "figcaption",
        "address",
        "hr",
        "br",
        "form",
        "fieldset",
        "details",
        "summary",
    ]
)
_SKIP = frozenset(
    ["script", "style", "noscript", "template", "head", "nav", "button", "select", "svg", "iframe"]
)
_HEADINGS = {f"h{i}": i for i in range(1, 7)}


def read(source: str, *, name: str) -> ParsedDocument:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(source)
    except Exception as exc:  # lxml raises ParserError, XMLSyntaxError... on junk
        raise InvalidInput(f"{name} is not readable HTML: {exc}") from None
    fields: dict[str, Any] = {}
    lang = root.get("lang")
    if lang:
        fields["language"] = lang
    title = root.findtext(".//title")
    if title and title.strip():
        fields["title"] = " ".join(title.split())
    for tag in root.iter("meta"):
        key = tag.get("name") or tag.get("property")
        if key and tag.get("content"):
            fields.setdefault(key.lower(), tag.get("content"))
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            fields.setdefault("canonical", link.get("href"))
    body = root.find("body")
    out = _Walker()
    out.walk(body if body is not None else root)
    text = out.text()
    headings = normalise_levels(out.headings)
    notes = find_notes(text, headings)
    labels = {n.label for n in notes}
    markers = list(out.links)
    markers += [m for m in out.sups if m.label in labels]
    seen = {(m.start, m.end) for m in markers}
    markers += [
        m
        for m in find_markers(text, notes, notes_area(text, headings))
        if (m.start, m.end) not in seen
    ]
    meta = metadata_from_fields(fields)
    if "title" not in meta and headings:
        meta["title"] = headings[0].title
    return ParsedDocument(
        text=text,
        format=DocFormat.HTML,
        name=name,
        sha256="",
        size=0,
        headings=headings,
        markers=sorted(markers, key=lambda m: m.start),
        notes=notes,
        metadata=meta,
    )


class _Walker:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.headings: list[Heading] = []
        self.links: list[Marker] = []
        self.sups: list[Marker] = []
        self.pending_break = False
        self.in_pre = 0
        self.lists: list[list[int] | None] = []

    def text(self) -> str:
        return "".join(self.parts).rstrip()

    def write(self, words: str) -> None:
        if not words:
            return
        if not self.in_pre:
            words = re.sub(r"\s+", " ", words)
            if self.pending_break or self.length == 0 or self.parts[-1].endswith((" ", "\n")):
                words = words.lstrip()
                if not words:
                    return
        if self.pending_break and self.length:
            self._emit("\n\n")
        self.pending_break = False
        self._emit(words)

    def _emit(self, words: str) -> None:
        if self.parts and self.parts[-1].endswith(" ") and words.startswith("\n"):
            self.parts[-1] = self.parts[-1].rstrip(" ")
            self.length = sum(len(p) for p in self.parts)
        self.parts.append(words)
        self.length += len(words)

    def block(self) -> None:
        self.pending_break = True

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or (not tag and el.tag is not None and not isinstance(el.tag, str)):
            self._tail(el)
            return
        if tag in _BLOCKS:
            self.block()
        if tag == "pre":
            self.in_pre += 1
        if tag in ("ol", "ul"):
            self.lists.append([int(el.get("start") or 1)] if tag == "ol" else None)
        if tag == "li" and self.lists and self.lists[-1] is not None:
            number = self.lists[-1]
            self.write(f"{number[0]}. ")
            number[0] += 1
        elif tag == "li":
            self.write("- ")
        start = self.length + (2 if self.pending_break and self.length else 0)
        if el.text:
            self.write(el.text)
        for child in el:
            self.walk(child)
        if tag == "pre":
            self.in_pre -= 1
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        end = self.length
        start = min(start, end)
        if tag in _HEADINGS and end > start:
            words = "".join(self.parts)[start:end]
            stripped = words.strip()
            if stripped:
                at = start + words.index(stripped)
                self.headings.append(Heading(stripped, _HEADINGS[tag], at))
        elif tag == "a" and end > start:
            href = (el.get("href") or "").strip()
            words = "".join(self.parts)[start:end]
            if href.startswith("#") and re.fullmatch(r"\[?\d{1,3}\]?", words.strip()):
                self.sups.append(Marker(words.strip("[] "), start, end))
            elif is_citation_link(href):
                self.links.append(Marker(words, start, end, href))
        elif tag == "sup" and end > start:
            words = "".join(self.parts)[start:end]
            if re.fullmatch(r"\[?\d{1,3}\]?", words.strip()) and not any(
                m.start == start for m in self.sups
            ):
                self.sups.append(Marker(words.strip("[] "), start, end))
        if tag in _BLOCKS:
            self.block()
        self._tail(el)

    def _tail(self, el: Any) -> None:
        if el.tail:
            self.write(el.tail)
