"""Finding a claim's words in a text, and explaining a miss with what to copy instead."""

from __future__ import annotations

from claimdb.analysis import anchors

TEXT = "Europe has slashed imports by 80% since 2022, turning to U.S. LNG—and renewables. “High-risk,” it said."


def test_exact_spans_include_overlaps() -> None:
    """Every occurrence is found, overlapping ones too."""
    assert anchors.spans("aaa", "aa") == [(0, 2), (1, 3)]
    assert anchors.spans(TEXT, "U.S. LNG") == [(TEXT.index("U.S."), TEXT.index("U.S.") + 8)]
    assert anchors.spans(TEXT, "") == []


def test_loose_spans_ignore_quote_styles_dashes_and_spaces() -> None:
    """Straight quotes, hyphens and doubled spaces still find the typographic original."""
    words = 'LNG-and renewables. "High-risk,"'
    ((start, end),) = anchors.loose_spans(TEXT, words)
    assert TEXT[start:end] == "LNG—and renewables. “High-risk,”"
    assert anchors.loose_spans(TEXT, "imports  by\n80%") == [
        (TEXT.index("imports"), TEXT.index("80%") + 3)
    ]


def test_closest_passage_suggests_what_to_copy() -> None:
    """A misremembered quote gets the passage it most resembles, with its offsets."""
    near = anchors.closest_passage(TEXT, "slashed its imports by 80 percent")
    assert near is not None
    assert TEXT[near.start : near.end] == near.text
    assert "slashed imports by 80" in near.text
    assert near.similarity >= anchors.CLOSE_ENOUGH
    assert anchors.closest_passage(TEXT, "The moon is made of cheese") is None


def test_describe_miss_says_what_to_do() -> None:
    """The message names the near match and where it is, or says there is none."""
    loose = anchors.describe_miss(TEXT, '"High-risk,"')
    assert "copy the text's characters exactly" in loose
    assert f"at {TEXT.index('“')}-" in loose
    near = anchors.describe_miss(TEXT, "Europe slashed its imports")
    assert "the closest passage is" in near
    assert "% alike" in near
    assert anchors.describe_miss(TEXT, "zebra crossings in Oslo").endswith(
        "nor anything close to it"
    )
