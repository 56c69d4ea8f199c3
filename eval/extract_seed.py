"""How much of the curated seed claims `claimdb extract` proposes: recall and precision.

    .venv/bin/python eval/extract_seed.py

Runs the same steps as ``services/extraction.py`` (sections from ``seeds/claims.yaml``,
sentences, atomic assertions, the shipped scorer) on ``seeds/seed-report.txt`` and compares
the candidates at the default threshold with the curated claims. A candidate *holds* a
curated claim when its anchor covers that claim's anchor (start <= start, end <= end).

- recall: the share of curated checkable claims held by some candidate at the threshold;
- precision: the share of candidates at the threshold that hold a curated checkable claim.

Caveat: the seed report's sentences are part of the scorer's training data
(docs/scoring.md), so these figures are optimistic for the scores; the splitting and
anchoring were also tuned while looking at this report.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

from claimdb.analysis import extraction
from claimdb.analysis.checkworthiness import load_scorer

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> int:
    text = (SEEDS / "seed-report.txt").read_text(encoding="utf-8")
    seed = yaml.safe_load((SEEDS / "claims.yaml").read_text(encoding="utf-8"))
    headings = [
        (s["start"], extraction.heading_end(text, s["start"], s["title"])) for s in seed["sections"]
    ]
    started = time.perf_counter()
    sentences = list(extraction.iter_sentences(text, extraction.bodies(text, headings)))
    proposals = [p for s in sentences for p in extraction.propose(s)]
    scorer = load_scorer()
    scores = scorer.score([p.text for p in proposals])
    took = time.perf_counter() - started
    cut = scorer.info.threshold
    kept = [p for p, s in zip(proposals, scores, strict=True) if s is None or s >= cut]
    curated = [c for c in seed["claims"] if c["checkable"]]

    def holds(p: extraction.Proposal, c: dict[str, int]) -> bool:
        return p.start <= c["start"] and c["end"] <= p.end

    held = [c for c in curated if any(holds(p, c) for p in kept)]
    anywhere = [c for c in curated if any(holds(p, c) for p in proposals)]
    useful = [p for p in kept if any(holds(p, c) for c in curated)]
    print(f"scorer {scorer.info.name}/{scorer.info.version}, threshold {cut:g}")
    print(f"{len(sentences)} sentences, {len(proposals)} assertions, {len(kept)} at the threshold")
    print(f"recall    {len(held)}/{len(curated)} = {len(held) / len(curated):.3f}")
    print(f"precision {len(useful)}/{len(kept)} = {len(useful) / len(kept):.3f}")
    print(f"ceiling   {len(anywhere)}/{len(curated)} held by some assertion, whatever its score")
    print(f"time      {took:.2f} s (splitting and scoring)")
    for c in curated:
        if c not in held:
            print(f"  missed {c['id']} {c['type']}: {c['quote']!r}")
    return 0 if len(held) / len(curated) >= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
