"""The check-worthiness scorer: the shipped model's behaviour, the language gate, the fast path."""

from __future__ import annotations

import gzip
import json
import math
import subprocess
import sys
from importlib import resources

import pytest

from claimdb.analysis import checkworthiness as cw

# Written for these tests; no row of any training set.
CHECK_WORTHY = [
    "Inflation rose 5% in 2022.",
    "Unemployment fell from 8.1 percent in 2012 to 3.7 percent in 2019.",
    "The federal deficit was $1.4 trillion last year, the largest since 1945.",
    "Our state spent 40% more on prisons than on universities in 2015.",
    "Since 2010, the number of uninsured Americans has dropped by 20 million.",
    "Crime in our cities went up 12 percent over the past four years.",
]
NOT_CLAIMS = [
    "Thank you very much.",
    "Good evening.",
    "Thank you all for being here tonight.",
    "I want to thank the moderator.",
    "Let me finish.",
    "What do you think?",
]
NOT_ENGLISH = [
    "ارتفع التضخم بنسبة 5% في عام 2022.",
    "Инфляция выросла на 5% в 2022 году.",
    "2022年通货膨胀率上升了5%。",
    "L'inflation a augmenté de 5 % en 2022 selon les chiffres de l'Insee.",
    "Die Inflation ist im Jahr 2022 um 5 Prozent gestiegen.",
    "La inflación subió un 5% en 2022, según los datos del gobierno.",
    "Le chômage est tombé à 7 % cette année.",
    "Die Arbeitslosigkeit ist auf dem niedrigsten Stand seit der Wiedervereinigung.",
]


@pytest.fixture(scope="module")
def scorer() -> cw.Scorer:
    return cw.load_scorer()


def test_scores_are_probabilities(scorer: cw.Scorer) -> None:
    """Every score of an English sentence is a float in [0, 1]."""
    scores = scorer.score([*CHECK_WORTHY, *NOT_CLAIMS, "", "...", "a " * 500])
    english = [s for s in scores if s is not None]
    assert len(english) == len(CHECK_WORTHY) + len(NOT_CLAIMS) + 1
    assert all(isinstance(s, float) and 0.0 <= s <= 1.0 for s in english)


@pytest.mark.parametrize("sentence", CHECK_WORTHY)
def test_factual_statistics_are_check_worthy(scorer: cw.Scorer, sentence: str) -> None:
    """A factual sentence with figures scores at or above the default threshold."""
    [score] = scorer.score([sentence])
    assert score is not None
    assert score >= scorer.info.threshold


@pytest.mark.parametrize("sentence", NOT_CLAIMS)
def test_pleasantries_are_not(scorer: cw.Scorer, sentence: str) -> None:
    """Greetings, thanks and questions score below the default threshold."""
    [score] = scorer.score([sentence])
    assert score is not None
    assert score < scorer.info.threshold


@pytest.mark.parametrize("sentence", NOT_ENGLISH)
def test_other_languages_get_no_score(scorer: cw.Scorer, sentence: str) -> None:
    """The scorer returns None rather than guess for a sentence that is not English."""
    assert not scorer.is_english(sentence)
    assert scorer.score([sentence]) == [None]


@pytest.mark.parametrize(
    "sentence",
    [
        "Inflation rose 5% in 2022.",
        "Good evening.",
        "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
        "The café sold 300 croissants a day, the owner said.",
        "He said the Bundestag would vote in März, but it did not.",
    ],
)
def test_english_is_english(sentence: str) -> None:
    """Short English, and English with a few foreign names or words, is scored."""
    assert cw.is_english(sentence)


@pytest.mark.parametrize("sentence", ["", "   ", "2022: 5%", "!!!"])
def test_nothing_to_judge_is_not_english(sentence: str) -> None:
    """A sentence without letters gets None: there is no language to judge."""
    assert not cw.is_english(sentence)


def test_order_and_length_are_kept(scorer: cw.Scorer) -> None:
    """One score per sentence, in order, None where the language is not English."""
    scores = scorer.score(["Good evening.", "Die Inflation ist gestiegen und das ist schlecht."])
    assert len(scores) == 2
    assert scores[0] is not None
    assert scores[1] is None
    assert scorer.score([]) == []


def test_deterministic(scorer: cw.Scorer) -> None:
    """The same sentence gets the same score, alone, in a batch, and from a new scorer."""
    batch = [*CHECK_WORTHY, *NOT_CLAIMS]
    first = scorer.score(batch)
    assert scorer.score(list(reversed(batch))) == list(reversed(first))
    assert [scorer.score([s])[0] for s in batch] == first
    cw.load_scorer.cache_clear()
    try:
        assert cw.load_scorer().score(batch) == first
    finally:
        cw.load_scorer.cache_clear()


def test_model_file_matches_the_code() -> None:
    """The shipped file is the version the code names, and declares its figures."""
    data = resources.files("claimdb.analysis").joinpath("data", cw.weights_file()).read_bytes()
    model = json.loads(gzip.decompress(data))
    info = cw.load_scorer().info
    assert model["format"] == cw.FORMAT
    assert model["version"] == info.version == cw.VERSION
    assert model["name"] == info.name == cw.NAME
    assert model["threshold"] == info.threshold
    assert 0.0 < info.threshold < 1.0
    assert model["cross_validation"]["mean"]["f1"] > 0.7
    assert len(data) < 2_000_000


def test_fast_path_is_the_dot_product() -> None:
    """Scorer.linear, with its per-word cache, equals bias + w . features(sentence)."""
    sentences = [*CHECK_WORTHY, *NOT_CLAIMS, "Rose rose; rose rose.", "x", ""]
    vocabulary = sorted({f for s in sentences for f in cw.features(s)})
    # Arbitrary but fixed weights, with some features left out of the model on purpose.
    weights = {f: ((i * 7919) % 23 - 11) / 10 for i, f in enumerate(vocabulary) if i % 5}
    scorer = cw.Scorer(cw.ScorerInfo("toy", "0", 0.5), weights, bias=-0.3, scale=2.0, offset=0.1)
    for sentence in sentences:
        expected = -0.3 + sum(weights.get(f, 0.0) * v for f, v in cw.features(sentence).items())
        assert scorer.linear(sentence) == pytest.approx(expected, abs=1e-9)
        if sentence:
            [p] = scorer.score([sentence])
            assert p == pytest.approx(1 / (1 + math.exp(-(2.0 * expected + 0.1))), abs=1e-12)
    # Twice: the second time from the cache.
    assert scorer.linear(sentences[0]) == pytest.approx(scorer.linear(sentences[0]))


def test_extreme_scores_do_not_overflow() -> None:
    """Huge linear scores give 0.0 and 1.0, not an OverflowError."""
    high = cw.Scorer(cw.ScorerInfo("toy", "0", 0.5), {}, bias=1e6)
    low = cw.Scorer(cw.ScorerInfo("toy", "0", 0.5), {}, bias=-1e6)
    assert high.score(["Good evening."]) == [1.0]
    assert low.score(["Good evening."]) == [0.0]


def test_a_wrong_file_is_refused() -> None:
    """A decoded file of another layout raises ValueError instead of scoring with garbage."""
    with pytest.raises(ValueError, match="format"):
        cw.scorer_from_model({"format": "something/2"})


def test_import_is_light() -> None:
    """Importing and using the scorer imports neither numpy nor scikit-learn."""
    code = (
        "import sys\n"
        "import claimdb.analysis.checkworthiness as cw\n"
        "loaded = set(sys.modules)\n"
        "cw.load_scorer().score(['Inflation rose 5% in 2022.'])\n"
        "used = set(sys.modules)\n"
        "heavy = ('numpy', 'sklearn', 'scipy', 'sqlalchemy', 'pydantic')\n"
        "print(sorted(m for m in loaded | used if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
