"""What a FlatClaim costs to cross from the import's reading process to the writer.

The worker sends plain claims in batches of 2,000 through a multiprocessing
queue, which pickles each batch. This times one batch pickled and unpickled as
:class:`claimdb.formats.records.FlatClaim` (a NamedTuple) against the same
values as bare tuples, measured in the same run, and prints the ratio.

Usage: python bench/flat_pickle.py [ROWS]   (default 200,000)
"""

from __future__ import annotations

import pickle
import sys
import time
from collections.abc import Sequence
from typing import Any

from claimdb.formats.records import FlatClaim
from claimdb.formats.worker import BATCH as BATCH_HINT


def _rows(n: int) -> list[FlatClaim]:
    return [
        FlatClaim(
            i + 2,
            f"ext-{i}",
            f"Claim number {i} says that unemployment fell by {i % 97} percent in {1990 + i % 35}.",
            "statistic",
            True,
            f"Speaker {i % 3000}",
            None,
            "2020-01-02",
            None,
            None,
            3,
            ("economy", "jobs")[: i % 3],
            i * 7919,
        )
        for i in range(n)
    ]


def _round_trips(rows: Sequence[Any], batch: int) -> float:
    """Seconds to pickle and unpickle every batch of ``rows``, best of three."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for at in range(0, len(rows), batch):
            pickle.loads(pickle.dumps(rows[at : at + batch], pickle.HIGHEST_PROTOCOL))
        best = min(best, time.perf_counter() - start)
    return best


def _as_sent(rows: Sequence[FlatClaim], batch: int) -> float:
    """Like :func:`_round_trips`, the way the import worker sends them: bare, remade."""
    remake = FlatClaim._make
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for at in range(0, len(rows), batch):
            sent = pickle.dumps([tuple(r) for r in rows[at : at + batch]], pickle.HIGHEST_PROTOCOL)
            list(map(remake, pickle.loads(sent)))
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    named = _rows(n)
    bare = [tuple(r) for r in named]
    t_named = _round_trips(named, BATCH_HINT)
    t_bare = _round_trips(bare, BATCH_HINT)
    t_sent = _as_sent(named, BATCH_HINT)
    size_named = len(pickle.dumps(named[:BATCH_HINT], pickle.HIGHEST_PROTOCOL))
    size_bare = len(pickle.dumps(bare[:BATCH_HINT], pickle.HIGHEST_PROTOCOL))
    print(f"{n:,} plain claims in batches of {BATCH_HINT:,}, pickled and unpickled:")
    print(f"  bare tuples (baseline)  {t_bare:6.3f} s   {size_bare:,} bytes a batch")
    print(f"  FlatClaim (NamedTuple)  {t_named:6.3f} s   {size_named:,} bytes a batch")
    print(f"  FlatClaim sent bare and remade (what the worker does)  {t_sent:6.3f} s")
    ratio, size = t_named / t_bare, size_named / size_bare
    print(f"  ratio FlatClaim pickled / tuple {ratio:6.2f}x time, {size:.2f}x bytes")
    print(f"  ratio FlatClaim as sent / tuple {t_sent / t_bare:6.2f}x time")


if __name__ == "__main__":
    main()
