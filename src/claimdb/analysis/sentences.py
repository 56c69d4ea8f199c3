"""Sentence boundaries of one paragraph: rules for the clear ones, pysbd for the rest.

pysbd is careful and slow (about 60 sentences a second on a report's paragraphs): it runs
some hundred regular expressions over every paragraph whatever it holds. Most full stops in
a report are not hard to judge: a word of two or more letters, a full stop, a space and a
capital letter. :func:`split_paragraph` decides those by rule and hands pysbd only the
stretch between two clear boundaries that holds a doubtful one:

- a clear boundary: ``.``, ``!`` or ``?`` (with any closing quotes and brackets after it),
  white space, then a capital letter, a digit or an opening quote or bracket, where the word
  before the stop is not in pysbd's list of abbreviations, is not a single letter ("J."),
  has no full stop inside ("U.S.", "e.g."), is not a number ("No. 5", "1."), and where no
  bracket or quote is left open before it;
- not a boundary, by rule: a full stop (not ``!`` or ``?``) followed by a word in lower case,
  after a word that is not an abbreviation (pysbd does not split "end. and" either);
- anything else (an abbreviation, an initial, an ellipsis, a stop inside brackets or
  quotes, ``?`` before a word in lower case): doubtful, for pysbd.

The offsets are exact (into the paragraph given), whatever pysbd returns: its sentences are
found again in order. `eval/splitter_agreement.py` compares the boundaries with pysbd's on
whole paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

# pysbd 0.3.4's English abbreviations (lang/common/standard.py), and from "approx" on a few
# of reports (after "vol." and "ch." pysbd cuts "vol. | 170": the fast splitter does not).
_ABBREVIATIONS = """
    adj adm adv al ala alta apr arc ariz ark art assn asst attys aug ave bart bld bldg blvd
    brig bros btw cal calif capt cl cmdr co col colo comdr con conn corp cpl cres ct dak dec
    del dept det dist dr drs ens esp esq etc exp expy ext feb fed fla ft fwy fy ga gen gov hon
    hosp hr hway hwy ia id ida ill inc ind ing insp is jan jr jul jun kan kans ken ky la lt ltd
    maj man mar mass may md me med messrs mex mfg mich min minn miss mlle mm mme mo mont mr mrs
    ms msgr mssrs mt mtn neb nebr nev no nos nov nr oct ok okla ont op ord ore p pa pd pde penn
    penna pfc ph pl plz pp prof pvt que rd rs ref rep reps res rev rt sask sec sen sens sep
    sept sfc sgt sr st supt surg tce tenn tex univ usafa ut va v ver viz vs vt wash wis wisc
    wy wyo yuk fig approx est vol vols ch chap pt pts cf al"""
ABBREVIATIONS = frozenset(_ABBREVIATIONS.split())

# pysbd's abbreviations that never end a sentence ("Mr. Smith").
_PREPOSITIVE = """
    adm attys brig capt cmdr col cpl det dr gen gov ing lt maj mr mrs ms mt messrs mssrs prof
    ph rep reps rev sen sens sgt st supt v vs fig"""
PREPOSITIVE = frozenset(_PREPOSITIVE.split())
_MULTI_PERIOD = re.compile(r"[a-z](?:\.[a-z])+\.")
_COUNTRY = frozenset({"u.s", "u.s.a", "u.k", "e.u"})
_STARTER = re.compile(
    r"(?:A|Being|Did|For|He|How|However|I|In|It|Millions|More|She|That|The|There|They|We|What"
    r"|When|Where|Who|Why)\s"
)

# A stop, its closing quotes and brackets, the white space after it.
_STOP = re.compile(r"([.!?…]+)([\"”’')\]]*)(\d{0,3})(\s+)")
_OPENERS = "([{"
_CLOSERS = ")]}"
_QUOTE_OPEN = "“‘"
_QUOTE_CLOSE = "”’"


@cache
def _segmenter() -> Any:
    import pysbd  # imported here: only paragraphs with a doubtful stop pay for it

    return pysbd.Segmenter(language="en", clean=False)


def pysbd_split(paragraph: str) -> list[tuple[int, int]]:
    """pysbd's sentences of ``paragraph`` as (start, end), found again in order, trimmed."""
    out: list[tuple[int, int]] = []
    at = 0
    for piece in _segmenter().segment(paragraph):
        words = piece.strip()
        if not words:
            continue
        found = paragraph.find(words, at)
        if found < 0:  # pysbd changed the words: the rest is one sentence
            out.extend(_trim(paragraph, at, len(paragraph)))
            return out
        out.append((found, found + len(words)))
        at = found + len(words)
    return out


def _trim(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = text[start:end]
    words = piece.strip()
    if words:
        lead = len(piece) - len(piece.lstrip())
        yield start + lead, start + lead + len(words)


CLEAR, NONE, DOUBT = "clear", "none", "doubt"


def _judge(paragraph: str, m: re.Match[str], enclosed: bool) -> str:
    """Whether the stop matched by ``m`` ends a sentence: CLEAR, NONE or DOUBT.

    ``enclosed``: a bracket or quote is still open after the stop and its closers.
    """
    stops, closers, marker = m.group(1), m.group(2), m.group(3)
    after = m.end()
    if after >= len(paragraph):
        return NONE  # trailing white space: the paragraph's end
    nxt = paragraph[after]
    if len(stops) > 1 or stops == "…":
        return DOUBT
    begin = m.start()
    while begin > 0 and not paragraph[begin - 1].isspace():
        begin -= 1
    bare = paragraph[begin : m.start()].lstrip("\"“‘'([{").lower()
    letters = bare.replace(".", "")
    if marker:  # "handled.12 About": a footnote marker; "1969.1 Planning": a number
        if closers or not letters.isalpha() or "." in bare or bare in ABBREVIATIONS:
            return NONE if letters[-1:].isdigit() else DOUBT
        return DOUBT if enclosed or not nxt.isupper() else CLEAR
    if nxt.islower():
        return NONE if stops == "." and not closers else DOUBT
    if nxt.isspace():
        return DOUBT
    if stops == "." and not closers:
        verdict = _after_word(paragraph, begin, bare, letters, after)
        if verdict is not None:
            return DOUBT if verdict == CLEAR and enclosed else verdict
    if enclosed or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'(["):
        return DOUBT
    if bare in ABBREVIATIONS or "." in bare or len(letters) < 2 or letters.isdigit():
        return DOUBT  # "1. First", "(a. b. c.)": lists and initials are pysbd's
    return CLEAR


def _after_word(paragraph: str, begin: int, bare: str, letters: str, after: int) -> str | None:
    """pysbd's own rules for a full stop after the word at ``begin``, where they are clear.

    ``bare``: that word in lower case without opening brackets; ``letters``: without its
    inner full stops. None: no rule applies.
    """
    nxt = paragraph[after]
    if len(bare) == 1 and "A" <= paragraph[begin:after].lstrip("\"“‘'([{")[:1] <= "Z":
        return NONE  # an initial: pysbd never splits after "J."
    if bare in PREPOSITIVE:
        return NONE  # "Mr. Smith", "St. Louis"
    if _MULTI_PERIOD.fullmatch(bare + "."):  # "U.S.", "e.g.", "P.L."
        if bare in _COUNTRY and _STARTER.match(paragraph, after):
            return CLEAR  # "in the U.S. The next": pysbd's sentence starters
        return NONE
    if bare in ABBREVIATIONS:
        if nxt.isupper():
            return CLEAR  # pysbd splits after a non-prepositive abbreviation
        return NONE if nxt.isdigit() or nxt == "(" else None
    if letters.isdigit() and (begin == 0 or paragraph[:begin].isspace()):
        return NONE if len(letters) <= 2 else CLEAR  # pysbd: "17. For more" is a list item
    if len(letters) >= 3 and letters.isdigit() and nxt.isupper():
        return CLEAR  # "in 2025. The"
    if "." in bare and nxt.isdigit() and letters[-1:].isalpha():
        return NONE  # "H.Res. 341"
    return None


def _stops(paragraph: str) -> Iterator[tuple[int, int, str]]:
    """Each stop's (end of its sentence, start of the next words, judgement), in order."""
    depth = 0
    quoted = False
    at = 0
    for m in _STOP.finditer(paragraph):
        for ch in paragraph[at : m.end(2)]:
            if ch in _OPENERS:
                depth += 1
            elif ch in _CLOSERS and depth:
                depth -= 1
            elif ch == '"':
                quoted = not quoted
            elif ch in _QUOTE_OPEN:
                quoted = True
            elif ch in _QUOTE_CLOSE:
                quoted = False
        at = m.end(2)
        yield m.start(4), m.end(), _judge(paragraph, m, depth > 0 or quoted)


def split_paragraph(
    paragraph: str, *, fallback: Callable[[str], list[tuple[int, int]]] = pysbd_split
) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of one paragraph (a line), trimmed of white space.

    Clear boundaries cut by rule; a stretch between two of them that holds a doubtful stop
    goes to ``fallback`` (pysbd) alone, and its sentences are placed back at their offsets.
    """
    out: list[tuple[int, int]] = []
    start = 0
    doubtful = False
    for end, after, verdict in _stops(paragraph):
        if verdict == CLEAR:
            out.extend(_stretch(paragraph, start, end, doubtful, fallback))
            start, doubtful = after, False
        elif verdict == DOUBT:
            doubtful = True
    out.extend(_stretch(paragraph, start, len(paragraph), doubtful, fallback))
    return out


def _stretch(
    paragraph: str,
    start: int,
    end: int,
    doubtful: bool,
    fallback: Callable[[str], list[tuple[int, int]]],
) -> Iterator[tuple[int, int]]:
    if not doubtful:
        yield from _trim(paragraph, start, end)
        return
    for a, b in fallback(paragraph[start:end]):
        yield start + a, start + b
