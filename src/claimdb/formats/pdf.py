"""PDF reports (pypdfium2): the text layer, rebuilt into paragraphs, with headings and footnotes.

pypdfium2 (Google's PDFium) was chosen by measurement: on the CRS reports it
extracts the same words as pypdf and pdfminer.six, 8 to 20 times faster, and
gives each character's font size, which is what tells headings, footnotes and
superscript markers from body text (eval/documents.py, bench/README.md).

What the reader does, all of it reported in :attr:`ParsedDocument.repairs`:

- drops running headers and footers (a line at the top or bottom of a page that
  recurs, digits aside, on many pages) and bare page numbers;
- rejoins the lines of a paragraph with a space, across page breaks too (so no
  "brain drainPivotal"); a word hyphenated across a line is joined when the
  unhyphenated word occurs elsewhere in the text, else kept and reported;
- reattaches a superscript marker PDFium put at the start of the next line;
- moves the footnotes from the foot of each page to a "Footnotes" list at the
  end, so that a sentence running over a page break stays whole.

Headings come from the outline (bookmarks) when there is one, else from font
size and weight: a short line larger than the body text, or bold at body size
and standing alone. A PDF without a text layer (a scan) or with a password is
refused.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from claimdb.errors import InvalidInput
from claimdb.formats.documents import (
    DocFormat,
    Finding,
    Heading,
    Marker,
    Note,
    ParsedDocument,
    join_hyphenated,
    metadata_from_fields,
    normalise_levels,
    word_counts,
)
from claimdb.wording import counted

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s+of\s+\d{1,4})?$", re.I)
_CONTINUED = re.compile(r"^\(?continued\.*\)?$", re.I)
_END_PUNCT = (".", "?", "!", ":", '"', "”", "’", ")")


@dataclass
class _Line:
    text: str
    size: float
    bold: bool
    page: int
    # (start, end, digits) of superscript runs: digits smaller than the line's text.
    supers: list[tuple[int, int]] = field(default_factory=list)


def read(data: bytes, *, name: str) -> ParsedDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InvalidInput(
                f"{name} is encrypted: it needs a password to open",
                hint="save an unencrypted copy (e.g. `qpdf --decrypt IN OUT`) and add that",
            ) from None
        raise InvalidInput(
            f"{name} is not a readable PDF ({exc})",
            hint="check that the file is a PDF, or pass the right --format",
        ) from None
    try:
        return _read(pdf, name)
    finally:
        pdf.close()


def _read(pdf: object, name: str) -> ParsedDocument:
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    assert isinstance(pdf, pdfium.PdfDocument)
    pages: list[list[_Line]] = []
    sizes: Counter[float] = Counter()
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        count = textpage.count_chars()
        aligned = len(text) == count
        lines: list[_Line] = []
        pos = 0
        for raw_line in re.split(r"\r\n|\n|\r", text):
            start = pos
            pos += len(raw_line) + (2 if text.startswith("\r\n", start + len(raw_line)) else 1)
            line = raw_line.rstrip()
            if not line.strip():
                continue
            char_sizes = (
                [raw.FPDFText_GetFontSize(textpage.raw, start + i) for i in range(len(line))]
                if aligned
                else [0.0] * len(line)
            )
            visible = [s for ch, s in zip(line, char_sizes, strict=True) if not ch.isspace()]
            size = round(Counter(round(s * 2) / 2 for s in visible).most_common(1)[0][0], 1)
            first = next(i for i, ch in enumerate(line) if not ch.isspace())
            weight = raw.FPDFText_GetFontWeight(textpage.raw, start + first) if aligned else 400
            supers = _superscripts(line, char_sizes, size)
            if line.strip().isdigit() and len(line.strip()) <= 3 and visible:
                # A marker alone on a line (raised above its line's baseline): sized against
                # the page's other text later, in _assemble.
                supers = [(len(line) - len(line.lstrip()), len(line))]
            lines.append(_Line(line, size, weight >= 600, index, supers))
            for ch, s in zip(line, char_sizes, strict=True):
                if not ch.isspace():
                    sizes[round(s * 2) / 2] += 1
        textpage.close()
        page.close()
        pages.append(lines)
    total = sum(sizes.values())
    if total < 20:
        raise InvalidInput(
            f"{name} has no text layer: {len(pages)} page(s) but no words to extract "
            "(a scanned document?)",
            hint="run OCR first (e.g. `ocrmypdf IN OUT`) and add the result",
        )
    body = sizes.most_common(1)[0][0]
    metadata = _metadata(pdf)
    outline = [(item.level + 1, (item.get_title() or "").strip()) for item in pdf.get_toc()]
    return _assemble(pages, body, outline, name=name, metadata=metadata)


def _superscripts(line: str, sizes: list[float], size: float) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(line):
        if line[i].isdigit() and 0 < sizes[i] <= size * 0.8:
            j = i
            while j < len(line) and line[j].isdigit() and sizes[j] <= size * 0.8:
                j += 1
            if j - i <= 3:
                runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _metadata(pdf: object) -> dict[str, str]:
    info = pdf.get_metadata_dict()  # type: ignore[attr-defined]
    fields = {
        "title": info.get("Title", ""),
        "author": info.get("Author", ""),
        "creationdate": info.get("CreationDate", ""),
    }
    return metadata_from_fields(fields)


def _signature(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _assemble(
    pages: list[list[_Line]],
    body: float,
    outline: list[tuple[int, str]],
    *,
    name: str,
    metadata: dict[str, str],
) -> ParsedDocument:
    repairs: list[Finding] = []
    suspects: list[Finding] = []

    # Running headers and footers: the first or last two lines of a page that recur.
    edge: Counter[str] = Counter()
    for lines in pages:
        if len(lines) > 4:
            edge.update({_signature(line.text) for line in (*lines[:2], *lines[-2:])})
    # On 2 or 3 pages a line at the edge of two of them is running; on more, of 3 and 40%.
    threshold = 2 if len(pages) <= 3 else max(3, int(len(pages) * 0.4))
    running = {sig for sig, n in edge.items() if n >= threshold}
    dropped_running = dropped_numbers = 0
    kept: list[list[_Line]] = []
    for lines in pages:
        keep = []
        for i, line in enumerate(lines):
            at_edge = i < 2 or i >= len(lines) - 2
            if at_edge and _signature(line.text) in running and _note_label(line) is None:
                dropped_running += 1
                continue
            if at_edge and _PAGE_NUMBER.match(line.text.strip()):
                dropped_numbers += 1
                continue
            keep.append(line)
        kept.append(keep)
    if dropped_running:
        repairs.append(
            Finding(
                "running-header",
                f"{counted(dropped_running, 'running header/footer line')} dropped",
            )
        )
    if dropped_numbers:
        repairs.append(Finding("page-number", f"{counted(dropped_numbers, 'page number')} dropped"))

    # Footnotes: the run of smaller lines at the foot of a page, starting at a numbered line.
    notes: list[tuple[str, list[str]]] = []
    body_lines: list[_Line] = []
    moved = strays = 0
    for page_lines in kept:
        # A lone number as big as the body text is not a superscript after all.
        for line in page_lines:
            if line.text.strip().isdigit() and line.size > body * 0.8:
                line.supers = []
        # A stray letter or two at the very foot of a page (a decoration, a drop capital
        # misplaced by the extraction) does not end the footnotes above it: it is dropped.
        last = len(page_lines)
        while last and len(page_lines[last - 1].text.strip()) <= 2:
            if page_lines[last - 1].text.strip().isdigit():
                break
            last -= 1
        strays += len(page_lines) - last
        lines = page_lines[:last]
        cut = len(lines)
        while cut > 0 and lines[cut - 1].size < body * 0.92:
            cut -= 1
        first_note = next(
            (i for i in range(cut, len(lines)) if _note_label(lines[i]) is not None), None
        )
        if first_note is None:
            body_lines.extend(lines)
            continue
        body_lines.extend(lines[:first_note])
        # Lines between the body and the first numbered note continue a note from before.
        for line in lines[cut:first_note] if notes else ():
            notes[-1][1].append(line.text.strip())
        for line in lines[first_note:]:
            if _CONTINUED.match(line.text.strip()):
                continue
            label = _note_label(line)
            if label is not None:
                moved += 1
                notes.append((label, [line.text[line.supers[0][1] :].strip()]))
            else:
                notes[-1][1].append(line.text.strip())
    if strays:
        repairs.append(
            Finding("stray", f"{counted(strays, 'stray character')} at the foot of a page dropped")
        )
    if moved:
        repairs.append(
            Finding(
                "footnotes",
                f"{counted(moved, 'footnote')} moved from the foot of the page to the end",
            )
        )

    vocabulary = word_counts(
        "\n".join(line.text.replace(_SOFT_HYPHEN, "- ") for line in body_lines)
    )
    out = _Text()
    headings: list[Heading] = []
    markers: list[Marker] = []
    # Heading levels by size, among sizes used by more than one heading: a one-off bigger
    # size (a cover page's title) is level 1 too.
    used = Counter(line.size for line in body_lines if _is_heading(line, body))
    repeated = sorted((s for s, n in used.items() if n > 1 and s > body * 1.05), reverse=True)
    heading_sizes = repeated or sorted((s for s in used if s > body * 1.05), reverse=True)
    typical = sorted(len(line.text) for line in body_lines if line.size == body)
    full = typical[int(len(typical) * 0.8)] if typical else 80
    previous: _Line | None = None
    pending_heading: tuple[int, float, bool] | None = None
    joined_pages = hyphen_repaired = 0
    for line in body_lines:
        if _SOFT_HYPHEN in line.text:
            hyphen_repaired += _dehyphenate(line, vocabulary, suspects)
        words = line.text.strip()
        offset_in_line = len(line.text) - len(line.text.lstrip())
        supers = [(a - offset_in_line, b - offset_in_line) for a, b in line.supers]
        if _is_heading(line, body):
            level = _level(line, body, heading_sizes)
            same = (
                pending_heading is not None
                and previous is not None
                and previous.size == line.size
                and previous.page == line.page
            )
            if same:
                out.write(" ")
                at = len(out)
            else:
                out.paragraph()
                at = len(out)
                pending_heading = (at, line.size, line.bold)
                headings.append(Heading(words, level, at))
            out.write(words)
            if same:
                start = headings[-1].start
                headings[-1] = Heading(out.text()[start:], headings[-1].level, start)
            previous = line
            continue
        pending_heading = None
        if previous is None or _is_heading(previous, body):
            out.paragraph()
        elif supers and supers[0][0] == 0:
            pass  # a superscript PDFium put at the start of the line belongs to the line before
        elif _ends_paragraph(previous, line, full):
            out.paragraph()
        elif previous.text.rstrip().endswith("-") and words[:1].islower():
            _, verdict = join_hyphenated(previous.text.rstrip(), words, vocabulary)
            if verdict == "repaired":
                out.unwrite(1)
                hyphen_repaired += 1
            elif verdict is None:
                suspects.append(
                    Finding(
                        "hyphen",
                        f"kept the hyphen in {previous.text.split()[-1] + words.split()[0]!r}",
                        len(out),
                    )
                )
        else:
            out.write(" ")
            if previous.page != line.page:
                joined_pages += 1
        base = len(out)
        out.write(words)
        for a, b in supers:
            markers.append(Marker(words[a:b], base + a, base + b))
        previous = line
    if hyphen_repaired:
        repairs.append(
            Finding("hyphenation", f"{counted(hyphen_repaired, 'hyphenated line break')} joined")
        )
    if joined_pages:
        repairs.append(
            Finding(
                "page-break", f"{counted(joined_pages, 'paragraph')} rejoined across a page break"
            )
        )

    note_objs: list[Note] = []
    if notes:
        out.paragraph()
        headings.append(Heading("Footnotes", 1, len(out)))
        out.write("Footnotes")
        for label, parts in notes:
            out.paragraph()
            out.write(f"{label}. ")
            at = len(out)
            words = _join_note(parts, vocabulary)
            out.write(words)
            note_objs.append(Note(label, words, at))
    text = out.text()
    if outline:
        # The outline's headings, and the "Footnotes" heading this reader wrote itself.
        ours = headings[-1:] if note_objs else []
        headings = (
            _outline_headings(text, outline) or headings[: len(headings) - len(ours)]
        ) + ours
    metadata.setdefault("title", headings[0].title if headings else "")
    if not metadata["title"]:
        del metadata["title"]
    labels = {n.label for n in note_objs}
    unmatched = [m for m in markers if m.label not in labels]
    if unmatched:
        suspects.append(
            Finding(
                "marker",
                f"{len(unmatched)} superscript numbers match no footnote (first: "
                f"{unmatched[0].label!r})",
                unmatched[0].start,
            )
        )
    return ParsedDocument(
        text=text,
        format=DocFormat.PDF,
        name=name,
        sha256="",
        size=0,
        headings=normalise_levels(headings),
        markers=[m for m in markers if m.label in labels],
        notes=note_objs,
        metadata=metadata,
        repairs=repairs,
        suspects=suspects,
    )


_SOFT_HYPHEN = "\ufffe"
"""What PDFium puts where a word was hyphenated across two lines it has joined."""


def _dehyphenate(line: _Line, vocabulary: Counter[str], suspects: list[Finding]) -> int:
    """Resolve PDFium's joined hyphenation marks in ``line``; the number repaired."""
    repaired = 0
    while _SOFT_HYPHEN in line.text:
        at = line.text.index(_SOFT_HYPHEN)
        left, right = line.text[:at], line.text[at + 1 :]
        _, verdict = join_hyphenated(left + "-", right, vocabulary)
        if verdict == "repaired":
            line.text = left + right
            line.supers = [(a - (a > at), b - (b > at)) for a, b in line.supers]
            repaired += 1
        else:
            line.text = left + "-" + right
            if verdict is None:
                word = (left.split() or [""])[-1] + "-" + (right.split() or [""])[0]
                suspects.append(Finding("hyphen", f"kept the hyphen in {word!r}"))
    return repaired


def _note_label(line: _Line) -> str | None:
    stripped = line.text.lstrip()
    lead = len(line.text) - len(stripped)
    if line.supers and line.supers[0][0] == lead and len(stripped) > line.supers[0][1] - lead:
        return line.text[line.supers[0][0] : line.supers[0][1]]
    return None


def _level(line: _Line, body: float, sizes: list[float]) -> int:
    if line.size <= body * 1.05:
        return len(sizes) + 1
    bigger = [s for s in sizes if s >= line.size]
    return max(1, len(bigger))


def _is_heading(line: _Line, body: float) -> bool:
    words = line.text.strip()
    if len(words) < 3 or len(words) > 120 or not words[:1].isalnum() or line.supers:
        return False
    if line.size > body * 1.05:
        return True
    return line.bold and line.size >= body and not words.endswith((".", ",", ";"))


def _ends_paragraph(previous: _Line, line: _Line, full: int) -> bool:
    if line.size != previous.size:
        return True
    if line.text.lstrip().startswith(("•", "●", "▪", "–", "- ")):
        return True
    short = len(previous.text.strip()) < full * 0.85
    return short and previous.text.rstrip().endswith(_END_PUNCT)


def _join_note(parts: list[str], vocabulary: Counter[str]) -> str:
    words = ""
    for part in parts:
        if words.endswith("-") and part[:1].islower():
            _, verdict = join_hyphenated(words, part, vocabulary)
            words = words[:-1] + part if verdict == "repaired" else words + part
        elif words.endswith(("/", "-")):
            words += part  # a URL broken over two lines
        else:
            words = f"{words} {part}" if words else part
    return words


def _outline_headings(text: str, outline: list[tuple[int, str]]) -> list[Heading]:
    found: list[Heading] = []
    at = 0
    for level, title in outline:
        if not title:
            continue
        start = text.find(title, at)
        if start < 0:
            continue
        found.append(Heading(title, level, start))
        at = start + len(title)
    return found


class _Text:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def __len__(self) -> int:
        return self.length

    def write(self, words: str) -> None:
        self.parts.append(words)
        self.length += len(words)

    def unwrite(self, n: int) -> None:
        text = self.text()[:-n]
        self.parts = [text]
        self.length = len(text)

    def paragraph(self) -> None:
        if self.length:
            self.write("\n\n")

    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""
