"""Deterministic synthetic claims, shaped like real ones, for the benchmarks.

Texts are 8-30 words drawn from a vocabulary: LIAR's statements when the
datasets are beside the checkout (../shared/data/liar/train.tsv, read at run
time and never copied), otherwise a small built-in word list. The same seed
and row count always give the same file.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

HEADER = ["external_id", "text", "speaker", "claim_type", "tags", "claimed_on", "priority"]
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


def write_claims_csv(path: Path, rows: int, *, seed: int = 42, liar: Path | None = None) -> None:
    """``rows`` claims as CSV at ``path`` (claimdb's column names, one header row)."""
    rng = random.Random(seed)
    words = vocabulary(liar if liar is not None else default_liar_path())
    speakers = [f"speaker-{i}" for i in range(3000)]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for i in range(rows):
            w.writerow(
                [
                    f"syn:{i}",
                    " ".join(rng.choices(words, k=rng.randint(8, 30))),
                    rng.choice(speakers),
                    rng.choice(TYPES),
                    ";".join(rng.sample(TAGS, rng.randint(0, 3))),
                    f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.randint(1, 5),
                ]
            )
