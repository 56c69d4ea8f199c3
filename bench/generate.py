"""Deterministic synthetic claims, shaped like real ones, for the benchmarks.

Texts are 8-30 words drawn from a vocabulary: LIAR's statements when the
datasets are beside the checkout (../shared/data/liar/train.tsv, read at run
time and never copied), otherwise a small built-in word list. The same seed
and row count always give the same file.

Usage: python bench/generate.py OUT.csv ROWS [--verdicts 0.05]
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HEADER = ["external_id", "text", "speaker", "claim_type", "tags", "claimed_on", "priority"]
VERDICT_HEADER = ["verdict", "source_url", "source_title", "stance"]
"""Extra columns with ``verdicts``: a label on claimdb's scale and one cited source."""
LABELS = ["true", "mostly-true", "mixed", "mostly-false", "false"]
TAGS = [
    "economy",
    "health-care",
    "taxes",
    "education",
    "jobs",
    "immigration",
    "energy",
    "crime",
    "elections",
    "foreign-policy",
]
TYPES = ["statistic", "quote", "event", "causal", "other"]
_FALLBACK_TEXT = (
    "the state budget grew percent since last year according to officials who said "
    "unemployment fell million people jobs created tax cuts schools hospitals crime rate "
    "rose doubled record highest lowest decade billion dollars spending deficit debt "
    "voters election campaign senator governor mayor report survey data shows claims"
)
FALLBACK_WORDS = _FALLBACK_TEXT.split()


def vocabulary(liar: Path | None) -> list[str]:
    """Words to build texts from: LIAR's statements if available, else a fixed list."""
    if liar is not None and liar.is_file():
        words: set[str] = set()
        with liar.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) > 2:
                    words.update(row[2].split())
        if words:
            return sorted(words)
    return sorted(set(FALLBACK_WORDS))


def default_liar_path() -> Path:
    return Path(__file__).resolve().parents[2] / "shared" / "data" / "liar" / "train.tsv"


def write_claims_csv(
    path: Path, rows: int, *, seed: int = 42, liar: Path | None = None, verdicts: float = 0.0
) -> None:
    """``rows`` claims as CSV at ``path`` (claimdb's column names, one header row).

    ``verdicts``: the share of rows (e.g. 0.05) that come with a verdict and the
    source it rests on (its own URL; ``supports`` for a true verdict, ``refutes``
    otherwise). The other rows, and every row's first seven columns, are the same
    as without it.
    """
    rng = random.Random(seed)
    judged = random.Random(seed + 1)
    words = vocabulary(liar if liar is not None else default_liar_path())
    speakers = [f"speaker-{i}" for i in range(3000)]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER + VERDICT_HEADER if verdicts else HEADER)
        for i in range(rows):
            extra: list[object] = []
            if verdicts:
                extra = ["", "", "", ""]
                if judged.random() < verdicts:
                    label = judged.choice(LABELS)
                    stance = "supports" if label.endswith("true") else "refutes"
                    url = f"https://factcheck.example/review/{i}"
                    extra = [label, url, f"Review of claim {i}", stance]
            w.writerow(
                [
                    f"syn:{i}",
                    " ".join(rng.choices(words, k=rng.randint(8, 30))),
                    rng.choice(speakers),
                    rng.choice(TYPES),
                    ";".join(rng.sample(TAGS, rng.randint(0, 3))),
                    f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.randint(1, 5),
                    *extra,
                ]
            )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("rows", type=int)
    parser.add_argument("--verdicts", type=float, default=0.0, help="share of rows with a verdict")
    args = parser.parse_args()
    write_claims_csv(args.out, args.rows, verdicts=args.verdicts)
