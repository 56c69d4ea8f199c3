"""The pure parts of `claimdb extract`: sentences, atomic assertions, types, numbers, speakers."""

from __future__ import annotations

import pytest

from claimdb.analysis import extraction as ex
from claimdb.enums import ClaimType, Qualifier


def test_sentences_keep_exact_offsets_and_never_cross_a_heading() -> None:
    """Each sentence is text[start:end]; a heading is skipped and ends the sentence before it."""
    text = "Title\nFirst one is here. Second one, Mr. Smith said.\nHeading\nThird one follows"
    headings = [(text.index("Heading"), text.index("Heading") + len("Heading"))]
    found = list(ex.iter_sentences(text, ex.bodies(text, headings)))
    assert [s.text for s in found] == [
        "Title",
        "First one is here.",
        "Second one, Mr. Smith said.",
        "Third one follows",
    ]
    for s in found:
        assert text[s.start : s.end] == s.text
    assert found[-1].body == 1


def test_long_paragraph_is_split_in_chunks_with_the_same_offsets() -> None:
    """A paragraph longer than a chunk gives the same sentences as a whole one would."""
    text = " ".join(f"Sentence number {i} is here." for i in range(300))
    whole = list(ex.iter_sentences(text, [(0, len(text))], chunk=10**9))
    chunked = list(ex.iter_sentences(text, [(0, len(text))], chunk=500))
    assert [(s.start, s.end) for s in chunked] == [(s.start, s.end) for s in whole]
    assert len(whole) == 300


def test_a_list_becomes_one_assertion_per_item() -> None:
    """'hindered by A, B, and C' is three assertions, each anchored at its own words."""
    sentence = "The economy remains hindered by sanctions, capital flight, and brain drain."
    parts = ex.atomic_parts(sentence)
    assert [sentence[p.start : p.end] for p in parts] == [
        "The economy remains hindered by sanctions",
        "capital flight",
        "brain drain",
    ]
    assert parts[2].text == "The economy remains hindered by brain drain."


def test_clauses_with_their_own_verbs_are_split_and_others_are_not() -> None:
    """'; ' and ', while' split clauses; 'lifting sanctions and reintegrating' stays one."""
    sentence = "Exports fell by 40 percent; imports rose by 12 percent, while prices were stable."
    assert len(ex.atomic_parts(sentence)) == 3
    kept = "Lifting sanctions and reintegrating Russia would benefit business."
    assert len(ex.atomic_parts(kept)) == 1
    adjectives = "Sanctions have targeted Russia's financial, energy, and defense sectors."
    assert len(ex.atomic_parts(adjectives)) == 1


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Exports fell by 40 percent in 2024.", ClaimType.STATISTIC),
        ("“Risks have surged,” Elina Ribakova said.", ClaimType.QUOTE),
        ("Officials expect that trade will recover.", ClaimType.PREDICTION),
        ("The talks collapsed due to the dispute over gas.", ClaimType.CAUSAL),
        ("The government should cut spending.", ClaimType.OPINION),
        ("The minister resigned in March.", ClaimType.EVENT),
    ],
)
def test_types(text: str, kind: ClaimType) -> None:
    """The heuristics' first rule that fits gives the type; opinions and predictions are not checkable."""
    found = ex.propose(ex.Sentence(0, len(text), text))[0]
    assert found.claim_type is kind
    assert found.checkable is (kind not in (ClaimType.OPINION, ClaimType.PREDICTION))


def test_quantities_value_unit_measure_period_qualifier() -> None:
    """Money, percentages and counts are quantities; years are periods; 'over' is more-than."""
    text = "Over 1,000 Western firms exited Russia after 2022, losing $300 billion in assets."
    found = ex.quantities(text)
    assert [(q.value, q.unit, q.qualifier) for q in found] == [
        (1000.0, "firms", Qualifier.MORE_THAN),
        (300e9, "USD", Qualifier.EXACT),
    ]
    assert found[0].measure == "Western firms"
    assert found[0].period == "2022"
    rubles = ex.quantities("Russia spent 3.2 trillion rubles and 40% of its budget in 2025.")
    assert [(q.value, q.unit, q.as_written) for q in rubles] == [
        (3.2e12, "RUB", "3.2 trillion rubles"),
        (40.0, "%", "40%"),
    ]
    assert ex.quantities("The 2018 Helsinki summit and Nord Stream 2 mattered.") == []


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("As Edward Verona, a former head of the council, notes, it is bad.", "Edward Verona"),
        ("According to Jane Roe, rates rose.", "Jane Roe"),
        ("Prices rose, Jane Roe said.", "Jane Roe"),
        ("Despite claims that prices rose, nothing changed.", None),
        ("They said prices rose.", None),
    ],
)
def test_speakers(text: str, who: str | None) -> None:
    """Attributed statements name their speaker; unattributed ones have none."""
    assert ex.speaker(text) == who


def test_labels_and_short_fragments_are_not_proposed() -> None:
    """A heading-like line without a verb, number or full stop holds no assertion."""
    assert ex.propose(ex.Sentence(0, 8, "Contents")) == []
    assert ex.propose(ex.Sentence(0, 6, "Page 1")) == []


# --- the fast sentence splitter -------------------------------------------------------------


def _pieces(paragraph: str) -> list[str]:
    from claimdb.analysis.sentences import split_paragraph

    found = split_paragraph(paragraph)
    for a, b in found:
        assert paragraph[a:b] == paragraph[a:b].strip()
        assert paragraph[a:b]
    return [paragraph[a:b] for a, b in found]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Exports fell. Imports rose! Did prices? Yes.",
            ["Exports fell.", "Imports rose!", "Did prices?", "Yes."],
        ),
        ("Growth was 2.5 percent. It slowed.", ["Growth was 2.5 percent.", "It slowed."]),
        ("Mr. Smith met Dr. Jones in St. Louis.", ["Mr. Smith met Dr. Jones in St. Louis."]),
        ("Ben S. Bernanke and J. R. Smith spoke.", ["Ben S. Bernanke and J. R. Smith spoke."]),
        ("The U.S. Department of State agreed.", ["The U.S. Department of State agreed."]),
        (
            "He lives in the U.S. The rest is history.",
            ["He lives in the U.S.", "The rest is history."],
        ),
        ("See 7 U.S.C. §2201 and P.L. 115-334 now.", ["See 7 U.S.C. §2201 and P.L. 115-334 now."]),
        (
            "Fruit, e.g. apples, sold well. Rice did not.",
            ["Fruit, e.g. apples, sold well.", "Rice did not."],
        ),
        ("He said “it is over.” Then he left.", ["He said “it is over.”", "Then he left."]),
        ("It grew (by 5%. Or so.) Then fell.", ["It grew (by 5%. Or so.)", "Then fell."]),
        ("It was handled.12 About 65% moved.", ["It was handled.12", "About 65% moved."]),
        (
            "It began on September 20, 1969.1 Planning began.",
            ["It began on September 20, 1969.1 Planning began."],
        ),
        ("It rose in 2025. The next year it fell.", ["It rose in 2025.", "The next year it fell."]),
        ("17. For more, see the report.", ["17. For more, see the report."]),
        ("Wait... What happened?", ["Wait...", "What happened?"]),
    ],
)
def test_the_fast_splitter_on_the_usual_cases(paragraph: str, expected: list[str]) -> None:
    """Abbreviations, decimals, initials, U.S., quotes, brackets, footnote markers, lists."""
    assert _pieces(paragraph) == expected


def test_the_fast_splitter_hands_pysbd_only_the_doubtful_stretch() -> None:
    """Clear boundaries are cut by rule; only the stretch around 'waits...' reaches pysbd."""
    from claimdb.analysis.sentences import pysbd_split, split_paragraph

    handed: list[str] = []

    def spy(piece: str) -> list[tuple[int, int]]:
        handed.append(piece)
        return pysbd_split(piece)

    paragraph = "  First one here. Second one here. Third waits... Then it came. Fourth one.  "
    found = split_paragraph(paragraph, fallback=spy)
    assert handed == ["Third waits... Then it came."]
    assert [paragraph[a:b] for a, b in found] == [
        "First one here.",
        "Second one here.",
        "Third waits...",
        "Then it came.",
        "Fourth one.",
    ]
    assert split_paragraph("No doubt here. None at all.", fallback=spy) == [(0, 14), (15, 27)]
    assert len(handed) == 1


def test_the_fast_splitter_never_cuts_where_pysbd_does_not() -> None:
    """On varied report prose, every boundary of the fast splitter is one of pysbd's."""
    from claimdb.analysis.sentences import pysbd_split, split_paragraph

    paragraphs = [
        "The 2018 farm bill (P.L. 115-334) codified it. USDA had seven mission areas.",
        "The Secretary is appointed by the President. Congress established it in 1889.33 As "
        "the head of a department, the Secretary may act.34",
        "In FY2025, the U.S. Forest Service had 30,000 staff. Gen. Smith said so. Sen. Jones, "
        "Rep. Doe, and Gov. Roe did not. It cost $1.5 billion (about 2% of the total).",
        "“Prices rose,” he said. ‘Not much,’ she replied. The data (Table 1. See below.) "
        "disagree. Fig. 3 shows it. No. 5 was late. Is it? Yes! Maybe... Or not.",
    ]
    for paragraph in paragraphs:
        theirs = {a for a, _ in pysbd_split(paragraph)}
        mine = {a for a, _ in split_paragraph(paragraph)}
        assert mine <= theirs, paragraph
