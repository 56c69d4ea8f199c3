"""The claim matcher's pure part: fts_query, rerank, highlight (claimdb.analysis.matching)."""

from __future__ import annotations

import pytest

from claimdb.analysis import matching
from claimdb.analysis.matching import Match, fts_query, highlight, numbers, rerank

# A dozen short claims written for these tests.
CLAIMS: list[tuple[int, str]] = [
    (1, "Europe cut its imports of Russian gas by 80% between 2021 and 2023."),
    (2, "The city council approved a budget of 1,000 new teachers for public schools."),
    (3, "Drinking coffee every morning doubles the risk of heart disease."),
    (4, "The mayor said unemployment fell to 4 percent last year."),
    (5, "A photograph shows the president shaking hands with a foreign leader."),
    (6, "Wind turbines kill more birds than cats do each year."),
    (7, "The new bridge over the river cost twice its original budget."),
    (8, "Vaccines were tested on fewer than 100 volunteers before approval."),
    (9, "The national museum will close permanently next month."),
    (10, "Tap water in the capital contains dangerous levels of lead."),
    (11, "The senator voted against the farm subsidy bill three times."),
    (12, "Electric cars produce more emissions over their lifetime than petrol cars."),
]


def test_exact_text_ranks_first_with_tier_same() -> None:
    """A claim already in the list comes back first, scored 1, tier "same"."""
    query = CLAIMS[2][1]
    best = rerank(query, CLAIMS)[0]
    assert best.key == 3
    assert best.score == 1.0
    assert best.tier == "same"


def test_paraphrase_ranks_above_unrelated_text() -> None:
    """A reworded claim finds its original before the unrelated ones."""
    ranked = rerank("Does coffee in the morning double your heart disease risk?", CLAIMS)
    assert ranked[0].key == 3
    assert ranked[0].score > ranked[1].score
    assert ranked[-1].score < 0.1


def test_tweet_noise_does_not_hide_the_claim() -> None:
    """Links, handles, hashtags and an embedded tweet's signature don't drown the words."""
    tweet = (
        "Wow. #WindTurbines kill more birds than cats, says @BirdWatch https://t.co/abc123 "
        "pic.twitter.com/xyz — Jo Bloggs (@jbloggs) March 3, 2021"
    )
    assert rerank(tweet, CLAIMS)[0].key == 6


def test_different_percentages_give_different_number() -> None:
    """80% against 60% is another claim, however alike the words: never "same"."""
    [match] = rerank(
        "Europe cut its imports of Russian gas by 60% between 2021 and 2023.", CLAIMS[:1]
    )
    assert match.tier == "different-number"
    assert match.numbers_query == ("2021", "2023", "60%")
    assert match.numbers_candidate == ("2021", "2023", "80%")


def test_number_forms_agree() -> None:
    """'1,000' and '1000', '80 percent' and '80%', '1 million' and '1,000,000' are the same."""
    [match] = rerank(
        "The city council approved a budget of 1000 new teachers for public schools.", CLAIMS
    )[:1]
    assert match.key == 2
    assert match.tier == "same"
    assert numbers("cut by 80 percent") == numbers("cut by 80%") == ("80%",)
    assert numbers("1 million people") == numbers("1,000,000 people") == ("1000000",)
    assert numbers("4 per cent") == ("4%",)


def test_unemployment_percent_words_and_sign_agree() -> None:
    """ "4%" in the query matches "4 percent" in the claim: no different-number."""
    best = rerank("The mayor said unemployment fell to 4% last year.", CLAIMS)[0]
    assert best.key == 4
    assert best.tier == "same"


def test_thresholds_are_parameters() -> None:
    """The tier follows the thresholds passed in; the defaults are the module's constants."""
    query = "Is coffee bad for your heart?"
    [default] = rerank(query, CLAIMS[2:3])
    [strict] = rerank(query, CLAIMS[2:3], same=1.0, similar=1.0)
    [loose] = rerank(query, CLAIMS[2:3], same=0.0, similar=0.0)
    assert strict.tier == "none"
    assert loose.tier == "similar"  # the question holds only part of the claim (SAME_COVER)
    assert default.score == strict.score == loose.score
    assert 0 < matching.SIMILAR_THRESHOLD < matching.SAME_THRESHOLD <= 1


def test_first_stage_scores_are_used_and_checked() -> None:
    """Index scores (bm25's negative numbers too) shift the score; a misaligned list is refused."""
    candidates = CLAIMS[:3]
    with_index = rerank(CLAIMS[0][1], candidates, first_stage=[-12.0, -3.0, -1.0])
    assert with_index[0].key == 1
    with pytest.raises(ValueError, match="one score per candidate"):
        rerank("x", candidates, first_stage=[1.0])


@pytest.mark.parametrize("query", ["", "   ", "the of and to is", "!!! ??? ...", "https://x.y/z"])
def test_empty_and_stop_word_only_text(query: str) -> None:
    """No words: no index terms, every candidate scores 0 with tier none, nothing raises."""
    assert fts_query(query) == []
    ranked = rerank(query, CLAIMS)
    assert [m.score for m in ranked] == [0.0] * len(CLAIMS)
    assert {m.tier for m in ranked} == {"none"}
    assert [m.key for m in ranked] == sorted(k for k, _ in CLAIMS)


def test_empty_candidates() -> None:
    """Empty candidate texts score 0; no candidates give no matches."""
    assert rerank("coffee", []) == []
    [match] = rerank("coffee risk", [(5, "")])
    assert match == Match(5, 0.0, "none", (), (), ())


def test_a_megabyte_of_text_is_capped() -> None:
    """A 1 MB paste is read up to MAX_CHARS: it neither raises nor stalls."""
    huge = "coffee heart disease risk " * 40_000
    assert len(huge) > 1_000_000
    terms = fts_query(huge)
    assert terms
    assert len(terms) <= matching.MAX_TERMS
    ranked = rerank(huge, [*CLAIMS, (99, huge)])
    assert {m.key for m in ranked[:2]} == {3, 99}


def test_fts_query_words() -> None:
    """Lower-cased, deduplicated, stop words out, names and numbers first, at most 32."""
    terms = fts_query("the mayor of Springfield said the the unemployment fell to 45.5 percent")
    assert terms[0] == "springfield"
    assert set(terms[1:3]) == {"unemployment", "45"}
    assert terms.index("45") < terms.index("fell")
    assert "the" not in terms
    assert "percent" not in terms
    assert len(terms) == len(set(terms))
    assert terms == [t.lower() for t in terms]
    many = " ".join(f"word{i}" for i in range(100))
    assert len(fts_query(many)) == matching.MAX_TERMS


def test_arabic_text_keeps_its_words_and_matches() -> None:
    """Right-to-left text: its words go to the index and match the same words."""
    claims = [
        (1, "خفضت أوروبا وارداتها من الغاز الروسي بنسبة 80 في المئة"),
        (2, "افتتحت المدينة جسرا جديدا فوق النهر"),
        (3, CLAIMS[2][1]),
    ]
    query = "أوروبا خفضت واردات الغاز الروسي"
    terms = fts_query(query)
    assert "أوروبا" in terms
    assert "الغاز" in terms
    assert "من" not in fts_query("من الغاز")
    ranked = rerank(query, claims)
    assert ranked[0].key == 1
    assert ranked[0].score > ranked[1].score
    assert "الغاز" in ranked[0].shared


def test_highlight_spans_point_at_the_words() -> None:
    """Spans cover the shared words in any case and form, and nothing else."""
    text = "Europe cut its Imports of Russian gas by 1,000 tonnes; imports fell."
    spans = highlight(text, ["imports", "1000", "gas"])
    assert [text[a:b] for a, b in spans] == ["Imports", "gas", "1,000", "imports"]
    assert highlight(text, []) == []
    assert highlight("", ["gas"]) == []


def test_shared_words_highlight_the_candidate() -> None:
    """The words rerank reports as shared are found by highlight in the candidate."""
    best = rerank("wind turbines are killing birds", CLAIMS)[0]
    assert best.key == 6
    assert set(best.shared) == {"wind", "turbines", "kill", "birds"}
    found = [CLAIMS[5][1][a:b] for a, b in highlight(CLAIMS[5][1], best.shared)]
    assert found == ["Wind", "turbines", "kill", "birds"]


def test_deterministic_with_ties_by_key() -> None:
    """The same input gives the same output; equal scores are ordered by key."""
    twins = [(7, "Tap water contains lead."), (3, "Tap water contains lead."), (5, "Cats.")]
    first = rerank("lead in tap water", twins)
    assert first == rerank("lead in tap water", twins)
    assert [m.key for m in first] == [3, 7, 5]
    assert fts_query(CLAIMS[0][1]) == fts_query(CLAIMS[0][1])


def test_a_part_of_a_stored_claim_is_similar_not_the_same() -> None:
    """The text states one of the candidate's assertions: similar, never "same"."""
    whole = "Russia nationalised the Russian subsidiaries of Danone and Carlsberg overnight."
    part = "Russia nationalised the Russian subsidiary of Carlsberg."
    (found,) = matching.rerank(part, [(1, whole)], first_stage=[-9.0])
    assert found.tier == "similar"
    (again,) = matching.rerank(whole, [(1, whole.upper())], first_stage=[-9.0])
    assert again.tier == "same"
