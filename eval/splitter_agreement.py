"""Does the fast sentence splitter find the sentences pysbd finds? The CRS reports.

    .venv/bin/python eval/splitter_agreement.py [DIR]   # default ../shared/data/documents

Each report (PDF and Markdown editions) is read through ``claimdb.formats`` as `doc add`
reads it; its body spans (between headings, as `claimdb extract` splits them) are cut into
paragraphs (lines); each paragraph is split twice: by pysbd alone (what `extract` did
before) and by :func:`claimdb.analysis.sentences.split_paragraph` (rules, pysbd for doubtful
stretches only). Reported per report and in total:

- sentences: pysbd's count and the fast splitter's;
- identical: the share of pysbd's sentences that the fast splitter gives with exactly the same
  (start, end);
- boundaries: precision and recall of the fast splitter's sentence starts against pysbd's;
- pysbd share: the share of the characters the fast splitter handed to pysbd;
- time of each splitter, and their ratio;
- the pysbd boundaries the fast splitter does not make, and how many of them start a piece
  that begins with neither a capital letter nor a quote ("vol. | 170 (April 17, 2024)"):
  pysbd's fragments, not sentences.

The seed report (``seeds/seed-report.txt``, its sections from ``seeds/claims.yaml``) is the
last row.

Where they differ, the first few differences are printed with ``--show N``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from claimdb.analysis import extraction, sentences
from claimdb.formats.documents import read_document

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "documents"
SEED = ROOT / "seeds" / "seed-report.txt"


def paragraphs(path: Path) -> list[str]:
    """The body paragraphs of a report, read as `doc add` reads it (the seed: its sections)."""
    if path == SEED:
        import yaml

        text = path.read_text(encoding="utf-8")
        seed = yaml.safe_load((ROOT / "seeds" / "claims.yaml").read_text(encoding="utf-8"))
        starts = [(s["start"], s["title"]) for s in seed["sections"]]
    else:
        parsed = read_document(path.read_bytes(), name=path.name)
        text = parsed.text
        starts = [(h.start, h.title) for h in parsed.headings]
    headings = [(start, extraction.heading_end(text, start, title)) for start, title in starts]
    out: list[str] = []
    for start, end in extraction.bodies(text, headings):
        out.extend(line for line in text[start:end].split("\n") if line.strip())
    return out


def compare(paras: list[str], show: int) -> Counter[str]:
    """pysbd and the fast splitter on the same paragraphs: counts, times, differences shown."""
    out: Counter[str] = Counter()

    def counting(piece: str) -> list[tuple[int, int]]:
        out["handed"] += len(piece)
        return sentences.pysbd_split(piece)

    started = time.perf_counter()
    old = [sentences.pysbd_split(p) for p in paras]
    out["slow"] += time.perf_counter() - started  # type: ignore[assignment]
    started = time.perf_counter()
    new = [sentences.split_paragraph(p, fallback=counting) for p in paras]
    out["fast"] += time.perf_counter() - started  # type: ignore[assignment]
    out["chars"] = sum(map(len, paras))
    for p, a, b in zip(paras, old, new, strict=True):
        out["old"] += len(a)
        out["new"] += len(b)
        out["same"] += len(set(a) & set(b))
        theirs, mine = {s for s, _ in a}, {s for s, _ in b}
        out["both"] += len(theirs & mine)
        for s in theirs - mine:
            out["missed"] += 1
            out["fragments"] += not (p[s : s + 1].isupper() or p[s : s + 1] in "\"“‘'(")
        if a != b and out["shown"] < show:
            out["shown"] += 1
            print(f"\n  pysbd: {[p[s:e] for s, e in a]}\n  fast:  {[p[s:e] for s, e in b]}\n")
    return out


def row(name: str, c: Counter[str]) -> str:
    return (
        f"| {name} | {c['old']:,} | {c['new']:,} | {c['same'] / c['old']:.3f} | "
        f"{c['both'] / c['new']:.3f} | {c['both'] / c['old']:.3f} | "
        f"{c['handed'] / c['chars']:.3f} | {c['slow']:.2f} | {c['fast']:.2f} | "
        f"{c['slow'] / c['fast']:.0f}x |"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--show", type=int, default=0, help="print this many differences")
    args = parser.parse_args()
    files = sorted(p for p in args.directory.iterdir() if p.suffix in {".md", ".pdf"})
    if not files:
        print(f"{args.directory}: no .md or .pdf files", file=sys.stderr)
        return 2
    files.append(SEED)
    print(
        "| report | pysbd sentences | fast sentences | identical | boundary precision | "
        "boundary recall | to pysbd (chars) | pysbd s | fast s | speed-up |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    total: Counter[str] = Counter()
    for path in files:
        counts = compare(paragraphs(path), args.show - total["shown"])
        print(row(path.name, counts))
        total.update(counts)
    print(row("all", total))
    print(
        f"\npysbd boundaries the fast splitter does not make: {total['missed']}, of which "
        f"{total['fragments']} start a piece with neither a capital letter nor a quote or "
        "bracket (pysbd cutting after 'vol.', 'Cong.', 'App.' or inside a web address)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
