"""Reading a report from a file: plain text, its headings, its citations, and what was repaired.

One reader per format (:mod:`.text`, :mod:`.markdown`, :mod:`.html`, :mod:`.pdf`)
turns the bytes of a file into a :class:`ParsedDocument`: the plain text that
becomes a document version's text, with every offset (headings, footnote
markers, links, notes) in Python ``str`` indices into that text.

Nothing changes the text silently: each reader records what it repaired
(:attr:`ParsedDocument.repairs`: hyphenation joined, running headers and page
numbers dropped, footnotes moved to the end) and what it suspects but left
alone (:attr:`ParsedDocument.suspects`: words glued across a line or page
break, a hyphen it could not decide on).

Pure code: no database, no services. Bad input raises
:class:`claimdb.errors.InvalidInput` naming the file and what to do.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from claimdb.errors import InvalidInput

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""The largest file ``doc add`` reads (50 MiB); ``CLAIMDB_MAX_DOCUMENT_BYTES`` changes it."""


class DocFormat(StrEnum):
    """The file formats ``claimdb doc add`` reads."""

    TXT = "txt"
    MD = "md"
    HTML = "html"
    PDF = "pdf"


EXTENSIONS = {
    ".txt": DocFormat.TXT,
    ".text": DocFormat.TXT,
    ".md": DocFormat.MD,
    ".markdown": DocFormat.MD,
    ".html": DocFormat.HTML,
    ".htm": DocFormat.HTML,
    ".pdf": DocFormat.PDF,
}


@dataclass(frozen=True)
class Heading:
    """A heading of the text: its words exactly as they are at ``start``."""

    title: str
    level: int
    start: int


@dataclass(frozen=True)
class Note:
    """A footnote or endnote: its label ("1") and its words."""

    label: str
    text: str
    start: int | None = None  # where the note's words are in the text, when they are


@dataclass(frozen=True)
class Marker:
    """A place in the text that points to a note (``¹``, ``[1]``, a superscript) or a link."""

    label: str  # the note's label, or the link's words
    start: int
    end: int
    url: str | None = None  # for a link


@dataclass(frozen=True)
class Citation:
    """One of the document's own citations: a marker, its sentence and what it points to."""

    marker: str
    marker_start: int
    marker_end: int
    sentence_start: int
    sentence_end: int
    note: str | None
    urls: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """A repair made or a suspicion reported: what, where (an offset) and the words."""

    kind: str
    detail: str
    offset: int | None = None


@dataclass
class ParsedDocument:
    """What a reader found in a file."""

    text: str
    format: DocFormat
    name: str
    sha256: str  # of the file's bytes
    size: int
    headings: list[Heading] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    repairs: list[Finding] = field(default_factory=list)
    suspects: list[Finding] = field(default_factory=list)

    def citations(self) -> list[Citation]:
        """Each marker with its sentence and note, in text order."""
        return citations_of(self)


def detect_format(name: str, given: str | None) -> DocFormat:
    """The format: ``given`` (``--format``) first, else the file name's extension."""
    if given:
        return DocFormat(given.lower())
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    found = EXTENSIONS.get(suffix)
    if found is None:
        raise InvalidInput(
            f"{name}: cannot tell the format from the name",
            hint="name it .txt, .md, .html or .pdf, or pass --format txt|md|html|pdf",
        )
    return found


def read_document(
    data: bytes,
    *,
    name: str,
    fmt: str | None = None,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ParsedDocument:
    """Parse ``data`` (the bytes of file ``name``) into a :class:`ParsedDocument`."""
    kind = detect_format(name, fmt)
    if len(data) > max_bytes:
        raise InvalidInput(
            f"{name} is {len(data):,} bytes, over the limit of {max_bytes:,} bytes",
            hint="split the file, or raise the limit with CLAIMDB_MAX_DOCUMENT_BYTES",
        )
    if not data.strip():
        raise InvalidInput(f"{name} is empty", hint="give a file with the report's text")
    digest = hashlib.sha256(data).hexdigest()
    if kind is DocFormat.PDF:
        from claimdb.formats import pdf

        parsed = pdf.read(data, name=name)
    else:
        source = decode(data, name=name, encoding=encoding)
        if kind is DocFormat.HTML:
            from claimdb.formats import html

            parsed = html.read(source, name=name)
        elif kind is DocFormat.MD:
            from claimdb.formats import markdown

            parsed = markdown.read(source, name=name)
        else:
            from claimdb.formats import text

            parsed = text.read(source, name=name)
    parsed.format = kind
    parsed.sha256 = digest
    parsed.size = len(data)
    if not parsed.text.strip():
        raise InvalidInput(f"{name} has no text", hint="give a file with the report's text")
    parsed.suspects.extend(glued_words(parsed.text))
    return parsed


def decode(data: bytes, *, name: str, encoding: str | None) -> str:
    """The file's text: UTF-8 (a BOM is dropped) unless ``encoding`` says otherwise."""
    nul = data.find(b"\x00", 0, 4096)
    if encoding is None and nul >= 0:
        raise InvalidInput(
            f"{name} is not text: it holds binary bytes (NUL at byte {nul})",
            hint="give a .txt, .md, .html or .pdf file",
        )
    try:
        text = data.decode(encoding or "utf-8")
    except LookupError:
        raise InvalidInput(
            f"unknown encoding {encoding!r}", hint="e.g. --encoding latin-1"
        ) from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name} is not UTF-8: byte {exc.start} is 0x{data[exc.start]:02x}",
            hint="pass its encoding, e.g. --encoding latin-1 (or cp1252)",
        ) from None
    text = text.removeprefix("\ufeff")
    if encoding is None and _looks_binary(text):
        raise InvalidInput(
            f"{name} is not text: it is mostly control characters",
            hint="give a .txt, .md, .html or .pdf file",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return bad > max(8, len(sample) // 20)


# --- shared text analysis ---------------------------------------------------------------------

_SENTENCE_END = re.compile(
    r"[.!?][\"”’')\]]*(?:\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\[\^?\w{1,20}\])?\s+(?=[\"“‘(\[]?[A-Z0-9])"
)
_GLUED = re.compile(r"\b[a-z]{3,}[A-Z][a-z]{2,}\b")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``: a marker after a full stop belongs before it."""
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    # A marker right after the sentence's full stop ("Agriculture.17 Then") annotates it.
    probe = start
    while probe > para_start and text[probe - 1] in ".!?\"”’')^[":
        probe -= 1
    s = para_start
    for m in _SENTENCE_END.finditer(text, para_start, probe):
        s = m.end()
    e = para_end
    after = _SENTENCE_END.search(text, end, para_end)
    if probe < start:
        e = end  # the sentence ended at the marker
    elif after is not None:
        e = after.end()
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, max(e, end)


_URL = re.compile(r"https?://[^\s<>\"”’)\]]+")


def urls_in(note: str) -> tuple[str, ...]:
    """The http(s) URLs a note's words hold, without trailing punctuation."""
    return tuple(u.rstrip(".,;:") for u in _URL.findall(note))


def citations_of(doc: ParsedDocument) -> list[Citation]:
    notes = {n.label: n for n in doc.notes}
    out: list[Citation] = []
    marked = {m.label for m in doc.markers if m.url is None}
    for marker in sorted(doc.markers, key=lambda m: m.start):
        note = notes.get(marker.label) if marker.url is None else None
        if marker.url is None and note is None:
            continue
        s, e = sentence_around(doc.text, marker.start, marker.end)
        urls = (marker.url,) if marker.url else urls_in(note.text if note else "")
        out.append(
            Citation(
                marker=doc.text[marker.start : marker.end],
                marker_start=marker.start,
                marker_end=marker.end,
                sentence_start=s,
                sentence_end=e,
                note=note.text if note else None,
                urls=urls,
            )
        )
    # A note no marker points to (a web page's notes lose their superscripts) is cited at
    # its own number in the list of notes.
    for note in doc.notes:
        if note.label in marked or note.start is None:
            continue
        line_start = doc.text.rfind("\n", 0, note.start) + 1
        line_end = doc.text.find("\n", note.start)
        line_end = len(doc.text) if line_end < 0 else line_end
        label_end = max(line_start, len(doc.text[: note.start].rstrip()))
        out.append(
            Citation(
                marker=doc.text[line_start:label_end].strip() or note.label,
                marker_start=line_start,
                marker_end=label_end,
                sentence_start=note.start,
                sentence_end=line_end,
                note=note.text,
                urls=urls_in(note.text),
            )
        )
    return sorted(out, key=lambda c: (c.marker_start, c.marker_end))


def glued_words(text: str) -> list[Finding]:
    """Words run together across a lost line or page break ("brain drainPivotal"): suspects."""
    found: list[Finding] = []
    for m in _GLUED.finditer(text):
        word = m.group()
        if word[:2].lower() in ("mc", "ma") and word[2].isupper():
            continue  # McDonald, MacArthur
        found.append(
            Finding("glued-words", f"{word!r} looks like two words run together", m.start())
        )
    return found


_NOTES_HEADING = re.compile(r"^(?:#+\s*)?(foot ?notes|end ?notes|notes)\s*:?\s*$", re.I | re.M)
_NOTE_LINE = re.compile(
    r"^[ \t]*(?:\[\^?(\d{1,3})\]:?|(\d{1,3})[.)]|([¹²³⁴⁵⁶⁷⁸⁹⁰]+))[ \t]+(\S.*)$", re.M
)
_FOOTNOTE_DEF = re.compile(r"^\[\^(\w{1,20})\]:[ \t]+(\S.*)$", re.M)
_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_MARKER = re.compile(r"\[\^(\w{1,20})\]|\[(\d{1,3})\]|([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")


def notes_area(text: str, headings: Iterable[Heading] = ()) -> int | None:
    """Where the notes begin: a heading "Footnotes", "Notes" or "Endnotes", the last one."""
    starts = [h.start for h in headings if _NOTES_HEADING.fullmatch(h.title.strip())]
    if not starts:
        starts = [m.start() for m in _NOTES_HEADING.finditer(text)]
    return starts[-1] if starts else None


def find_notes(text: str, headings: Iterable[Heading] = ()) -> list[Note]:
    """Numbered notes under a notes heading, and Markdown ``[^label]: words`` definitions."""
    notes: dict[str, Note] = {}
    for m in _FOOTNOTE_DEF.finditer(text):
        notes.setdefault(m.group(1), Note(m.group(1), m.group(2).strip(), m.start(2)))
    area = notes_area(text, headings)
    if area is not None:
        for m in _NOTE_LINE.finditer(text, area):
            label = (m.group(1) or m.group(2) or m.group(3)).translate(_SUPERSCRIPTS)
            notes.setdefault(label, Note(label, m.group(4).strip(), m.start(4)))
    return list(notes.values())


def find_markers(text: str, notes: list[Note], end: int | None = None) -> list[Marker]:
    """``[^1]``, ``[1]`` and ``¹`` markers before ``end`` whose label is a note's."""
    labels = {n.label for n in notes}
    found: list[Marker] = []
    for m in _MARKER.finditer(text, 0, len(text) if end is None else end):
        raw = m.group(1) or m.group(2) or m.group(3)
        label = raw.translate(_SUPERSCRIPTS)
        if label in labels and not _is_definition(text, m.start()):
            found.append(Marker(label, m.start(), m.end()))
    return found


def _is_definition(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    return text[line_start:at].strip() == "" and text.startswith(":", text.find("]", at) + 1)


# --- plain-text structure ---------------------------------------------------------------------

_NUMBERED_HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")


def text_headings(text: str) -> list[Heading]:
    """Headings of plain text, as the seed's: a short line standing alone between blank lines.

    Level 1 unless the line is numbered ``2.1 Title`` (level = depth), or follows a level-1
    heading that is in capitals (then level 2). A line ending in a full stop, comma or colon is
    a sentence, not a heading.
    """
    out: list[Heading] = []
    lines = text.split("\n")
    offset = 0
    starts = []
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    for i, line in enumerate(lines):
        words = line.strip()
        if not words or len(words) > 90 or len(words.split()) > 12:
            continue
        before = i == 0 or not lines[i - 1].strip()
        after = i + 1 >= len(lines) or not lines[i + 1].strip()
        if not (before and after):
            continue
        if words[-1] in '.,;:!?"”’)' or not (words[0].isupper() or words[0].isdigit()):
            continue
        if _NUMBERED_HEADING.match(words) is None and sum(
            w[:1].isupper() for w in words.split()
        ) * 2 < len([w for w in words.split() if len(w) > 3]):
            continue  # a short sentence-case line ("This is it") is more likely text
        level = 1
        numbered = _NUMBERED_HEADING.match(words)
        if numbered:
            level = min(6, numbered.group(1).count(".") + 1)
        start = starts[i] + (len(line) - len(line.lstrip()))
        out.append(Heading(words, level, start))
    return normalise_levels(out)


def normalise_levels(headings: list[Heading]) -> list[Heading]:
    """Levels that start at 1 and never skip one (a section needs a parent one level up)."""
    out: list[Heading] = []
    previous = 0
    for h in headings:
        level = max(1, min(h.level, previous + 1))
        out.append(Heading(h.title, level, h.start))
        previous = level
    return out


def parse_front_matter(source: str) -> tuple[dict[str, str], int]:
    """YAML-ish ``---`` front matter at the very top: (fields, length of the block)."""
    if not source.startswith("---\n"):
        return {}, 0
    end = source.find("\n---", 4)
    if end < 0:
        return {}, 0
    fields: dict[str, str] = {}
    for line in source[4:end].split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip().lower()] = value.strip().strip("\"'")
    close = source.find("\n", end + 1)
    return fields, (len(source) if close < 0 else close + 1)


_HEADER_FIELD = re.compile(r"^\*\*([^*:]{2,40}):\*\*[ \t]*(.*)$", re.M)


def header_block(source: str) -> dict[str, str]:
    """A CRS-style block of ``**Field:** value`` lines near the top."""
    return {
        m.group(1).strip().lower(): m.group(2).strip()
        for m in _HEADER_FIELD.finditer(source, 0, min(len(source), 3000))
    }


def metadata_from_fields(fields: dict[str, Any]) -> dict[str, str]:
    """title, author, publisher, published (YYYY-MM-DD), url, language from loosely named fields."""
    aliases = {
        "title": ("title", "dc.title", "og:title", "citation_title"),
        "author": ("author", "author(s)", "authors", "dc.creator", "citation_author", "by"),
        "publisher": ("publisher", "dc.publisher", "og:site_name", "citation_publisher"),
        "published": (
            "published",
            "date",
            "publication date",
            "dc.date",
            "citation_date",
            "citation_publication_date",
            "article:published_time",
            "creationdate",
        ),
        "url": ("url", "source", "og:url", "canonical", "citation_pdf_url"),
        "language": ("language", "lang", "dc.language"),
    }
    out: dict[str, str] = {}
    lowered = {str(k).lower(): str(v).strip() for k, v in fields.items() if v and str(v).strip()}
    for key, names in aliases.items():
        for name in names:
            if lowered.get(name):
                out[key] = lowered[name]
                break
    if "published" in out:
        date = parse_date(out["published"])
        if date:
            out["published"] = date
        else:
            del out["published"]
    if "url" in out and not out["url"].lower().startswith(("http://", "https://")):
        del out["url"]
    return out


_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


def parse_date(value: str) -> str | None:
    """``2026-04-14``, ``04/14/2026``, ``April 14, 2026`` or a PDF ``D:20260415...`` date."""
    value = value.strip()
    m = re.match(r"^D:(\d{4})(\d{2})(\d{2})", value)
    if m:
        return f"{m[1]}-{m[2]}-{m[3]}"
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        return f"{m[1]}-{m[2]}-{m[3]}"
    m = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", value)
    if m:
        return f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}"
    m = re.match(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})$", value)
    if m and m[1].lower() in _MONTHS:
        return f"{m[3]}-{_MONTHS[m[1].lower()]:02d}-{int(m[2]):02d}"
    return None


def word_counts(text: str) -> Counter[str]:
    return Counter(re.findall(r"[A-Za-z]+", text.lower()))


def join_hyphenated(left: str, right: str, vocabulary: Counter[str]) -> tuple[str, str | None]:
    """How to join ``left`` ("struc-") and ``right`` ("ture..."): the joint and a verdict.

    Returns ("", "repaired") when the word without the hyphen occurs elsewhere, ("-", "kept")
    when the hyphenated form does or the parts are capitalised or numbers, and ("-", None)
    when undecided (reported as a suspect).
    """
    m_left = re.search(r"([A-Za-z]+)-$", left)
    m_right = re.match(r"([A-Za-z]+)", right)
    if not m_left or not m_right:
        return "-", "kept"
    a, b = m_left.group(1), m_right.group(1)
    if b[0].isupper():
        return "-", "kept"
    whole = (a + b).lower()
    if vocabulary.get(whole, 0) > 0:
        return "", "repaired"
    return "-", None
