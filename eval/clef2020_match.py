"""The claim matcher on CLEF 2020 CheckThat! Task 2 (verified-claim retrieval), with its baseline.

Usage (from the checkout):

    .venv/bin/python eval/clef2020_match.py [--data ../shared/data/clef2020_task2]
        [--candidates 100] [--seed 2020] [--learn]

For each tweet, rank the 10,375 fact-checked claims and score the ranking
against the qrels: MAP@5 (the lab's measure) and MRR. The first stage is the
product's: an in-memory SQLite FTS5 table over each claim and the title of its
fact-check (the tokenizer of claimdb's own claims_fts), queried with
``fts_query``'s words OR-ed, ordered by bm25, top ``--candidates``; then
``rerank``. The baseline, measured in the same run, is that first stage
without the re-ranking.

The tweets are split with a fixed seed into a tuning half and a report half.
``--learn`` fits the weights of ``rerank``'s logistic combination on the tuning
half only and prints them as the constants to put in
``claimdb/analysis/matching.py``; the run then scores with the learned
weights. Without it, the weights in matching.py are scored. The thresholds
printed are read off the tuning half (see ``choose_thresholds``). Figures on
the report half are the ones to quote; the all-tweets figure includes the
tuning half and is labelled so.

The data files are read in place and never copied.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import sqlite3
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimdb.analysis import matching

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "clef2020_task2"


@dataclass
class Query:
    tweet_id: str
    text: str
    relevant: set[int]
    candidates: list[int]  # first stage, best first
    bm25: list[float]
    rows: list[tuple[float, ...]]  # rerank features, aligned with candidates
    unseen: list[tuple[float, ...]]  # the same without the true matches: a claim not yet stored


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f, delimiter="\t"))[1:]


def load(data: Path) -> tuple[dict[int, tuple[str, str]], dict[str, str], dict[str, set[int]]]:
    claims = {int(r[0]): (r[1], r[2]) for r in read_tsv(data / "verified_claims.docs.tsv")}
    with (data / "tweets.queries.tsv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    tweets = {r[0]: r[1] for r in rows}
    qrels: dict[str, set[int]] = {}
    for line in (data / "tweet-vclaim-pairs.qrels").read_text(encoding="utf-8").splitlines():
        tweet_id, _, claim_id, rel = line.split("\t")
        if rel.strip() == "1":
            qrels.setdefault(tweet_id, set()).add(int(claim_id))
    return claims, tweets, qrels


def build_index(claims: dict[int, tuple[str, str]]) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE claims_fts USING fts5(text, title, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO claims_fts(rowid, text, title) VALUES (?, ?, ?)",
        [(k, text, title) for k, (text, title) in claims.items()],
    )
    return db


def first_stage(db: sqlite3.Connection, text: str, limit: int) -> list[tuple[int, float]]:
    terms = matching.fts_query(text)
    if not terms:
        return []
    expr = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
    rows = db.execute(
        "SELECT rowid, bm25(claims_fts) FROM claims_fts WHERE claims_fts MATCH ? "
        "ORDER BY bm25(claims_fts) LIMIT ?",
        (expr, limit),
    ).fetchall()
    return [(int(k), float(s)) for k, s in rows]


def wording(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def candidate_text(claim: tuple[str, str]) -> str:
    return f"{claim[0]}\n{claim[1]}"


def average_precision_at(ranked: Sequence[int], relevant: set[int], k: int = 5) -> float:
    hits, total = 0, 0.0
    for i, key in enumerate(ranked[:k], start=1):
        if key in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k)


def reciprocal_rank(ranked: Sequence[int], relevant: set[int]) -> float:
    return next((1.0 / i for i, key in enumerate(ranked, start=1) if key in relevant), 0.0)


def evaluate(rankings: dict[str, list[int]], qrels: dict[str, set[int]]) -> tuple[float, float]:
    ids = list(rankings)
    m = sum(average_precision_at(rankings[t], qrels[t]) for t in ids) / len(ids)
    r = sum(reciprocal_rank(rankings[t], qrels[t]) for t in ids) / len(ids)
    return m, r


def recall_at(queries: Sequence[Query], k: int) -> float:
    found = sum(len(q.relevant & set(q.candidates[:k])) for q in queries)
    return found / sum(len(q.relevant) for q in queries)


def score(row: Sequence[float], weights: Sequence[float]) -> float:
    # rerank's score, but for texts with identical words, which rerank scores 1.
    return matching.combine(row, weights)


def reranked(q: Query, weights: Sequence[float]) -> list[tuple[float, int]]:
    return sorted(
        ((round(score(r, weights), 6), k) for r, k in zip(q.rows, q.candidates, strict=True)),
        key=lambda p: (-p[0], p[1]),
    )


def _logistic(x: Any, y: Any, l2: float, intercept: bool) -> Any:
    """L2-regularised logistic regression by Newton's method."""
    import numpy as np

    if intercept:
        x = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x.shape[1])
    reg = l2 * len(x) * np.eye(x.shape[1])
    if intercept:
        reg[-1, -1] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w


def learn(queries: Sequence[Query], l2: float = 1e-4, *, index: bool = True) -> tuple[float, ...]:
    """Weights that rank (pairwise logistic loss), then scaled to give probabilities.

    Ranking: logistic regression on the differences between each tuning tweet's true
    match and each of its other candidates (RankNet's loss with a linear scorer).
    Calibration: a logistic fit of the true/false label of every candidate on that
    ranking score, which scales the weights and sets the intercept, so that the score
    reads as the chance that the candidate is a true match. Each tweet counts twice
    there: with its true match among the candidates, and without it (the claim is not
    in the database yet), so that the best of a poor lot is not taken for a match.
    """
    import numpy as np

    def rows(q: Query) -> Any:
        x = np.array(q.rows, dtype=float)
        if not index:
            x[:, -2:] = 0.0
        return x

    diffs = []
    for q in queries:
        x = rows(q)
        pos = [i for i, k in enumerate(q.candidates) if k in q.relevant]
        neg = [i for i, k in enumerate(q.candidates) if k not in q.relevant]
        for i in pos:
            diffs.append(x[i] - x[neg])
    d = np.vstack(diffs)
    w = _logistic(d, np.ones(len(d)), l2, intercept=False)
    unseen = [np.array(q.unseen, dtype=float) for q in queries if q.unseen]
    if not index:
        for x in unseen:
            x[:, -2:] = 0.0
    s = np.concatenate([rows(q) @ w for q in queries] + [x @ w for x in unseen])[:, None]
    y = np.array(
        [float(k in q.relevant) for q in queries for k in q.candidates]
        + [0.0] * sum(len(x) for x in unseen)
    )
    a, b = _logistic(s, y, 0.0, intercept=True)
    return tuple(round(float(v), 3) for v in (*(a * w), b))


def best_unseen(q: Query, weights: Sequence[float]) -> float:
    return max((round(score(r, weights), 6) for r in q.unseen), default=0.0)


def choose_thresholds(queries: Sequence[Query], weights: Sequence[float]) -> tuple[float, float]:
    """SAME: the lowest top-1 score above which >= 95% of top-1 candidates are true matches.

    SIMILAR: the lowest score above which at least half of all candidates (any rank)
    are true matches. Both read on the tuning tweets only, to two decimals, each tweet
    counted twice: as it is and with its true match taken out of the candidates (the
    product meets claims that are not in the database yet as often as ones that are).
    """
    top = sorted(
        [(s, k in q.relevant) for q in queries for s, k in reranked(q, weights)[:1]]
        + [(best_unseen(q, weights), False) for q in queries],
        reverse=True,
    )
    every = sorted(
        [
            (round(score(r, weights), 6), k in q.relevant)
            for q in queries
            for r, k in zip(q.rows, q.candidates, strict=True)
        ]
        + [(round(score(r, weights), 6), False) for q in queries for r in q.unseen],
        reverse=True,
    )

    def lowest(pairs: Sequence[tuple[float, bool]], precision: float) -> float:
        best, hits = 1.0, 0
        for n, (s, ok) in enumerate(pairs, start=1):
            hits += ok
            if hits / n >= precision:
                best = s
        # Rounded up: a round threshold that keeps to the rule on the tuning tweets.
        return math.ceil(best * 100) / 100

    return lowest(top, 0.95), lowest(every, 0.5)


def tier_report(
    queries: Sequence[Query], weights: Sequence[float], same: float, similar: float
) -> str:
    top = [(reranked(q, weights)[0], q) for q in queries if q.candidates]
    lines = []
    for name, lo, hi in (("same", same, 2.0), ("similar", similar, same), ("none", -1.0, similar)):
        chosen = [(s, k in q.relevant) for (s, k), q in top if lo <= s < hi]
        right = sum(ok for _, ok in chosen)
        share = right / len(chosen) if chosen else float("nan")
        lines.append(
            f"    top-1 at tier {name:<8} {len(chosen):4d} tweets, {share:6.1%} true matches"
        )
    for name, lo, hi in (("same", same, 2.0), ("similar", similar, same), ("none", -1.0, similar)):
        n = sum(lo <= best_unseen(q, weights) < hi for q in queries)
        lines.append(
            f"    true match taken out: top-1 at tier {name:<8} {n:4d} tweets "
            f"({n / len(queries):.1%})"
        )
    shown = [
        k in q.relevant
        for q in queries
        for r, k in zip(q.rows, q.candidates, strict=True)
        if score(r, weights) >= similar
    ]
    true = sum(len(q.relevant) for q in queries)
    lines.append(
        f"    every candidate at or above SIMILAR: {sum(shown) / max(len(shown), 1):.1%} true "
        f"matches, {sum(shown) / true:.1%} of the true matches, "
        f"{(len(shown) - sum(shown)) / len(queries):.2f} false ones per tweet"
    )
    return "\n".join(lines)


def bootstrap(
    base: dict[str, list[int]], ours: dict[str, list[int]], qrels: dict[str, set[int]]
) -> tuple[float, float]:
    """95% interval of the MAP@5 gain over the baseline (paired bootstrap over tweets)."""
    ids = list(base)
    gain = [
        average_precision_at(ours[t], qrels[t]) - average_precision_at(base[t], qrels[t])
        for t in ids
    ]
    rng = random.Random(0)
    means = sorted(sum(rng.choices(gain, k=len(gain))) / len(gain) for _ in range(2000))
    return means[50], means[1949]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--learn", action="store_true")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    claims, tweets, qrels = load(args.data)
    db = build_index(claims)
    # Some claims are stored twice, with other quotation marks: taking a tweet's true
    # match out of its candidates takes its copies out too.
    copies: dict[str, set[int]] = {}
    for k, (text, _) in claims.items():
        copies.setdefault(wording(text), set()).add(k)
    queries: list[Query] = []
    for tweet_id in sorted(qrels, key=int):
        text = tweets[tweet_id]
        found = first_stage(db, text, args.candidates)
        keys = [k for k, _ in found]
        bm25 = [s for _, s in found]
        rows = matching.features(
            text, [(k, candidate_text(claims[k])) for k in keys], first_stage=bm25
        )
        same_text = {k for r in qrels[tweet_id] for k in copies[wording(claims[r][0])]}
        others = [(k, s) for k, s in found if k not in same_text]
        unseen = matching.features(
            text,
            [(k, candidate_text(claims[k])) for k, _ in others],
            first_stage=[s for _, s in others],
        )
        queries.append(Query(tweet_id, text, qrels[tweet_id], keys, bm25, rows, unseen))
    ids = [q.tweet_id for q in queries]
    random.Random(args.seed).shuffle(ids)
    tune_ids = set(ids[: len(ids) // 2])
    tune = [q for q in queries if q.tweet_id in tune_ids]
    report = [q for q in queries if q.tweet_id not in tune_ids]

    weights: tuple[float, ...] = matching.WEIGHTS
    if args.learn:
        weights = learn(tune)
        no_index = learn(tune, index=False)
        print("learned on the tuning half; put these in claimdb/analysis/matching.py:")
        for name, values in (("WEIGHTS", weights), ("WEIGHTS_NO_INDEX", no_index)):
            print(f"{name}: Final = (")
            for feature, value in zip((*matching.FEATURES, "intercept"), values, strict=True):
                print(f"    {value},  # {feature}")
            print(")")
    same, similar = choose_thresholds(tune, weights)

    print(
        f"CLEF 2020 CheckThat! Task 2: {len(claims):,} claims, {len(queries)} tweets; "
        f"split seed {args.seed}: {len(tune)} tuning, {len(report)} report; "
        f"first stage: FTS5 bm25 top {args.candidates}"
    )
    for label, part in (("report half", report), ("tuning half", tune), ("all tweets", queries)):
        base = {q.tweet_id: q.candidates for q in part}
        ours = {q.tweet_id: [k for _, k in reranked(q, weights)] for q in part}
        bm, br = evaluate(base, qrels)
        om, orr = evaluate(ours, qrels)
        recalls = ", ".join(f"R@{k} {recall_at(part, k):.3f}" for k in (1, 5, 20, args.candidates))
        lo, hi = bootstrap(base, ours, qrels)
        print(
            f"  {label:<12} bm25 baseline MAP@5 {bm:.3f} MRR {br:.3f} | "
            f"rerank MAP@5 {om:.3f} MRR {orr:.3f} (gain 95% CI {lo:+.3f}..{hi:+.3f}) | "
            f"first stage {recalls}"
        )
    print(
        f"thresholds read on the tuning half: SAME_THRESHOLD {same:.2f}, "
        f"SIMILAR_THRESHOLD {similar:.2f} (shipped in matching.py: "
        f"{matching.SAME_THRESHOLD:.2f}, {matching.SIMILAR_THRESHOLD:.2f})"
    )
    print("  on the report half, with those thresholds:")
    print(tier_report(report, weights, same, similar))
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
