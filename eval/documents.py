"""How well `claimdb doc add` reads real reports: the CRS reports in ../shared/data/documents.

Usage (from the checkout):

    .venv/bin/python eval/documents.py [--path ../shared/data/documents] [--json]

Each report is there as a PDF and as Markdown of its web (HTML) edition. For each
pair it reports, reading both through claimdb.formats exactly as `doc add` does:

- agreement: the PDF's extracted words against the Markdown edition's, as the
  Indel similarity of the two word sequences (rapidfuzz; 1.0 = the same words in
  the same order) and as the overlap of the two bags of words (order ignored).
  Words are lower-cased runs of letters and digits; the Markdown's link targets
  are not words of the text and are dropped before comparing;
- sections: the headings found in the PDF and in the Markdown, against the
  report's own "Contents" list (recall: the share of its entries found);
- citations: the footnotes found in the PDF, and those whose marker was found in
  the text, against the report's own "Footnotes" list (the Markdown's table);
- re-anchoring R48905 version 1 -> version 2: every sentence of version 1's body
  (40-400 characters) taken as a claim, placed in version 2.

Nothing is written anywhere; the numbers go to stdout (bench/README.md keeps them).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel

from claimdb.analysis.reanchor import Anchor, context, reanchor
from claimdb.formats.documents import _SENTENCE_END as SENTENCE_END
from claimdb.formats.documents import ParsedDocument, read_document

ROOT = Path(__file__).resolve().parent.parent
PAIRS = [
    ("R48905.2.pdf", "R48905v2-u-s-department-of-agriculture-usda-structure-and.md"),
    ("R48903.3.pdf", "R48903v3-the-strait-of-hormuz-in-brief-non-oil-shipments-.md"),
    ("R46293v11-earth-day-fact-sheet.pdf", "R46293v11-earth-day-fact-sheet.md"),
]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def parse(path: Path) -> ParsedDocument:
    return read_document(path.read_bytes(), name=path.name)


def contents(markdown: str) -> list[str]:
    """The entries of the Markdown edition's "# Contents" list."""
    m = re.search(r"^# Contents\n(.*?)(?=^# )", markdown, re.S | re.M)
    if not m:
        return []
    return [t.strip() for t in re.findall(r"^- \[([^\]]+)\]", m.group(1), re.M)]


def footnotes(markdown: str) -> list[str]:
    return re.findall(r"^\| (\d+)\. \|", markdown, re.M)


def agreement(pdf: ParsedDocument, md_source: str) -> dict[str, float]:
    a = words(pdf.text)
    b = words(re.sub(r"\]\([^)]*\)", "]", md_source))
    bag = sum((Counter(a) & Counter(b)).values()) * 2 / (len(a) + len(b))
    return {
        "pdf_words": len(a),
        "md_words": len(b),
        "sequence": round(Indel.normalized_similarity(a, b), 3),
        "bag_of_words": round(bag, 3),
    }


def norm(title: str) -> str:
    return " ".join(words(title))


def section_recall(found: ParsedDocument, expected: list[str]) -> dict[str, Any]:
    titles = {norm(h.title) for h in found.headings}
    hit = [t for t in expected if norm(t) in titles]
    return {
        "expected": len(expected),
        "found": len(hit),
        "recall": round(len(hit) / len(expected), 3) if expected else None,
        "headings": len(found.headings),
        "missed": [t for t in expected if norm(t) not in titles],
    }


def citation_recall(found: ParsedDocument, expected: list[str]) -> dict[str, Any]:
    labels = {n.label for n in found.notes}
    marked = {m.label for m in found.markers if m.url is None}
    return {
        "expected": len(expected),
        "notes_found": len(labels & set(expected)),
        "markers_found": len(marked & set(expected)),
        "recall": round(len(labels & set(expected)) / len(expected), 3) if expected else None,
        "links": sum(1 for m in found.markers if m.url),
    }


def sentences(text: str) -> list[tuple[int, int]]:
    """The body's sentences (before "Footnotes"), split as claimdb finds a marker's sentence."""
    body_end = text.rfind("\n\nFootnotes\n\n")
    body_end = body_end if body_end > 0 else len(text)
    spans = []
    for para in re.finditer(r"[^\n]+", text[:body_end]):
        start = para.start()
        for end_mark in [*SENTENCE_END.finditer(text, para.start(), para.end()), None]:
            end = end_mark.start() + 1 if end_mark else para.end()
            if 40 <= end - start <= 400:
                spans.append((start, end))
            start = end_mark.end() if end_mark else start
    return spans


def reanchoring(folder: Path) -> dict[str, Any]:
    old = parse(folder / "R48905.1.pdf").text
    new = parse(folder / "R48905.2.pdf").text
    items = [
        Anchor(i, s, e, old[s:e], *context(old, s, e)) for i, (s, e) in enumerate(sentences(old))
    ]
    started = time.perf_counter()
    placed = reanchor(old, new, items)
    seconds = time.perf_counter() - started
    counts = Counter(p.outcome.value for p in placed)
    changed = [
        {"old": p.old, "new": p.new, "similarity": p.similarity}
        for p in placed
        if p.outcome.value == "changed"
    ][:5]
    return {
        "claims": len(items),
        "counts": {k: counts.get(k, 0) for k in ("exact", "moved", "changed", "orphaned")},
        "seconds": round(seconds, 3),
        "changed_examples": changed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", type=Path, default=ROOT.parent / "shared" / "data" / "documents")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    folder: Path = args.path
    if not folder.is_dir():
        print(f"no folder {folder}: pass --path", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"reports": {}}
    for pdf_name, md_name in PAIRS:
        if not (folder / pdf_name).is_file() or not (folder / md_name).is_file():
            continue
        md_source = (folder / md_name).read_text(encoding="utf-8")
        started = time.perf_counter()
        pdf = parse(folder / pdf_name)
        seconds = time.perf_counter() - started
        md = parse(folder / md_name)
        expected_sections = contents(md_source)
        expected_notes = footnotes(md_source)
        results["reports"][pdf_name] = {
            "read_seconds": round(seconds, 3),
            "agreement": agreement(pdf, md_source),
            "sections_pdf": section_recall(pdf, expected_sections),
            "sections_md": section_recall(md, expected_sections),
            "citations_pdf": citation_recall(pdf, expected_notes),
            "citations_md": citation_recall(md, expected_notes),
            "repairs": [f.detail for f in pdf.repairs],
            "suspects": len(pdf.suspects),
        }
    if (folder / "R48905.1.pdf").is_file() and (folder / "R48905.2.pdf").is_file():
        results["reanchor_R48905_v1_v2"] = reanchoring(folder)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    print(
        "| report | PDF words | MD words | agreement (sequence) | agreement (bag) | "
        "sections PDF | sections MD | footnotes PDF (notes / markers) | footnotes MD |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in results["reports"].items():
        a, sp, sm, cp, cm = (
            r["agreement"],
            r["sections_pdf"],
            r["sections_md"],
            r["citations_pdf"],
            r["citations_md"],
        )
        print(
            f"| {name} | {a['pdf_words']:,} | {a['md_words']:,} | {a['sequence']} | "
            f"{a['bag_of_words']} | {sp['found']}/{sp['expected']} | {sm['found']}/{sm['expected']}"
            f" | {cp['notes_found']} / {cp['markers_found']} of {cp['expected']} | "
            f"{cm['notes_found']} of {cm['expected']} |"
        )
    ra = results.get("reanchor_R48905_v1_v2")
    if ra:
        counts = ", ".join(f"{k} {v}" for k, v in ra["counts"].items())
        print(f"\nR48905 v1 -> v2: {ra['claims']} sentence claims: {counts} ({ra['seconds']} s)")
        for example in ra["changed_examples"]:
            print(f"  changed ({example['similarity']}%): {example['old'][:80]!r}")
            print(f"                 -> {str(example['new'])[:80]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
