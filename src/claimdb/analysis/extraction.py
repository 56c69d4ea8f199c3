"""Proposing claims from a document's text: sentences, atomic assertions, types, numbers, speakers.

Pure functions on strings, used by `claimdb extract` (``services/extraction.py``):

- :func:`bodies`: the spans of a text between its headings (a sentence never crosses a
  section boundary, and a heading is never a sentence);
- :func:`iter_sentences`: the sentences of those spans with exact offsets, paragraph
  (line) by paragraph, long paragraphs in chunks, so that a 10 MB text is split in bounded
  memory; each paragraph by :func:`claimdb.analysis.sentences.split_paragraph` (rules for
  the clear boundaries, pysbd for the doubtful ones);
- :func:`atomic_parts`: one sentence's atomic assertions, the way ``seeds/claims.yaml``
  splits them: clauses joined by ";" or by ", and" / ", while" / ", but" with a verb of
  their own, and lists of three or more items ("hindered by sanctions, capital flight, and
  brain drain") one assertion per item;
- :func:`claim_type`, :func:`quantities`, :func:`speaker`: heuristics for the type, the
  numbers and who the text attributes the words to.

Everything here is a heuristic that a person reviews: candidates are proposals, never claims
(docs/scoring.md, "Extraction").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from claimdb.analysis import sentences
from claimdb.enums import UNCHECKABLE_TYPES, ClaimType, Qualifier

CHUNK_CHARS = 20_000
"""A paragraph longer than this is split in chunks of about this size."""

MIN_WORDS = 3
"""A sentence or assertion of fewer words is not proposed (a stray label, a page number)."""


# --- sentences -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == source[start:end]``; ``body`` is the index of its span."""

    start: int
    end: int
    text: str
    body: int = 0


def heading_end(text: str, start: int, title: str) -> int:
    """Where the heading that starts at ``start`` ends: after its title, else at its line's end."""
    if title and text.startswith(title, start):
        return start + len(title)
    newline = text.find("\n", start)
    return len(text) if newline < 0 else newline


def bodies(text: str, headings: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of ``text`` that are not headings: before the first, and after each heading.

    ``headings``: each heading's (start, end), in any order. Each body runs to the next
    heading, whatever its level, so a sentence never crosses into another section.
    """
    out: list[tuple[int, int]] = []
    at = 0
    for start, end in sorted(headings):
        if start > at:
            out.append((at, start))
        at = max(at, end)
    if at < len(text):
        out.append((at, len(text)))
    return out


_INNER_STOP = re.compile(r"[.!?…][\"”’')\]]*\s")


def split_paragraph(paragraph: str) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of one paragraph, trimmed of white space.

    A paragraph with no full stop, question or exclamation mark inside is one sentence
    (most lines of a report); otherwise :func:`claimdb.analysis.sentences.split_paragraph`
    cuts it: clear boundaries by rule, doubtful stretches by pysbd.
    """
    stripped = paragraph.strip()
    if not stripped:
        return []
    if not _INNER_STOP.search(stripped):
        lead = len(paragraph) - len(paragraph.lstrip())
        return [(lead, lead + len(stripped))]
    return sentences.split_paragraph(paragraph)


def _cut(
    text: str, start: int, end: int, cuts: Sequence[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """``start:end`` in pieces around the ``cuts`` inside it, trimmed of white space."""
    i = bisect.bisect_left(cuts, (start, start))
    at = start
    while i < len(cuts) and cuts[i][0] < end:
        a, b = cuts[i]
        yield from _trimmed(text, at, a)
        at = max(at, b)
        i += 1
    yield from _trimmed(text, at, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = text[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        yield start + lead, start + len(piece.rstrip())


def _chunks(paragraph: str, size: int) -> Iterator[tuple[int, str]]:
    """``paragraph`` in pieces of about ``size`` characters, cut after a sentence's full stop."""
    at = 0
    while len(paragraph) - at > size:
        cut = -1
        for m in _INNER_STOP.finditer(paragraph, at + size // 2, at + size):
            cut = m.end()
        if cut < 0:  # no full stop: cut at a space
            cut = paragraph.rfind(" ", at + 1, at + size)
            cut = at + size if cut < 0 else cut + 1
        yield at, paragraph[at:cut]
        at = cut
    yield at, paragraph[at:]


def iter_sentences(
    text: str,
    spans: Sequence[tuple[int, int]],
    *,
    chunk: int = CHUNK_CHARS,
    progress: Callable[[int], None] | None = None,
    markers: Sequence[tuple[int, int]] = (),
) -> Iterator[Sentence]:
    """The sentences of ``text`` inside ``spans`` (see :func:`bodies`), in order.

    ``markers``: the (start, end) of footnote markers; one right after a full stop
    ("in 2024.1 Imports") ends the sentence there, and is part of neither sentence.

    Paragraphs (lines) are split one at a time, so memory stays bounded by the longest
    chunk, not the text. ``progress`` is called with the number of characters done.
    """
    cuts = sorted((a, b) for a, b in markers if a > 0 and text[a - 1] in '.!?"”’' and a < b)
    for index, (start, end) in enumerate(spans):
        at = start
        while at < end:
            newline = text.find("\n", at, end)
            line_end = end if newline < 0 else newline
            line = text[at:line_end]
            for offset, piece in _chunks(line, chunk):
                base = at + offset
                for a, b in split_paragraph(piece):
                    for c, d in _cut(text, base + a, base + b, cuts):
                        yield Sentence(c, d, text[c:d], index)
            at = line_end + 1
            if progress is not None:
                progress(min(at, end))


# --- atomic assertions -----------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One atomic assertion of a sentence: its words ``start:end`` (relative to the sentence)
    and ``text``, the assertion restated so that it stands alone (a list item with its head)."""

    start: int
    end: int
    text: str


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_WORD = re.compile(r"[\w’'.-]+")
_VERBS = _wordset(
    """is are was were be been am has have had do does did will would could can may might
    shall should must remains remain remained faces face faced saw see sees found find
    finds view views viewed say says said notes noted warns warned argues argued told
    tells require requires required rejected consumed targeted forced grew fell rose
    collapsed exited deteriorated oscillated exemplified represents represent risks risk
    became become becomes continues continued seeks sought lacks lacked includes
    included make makes made"""
)
_JOINERS = re.compile(r";\s+|,\s+(?=(?:and|but|while|whereas|yet)\s)|\s+(?=while\s|whereas\s)")
_PREPOSITIONS = _wordset(
    """by of from over with including for on in to as like against about than into between"""
)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def has_verb(text: str) -> bool:
    """Whether ``text`` looks like it has a finite verb: a common verb, or a word in -ed."""
    for word in _words(text.lower()):
        if word in _VERBS or (len(word) > 4 and word.endswith("ed")):
            return True
    return False


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause: split at ";" and at a joining word when both sides have
    a verb (so "lifting sanctions and reintegrating Russia" stays one)."""
    cuts: list[tuple[int, int]] = []  # (end of the clause before, start of the next)
    for m in _JOINERS.finditer(sentence):
        cuts.append((m.start(), m.end()))
    out: list[tuple[int, int]] = []
    start = 0
    for before_end, after_start in cuts:
        left = sentence[start:before_end]
        right_end = next((c[0] for c in cuts if c[0] > after_start), len(sentence))
        right = sentence[after_start:right_end]
        is_semicolon = sentence[before_end] == ";"
        if len(_words(left)) < MIN_WORDS or len(_words(right)) < MIN_WORDS:
            continue
        if not is_semicolon and not (has_verb(left) and has_verb(right)):
            continue
        out.append((start, before_end))
        start = after_start
    out.append((start, len(sentence)))
    return out


_LAST_ITEM = re.compile(r",\s+(?:and|or)\s+(?P<last>[^,;:]+)$")
_NOT_ITEM_START = _wordset(
    """particularly especially notably including such like mainly chiefly even"""
)
MAX_ITEM_WORDS = 6
"""A list item longer than this is not a list item (it is a clause)."""


def _list_items(clause: str) -> list[tuple[int, int]] | None:
    """The items of a list of three or more at the end of ``clause`` ("by A, B, and C"), as
    (start, end) in ``clause``, or None.

    The list ends the clause and its last item follows ", and" or ", or". Items are walked
    back from the end while they are short and have no verb; the segment before them holds
    the clause's head, and the first item starts after its last verb (and the preposition
    after it: "hindered by"). A list that is the clause's subject (its last item has a
    verb) and a list of single adjectives ("financial, energy, and defense sectors") are
    not split.
    """
    m = _LAST_ITEM.search(clause)
    if m is None or has_verb(m.group("last")):
        return None
    last = (m.start("last"), m.start("last") + len(m.group("last").rstrip()))
    items = [last]
    at = m.start()
    while True:
        comma = clause.rfind(", ", 0, at)
        seg_start = 0 if comma < 0 else comma + 2
        seg = clause[seg_start:at]
        words = seg.split()
        if not words:
            return None
        if comma >= 0 and not has_verb(seg) and len(words) <= MAX_ITEM_WORDS:
            if words[0].lower() in _NOT_ITEM_START or words[0].lower() in _PREPOSITIONS:
                return None
            items.insert(0, (seg_start, at))
            at = comma
            continue
        # The head segment: the first item starts after its last verb (and a preposition).
        tokens = list(re.finditer(r"\S+", seg))
        verb_at = max(
            (i for i, t in enumerate(tokens) if has_verb(t.group().lower())), default=None
        )
        if verb_at is None:
            return None
        first = verb_at + 1
        if first < len(tokens) and tokens[first].group().lower() in _PREPOSITIONS:
            first += 1
        if first >= len(tokens) or len(tokens) - first > MAX_ITEM_WORDS:
            return None
        items.insert(0, (seg_start + tokens[first].start(), at))
        break
    if len(items) < 3:
        return None
    sizes = [len(clause[a:b].split()) for a, b in items]
    if all(n == 1 for n in sizes[1:-1]) and sizes[-1] > 1 and sizes[0] < 3:
        return None  # "Russia's financial, energy, and defense sectors": one claim
    return items


def atomic_parts(sentence: str) -> list[Part]:
    """The atomic assertions of ``sentence`` (see the module docstring); at least one part.

    Each part's span is inside the sentence; the first item of a list keeps the clause's
    head ("remains structurally hindered by sanctions"), the others are the item's own
    words with the head in ``text``.
    """
    parts: list[Part] = []
    for c_start, c_end in _clauses(sentence):
        clause = sentence[c_start:c_end]
        trimmed = clause.rstrip(" .,;:")
        items = _list_items(trimmed)
        if items is None:
            lead = len(trimmed) - len(trimmed.lstrip())
            parts.append(Part(c_start + lead, c_start + len(trimmed), _standalone(trimmed.strip())))
            continue
        head = trimmed[: items[0][0]]
        first_b = items[0][1]
        parts.append(Part(c_start, c_start + first_b, _standalone(trimmed[:first_b].strip())))
        for a, b in items[1:]:
            parts.append(Part(c_start + a, c_start + b, _standalone(f"{head}{trimmed[a:b]}")))
    return [p for p in parts if p.end > p.start] or [Part(0, len(sentence), sentence.strip())]


def _standalone(text: str) -> str:
    """A clause as a claim's text: capitalised, joining words dropped, ending with a full stop."""
    text = re.sub(r"^(?:and|but|while|whereas|yet)\s+", "", text.strip(), flags=re.I)
    text = text.rstrip(" ,;:")
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "”", '"')) else text + "."


# --- types -----------------------------------------------------------------------------------

_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|notes|noted|warns|warned|argues|argued|stated|states|"
    r"added|claims|claimed|according to|wrote|writes|declared|insisted|announced)\b",
    re.I,
)
_PREDICTION = re.compile(
    r"\b(?:will|would|could|might|may|shall|going to|expected to|likely to|set to|poised to|"
    r"forecasts?|projected|risks?)\b",
    re.I,
)
_CAUSAL = re.compile(
    r"\b(?:because|due to|led to|leads? to|leading to|caused?|causing|result(?:s|ed)? in|"
    r"as a result|owing to|driven by|forced|hindered by|thanks to|through|stemm(?:ed|ing) from)\b",
    re.I,
)
_OPINION = re.compile(
    r"\b(?:should|must|ought|need to|needs to|best|worst|perilous|dangerous(?:ly)?|"
    r"wrongheaded|shortsighted|reckless|misguided|foolish|wise|unwise|illusory|mistakes?|"
    r"miscalculation|gamble|crucial|essential|vital|deeply|naive|absurd|disastrous|"
    r"excellent|terrible|great|wonderful|failed|failing|fragility|precarious|undermin\w*|"
    r"embolden\w*|appeasement|regressed|substandard|alarming|troubling)\b",
    re.I,
)
_EVENT = re.compile(
    r"\b(?:\w{3,}ed|began|became|fell|rose|grew|met|won|lost|signed|took|made|left|held|"
    r"since|in (?:1[89]|20)\d\d|(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December))\b"
)


def claim_type(text: str, *, has_quantity: bool, speaker: str | None) -> ClaimType:
    """A guess at the assertion's type, first rule that fits wins:

    words in quotation marks with a speaker or a speech verb: quote; a number that is not a
    year: statistic; will/would/could/expected to: prediction; because/due to/led to/caused:
    causal; should/must/best/worst or an evaluative word: opinion; otherwise event (something
    happened or is the case).
    """
    if _QUOTED.search(text) and (speaker or _SPEECH.search(text)):
        return ClaimType.QUOTE
    if has_quantity:
        return ClaimType.STATISTIC
    if _PREDICTION.search(text):
        return ClaimType.PREDICTION
    if _CAUSAL.search(text):
        return ClaimType.CAUSAL
    if _OPINION.search(text):
        return ClaimType.OPINION
    return ClaimType.EVENT


def checkable(kind: ClaimType) -> bool:
    """Opinions and predictions are recorded but not checked."""
    return kind not in UNCHECKABLE_TYPES


# --- speakers --------------------------------------------------------------------------------

_NAME = r"(?:[A-Z][\w’'.-]*(?:\s+(?:of\s+the\s+|of\s+|the\s+)?[A-Z][\w’'.-]*){0,5})"
_SPEAKER_PATTERNS = (
    re.compile(rf"\b[Aa]ccording to (?P<who>(?:the\s+)?{_NAME})"),
    re.compile(
        rf"(?:\bAs\s+|^|[,:]\s+)(?P<who>{_NAME})(?:,[^,]{{3,90}},)?\s+"
        r"(?:said|says|told|notes|noted|warns|warned|argues|argued|stated|states|added|"
        r"claims|claimed|wrote|writes|declared|insisted|announced)\b"
    ),
    re.compile(rf"[”\"],?\s+(?:said|says|warned|noted|added|wrote)\s+(?P<who>{_NAME})"),
)
_NOT_SPEAKERS = _wordset(
    """It This That These Those The He She They We I You Despite Critics Officials Some
    Many Others Experts Analysts Reports Claims"""
)


def speaker(text: str) -> str | None:
    """Who ``text`` attributes its words to ("X said", "As X notes", "according to X"), or None.

    Only names (capitalised words) are taken; "they said" has no speaker.
    """
    for pattern in _SPEAKER_PATTERNS:
        m = pattern.search(text)
        if m is None:
            continue
        who = m.group("who").strip()
        who = re.sub(r"\s+of\s+(?:the\s+)?[A-Z][\w ]*$", "", who) if " of " in who else who
        if who and who.split()[0] not in _NOT_SPEAKERS:
            return who
    return None


# --- quantities ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quantity:
    """A number a sentence states, as ``QuantityIn`` takes it (``services`` converts it)."""

    value: float
    unit: str
    measure: str
    period: str | None
    place: str | None
    qualifier: Qualifier
    as_written: str
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "ruble": "RUB",
    "rubles": "RUB",
    "roubles": "RUB",
    "rouble": "RUB",
    "yuan": "CNY",
    "yen": "JPY",
}
_QUALIFIERS = (
    (re.compile(r"(?:more than|over|above|in excess of)\s+$", re.I), Qualifier.MORE_THAN),
    (re.compile(r"(?:at least|no fewer than|no less than)\s+$", re.I), Qualifier.AT_LEAST),
    (re.compile(r"(?:less than|fewer than|under|below)\s+$", re.I), Qualifier.LESS_THAN),
    (re.compile(r"(?:at most|up to|no more than)\s+$", re.I), Qualifier.AT_MOST),
    (
        re.compile(r"(?:about|around|roughly|nearly|almost|some|approximately|about)\s+$", re.I),
        Qualifier.APPROXIMATELY,
    ),
)
_NUMBER = re.compile(
    r"(?P<sign>[$€£¥])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|mn|bn)\b)?"
    r"(?:\s?(?P<pct>%|percent\b|per cent\b))?"
)
_WORDS_AFTER = re.compile(r"\s*((?:[A-Za-z][\w’'.-]*\s*){1,4})")
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_PERIOD = re.compile(
    r"\b(?:(?:in|by|since|after|before|from|during|until|as of)\s+)?"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+)?(?:1[89]\d\d|20\d\d)(?:\s*(?:to|-|–)\s*(?:1[89]\d\d|20\d\d))?\b"
)
_PLACE = re.compile(r"\bin (?P<place>(?:the\s+)?[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,2})")
_MONTHS = _wordset(
    """January February March April May June July August September October November
    December"""
)
_NAMED_NUMBER = re.compile(r"\S\s+[A-Z][\w-]*\s$")  # "Nord Stream 2", not "Over 1,000"
_STOP_MEASURE = frozenset({"in", "by", "since", "after", "before", "from", "and", "or", "while"})


def quantities(text: str) -> list[Quantity]:
    """The numbers ``text`` states: value, unit, what is counted, period, place, qualifier.

    Years ("in 2023", "2017 to 2021") are periods, not quantities; a number inside a word
    ("Nord Stream 2" is kept, since it cannot be told from a count) is read as a count.
    """
    period_match = _PERIOD.search(text)
    period = period_match.group().strip() if period_match else None
    if period:
        period = re.sub(r"^(?:in|by|since|after|before|from|during|until|as of)\s+", "", period)
    place_match = next(
        (m for m in _PLACE.finditer(text) if m.group("place").split()[-1] not in _MONTHS), None
    )
    place = place_match.group("place") if place_match else None
    out: list[Quantity] = []
    for m in _NUMBER.finditer(text):
        raw = m.group("num")
        if m.start("num") > 0 and (text[m.start("num") - 1].isalpha()):
            continue  # "G7", "COVID-19"'s letters
        if _NAMED_NUMBER.search(text, 0, m.start("num")) and not (
            m.group("sign") or m.group("scale") or m.group("pct")
        ):
            continue  # "Article 5", "Nord Stream 2": part of a name
        if _YEAR.match(raw) and not (m.group("sign") or m.group("scale") or m.group("pct")):
            continue
        value = float(raw.replace(",", ""))
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        after = _WORDS_AFTER.match(text, m.end())
        following = after.group(1).split() if after else []
        unit: str
        measure_words: list[str]
        if m.group("pct"):
            unit = "%"
            measure_words = following
            if measure_words and measure_words[0].lower() in ("of", "more", "less"):
                measure_words = measure_words[1:] if measure_words[0].lower() == "of" else []
        elif m.group("sign"):
            unit = _CURRENCY_SIGNS[m.group("sign")]
            measure_words = following
        elif following and following[0].lower().strip(",.") in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[following[0].lower().strip(",.")]
            measure_words = following[1:]
        else:
            measure_words = _until_stop(following)
            unit = measure_words[-1].strip(",.") if measure_words else "count"
        measure_words = _until_stop(measure_words)
        measure = " ".join(measure_words).strip(" ,.") or _shorten(text)
        begin = m.start("sign") if m.group("sign") else m.start("num")
        before = text[max(0, begin - 20) : begin]
        qualifier = next((q for pattern, q in _QUALIFIERS if pattern.search(before)), None)
        as_written = text[m.start() : m.end()].strip()
        if unit in _CURRENCY_WORDS.values() and not m.group("sign") and following:
            as_written = f"{as_written} {following[0].strip(',.')}"
        out.append(
            Quantity(
                value=value,
                unit=unit[:40],
                measure=measure,
                period=period,
                place=place,
                qualifier=qualifier or Qualifier.EXACT,
                as_written=as_written,
                start=m.start(),
                end=m.end(),
            )
        )
    return out


def _until_stop(words: list[str]) -> list[str]:
    kept: list[str] = []
    for w in words:
        if w.lower() in _STOP_MEASURE or (kept and has_verb(w)):
            break
        kept.append(w)
        if w.endswith((",", ".")):
            break
    return kept


def _shorten(text: str, width: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


# --- a candidate -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """One proposed assertion: where it is (offsets into the text) and what it seems to be."""

    sentence_start: int
    sentence_end: int
    start: int
    end: int
    exact: str
    text: str
    claim_type: ClaimType
    checkable: bool
    speaker: str | None
    quantities: tuple[Quantity, ...]


def propose(sentence: Sentence) -> list[Proposal]:
    """The atomic assertions of one sentence, typed, with numbers and speaker.

    A sentence's speaker ("As X notes, ...") is every part's speaker. Parts of fewer than
    :data:`MIN_WORDS` words, and sentences that look like a label (no verb, no number, not
    ended by a full stop), are left out.
    """
    if not worth_reading(sentence.text):
        return []
    who = speaker(sentence.text)
    out: list[Proposal] = []
    for part in atomic_parts(sentence.text):
        exact = sentence.text[part.start : part.end]
        if len(_words(exact)) < 1 or len(_words(part.text)) < MIN_WORDS:
            continue
        numbers = tuple(quantities(exact))
        kind = claim_type(part.text, has_quantity=bool(numbers), speaker=who)
        out.append(
            Proposal(
                sentence_start=sentence.start,
                sentence_end=sentence.end,
                start=sentence.start + part.start,
                end=sentence.start + part.end,
                exact=exact,
                text=part.text,
                claim_type=kind,
                checkable=checkable(kind),
                speaker=who,
                quantities=numbers,
            )
        )
    return out


def worth_reading(sentence: str) -> bool:
    """Whether a sentence can hold an assertion: enough words, and a verb, a number or a stop."""
    words = _words(sentence)
    if len(words) < MIN_WORDS:
        return False
    return (
        sentence.rstrip().endswith((".", "!", "?", "”", '"', ":"))
        or has_verb(sentence)
        or any(ch.isdigit() for ch in sentence)
    )


def in_order(proposals: Iterable[Proposal]) -> list[Proposal]:
    """Proposals in document order (by start, then end)."""
    return sorted(proposals, key=lambda p: (p.start, p.end))
