"""How fast and in how much memory `claimdb extract`'s reading runs on a 10 MB text.

    .venv/bin/python bench/extract_speed.py [--megabytes 10]

The text is the seed report's body paragraphs repeated (with a running number in each, so
that no two sentences are the same) up to the size asked for. Timed, in process: sentence
splitting (pysbd, paragraph by paragraph, in chunks), atomic splitting and typing, and
scoring in batches, as ``services/extraction.py`` does, without the database. Memory: the
peak of ``tracemalloc`` above the text itself, which should stay flat as the text grows.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

BATCH = 2000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=10.0)
    args = parser.parse_args()
    from claimdb.analysis import extraction
    from claimdb.analysis.checkworthiness import load_scorer

    lines = [
        line
        for line in (ROOT / "seeds" / "seed-report.txt").read_text(encoding="utf-8").splitlines()
        if len(line) > 80
    ]
    size = int(args.megabytes * 1_000_000)
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        line = f"In year {1900 + i % 100} case {i}: {lines[i % len(lines)]}"
        parts.append(line)
        total += len(line) + 1
        i += 1
    text = "\n".join(parts)
    del parts
    scorer = load_scorer()
    tracemalloc.start()
    started = time.perf_counter()
    sentences = proposals = 0
    pending: list[str] = []
    for sentence in extraction.iter_sentences(text, [(0, len(text))]):
        sentences += 1
        for p in extraction.propose(sentence):
            proposals += 1
            pending.append(p.text)
            if len(pending) >= BATCH:
                scorer.score(pending)
                pending.clear()
    scorer.score(pending)
    took = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"text        {len(text) / 1e6:.1f} MB, {len(text):,} characters")
    print(f"sentences   {sentences:,}; assertions {proposals:,}")
    print(f"time        {took:.1f} s ({sentences / took:,.0f} sentences/s)")
    print(f"peak memory {peak / 1e6:.1f} MB above the text (tracemalloc)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
