"""Re-anchoring claims from one version of a text to the next.

Each anchor (exact words, 32 characters of context either side, offsets in the
old text) lands in the new text as one of:

- ``exact``: the same words at the same offsets;
- ``moved``: the same words elsewhere (an edit before them shifted them, or the
  passage moved);
- ``changed``: no exact match, but a passage at least :data:`THRESHOLD` alike
  near where the words should be (old and new words both reported);
- ``orphaned``: nothing close enough.

Fast by design: the two texts are diffed once, line by line (difflib on lists
of lines), which maps every unchanged stretch of the old text to its place in
the new one. An anchor inside such a stretch is placed by arithmetic; one that
is not is searched for exactly near its expected place, then in the whole text
(``str.find``, in C), and only then fuzzily (rapidfuzz), in a window around its
expected place, never over the whole text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import StrEnum

from rapidfuzz import fuzz

from claimdb.analysis import anchors

THRESHOLD = 80.0
"""The similarity (0-100) from which a changed passage still anchors a claim."""

CONTEXT = 32
"""Characters of context either side of an anchor (the W3C TextQuoteSelector's prefix/suffix)."""


class Outcome(StrEnum):
    EXACT = "exact"
    MOVED = "moved"
    CHANGED = "changed"
    ORPHANED = "orphaned"


@dataclass(frozen=True)
class Anchor:
    """A claim's anchor in the old text."""

    key: int
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Placement:
    """Where an anchor lands in the new text (``start``/``end`` None when orphaned)."""

    key: int
    outcome: Outcome
    start: int | None
    end: int | None
    old: str
    new: str | None
    similarity: float
    old_start: int = 0


class OffsetMap:
    """Maps offsets of the old text to the new through the unchanged stretches of a line diff."""

    def __init__(self, old: str, new: str) -> None:
        old_lines = _lines(old)
        new_lines = _lines(new)
        old_starts = _starts(old_lines)
        new_starts = _starts(new_lines)
        matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
        # (old start, new start, length) of each unchanged stretch, in old order.
        self.blocks: list[tuple[int, int, int]] = []
        for a, b, size in matcher.get_matching_blocks():
            if size:
                length = old_starts[a + size] - old_starts[a]
                self.blocks.append((old_starts[a], new_starts[b], length))
        self._keys = [block[0] for block in self.blocks]
        self.new_length = len(new)

    def exact(self, start: int, end: int) -> int | None:
        """The new start of ``old[start:end]`` when it lies inside one unchanged stretch."""
        i = bisect.bisect_right(self._keys, start) - 1
        if i < 0:
            return None
        a, b, size = self.blocks[i]
        if end <= a + size:
            return b + (start - a)
        return None

    def estimate(self, offset: int) -> int:
        """Where ``offset`` of the old text probably is in the new: by the nearest stretch."""
        i = bisect.bisect_right(self._keys, offset) - 1
        if i < 0:
            return min(offset, self.new_length)
        a, b, size = self.blocks[i]
        return min(b + min(offset - a, size), self.new_length)


def _lines(text: str) -> list[str]:
    """The text's lines, each blank line joined to the one before: blank lines all look alike,
    and thousands of equal items would make the diff quadratic."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if out and not line.strip():
            out[-1] += line
        else:
            out.append(line)
    return out


def _starts(lines: Sequence[str]) -> list[int]:
    out = [0]
    for line in lines:
        out.append(out[-1] + len(line))
    return out


def reanchor(
    old: str, new: str, items: Sequence[Anchor], *, threshold: float = THRESHOLD
) -> list[Placement]:
    """Place each anchor of ``old`` in ``new`` (see the module's docstring)."""
    if old == new:
        return [
            Placement(a.key, Outcome.EXACT, a.start, a.end, a.exact, a.exact, 100.0, a.start)
            for a in items
        ]
    mapping = OffsetMap(old, new)
    return [replace(_place(new, mapping, a, threshold), old_start=a.start) for a in items]


def _place(new: str, mapping: OffsetMap, a: Anchor, threshold: float) -> Placement:
    words = a.exact
    mapped = mapping.exact(a.start, a.end)
    if mapped is not None and new.startswith(words, mapped):
        outcome = Outcome.EXACT if mapped == a.start else Outcome.MOVED
        return Placement(a.key, outcome, mapped, mapped + len(words), words, words, 100.0)
    expected = mapping.estimate(a.start)
    if new.startswith(words, a.start):
        return Placement(a.key, Outcome.EXACT, a.start, a.end, words, words, 100.0)
    found = _find_exact(new, a, expected)
    if found is not None:
        outcome = Outcome.EXACT if found == a.start else Outcome.MOVED
        return Placement(a.key, outcome, found, found + len(words), words, words, 100.0)
    near = _find_close(new, a, expected, threshold)
    if near is not None:
        return Placement(
            a.key, Outcome.CHANGED, near.start, near.end, words, near.text, near.similarity
        )
    return Placement(a.key, Outcome.ORPHANED, None, None, words, None, 0.0)


def _find_exact(new: str, a: Anchor, expected: int) -> int | None:
    """The occurrence of the words nearest their expected place, preferring matching context."""
    words = a.exact
    window = max(2000, len(words) * 4)
    lo = max(0, expected - window)
    hits: list[int] = []
    at = new.find(words, lo, expected + window + len(words))
    while at >= 0 and len(hits) < 50:
        hits.append(at)
        at = new.find(words, at + 1, expected + window + len(words))
    if not hits:
        at = new.find(words)
        while at >= 0 and len(hits) < 50:
            hits.append(at)
            at = new.find(words, at + 1)
    if not hits:
        return None

    def score(at: int) -> tuple[int, int]:
        context = int(bool(a.prefix) and new.endswith(a.prefix, 0, at)) + int(
            bool(a.suffix) and new.startswith(a.suffix, at + len(words))
        )
        return (-context, abs(at - expected))

    return min(hits, key=score)


def _find_close(new: str, a: Anchor, expected: int, threshold: float) -> anchors.Passage | None:
    """The passage most like the words in a window around their expected place."""
    words = a.exact
    span = max(600, len(words) * 3)
    lo = max(0, expected - span)
    hi = min(len(new), expected + len(words) + span)
    window = new[lo:hi]
    if not window.strip():
        return None
    found = fuzz.partial_ratio_alignment(words, window, score_cutoff=threshold)
    if found is None:
        return None
    start, end = lo + found.dest_start, lo + found.dest_end
    # Whole words of the new text, as anchors.closest_passage does.
    while start > 0 and not new[start - 1].isspace() and start > lo:
        start -= 1
    while end < len(new) and not new[end].isspace() and end < hi:
        end += 1
    while end > start and new[end - 1] in ",;: ":
        end -= 1
    while start < end and new[start].isspace():
        start += 1
    start, end = _best_bounds(new, words, start, end, lo=lo, hi=hi)
    score = fuzz.ratio(words, new[start:end])
    # Leaders (a contents line's dots) and runs of white space make any two such lines look
    # alike: the words without them must be alike too.
    if fuzz.ratio(_collapse(words), _collapse(new[start:end])) < threshold:
        return None
    return anchors.Passage(start, end, new[start:end], round(max(score, found.score), 1))


_LEADERS = re.compile(r"(?:\.\s*){3,}|[_\-–—]{3,}|\s+")


def _collapse(words: str) -> str:
    return _LEADERS.sub(" ", words).strip()


def _best_bounds(
    new: str, words: str, start: int, end: int, *, lo: int, hi: int
) -> tuple[int, int]:
    """Move either end by up to three whole words where that makes the passage more alike."""
    starts = [start]
    at = start
    for _ in range(3):
        gap = at
        while gap > lo and new[gap - 1].isspace():
            gap -= 1
        if gap == at or gap <= lo or "\n\n" in new[gap:at]:
            break
        at = gap
        while at > lo and not new[at - 1].isspace():
            at -= 1
        starts.append(at)
    ends = [end]
    at = end
    for _ in range(3):
        gap = at
        while gap < hi and new[gap].isspace():
            gap += 1
        if gap == at or gap >= hi or "\n\n" in new[at:gap]:
            break
        at = gap
        while at < hi and not new[at].isspace():
            at += 1
        ends.append(at)
    return max(
        ((s, e) for s in starts for e in ends if s < e),
        key=lambda b: (fuzz.ratio(words, new[b[0] : b[1]]), -(b[1] - b[0])),
    )


def context(text: str, start: int, end: int) -> tuple[str, str]:
    """The prefix and suffix of an anchor at ``start:end``: :data:`CONTEXT` characters each side."""
    return text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
