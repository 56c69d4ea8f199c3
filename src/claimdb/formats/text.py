"""Plain-text reports: the text exactly as given, headings and notes found by heuristics.

The text is never changed: a ``.txt`` file is already what the fact-checker
reads. Headings are short lines standing alone (see
:func:`claimdb.formats.documents.text_headings`); notes are numbered lines under
a "Footnotes" or "Notes" heading, and markers ``[1]``, ``[^1]`` or ``¹`` in the
text before them.
"""

from __future__ import annotations

from claimdb.formats.documents import (
    DocFormat,
    ParsedDocument,
    find_markers,
    find_notes,
    notes_area,
    text_headings,
)


def read(source: str, *, name: str) -> ParsedDocument:
    headings = text_headings(source)
    notes = find_notes(source, headings)
    markers = find_markers(source, notes, notes_area(source, headings))
    metadata: dict[str, str] = {}
    first = next((line.strip() for line in source.split("\n") if line.strip()), "")
    if first and len(first) <= 200:
        metadata["title"] = first
    return ParsedDocument(
        text=source,
        format=DocFormat.TXT,
        name=name,
        sha256="",
        size=0,
        headings=headings,
        markers=markers,
        notes=notes,
        metadata=metadata,
    )
