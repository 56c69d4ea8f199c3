"""Reading import files byte by byte, so that every defect gets a location.

UTF-8 with or without a byte-order mark, LF or CRLF line endings. Invalid
UTF-8 and NUL bytes are reported with their line and byte offset; a line
longer than :data:`MAX_LINE_BYTES` is reported without being read into
memory whole. Nothing here raises on bad input except :class:`FileProblem`,
which the readers turn into located errors.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from claimdb.schemas.common import CLAIM_TEXT_MAX_CHARS, FIELD_MAX_CHARS, LIMITS_DOC

BOM = b"\xef\xbb\xbf"
MIB = 1024 * 1024
ROW_TEXT_CELLS = 16
"""Text cells of an exported claim row besides its text (speaker, context, the verdict's
label, title, rationale, publisher...), each at most FIELD_MAX_CHARS."""
LARGEST_CLAIM_ROW_BYTES = 4 * (CLAIM_TEXT_MAX_CHARS + ROW_TEXT_CELLS * FIELD_MAX_CHARS) + 4096
"""The longest CSV line of a claim's own cells the field limits allow: 4 bytes a
character in UTF-8 (a doubled quote takes 2), plus tags, ids, dates and separators."""
MAX_LINE_BYTES = -(-24 * LARGEST_CLAIM_ROW_BYTES // MIB) * MIB
"""A physical line longer than this (16 MiB) is an error, and is not read into memory.

Derived from the field limits so that any row claimdb's own export writes reads
back: 24 times the largest row of a claim's own cells, the rest of the room being
for its citations and quantities (JSON cells)."""
MAX_FIELD_CHARS = MAX_LINE_BYTES
"""A CSV field (which may span lines) longer than this is an error: an unterminated
quote, most likely. Each field's real limit is its schema's (FIELD_MAX_CHARS...)."""
MAX_JSON_BYTES = 512 * 1024 * 1024
"""JSON documents are parsed whole; JSONL is the format for bigger files."""


class FileProblem(Exception):
    """A defect that stops reading the file: where it is and what it is."""

    def __init__(self, line: int | None, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


@dataclass
class Line:
    """One physical line, decoded; ``problem`` says why its bytes were not valid.

    A line over :data:`MAX_LINE_BYTES` is not read into memory: its ``text``
    is empty, ``prefix`` holds its start (:data:`PREFIX_BYTES`, decoded) and
    ``length`` its size in bytes, so that a rejects file can show what it was.
    """

    number: int
    text: str
    problem: str | None = None
    prefix: str | None = None
    length: int | None = None


PREFIX_BYTES = 1024
"""How much of an over-long line is kept to show where it was (in the rejects file)."""


def _prefix(raw: bytes) -> str:
    """The first PREFIX_BYTES of ``raw`` as text, without a character cut in two."""
    head = raw[:PREFIX_BYTES].removeprefix(BOM)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    return decoder.decode(head, final=False).replace("\x00", "")


def iter_lines(stream: IO[bytes]) -> Iterator[Line]:
    """Decoded lines (with their line endings), numbered from 1."""
    number = 0
    offset = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        problem = None
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            prefix = _prefix(raw)
            skipped = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(MAX_LINE_BYTES + 1)
                skipped += len(raw)
            yield Line(
                number,
                "",
                f"line is longer than {MAX_LINE_BYTES} bytes ({skipped} bytes), more than "
                f"any row within the field limits needs ({LIMITS_DOC}); "
                "is this really a line-based file?",
                prefix,
                skipped,
            )
            offset += skipped
            continue
        if number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM) :]
            offset += len(BOM)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = raw.decode("utf-8", errors="replace")
            problem = (
                f"invalid UTF-8 at byte {offset + exc.start} of the file "
                f"(byte {exc.start + 1} of the line: {raw[exc.start : exc.start + 1]!r}); "
                "save the file as UTF-8"
            )
        if "\x00" in text:
            at = raw.index(b"\x00")
            problem = problem or (
                f"NUL byte at byte {offset + at} of the file; "
                "the file looks binary or UTF-16 (save it as UTF-8 text)"
            )
            text = text.replace("\x00", "")
        offset += len(raw)
        yield Line(number, text, problem)


def read_text(stream: IO[bytes]) -> str:
    """A whole (JSON) file as text; invalid bytes raise FileProblem with their line."""
    raw = stream.read(MAX_JSON_BYTES + 1)
    if len(raw) > MAX_JSON_BYTES:
        raise FileProblem(
            None, f"file larger than {MAX_JSON_BYTES} bytes: use JSONL (one object per line)"
        )
    raw = raw.removeprefix(BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise FileProblem(
            line, f"invalid UTF-8 at byte {exc.start} of the file; save the file as UTF-8"
        ) from None
    if "\x00" in text:
        at = text.index("\x00")
        raise FileProblem(
            text.count("\n", 0, at) + 1,
            "NUL byte in the file; it looks binary or UTF-16 (save it as UTF-8 text)",
        )
    return text


_WS = re.compile(r"[ \t\r\n]*")


def _line_at(text: str, pos: int, cache: list[int]) -> int:
    """Line number of ``pos``, counting incrementally from the last call."""
    last_pos, last_line = cache
    if pos < last_pos:
        last_pos, last_line = 0, 1
    line = last_line + text.count("\n", last_pos, pos)
    cache[0], cache[1] = pos, line
    return line


def json_error(exc: json.JSONDecodeError) -> FileProblem:
    return FileProblem(exc.lineno, f"invalid JSON at column {exc.colno}: {exc.msg}")


def json_elements(text: str, start: int = 0) -> Iterator[tuple[int, Any]]:
    """The elements of the JSON array starting at ``start``, each with its line."""
    decoder = json.JSONDecoder()
    cache = [0, 1]
    pos = _WS.match(text, start).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] != "[":
        raise FileProblem(_line_at(text, pos, cache), "expected a JSON array")
    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] == "]":
        return
    while True:
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise json_error(exc) from None
        yield _line_at(text, pos, cache), value
        pos = _WS.match(text, end).end()  # type: ignore[union-attr]
        char = text[pos : pos + 1]
        if char == "]":
            return
        if char != ",":
            raise FileProblem(_line_at(text, pos, cache), "expected ',' or ']' in the array")
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]


def find_array(text: str, key: str) -> int | None:
    """Where the array value of the top-level ``key`` starts (for line numbers)."""
    match = re.search(r'"' + re.escape(key) + r'"\s*:\s*\[', text)
    return match.end() - 1 if match else None
