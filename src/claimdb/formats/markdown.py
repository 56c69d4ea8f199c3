"""Markdown, both ways: reports read in (markdown-it-py, CommonMark), appendices written out.

Reading (:func:`read`): the text as a reader sees it, without markup. The
version's text is the rendered words: ``#`` marks, emphasis and link targets
go, each block becomes a paragraph separated by a blank line, list items keep
their number or a ``-``. Headings are ``#`` headings; links are citations
anchored at their words; footnotes are ``[^1]`` markers with ``[^1]: note``
definitions, or numbered notes under a "Footnotes" heading (a CRS "Footnotes"
table ``| 1. | note`` is read as that list). Front matter or a CRS
``**Field:** value`` block gives the metadata.

Writing (:func:`write_appendix`): a verification appendix, readable as it is
and rendered by any CommonMark tool. Every stored string is made literal
(:func:`md`): Markdown's special characters are escaped and line breaks
joined, so a claim's text cannot start a heading, a list or a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO, Any
from urllib.parse import quote, urlsplit, urlunsplit

from claimdb.formats.dates import day
from claimdb.formats.documents import (
    DocFormat,
    Finding,
    Heading,
    Marker,
    ParsedDocument,
    find_markers,
    find_notes,
    header_block,
    metadata_from_fields,
    normalise_levels,
    notes_area,
    parse_front_matter,
)
from claimdb.schemas.common import ascii_host
from claimdb.schemas.exports import ExportReport

# -- reading ----------------------------------------------------------------------

_DEFINITION = re.compile(r"^\[\^\w{1,20}\]:")
_NOTE_ROW = re.compile(r"^\|\s*(\d{1,3})\.\s*\|\s*(.*?)\s*\|?\s*$", re.M)


def read(source: str, *, name: str) -> ParsedDocument:
    from markdown_it import MarkdownIt

    fields, skip = parse_front_matter(source)
    repairs: list[Finding] = []
    if skip:
        repairs.append(Finding("front-matter", "front matter read as metadata, not text", 0))
    body = source[skip:]
    rows = len(_NOTE_ROW.findall(body))
    if rows:
        body = _NOTE_ROW.sub(lambda m: f"{m[1]}. {m[2]}", body)
        repairs.append(Finding("notes-table", f"a table of {rows} notes read as a numbered list"))
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(body)
    out = _Writer()
    ordinal: list[int | None] = []
    for i, tok in enumerate(tokens):
        if tok.type == "ordered_list_open":
            ordinal.append(int(tok.attrGet("start") or 1))
        elif tok.type == "bullet_list_open":
            ordinal.append(None)
        elif tok.type in ("ordered_list_close", "bullet_list_close"):
            ordinal.pop()
        elif tok.type == "list_item_open":
            out.block()
            number = ordinal[-1] if ordinal else None
            if number is None:
                out.write("- ")
            else:
                out.write(f"{number}. ")
                ordinal[-1] = number + 1
            out.in_item = True
            out.item_starts.append(len(out))
        elif tok.type == "heading_open":
            out.block()
            inline = tokens[i + 1]
            start = len(out)
            out.inline(inline.children or [])
            title = out.since(start)
            if title.strip():
                out.headings.append(Heading(title, int(tok.tag[1:]), start))
            out.skip = True
        elif tok.type == "inline":
            if out.skip:
                out.skip = False
                continue
            if not out.in_item:
                out.block()
            out.in_item = False
            out.inline(tok.children or [])
        elif tok.type in ("fence", "code_block"):
            out.block()
            out.write(tok.content.rstrip("\n"))
        elif tok.type == "html_block":
            words = re.sub(r"<[^>]+>", "", tok.content).strip()
            if words:
                out.block()
                out.write(words)
        elif tok.type in ("th_open", "td_open"):
            if out.length and not out.since(out.length - 2).endswith(("\n", "| ")):
                out.write(" | ")
        elif tok.type == "tr_open":
            out.block(single=True)
    text = out.text()
    headings = normalise_levels(_with_contents(text, out.headings, out.items))
    notes = find_notes(text, headings)
    markers = out.links + find_markers(text, notes, notes_area(text, headings))
    meta = metadata_from_fields({**header_block(body), **fields})
    if "title" not in meta and headings:
        meta["title"] = headings[0].title
    return ParsedDocument(
        text=text,
        format=DocFormat.MD,
        name=name,
        sha256="",
        size=0,
        headings=headings,
        markers=sorted(markers, key=lambda m: m.start),
        notes=notes,
        metadata=meta,
        repairs=repairs,
    )


_CONTENTS = re.compile(r"^(?:table of )?contents$", re.I)


def _with_contents(text: str, headings: list[Heading], items: list[str]) -> list[Heading]:
    """Headings written as plain paragraphs (a CRS web page) found through its "Contents" list.

    A paragraph standing alone whose words are an entry of the list under a "Contents"
    heading is a heading one level below the document's title.
    """
    contents = next((h for h in headings if _CONTENTS.match(h.title.strip())), None)
    if contents is None:
        return headings
    # The list is the run of "- " items after the heading; the body starts after it.
    titles: set[str] = set()
    last = 0
    end = text.find("\n", contents.start)
    for m in re.finditer(r"\n+(- [^\n]*)", text[end:]):
        if m.start() != (0 if not titles else last):
            break
        titles.add(m.group(1).removeprefix("- ").strip())
        last = m.end()
    end += last if titles else 0
    titles.discard("")
    found = list(headings)
    known = {h.start for h in headings}
    for m in re.finditer(r"(?:^|\n\n)([^\n]{2,120})(?=\n\n|$)", text):
        words = m.group(1)
        start = m.start(1)
        if words in titles and start > end and start not in known:
            found.append(Heading(words, 2, start))
    return sorted(found, key=lambda h: h.start)


def is_citation_link(url: str) -> bool:
    """A link to another work, not to a place in this page (``#top``, ``https://site#part``)."""
    if not url.lower().startswith(("http://", "https://")):
        return False
    rest = url.split("://", 1)[1]
    path = rest.split("#", 1)[0].split("/", 1)
    return not ("#" in rest and (len(path) == 1 or path[1] in ("", "/")))


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.headings: list[Heading] = []
        self.links: list[Marker] = []
        self.skip = False
        self.in_item = False
        self.item_starts: list[int] = []

    @property
    def items(self) -> list[str]:
        text = self.text()
        ends = [text.find("\n", s) for s in self.item_starts]
        return [
            text[s : len(text) if e < 0 else e] for s, e in zip(self.item_starts, ends, strict=True)
        ]

    def __len__(self) -> int:
        return self.length

    def write(self, words: str) -> None:
        self.parts.append(words)
        self.length += len(words)

    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    def since(self, start: int) -> str:
        """The text from offset ``start`` on, joining only the parts it needs: joining all
        of them at every block made reading a 10 MB Markdown file quadratic."""
        need = self.length - max(0, start)
        got = 0
        i = len(self.parts)
        while i > 0 and got < need:
            i -= 1
            got += len(self.parts[i])
        tail = "".join(self.parts[i:])
        return tail[len(tail) - need :] if need > 0 else ""

    def block(self, *, single: bool = False) -> None:
        if self.length:
            text = self.since(self.length - 2)
            want = "\n" if single else "\n\n"
            if not text.endswith(want):
                self.write(
                    want[len(text) - len(text.rstrip("\n")) :] if text.endswith("\n") else want
                )

    def inline(self, children: list[Any]) -> None:
        link: tuple[str, int] | None = None
        for i, child in enumerate(children):
            kind = child.type
            if kind in ("text", "code_inline"):
                self.write(child.content)
            elif kind == "softbreak":
                following = children[i + 1].content if i + 1 < len(children) else ""
                # Footnote definitions written one a line stay one a line.
                self.write("\n" if _DEFINITION.match(following) else " ")
            elif kind == "hardbreak":
                self.write("\n")
            elif kind == "image":
                self.write(child.content)
            elif kind == "link_open":
                link = (str(child.attrGet("href") or ""), self.length)
            elif kind == "link_close" and link is not None:
                url, start = link
                if self.length > start and is_citation_link(url):
                    self.links.append(Marker(self.since(start), start, self.length, url))
                link = None
            elif kind == "html_inline":
                continue


# -- writing ----------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|"})


def md(text: Any) -> str:
    """Text made literal in Markdown: special characters escaped, lines joined."""
    return " ".join(str(text).split()).translate(_MD_SPECIAL)


# RFC 3986's reserved and unreserved characters, and % for what is already encoded.
_URL_KEEP = "!#$%&'()*+,/:;=?@[]~-._"


def link(url: str) -> str:
    """A URL as a Markdown autolink that cannot be anything else.

    Only an http(s) URL becomes a link, with its host in punycode and every
    character a URL may not hold (``<``, ``>``, quotes, spaces, controls,
    non-ASCII) percent-encoded, so no stored URL ends the link or starts
    HTML. Anything else is shown as escaped text.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return md(url)
    if parts.scheme.lower() not in ("http", "https") or not host:
        return md(url)
    shown = ascii_host(host)
    if shown is None:
        return md(url)
    netloc = parts.netloc.lower().replace(host, shown) if not host.isascii() else parts.netloc
    safe = urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))
    return f"<{quote(safe, safe=_URL_KEEP)}>"


def write_appendix(
    rows: Iterable[dict[str, Any]], out: IO[str], report: ExportReport, *, titled: bool
) -> None:
    """A verification appendix: each claim with its verdict and sources, then the sources.

    ``titled``: the heading names the claims' document (an export of one document).
    """
    numbers: dict[int, int] = {}
    listed: list[dict[str, Any]] = []
    title_written = False
    for row in rows:
        if not title_written:
            heading = f": {md(row['document_title'])}" if titled and row["document_title"] else ""
            out.write(f"# Verification appendix{heading}\n")
            title_written = True
        report.claims += 1
        out.write(f"\n## {report.claims}. {md(row['text'])}\n\n")
        if row["speaker"]:
            out.write(f"- Claimed by: {md(row['speaker'])}\n")
        if row["verdict"] is not None:
            out.write(
                f"- Verdict: **{md(row['verdict_title'])}** ({md(row['verdict_scale'])} scale), "
                f"{md(row['reviewer'])}, {day(row['verdict_at'])}\n"
            )
            rationale = row["verdict_rationale"] or "(no rationale recorded)"
            out.write(f"- Rationale: {md(rationale)}\n")
            if row["verdict_forced"]:
                out.write(f"- Evidence rule overridden: {md(row['force_reason'])}\n")
        elif row.get("same_as") is not None:
            oid, _, label, title = row["same_as"]
            shown = f"**{md(title)}**" if label else "none yet"
            out.write(f"- Verdict: {shown}, as the same claim as claim {oid} (a repeat of it)\n")
        else:
            out.write(f"- Verdict: none yet (status: {row['status']})\n")
        refs = []
        for c in row["citations"]:
            sid = c["source_id"]
            if sid not in numbers:
                numbers[sid] = len(numbers) + 1
                listed.append(c)
            what = c["stance"] or "reported by the document"
            quote = f': "{md(c["quote"])}"' if c["quote"] else ""
            refs.append(f"[{numbers[sid]}] {what}{quote}")
        if refs:
            out.write("- Sources: " + "; ".join(refs) + "\n")
        else:
            out.write("- Sources: none\n")
    if not title_written:
        out.write("# Verification appendix\n\nNo claims match.\n")
        return
    if listed:
        out.write("\n## Sources\n\n")
        for n, c in enumerate(listed, 1):
            parts = [md(c["source_title"])]
            if c["source_publisher"]:
                parts.append(md(c["source_publisher"]))
            if c["source_issued"]:
                parts.append(str(c["source_issued"]))
            line = ". ".join(parts) + "."
            if c["source_url"]:
                line += f" {link(c['source_url'])}"
            if c["source_archive_url"]:
                line += f" (archived: {link(c['source_archive_url'])})"
            elif c["source_link_status"] == "dead":
                line += " (link dead, no archived copy)"
            out.write(f"{n}. {line}\n")
        report.sources = len(listed)
