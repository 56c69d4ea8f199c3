"""How likely a sentence is to be a check-worthy factual claim: a small linear model, English only.

The scorer is a logistic regression over sparse features of one sentence, trained by
``eval/train_scorer.py`` and shipped as a gzipped JSON file next to this module
(``data/checkworthiness-<version>.json.gz``). It runs in pure Python: no numpy, no
scikit-learn, and nothing is loaded until the first :func:`load_scorer` call.

Features (:func:`features` lists them for one sentence; training uses the same function, so
the model and the run-time path cannot disagree):

- ``w|tok``: words (lower-cased, every digit written as ``0`` so that 1987 and 2022 are the
  same word), counted, divided by the square root of the number of words;
- ``b|tok tok``: adjacent word pairs, with ``<s>`` and ``</s>`` at the ends, scaled the same;
- ``c|gram``: character 2- to 5-grams inside each word padded with a space on each side,
  counted, divided by the square root of the number of such grams in the sentence;
- ``h|name``: a few hand-written flags: a number, a percentage, a year, an amount of money,
  a comparison, a report word ("said", "according", "survey"), a capitalised word inside the
  sentence (a name), an opinion word ("think", "hope", "should", "thank"), a first-person
  pronoun, a question mark at the end, and the length of the sentence in words (a bucket).

Because character grams never cross a word, a word's contribution to the score is the same in
every sentence; :class:`Scorer` caches it, which is what makes scoring fast (about 10,000
sentences in well under a second, model load included).

The probability is ``1 / (1 + exp(-z))`` with ``z`` the model's linear score after Platt
scaling (fitted on cross-validated scores, so that 0.7 means that about 70 % of such sentences
were labelled check-worthy in the training data). ``docs/scoring.md`` has the figures.

Language: the model has only seen English, so :meth:`Scorer.score` returns ``None`` for a
sentence that :func:`is_english` rejects rather than guess.
"""

from __future__ import annotations

import gzip
import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

NAME = "claimdb-checkworthiness"
"""The scorer's name, recorded in the weights file."""

VERSION = "1"
"""The version of the shipped weights; the file is ``data/checkworthiness-<VERSION>.json.gz``."""

FORMAT = "claimdb-scorer/1"
"""The layout of the weights file (see :func:`load_scorer`)."""

CHAR_NGRAMS = (2, 5)
"""The smallest and largest character gram, both included."""

# --- language -------------------------------------------------------------------------------

_LETTER_RE = re.compile(r"[^\W\d_]")
_NOT_LATIN_RE = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_FOREIGN_RE = re.compile(r"[éèêëàâçîïôûùœäöüßñ¿¡]", re.IGNORECASE)

# Frequent words of each language that are not also common English words (so "in", "a",
# "die", "son", "come" are missing on purpose): one hit says little, several say a lot.


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ENGLISH = _wordset(
    """the of and to is was are were be been being that this these those it its with for
    from by as at on or not no but have has had do does did will would can could should
    shall may might must which who whom whose what when where why how than then there their
    they them he she his her him we our us you your i my me an any all some more most other
    such only also very just about into over after before because while if so up out said
    says percent million billion year years people government country has been between
    against during under since until per each every both many much few new first last"""
)
_FRENCH = _wordset(
    """le la les des du une est sont et avec pour dans sur pas ne qui que au aux ce cette
    ces il elle ils elles nous vous leur leurs été être avoir fait mais ou où donc
    très sans sous entre depuis selon aussi comme dont lui je tu ses notre votre"""
)
_GERMAN = _wordset(
    """der das den dem des und ist sind nicht mit ein eine einen einem einer auf für von
    zu im ich sie wir ihr es auch aber oder wie bei nach aus wird wurde wurden haben
    hatte sein seine dass noch nur mehr sehr über unter zwischen seit gegen durch
    jahr jahren prozent millionen milliarden"""
)
_SPANISH = _wordset(
    """el los las del una es está están y para por en que se su sus al lo como más
    pero muy sobre entre desde según también fue fueron ha han hay este esta estos estas
    ese esa yo tú él ella nosotros ellos año años por ciento millones"""
)
# "en" and "que" are both French and Spanish; a tie between them still means "not English".
_OTHERS = (_FRENCH, _GERMAN, _SPANISH)

MIN_LATIN_SHARE = 0.9
"""A sentence whose letters are less Latin than this (Cyrillic, Arabic, CJK...) is not English."""


def is_english(sentence: str) -> bool:
    """Whether ``sentence`` looks like English: a cheap heuristic, not a language detector.

    1. At least :data:`MIN_LATIN_SHARE` of its letters are Latin; a sentence without
       letters ("2022: 5%") is not English either, since there is nothing to judge.
    2. Its words are counted against short lists of frequent function words of English,
       French, German and Spanish (words shared with English are left out of the others).
       It is not English when another language has more hits than English, or as many and at
       least two, or when it uses two or more letters that English does not (é, ß, ñ, ...)
       and English has fewer than three hits. With no hits at all (a short "Good evening.")
       it counts as English.
    """
    return _is_english(sentence, tokens(sentence))


def _is_english(sentence: str, toks: list[str]) -> bool:
    if sentence.isascii():  # the common case, without counting letters
        if not any(ch.isalpha() for ch in sentence):
            return False
    else:
        letters = len(_LETTER_RE.findall(sentence))
        if not letters or len(_NOT_LATIN_RE.findall(sentence)) > (1 - MIN_LATIN_SHARE) * letters:
            return False
    english = sum(1 for w in toks if w in _ENGLISH)
    other = max(sum(1 for w in toks if w in lang) for lang in _OTHERS)
    if other > english or (other == english and other >= 2):
        return False
    return english >= 3 or sentence.isascii() or len(_FOREIGN_RE.findall(sentence)) < 2


# --- features -------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[^\W_]+(?:['’.,][^\W_]+)*|[%$€£?]")
_DIGIT_RE = re.compile(r"\d")
_YEAR_RE = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b")
_CAPITAL_RE = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+")
# The flags look at tokens (lower case, digits as 0), so they cost a set look-up each.
_PERCENT = _wordset("% percent per0cent percentage")
_MONEY = _wordset(
    "$ € £ dollar dollars euro euros pounds cent cents million millions billion billions "
    "trillion trillions"
)
_COMPARE = _wordset(
    "more less fewer higher lower larger smaller bigger increase increased decrease decreased "
    "rose risen fell fallen double doubled triple tripled grew grown cut times than most least "
    "largest highest lowest record average half twice"
)
_REPORT = _wordset(
    "said says according reported reports voted passed signed announced found showed shows "
    "study survey data statistics law bill"
)
_OPINION = _wordset(
    "think believe feel hope want need must should thank thanks great wonderful terrible "
    "evening night folks"
)
_FIRST_PERSON = _wordset("i i'm i've i'll i'd me my we we're we've we'll let's us our")

LENGTH_BUCKETS = (3, 6, 10, 20, 35)
"""Upper bounds (exclusive) of the sentence-length buckets, in words."""


def tokens(sentence: str) -> list[str]:
    """The words of ``sentence`` as the model sees them: lower case, digits as ``0``."""
    return _TOKEN_RE.findall(_DIGIT_RE.sub("0", sentence.lower().replace("’", "'")))


@cache
def _char_grams(token: str) -> tuple[str, ...]:
    padded = f" {token} "
    low, high = CHAR_NGRAMS
    return tuple(
        padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)
    )


def _flags(sentence: str, toks: list[str]) -> list[str]:
    flags: list[str] = []
    words = set(toks)
    if any("0" in t for t in toks):
        flags.append("h|number")
    if not words.isdisjoint(_PERCENT):
        flags.append("h|percent")
    if _YEAR_RE.search(sentence):
        flags.append("h|year")
    if not words.isdisjoint(_MONEY):
        flags.append("h|money")
    if not words.isdisjoint(_COMPARE):
        flags.append("h|compare")
    if not words.isdisjoint(_REPORT):
        flags.append("h|report")
    if not words.isdisjoint(_OPINION):
        flags.append("h|opinion")
    if not words.isdisjoint(_FIRST_PERSON):
        flags.append("h|first")
    if _CAPITAL_RE.search(sentence):
        flags.append("h|name")
    if toks and toks[-1] == "?":
        flags.append("h|question")
    top = len(LENGTH_BUCKETS)
    n = len(toks)
    flags.append(f"h|len{next((i for i, bound in enumerate(LENGTH_BUCKETS) if n < bound), top)}")
    return flags


def features(sentence: str) -> dict[str, float]:
    """The model's input for one sentence: feature name -> value (see the module docstring).

    Training calls this; :meth:`Scorer.score` computes the same dot product faster, from
    cached per-word sums.
    """
    toks = tokens(sentence)
    out: dict[str, float] = {}
    if toks:
        word_scale = 1.0 / math.sqrt(len(toks))
        for tok in toks:
            out["w|" + tok] = out.get("w|" + tok, 0.0) + word_scale
        for pair in _pairs(toks):
            out["b|" + pair] = out.get("b|" + pair, 0.0) + word_scale
        grams = [g for tok in toks for g in _char_grams(tok)]
        char_scale = 1.0 / math.sqrt(len(grams))
        for gram in grams:
            out["c|" + gram] = out.get("c|" + gram, 0.0) + char_scale
    for flag in _flags(sentence, toks):
        out[flag] = 1.0
    return out


def _pairs(toks: list[str]) -> Iterable[str]:
    padded = ["<s>", *toks, "</s>"]
    return (f"{a} {b}" for a, b in itertools.pairwise(padded))


# --- the model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorerInfo:
    """What a scorer is: its name, the version of its weights and its default threshold."""

    name: str
    version: str
    threshold: float
    """The default decision threshold: a score at or above it is "check-worthy"."""


class Scorer:
    """A loaded model. Get the shipped one with :func:`load_scorer`."""

    def __init__(
        self,
        info: ScorerInfo,
        weights: dict[str, float],
        *,
        bias: float,
        scale: float = 1.0,
        offset: float = 0.0,
    ) -> None:
        """``weights`` by feature name; probability = sigmoid(scale * (bias + w.x) + offset)."""
        self.info = info
        self._weights = weights
        self._bias = bias
        self._scale = scale
        self._offset = offset
        # token -> (its word weight, the sum of its character-gram weights, its gram count)
        self._words: dict[str, tuple[float, float, int]] = {}

    def is_english(self, sentence: str) -> bool:
        """Whether the scorer will score ``sentence`` (see :func:`is_english`)."""
        return is_english(sentence)

    def score(self, sentences: Sequence[str]) -> list[float | None]:
        """The probability that each sentence is a check-worthy factual claim, in [0, 1].

        ``None`` for a sentence that is not English: the model was trained on English only
        and does not guess.
        """
        out: list[float | None] = []
        for sentence in sentences:
            toks = tokens(sentence)
            out.append(self._one(sentence, toks) if _is_english(sentence, toks) else None)
        return out

    def linear(self, sentence: str) -> float:
        """The model's raw linear score of ``sentence`` (before calibration)."""
        return self._linear(sentence, tokens(sentence))

    def _linear(self, sentence: str, toks: list[str]) -> float:
        weights = self._weights
        z = self._bias
        if toks:
            word_sum = 0.0
            char_sum = 0.0
            n_grams = 0
            for tok in toks:
                entry = self._words.get(tok)
                if entry is None:
                    entry = self._word_entry(tok)
                word_sum += entry[0]
                char_sum += entry[1]
                n_grams += entry[2]
            for pair in _pairs(toks):
                word_sum += weights.get("b|" + pair, 0.0)
            z += word_sum / math.sqrt(len(toks)) + char_sum / math.sqrt(n_grams)
        for flag in _flags(sentence, toks):
            z += weights.get(flag, 0.0)
        return z

    def _one(self, sentence: str, toks: list[str]) -> float:
        z = self._scale * self._linear(sentence, toks) + self._offset
        # The stable form of the logistic function for both signs of z.
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def _word_entry(self, tok: str) -> tuple[float, float, int]:
        weights = self._weights
        grams = _char_grams(tok)
        entry = (
            weights.get("w|" + tok, 0.0),
            sum(weights.get("c|" + g, 0.0) for g in grams),
            len(grams),
        )
        if len(self._words) < _WORD_CACHE_SIZE:
            self._words[tok] = entry
        return entry


_WORD_CACHE_SIZE = 200_000
"""Distinct words whose contributions a scorer keeps (about 100 bytes each)."""


def weights_file(version: str = VERSION) -> str:
    """The file name of the shipped weights of ``version``, inside ``claimdb/analysis/data``."""
    return f"checkworthiness-{version}.json.gz"


def scorer_from_model(model: dict[str, Any]) -> Scorer:
    """A :class:`Scorer` from the decoded weights file (the layout :data:`FORMAT`)."""
    if model.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} model: format is {model.get('format')!r}")
    calibration = model["calibration"]
    info = ScorerInfo(
        name=str(model["name"]), version=str(model["version"]), threshold=float(model["threshold"])
    )
    weights = {str(k): float(v) for k, v in model["weights"].items()}
    return Scorer(
        info,
        weights,
        bias=float(model["bias"]),
        scale=float(calibration["scale"]),
        offset=float(calibration["offset"]),
    )


@cache
def load_scorer() -> Scorer:
    """The shipped scorer, read on first use and kept for the life of the process."""
    data = resources.files("claimdb.analysis").joinpath("data", weights_file()).read_bytes()
    model = json.loads(gzip.decompress(data))
    if not isinstance(model, dict):
        raise ValueError(f"{weights_file()}: not a model")
    return scorer_from_model(model)
