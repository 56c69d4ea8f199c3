"""How fast the check-worthiness scorer is: 10,000 sentences, in process, model load included.

    .venv/bin/python bench/score_speed.py [--sentences 10000] [--seed 7]

The sentences are generated here from templates (no dataset is read), a mix of statistics,
statements, questions and pleasantries of 3 to 40 words, with random numbers so that the
per-word cache of the scorer does not see only the same words. The baseline, measured in the
same run on the same sentences, is the time to tokenise them with ``re.findall``: the ratio
says how many tokenisations one scoring costs, which travels better between machines than
seconds. The target is 2 s for 10,000 sentences including loading the model.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

TARGET_SECONDS = 2.0

SUBJECTS = [
    "unemployment", "inflation", "the deficit", "crime", "the national debt", "spending on schools",
    "the number of uninsured people", "our exports", "the price of gasoline", "military spending",
    "the tax on small businesses", "the murder rate", "median income", "the trade gap",
]  # fmt: skip
VERBS = ["rose", "fell", "went up", "dropped", "doubled", "grew", "was cut", "increased"]
PLACES = ["in Ohio", "in this country", "in our cities", "across Europe", "in rural counties", ""]
OPINIONS = [
    "I think we can do better than that.",
    "We need leadership that will bring people together.",
    "That is simply not the kind of country I want to leave to my children.",
    "Let me be very clear about this.",
    "My opponent has no plan, and the American people know it.",
    "Thank you very much.",
    "Good evening, and welcome.",
]
FILLER = ["and", "we", "will", "keep", "working", "hard", "for", "every", "family", "that"]


def sentence(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.45:
        year = rng.randint(1960, 2025)
        amount = rng.choice(
            [f"{rng.randint(1, 99)}%", f"{rng.randint(2, 90)} percent", f"${rng.randint(1, 900)}"]
        )
        place = rng.choice(PLACES)
        text = f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {amount} {place} in {year}"
        tail = rng.randint(0, 25)
        if tail:
            text += ", " + " ".join(rng.choice(FILLER) for _ in range(tail))
        return text.replace("  ", " ") + "."
    if kind < 0.85:
        return rng.choice(OPINIONS)
    return f"What would you do about {rng.choice(SUBJECTS)} {rng.choice(PLACES)}?".replace(
        " ?", "?"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sentences = [sentence(rng) for _ in range(args.sentences)]
    words = sum(len(s.split()) for s in sentences)

    token = re.compile(r"\w+|[^\w\s]")
    started = time.perf_counter()
    for s in sentences:
        token.findall(s.lower())
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    from claimdb.analysis.checkworthiness import load_scorer

    scorer = load_scorer()
    loaded = time.perf_counter() - started
    scores = scorer.score(sentences)
    total = time.perf_counter() - started

    scored = [s for s in scores if s is not None]
    share = sum(1 for s in scored if s >= scorer.info.threshold) / max(len(scored), 1)
    print(f"{len(sentences)} sentences, {words} words; scorer {scorer.info.version}")
    print(f"tokenise only (baseline): {baseline:.3f} s")
    print(f"import + load model:      {loaded:.3f} s")
    print(f"load + score:             {total:.3f} s ({total / baseline:.1f}x the baseline)")
    print(f"{share:.0%} of the sentences at or above the threshold {scorer.info.threshold}")
    met = total < TARGET_SECONDS
    print(f"target {TARGET_SECONDS:.0f} s for 10,000 sentences: {'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
