"""Is this claim already in the database? Re-ranking the full-text index's candidates.

`claimdb match "TEXT"` works in two stages. The database's own full-text index
(SQLite FTS5 with bm25, PostgreSQL tsvector) finds candidates for the words
:func:`fts_query` picks out of the text, OR-ed; :func:`rerank` then scores each
candidate against the text in [0, 1] and sorts them. Both are pure functions on
strings: the database side lives elsewhere.

- :func:`fts_query`: the distinctive words of a text, for the index;
- :func:`rerank`: candidates scored, tiered ("same", "similar",
  "different-number", "none") and sorted, best first;
- :func:`highlight`: where the shared words are in a text, for display.

The score is a logistic combination of a few similarity measures (word
coverage both ways weighted by the candidates' own inverse document frequency,
word and character 4-gram cosines, rapidfuzz's token-set ratio, a bm25 over the
candidates, disagreement of the numbers stated and, when given, the index's own
score and rank). The weights were learned on the tuning half of the CLEF 2020
CheckThat! Task 2 tweets (``eval/clef2020_match.py --learn`` prints them); no data
from it lives here. The thresholds :data:`SAME_THRESHOLD` and
:data:`SIMILAR_THRESHOLD` come from the same run (see their docstrings and
bench/README.md). Scores read roughly as the chance that the candidate states the
query's claim.

Only the first :data:`MAX_CHARS` characters of a text are read, so a 1 MB paste
costs what a long article does; :func:`highlight` reads the whole text.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from rapidfuzz import fuzz

__all__ = [
    "FEATURES",
    "MAX_CHARS",
    "MAX_TERMS",
    "SAME_THRESHOLD",
    "SIMILAR_THRESHOLD",
    "WEIGHTS",
    "WEIGHTS_NO_INDEX",
    "Match",
    "Tier",
    "combine",
    "features",
    "fts_query",
    "highlight",
    "numbers",
    "rerank",
]

SAME_THRESHOLD: Final = 0.63
"""Score from which a candidate is taken to state the same claim (tier "same").

Read off the tuning half of the CLEF 2020 tweets by ``eval/clef2020_match.py``: the
lowest score above which at least 95% of the best-ranked candidates are true matches,
counting each tweet twice, once with its true match among the candidates and once
without it (a claim not in the database yet), rounded up. On the report half: 97.9% of
the "same" top candidates are true matches, and 1.8% of tweets whose match was taken out
still get a "same".
"""

SIMILAR_THRESHOLD: Final = 0.11
"""Score from which a candidate is worth showing as a similar claim (tier "similar").

Read off the same way: the lowest score above which at least half of all candidates
(any rank) are true matches. On the report half, 72.5% of the candidates above it are
true matches and it keeps 78% of them.
"""

SAME_COVER: Final = 0.8
"""Share of the candidate's words (weighted by rarity) that the text must hold to be "same".

A stored claim that says more than the text (the text is one of its parts: "Carlsberg's
subsidiary was nationalised" against "Danone's and Carlsberg's subsidiaries were
nationalised overnight") is the same claim only in part: it stays "similar", however high
its score. The score ranks; this only keeps a part from passing for the whole.
"""

MAX_CHARS: Final = 10_000
"""Characters of each text that are read; the rest is ignored (a claim is a sentence or two)."""

MAX_TERMS: Final = 32
"""Words :func:`fts_query` sends to the index at most."""

Tier = Literal["same", "similar", "different-number", "none"]


@dataclass(frozen=True)
class Match:
    """One candidate's score against the query, and why."""

    key: int
    score: float
    tier: Tier
    shared: tuple[str, ...]
    """The candidate's words (lower-cased) that the query shares, for highlighting."""
    numbers_query: tuple[str, ...]
    numbers_candidate: tuple[str, ...]


# --- words ---------------------------------------------------------------------------------

# Words of the common languages of a fact-checking desk that say nothing about which claim
# a text states. English first, then the commonest Arabic, Spanish and French function words,
# then the furniture of social-media posts.
_STOP_TEXT = """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn
    doing don down during each even ever every few for from further get gets got had hadn has
    hasn have haven having he her here hers herself him himself his how however i if in into
    is isn it its itself just let ll me might more most much must mustn my myself no nor not
    now of off on once one only or other ought our ours ourselves out over own re really s
    said same say says shan she should shouldn so some such t than that the their theirs them
    themselves then there these they this those through to too under until up upon us ve very
    was wasn way we were weren what when where which while who whom whose why will with
    would wouldn yet you your yours yourself yourselves d m o y ain
    percent per cent pct
    rt via amp http https www com pic twitter t co status html htm
    في من على إلى الى عن مع أن ان إن هذا هذه ذلك تلك التي الذي الذين هو هي هم كان كانت
    لا ما لم لن قد و أو او ثم كل بعد قبل عند حتى إذا اذا بين به بها له لها فيه فيها منذ أي
    el la los las de del y en un una que por para con se su sus al lo como más pero es
    le les des du et une est pour dans qui pas sur au aux ce ces il elle ou avec
"""
_STOP_WORDS: Final = frozenset(_STOP_TEXT.split())

# A number as written: 1000, 1,000, 1.5, 12.5; Arabic-Indic and other digits count (\d).
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TOKEN = re.compile(rf"(?P<num>{_NUMBER})|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?|\w+)")
_APOSTROPHE = re.compile(r"['’]")
_PERCENT = re.compile(r"\s*(?:%|per\s?cent\b|percent\b|pct\b|في المئة|بالمئة|٪)", re.IGNORECASE)
_SCALE = re.compile(r"\s*(thousand|million|billion|trillion|bn|m|k)\b", re.IGNORECASE)
_SCALES: Final = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}

# What posts carry besides their words: links and picture links (dropped), @handles and
# #hashtags (words run together: @DarrellIssa is "Darrell Issa", #IranUsa "Iran Usa"), and the
# "— Name (@handle) January 6, 2020" signature of an embedded tweet, whose date is dropped
# (it dates the post, not the claim) and whose name is kept (claims are often about the poster).
_URL = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|\bwww\.\S+", re.IGNORECASE)
_SIGNATURE_DATE = re.compile(
    r"(\(@\w+\))\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{1,2}, \d{4}\s*$",
    re.MULTILINE,
)
_TAG = re.compile(r"[@#](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])|_")


def _clean(text: str) -> str:
    """The text's own words: capped, NFKC-normalised, links and dates of signatures dropped."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS])
    # The checks first: most claims hold none of these, and the patterns cost.
    if "http" in text or "www." in text or "pic.twitter" in text:
        text = _URL.sub(" ", text)
    if "(@" in text:
        text = _SIGNATURE_DATE.sub(r"\1", text)
    if "@" in text or "#" in text:
        text = _TAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    return text


def _number_value(digits: str) -> float:
    return float(digits.replace(",", ""))


def _format_number(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


@lru_cache(maxsize=65_536)
def _stem(word: str) -> str:
    """A light, language-blind suffix strip, so that "released" meets "release"."""
    if not word.isascii():
        # Arabic: the article al- is written onto its noun.
        if len(word) > 4 and word.startswith(("ال", "وال", "بال", "لل")):
            return word[2:] if word.startswith(("ال", "لل")) else word[3:]
        return word
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, keep in (("ies", 4), ("ing", 5), ("ed", 4), ("es", 5), ("s", 4), ("ly", 5)):
        if len(word) >= keep + len(suffix) - 1 and word.endswith(suffix) and word[-2:] != "ss":
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@dataclass(frozen=True)
class _Text:
    """What the scoring reads of one text."""

    keys: tuple[str, ...]  # content words, stemmed, in order (numbers normalised)
    surface: dict[str, str]  # key -> first surface form, lower-cased
    numbers: frozenset[tuple[str, float]]  # (kind, value), kind is "%", "year" or ""
    flat: str  # lower-cased cleaned text, one space between tokens


def _numbers_after(text: str, match: re.Match[str]) -> tuple[str, float]:
    value = _number_value(match.group("num"))
    rest = text[match.end() : match.end() + 16]
    if _PERCENT.match(rest):
        return "%", value
    scale = _SCALE.match(rest)
    if scale:
        return "", value * _SCALES[scale.group(1).lower()]
    if value.is_integer() and 1800 <= value <= 2100 and "," not in match.group("num"):
        return "year", value
    return "", value


def _analyse(text: str) -> _Text:
    cleaned = _clean(text)
    keys: list[str] = []
    surface: dict[str, str] = {}
    found: set[tuple[str, float]] = set()
    flat: list[str] = []
    for m in _TOKEN.finditer(cleaned):
        if m.group("num") is not None:
            kind, value = _numbers_after(cleaned, m)
            found.add((kind, value))
            key = _format_number(_number_value(m.group("num")))
            word = m.group("num")
        else:
            word = m.group("word").casefold()
            if word in _STOP_WORDS or (
                ("'" in word or "’" in word) and _APOSTROPHE.split(word)[0] in _STOP_WORDS
            ):
                flat.append(word)
                continue
            key = _stem(word)
        flat.append(word)
        keys.append(key)
        surface.setdefault(key, word)
    return _Text(tuple(keys), surface, frozenset(found), " ".join(flat))


def _sentence_start(text: str, at: int) -> bool:
    return text[:at].rstrip()[-1:] in {".", "!", "?", ":", '"', "“", ""}


def numbers(text: str) -> tuple[str, ...]:
    """The numbers a text states, normalised: "1,000" -> "1000", "80 percent" -> "80%"."""
    return _show_numbers(_analyse(text).numbers)


def _show_numbers(found: Iterable[tuple[str, float]]) -> tuple[str, ...]:
    shown = {_format_number(v) + ("%" if kind == "%" else "") for kind, v in found}
    return tuple(sorted(shown))


def _numbers_disagree(a: frozenset[tuple[str, float]], b: frozenset[tuple[str, float]]) -> bool:
    """True when both texts state a number of one kind and none of them is the same.

    "cut imports by 80% in 2022" and "by 60% in 2022" disagree (the percentages);
    "1,000 jobs" and "1000 jobs" agree; a number only one side states says nothing.
    """
    for kind in ("%", "year", ""):
        mine = {v for k, v in a if k == kind}
        theirs = {v for k, v in b if k == kind}
        if mine and theirs and not any(math.isclose(x, y) for x in mine for y in theirs):
            return True
    return False


# --- the first stage -----------------------------------------------------------------------


def fts_query(text: str) -> list[str]:
    """The distinctive words of ``text``, to OR together in a full-text query.

    Lower-cased, without stop words or links, each once, at most
    :data:`MAX_TERMS`; the likeliest to be rare first (numbers and names, then
    longer words), ties in the order of the text. Words are split as SQLite's
    unicode61 tokenizer and PostgreSQL's 'simple' configuration split them
    (runs of letters and digits), in any script. Empty for a text with no
    content words.
    """
    cleaned = _clean(text)
    weight: dict[str, int] = {}  # in order of first occurrence
    for m in re.finditer(r"[^\W_]+", cleaned):
        raw = m.group()
        word = raw.casefold()
        if word in _STOP_WORDS or (len(word) < 2 and word.isascii() and word.isalpha()):
            continue
        name = raw[:1].isupper() and not _sentence_start(cleaned, m.start())
        here = (
            (4 if word.isdigit() and len(word) > 1 else 0)
            + (3 if name else 0)
            + min(len(word), 12) // 3
        )
        weight[word] = max(here, weight.get(word, 0))
    # sorted() is stable: equal weights keep the order of the text.
    return sorted(weight, key=lambda w: -weight[w])[:MAX_TERMS]


# --- scoring -------------------------------------------------------------------------------

FEATURES: Final = (
    "cover_candidate",
    "cover_query",
    "word_cosine",
    "char_cosine",
    "token_set",
    "numbers_disagree",
    "local_bm25",
    "first_stage",
    "first_rank",
)

# Learned by `eval/clef2020_match.py --learn` on its tuning half: a pairwise logistic
# ranking loss, then scaled and offset so that the score reads as a probability. Features
# overlap (the cosines, coverages and bm25 measure much the same thing), so a single weight
# says little on its own. WEIGHTS_NO_INDEX is for calls without first_stage.
WEIGHTS: Final = (
    1.074,  # cover_candidate
    3.123,  # cover_query
    6.394,  # word_cosine
    7.863,  # char_cosine
    3.791,  # token_set
    -1.018,  # numbers_disagree
    1.523,  # local_bm25
    4.104,  # first_stage
    2.56,  # first_rank
    -13.311,  # intercept
)
WEIGHTS_NO_INDEX: Final = (
    4.468,  # cover_candidate
    6.518,  # cover_query
    9.652,  # word_cosine
    9.475,  # char_cosine
    4.49,  # token_set
    -0.59,  # numbers_disagree
    3.624,  # local_bm25
    0.0,  # first_stage
    0.0,  # first_rank
    -11.113,  # intercept
)


def _idf(texts: Sequence[_Text]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(t.keys))
    n = len(texts)
    return {k: math.log(1 + (n + 1) / (d + 0.5)) for k, d in df.items()}


def _bm25(q_set: set[str], t: _Text, idf: dict[str, float], avg_len: float) -> float:
    counts = Counter(t.keys)
    norm = 1.2 * (0.25 + 0.75 * len(t.keys) / avg_len) if avg_len else 1.2
    return sum(idf[k] * counts[k] * 2.2 / (counts[k] + norm) for k in q_set if k in counts)


def _char_grams(flat: str) -> set[str]:
    padded = f" {flat} "
    return {padded[i : i + 4] for i in range(len(padded) - 3)}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def features(
    query: str,
    candidates: Sequence[tuple[int, str]],
    *,
    first_stage: Sequence[float] | None = None,
) -> list[tuple[float, ...]]:
    """Each candidate's similarity measures against ``query``, in the order of :data:`FEATURES`.

    Exposed for the benchmark that learns the weights; :func:`rerank` combines them.
    """
    return _features(_analyse(query), [_analyse(text) for _, text in candidates], first_stage)


def _features(
    q: _Text, texts: Sequence[_Text], first_stage: Sequence[float] | None
) -> list[tuple[float, ...]]:
    idf = _idf([q, *texts])
    q_set = set(q.keys)
    q_vec = {k: c * idf[k] for k, c in Counter(q.keys).items()}
    grams = [_char_grams(t.flat) for t in texts]
    q_grams = _char_grams(q.flat)
    best = max((abs(s) for s in first_stage), default=0.0) if first_stage else 0.0
    order = sorted(range(len(texts)), key=lambda i: -abs(first_stage[i])) if first_stage else []
    rank = {i: r for r, i in enumerate(order)}
    avg_len = sum(len(t.keys) for t in texts) / len(texts) if texts else 0.0
    bm25 = [_bm25(q_set, t, idf, avg_len) for t in texts]
    # The most a candidate can score: every query word, repeated; so the feature
    # means the same whatever the other candidates are.
    most_bm25 = sum(idf[k] for k in q_set) * 2.2
    rows: list[tuple[float, ...]] = []
    for i, t in enumerate(texts):
        if not t.keys or not q.keys:
            rows.append((0.0,) * len(FEATURES))
            continue
        c_set = set(t.keys)
        common = c_set & q_set
        cover_c = sum(idf[k] for k in common) / sum(idf[k] for k in c_set)
        cover_q = sum(idf[k] for k in common) / sum(idf[k] for k in q_set)
        c_vec = {k: c * idf[k] for k, c in Counter(t.keys).items()}
        fs = abs(first_stage[i]) / best if first_stage and best else 0.0
        # Unweighted: weighing 4-grams by their rarity costs a third of rerank's time
        # and moved MAP@5 by less than its noise.
        mass = len(q_grams) * len(grams[i])
        char_cosine = len(grams[i] & q_grams) / math.sqrt(mass) if mass else 0.0
        rows.append(
            (
                cover_c,
                cover_q,
                _cosine(q_vec, c_vec),
                char_cosine,
                fuzz.token_set_ratio(q.flat, t.flat) / 100.0,
                float(_numbers_disagree(q.numbers, t.numbers)),
                bm25[i] / most_bm25,
                fs,
                1.0 / math.sqrt(1 + rank[i]) if first_stage else 0.0,
            )
        )
    return rows


def combine(row: Sequence[float], weights: Sequence[float]) -> float:
    """A row of :func:`features` as a score in [0, 1]: the logistic of its weighted sum.

    0 for a row of zeros (no words to compare). :func:`rerank` uses :data:`WEIGHTS` or
    :data:`WEIGHTS_NO_INDEX`, and scores texts with identical words 1 whatever the row.
    """
    if not any(row):
        return 0.0
    z = weights[-1] + sum(w * x for w, x in zip(weights, row, strict=False))
    return 1.0 / (1.0 + math.exp(-z))


def rerank(
    query: str,
    candidates: Sequence[tuple[int, str]],
    *,
    first_stage: Sequence[float] | None = None,
    same: float = SAME_THRESHOLD,
    similar: float = SIMILAR_THRESHOLD,
) -> list[Match]:
    """Score each ``(key, text)`` candidate against ``query`` in [0, 1]; best first.

    ``first_stage``, when given, holds the index's own relevance score for each
    candidate, in the same order; only magnitudes count, so SQLite's ``bm25()``
    (negative, lower is better) and PostgreSQL's ``ts_rank`` (positive, higher
    is better) both fit. Ties are broken by key. The tier is "same" from
    ``same`` (when the text holds :data:`SAME_COVER` of the candidate's words),
    "similar" from ``similar``, and "different-number" instead of
    either when both texts state numbers of a kind (percentages, years, other
    amounts) and none of them agree. Empty or stop-word-only texts score 0.
    """
    if first_stage is not None and len(first_stage) != len(candidates):
        raise ValueError("first_stage must hold one score per candidate")
    q = _analyse(query)
    q_set = set(q.keys)
    texts = [_analyse(text) for _, text in candidates]
    weights = WEIGHTS if first_stage is not None else WEIGHTS_NO_INDEX
    rows = _features(q, texts, first_stage)
    matches: list[Match] = []
    for (key, _), t, row in zip(candidates, texts, rows, strict=True):
        score = 1.0 if q.keys and q.keys == t.keys else combine(row, weights)
        score = round(min(max(score, 0.0), 1.0), 6)
        disagree = _numbers_disagree(q.numbers, t.numbers)
        tier: Tier
        if score >= similar and disagree:
            tier = "different-number"
        elif score >= same and row[0] >= SAME_COVER:
            tier = "same"
        elif score >= similar:
            tier = "similar"
        else:
            tier = "none"
        shared = tuple(dict.fromkeys(t.surface[k] for k in t.keys if k in q_set))
        matches.append(
            Match(
                key=key,
                score=score,
                tier=tier,
                shared=shared,
                numbers_query=_show_numbers(q.numbers),
                numbers_candidate=_show_numbers(t.numbers),
            )
        )
    matches.sort(key=lambda m: (-m.score, m.key))
    return matches


def highlight(text: str, shared: Iterable[str]) -> list[tuple[int, int]]:
    """The (start, end) character spans of ``text``'s words that are among ``shared``.

    A word matches in any case and any of the forms :func:`rerank` takes as the
    same ("released" for "release", "1,000" for "1000").
    """
    wanted = {_key(w) for w in shared} - {""}
    spans: list[tuple[int, int]] = []
    if not wanted:
        return spans
    for m in _TOKEN.finditer(text):
        if _key(m.group()) in wanted:
            spans.append(m.span())
    return spans


def _key(word: str) -> str:
    m = _TOKEN.fullmatch(unicodedata.normalize("NFKC", word.strip()))
    if m is None:
        return ""
    if m.group("num") is not None:
        return _format_number(_number_value(m.group("num")))
    return _stem(m.group("word").casefold())
