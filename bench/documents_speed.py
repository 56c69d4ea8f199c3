"""`claimdb doc add` speed, as whole processes, each against a baseline timed in the same run.

Usage (from the checkout, with the dev extras installed: fpdf2 writes the PDF):

    .venv/bin/python bench/documents_speed.py [--pages 50] [--text-pages 500] [--claims 10000]
                                              [--keep DIR]

1. ``doc add`` of a generated PDF of about 1 MB and 50 pages (text in two sizes,
   headings, a running header and page numbers, footnotes with superscript markers,
   hyphenated line ends, and a noise image every few pages, as report figures are),
   against the baseline of a process that only extracts the text with pypdfium2
   (and ``pdftotext``, when it is installed). Target: under 5 s.
2. ``doc add --new-version-of`` of a revised 500-page text whose previous version has
   10,000 claims (imported beforehand, untimed), against the baseline of a process
   that reads both texts and finds each claim's words in the new one with
   ``str.find``. Target: under 10 s. The pure re-anchoring
   (claimdb.analysis.reanchor) is timed in its own process too.

Every figure is a child process's wall time (start-up, imports and the commit
included). bench/README.md shows the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path

BIN = Path(sys.executable).parent
CLAIMDB = str(BIN / "claimdb")
PYTHON = sys.executable

VOCABULARY = (
    "the department agency secretary program office federal congress appropriations "
    "authority reorganization committee report staff region funding statute policy mission "
    "area service farm food safety rural conservation research trade market plan budget "
    "employees location hearing legislation oversight structure function under assistant "
    "administration review proposal national capital relocate hub memorandum estimate"
)
WORDS = VOCABULARY.split()


def timed(cmd: Sequence[str], *, stdin: Path | None = None) -> float:
    """Wall time of a whole child process; a failure stops the benchmark with its output."""
    started = time.perf_counter()
    with open(stdin, "rb") if stdin else open("/dev/null", "rb") as inp:
        proc = subprocess.run(cmd, stdin=inp, capture_output=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout.decode() + proc.stderr.decode())
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return seconds


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 24))]
    words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 99_999)))
    return " ".join(words).capitalize() + "."


def write_pdf(path: Path, pages: int, rng: random.Random) -> None:
    from fpdf import FPDF
    from PIL import Image

    class Report(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, "A Generated Report on Agencies", new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-10)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Report()
    pdf.set_auto_page_break(False)
    note = 0
    for page in range(pages):
        pdf.add_page()
        if page % 3 == 0:
            pdf.set_font("Helvetica", "B", 16)
            pdf.cell(
                0,
                9,
                f"Section {page // 3 + 1}: {rng.choice(WORDS).title()} Matters",
                new_x="LMARGIN",
                new_y="NEXT",
            )
        if page % 10 == 1:
            noise = Image.frombytes("RGB", (240, 240), rng.randbytes(240 * 240 * 3))
            pdf.image(noise, w=60)
        pdf.set_font("Helvetica", size=10)
        body = " ".join(sentence(rng) for _ in range(26))
        for wrapped in textwrap.wrap(body, 100)[:36]:
            if pdf.get_y() > 245:
                break
            line = wrapped
            if rng.random() < 0.05 and " " in line:
                head, _, tail = line.rpartition(" ")
                line = f"{head} {tail[: len(tail) // 2]}-" if len(tail) > 5 else line
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-30)
        for _ in range(2):
            note += 1
            pdf.set_font("Helvetica", size=6)
            pdf.write(3, str(note))
            pdf.set_font("Helvetica", size=8)
            pdf.write(3, f" {sentence(rng)} https://example.gov/reports/{note}.pdf\n")
    pdf.output(str(path))


def write_texts(
    folder: Path, pages: int, claims: int, rng: random.Random
) -> tuple[Path, Path, Path]:
    """Version 1 and 2 of a long text, and a JSONL import of claims anchored in version 1."""
    paragraphs = [" ".join(sentence(rng) for _ in range(4)) for _ in range(pages * 6)]
    old = "\n\n".join(paragraphs) + "\n"
    new_paragraphs = list(paragraphs)
    for i in rng.sample(range(len(new_paragraphs)), len(new_paragraphs) // 50):
        new_paragraphs[i] = new_paragraphs[i].replace(" the ", " a ", 1)  # changed words
    for i in sorted(
        rng.sample(range(len(new_paragraphs)), len(new_paragraphs) // 100), reverse=True
    ):
        del new_paragraphs[i]  # removed passages: orphans
    for i in rng.sample(range(len(new_paragraphs)), len(new_paragraphs) // 100):
        new_paragraphs.insert(i, sentence(rng))  # inserted passages: everything after moves
    new = "\n\n".join(new_paragraphs) + "\n"
    v1, v2, jsonl = folder / "long-v1.txt", folder / "long-v2.txt", folder / "claims.jsonl"
    v1.write_text(old, encoding="utf-8")
    v2.write_text(new, encoding="utf-8")
    starts = [0]
    for p in paragraphs[:-1]:
        starts.append(starts[-1] + len(p) + 2)
    # Claims: distinct sentences of version 1, anywhere in it.
    spans = []
    for i, paragraph in enumerate(paragraphs):
        at = 0
        for part in paragraph.split(". "):
            words = part if part.endswith(".") else part + "."
            spans.append((starts[i] + at, words))
            at += len(part) + 2
    with jsonl.open("w", encoding="utf-8") as out:
        for n, (start, words) in enumerate(rng.sample(spans, min(claims, len(spans)))):
            assert old[start : start + len(words)] == words
            out.write(
                json.dumps(
                    {
                        "external_id": f"bench:{n}",
                        "text": words,
                        "document": "long",
                        "anchor": {"start": start, "end": start + len(words), "quote": words},
                    }
                )
                + "\n"
            )
    return v1, v2, jsonl


BASELINE_EXTRACT = """
import sys, pypdfium2
pdf = pypdfium2.PdfDocument(sys.argv[1])
text = "\\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
print(len(text))
"""

BASELINE_FIND = """
import json, sys
new = open(sys.argv[2], encoding="utf-8").read()
found = 0
for line in open(sys.argv[3], encoding="utf-8"):
    found += new.find(json.loads(line)["anchor"]["quote"]) >= 0
print(found)
"""

PURE_REANCHOR = """
import json, sys
from claimdb.analysis.reanchor import Anchor, context, reanchor
old = open(sys.argv[1], encoding="utf-8").read()
new = open(sys.argv[2], encoding="utf-8").read()
items = []
for n, line in enumerate(open(sys.argv[3], encoding="utf-8")):
    a = json.loads(line)["anchor"]
    items.append(Anchor(n, a["start"], a["end"], a["quote"], *context(old, a["start"], a["end"])))
placed = reanchor(old, new, items)
print(len(placed))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--text-pages", type=int, default=500)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args(argv)
    rng = random.Random(42)
    work = args.keep or Path(tempfile.mkdtemp(prefix="claimdb-docbench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        pdf = work / "generated.pdf"
        write_pdf(pdf, args.pages, rng)
        db = f"sqlite:///{work / 'bench.sqlite3'}"
        for cmd in (
            ["init"],
            ["user", "add", "ada", "--role", "admin"],
        ):
            timed([CLAIMDB, "--db", db, *cmd])
        size = pdf.stat().st_size
        print(f"PDF: {args.pages} pages, {size / 1e6:.2f} MB")
        baseline = timed([PYTHON, "-c", BASELINE_EXTRACT, str(pdf)])
        claimdb = timed(
            [CLAIMDB, "--db", db, "doc", "add", str(pdf), "--slug", "pdf", "--as", "ada"]
        )
        print(f"  baseline pypdfium2 text extraction (process): {baseline:.2f} s")
        if shutil.which("pdftotext"):
            pdftotext = timed(["pdftotext", str(pdf), str(work / "out.txt")])
            print(f"  baseline pdftotext (process): {pdftotext:.2f} s")
        verdict = "met" if claimdb < 5 else "MISSED"
        print(
            f"  claimdb doc add: {claimdb:.2f} s ({claimdb / baseline:.1f}x the baseline; "
            f"target < 5 s: {verdict})"
        )

        v1, v2, jsonl = write_texts(work, args.text_pages, args.claims, rng)
        print(
            f"text: {args.text_pages} pages, {v1.stat().st_size / 1e6:.2f} MB; "
            f"{args.claims:,} claims"
        )
        timed([CLAIMDB, "--db", db, "doc", "add", str(v1), "--slug", "long", "--as", "ada"])
        timed([CLAIMDB, "--db", db, "import", str(jsonl), "--as", "ada"])
        find = timed([PYTHON, "-c", BASELINE_FIND, str(v1), str(v2), str(jsonl)])
        pure = timed([PYTHON, "-c", PURE_REANCHOR, str(v1), str(v2), str(jsonl)])
        whole = timed(
            [
                CLAIMDB,
                "--db",
                db,
                "doc",
                "add",
                str(v2),
                "--new-version-of",
                "long",
                "--as",
                "ada",
                "--show",
                "json",
            ]
        )
        verdict = "met" if whole < 10 else "MISSED"
        print(f"  baseline str.find of every quote (process): {find:.2f} s")
        print(f"  analysis.reanchor alone (process): {pure:.2f} s ({pure / find:.1f}x)")
        print(
            f"  claimdb doc add --new-version-of: {whole:.2f} s ({whole / find:.1f}x the "
            f"baseline; target < 10 s: {verdict})"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
