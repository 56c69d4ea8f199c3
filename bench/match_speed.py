"""How long `claimdb match` takes per query on 100,000 claims: first stage + rerank, in process.

Usage (from the checkout):

    .venv/bin/python bench/match_speed.py [--claims 100000] [--queries 300] [--candidates 100]

Builds a synthetic SQLite FTS5 table (claimdb's tokenizer) of generated claims:
8-30 words drawn with the word frequencies of LIAR's statements (read at run
time from ../shared/data/liar/train.tsv, never copied; without it, a
vocabulary of 30,000 made-up words with a Zipf-like skew plus common English
words), a number in most claims (plain, "1,234", percentages, years). The
queries are claims of the table reworded (a quarter of the words dropped or
replaced, the number changed in some) and fresh texts. Wall time and CPU time
are both shown: on a shared machine the wall time includes waiting for a core.
Each query is timed as the product runs it: ``fts_query``, the bm25 query for
the top ``--candidates``, reading their texts, ``rerank``. The baseline, in the
same run, is the bm25 query alone with the same terms. Target: p50 < 50 ms.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from claimdb.analysis import matching

TARGET_P50_MS = 50.0
DEFAULT_LIAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "liar" / "train.tsv"
_FUNCTION_TEXT = """
the of and to in a is that for it as was with be by on not he this are or his from at
which but have an they you were her she there been one all we their has would when if so
no will more about than up its what said out who them some could into only over new also
after two other these may first most any people years time year state city government
president report percent million billion country week
"""
FUNCTION_WORDS = _FUNCTION_TEXT.split()


def liar_words(path: Path) -> list[str]:
    """Every word of LIAR's statements, repeats kept: drawing from it follows their frequencies."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [w.strip(".,;:!?\"'()") for row in rows if len(row) > 2 for w in row[2].split()]


def make_vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["ar", "en", "is", "on"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def make_number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return f"{rng.randint(1, 99)}%"
    if kind < 0.5:
        return str(rng.randint(1950, 2025))
    if kind < 0.7:
        return f"{rng.randint(1000, 9_999_999):,}"
    return str(rng.randint(2, 999))


Draw = Callable[[int], list[str]]


def word_source(rng: random.Random, liar: Path) -> tuple[Draw, str]:
    """A function that draws k words, and where its words come from."""
    tokens = liar_words(liar)
    if tokens:
        return (lambda k: rng.choices(tokens, k=k)), f"LIAR's word frequencies ({liar})"
    vocabulary = make_vocabulary(rng, 30_000)
    # Zipf-like: the word of rank r is drawn in proportion to 1 / (r + 10).
    cum = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(vocabulary))))

    def draw(k: int) -> list[str]:
        return [
            rng.choice(FUNCTION_WORDS) if rng.random() < 0.4 else w
            for w in rng.choices(vocabulary, cum_weights=cum, k=k)
        ]

    return draw, "made-up words (LIAR not found)"


def make_claim(rng: random.Random, draw: Draw) -> str:
    words = draw(rng.randint(8, 30))
    if rng.random() < 0.8:
        words.insert(rng.randrange(len(words)), make_number(rng))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def reword(rng: random.Random, text: str, draw: Draw) -> str:
    words = text.rstrip(".").split()
    out = []
    for w in words:
        r = rng.random()
        if r < 0.12:
            continue
        if r < 0.25:
            out.extend(draw(1))
        elif any(c.isdigit() for c in w) and rng.random() < 0.5:
            out.append(make_number(rng))
        else:
            out.append(w)
    return " ".join(out)


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--liar", type=Path, default=DEFAULT_LIAR)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    draw, source = word_source(rng, args.liar)
    started = time.perf_counter()
    claims = [make_claim(rng, draw) for _ in range(args.claims)]
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE claims_fts USING fts5(text, tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany("INSERT INTO claims_fts(rowid, text) VALUES (?, ?)", enumerate(claims, start=1))
    db.commit()
    print(
        f"{args.claims:,} synthetic claims from {source}, indexed in "
        f"{time.perf_counter() - started:.1f} s; "
        f"{args.queries} queries, top {args.candidates} candidates"
    )
    queries = [
        reword(rng, rng.choice(claims), draw) if i % 4 else make_claim(rng, draw)
        for i in range(args.queries)
    ]

    def bm25(terms: list[str]) -> list[tuple[int, float]]:
        if not terms:
            return []
        expr = " OR ".join(f'"{t}"' for t in terms)
        rows = db.execute(
            "SELECT rowid, bm25(claims_fts) FROM claims_fts WHERE claims_fts MATCH ? "
            "ORDER BY bm25(claims_fts) LIMIT ?",
            (expr, args.candidates),
        ).fetchall()
        return [(int(k), float(s)) for k, s in rows]

    def product(query: str) -> list[matching.Match]:
        found = bm25(matching.fts_query(query))
        marks = ",".join("?" * len(found))
        texts = dict(
            db.execute(
                f"SELECT rowid, text FROM claims_fts WHERE rowid IN ({marks})",
                [k for k, _ in found],
            )
        )
        return matching.rerank(
            query, [(k, texts[k]) for k, _ in found], first_stage=[s for _, s in found]
        )

    terms = [matching.fts_query(q) for q in queries]
    for q, t in zip(queries[:20], terms[:20], strict=True):  # warm the page cache
        bm25(t)
        product(q)
    timings: dict[str, tuple[list[float], list[float]]] = {
        "baseline: bm25 query alone": ([], []),
        "fts_query + bm25 + rerank": ([], []),
    }
    (base_wall, base_cpu), (our_wall, our_cpu) = timings.values()
    for q, t in zip(queries, terms, strict=True):
        w0, c0 = time.perf_counter(), time.process_time()
        bm25(t)
        w1, c1 = time.perf_counter(), time.process_time()
        product(q)
        w2, c2 = time.perf_counter(), time.process_time()
        base_wall.append((w1 - w0) * 1000)
        base_cpu.append((c1 - c0) * 1000)
        our_wall.append((w2 - w1) * 1000)
        our_cpu.append((c2 - c1) * 1000)

    print(f"load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for label, (wall, cpu) in timings.items():
        p50, p90, p99 = (percentile(wall, p) for p in (50, 90, 99))
        print(
            f"  {label:<28} p50 {p50:6.1f} ms  p90 {p90:6.1f} ms  p99 {p99:6.1f} ms"
            f"   (CPU p50 {percentile(cpu, 50):5.1f} ms, p99 {percentile(cpu, 99):5.1f} ms)"
        )
    p50 = percentile(our_wall, 50)
    verdict = "met" if p50 < TARGET_P50_MS else "missed"
    print(
        f"p50 {p50:.1f} ms (target < {TARGET_P50_MS:.0f} ms): {verdict}; fts_query + rerank add "
        f"{p50 - percentile(base_wall, 50):.1f} ms at p50 over the baseline"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
