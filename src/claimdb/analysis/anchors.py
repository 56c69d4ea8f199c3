"""Finding a claim's words in a document's text, and saying where they are when they are not.

Pure functions on strings, shared by the anchor checks of `claim add`, the
ingest path and the seed loader, so that all of them find quotes the same
way and explain a miss the same way:

- :func:`spans`: where the exact words occur;
- :func:`loose_spans`: where they occur if typographic and straight quotation
  marks, apostrophes and dashes are taken as the same, and any run of white
  space as one space (what copying from a PDF or a word processor changes);
- :func:`closest_passage`: the passage most like the words (rapidfuzz), for
  a message that says what to copy instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

CLOSE_ENOUGH = 70.0
"""The similarity (0-100) from which a passage is worth suggesting."""

_QUOTES = {"'": "['‘’]", "‘": "['‘’]", "’": "['‘’]", '"': '["“”]', "“": '["“”]', "”": '["“”]'}
_DASHES = "[-–—]"


def spans(text: str, words: str) -> list[tuple[int, int]]:
    """Every (start, end) where ``words`` occurs exactly, overlapping ones included."""
    found: list[tuple[int, int]] = []
    at = text.find(words) if words else -1
    while at >= 0:
        found.append((at, at + len(words)))
        at = text.find(words, at + 1)
    return found


def loose_pattern(words: str) -> re.Pattern[str]:
    """``words`` as a pattern where quote styles, dashes and white-space runs don't matter."""
    parts: list[str] = []
    for ch in words:
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in _QUOTES:
            parts.append(_QUOTES[ch])
        elif ch in "-–—":
            parts.append(_DASHES)
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def loose_spans(text: str, words: str) -> list[tuple[int, int]]:
    """Where ``words`` occurs once quote styles, dashes and white space are ignored."""
    if not words.strip():
        return []
    return [(m.start(), m.end()) for m in loose_pattern(words.strip()).finditer(text)]


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    text: str
    similarity: float


def closest_passage(text: str, words: str) -> Passage | None:
    """The passage of ``text`` most like ``words``, if it is at least :data:`CLOSE_ENOUGH` alike."""
    if not words.strip() or not text:
        return None
    found = fuzz.partial_ratio_alignment(words, text, score_cutoff=CLOSE_ENOUGH)
    if found is None:
        return None
    # The alignment is as long as the words; widen it to whole words of the text.
    start, end = found.dest_start, found.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    while end > start and text[end - 1] in ",;:":
        end -= 1
    return Passage(start, end, text[start:end], round(found.score, 1))


def clip(text: str, width: int = 60) -> str:
    """``text`` quoted for a message, shortened to ``width`` characters."""
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def describe_miss(text: str, words: str) -> str:
    """Why ``words`` cannot anchor in ``text``, and what would: for an error message."""
    loose = loose_spans(text, words)
    if loose:
        a, b = loose[0]
        return (
            f"{clip(words)} does not occur exactly; with quotation marks, dashes and spaces "
            f"ignored it matches {clip(text[a:b])} at {a}-{b}: copy the text's characters exactly"
        )
    near = closest_passage(text, words)
    if near is not None:
        return (
            f"{clip(words)} does not occur in the text; the closest passage is "
            f"{clip(near.text)} at {near.start}-{near.end} ({near.similarity:g}% alike)"
        )
    return f"{clip(words)} does not occur in the text, nor anything close to it"
