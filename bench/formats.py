"""Reading speed by format: our full PDF read (text, paragraphs and ruled tables) next to
pypdfium2's bare text extraction (``get_text_range``) of the same files, in the same run,
on one core.

    python bench/formats.py [FILES_OR_DIRS ...] [--repeat N]

With no arguments it reads the PDFs of the shared corpus (../shared/corpus/original).
Prints a line per file and the totals: pages, pages per CPU second for both, and our speed
as a share of the bare extraction (the ratio), then the wall-clock time of the whole run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium
from _corpus import CORPUS, pin_to_one_core

from budgetlens.model import Grid, ImageBlock
from budgetlens.readers.pdf import read

DEFAULT_CORPUS = CORPUS / "original"


def bare_text(path: str) -> int:
    """pypdfium2's plain text of every page, in content-stream order; returns page count."""
    pdf = pdfium.PdfDocument(path)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def timed(fn, path: str, repeat: int) -> tuple[float, object]:
    """Best of ``repeat`` runs in CPU seconds of this process: on a shared machine the wall
    clock also counts other people's work, the CPU time of one pinned process does not."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.process_time()
        result = fn(path)
        best = min(best, time.process_time() - start)
    return best, result


def pdf_files(args: list[str]) -> list[Path]:
    targets = [Path(a) for a in args] or [DEFAULT_CORPUS]
    files: list[Path] = []
    for t in targets:
        files.extend(sorted(t.glob("*.pdf")) if t.is_dir() else [t])
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs per file")
    args = parser.parse_args(argv)
    files = pdf_files(args.paths)
    if not files:
        print("no PDF files found", file=sys.stderr)
        return 1
    print(pin_to_one_core(), f"best of {args.repeat}, pages per CPU second")
    wall = time.perf_counter()
    header = (
        f"{'file':44} {'pages':>5} {'grids':>5} {'img':>3}"
        f" {'ours p/s':>9} {'pdfium text p/s':>15} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    total_pages = 0
    total_ours = total_bare = 0.0
    for f in files:
        ours_s, doc = timed(read, str(f), args.repeat)
        bare_s, pages = timed(bare_text, str(f), args.repeat)
        grids = sum(isinstance(b, Grid) for b in doc.blocks)
        images = sum(isinstance(b, ImageBlock) for b in doc.blocks)
        total_pages += pages
        total_ours += ours_s
        total_bare += bare_s
        print(
            f"{f.name[:44]:44} {pages:5d} {grids:5d} {images:3d}"
            f" {pages / ours_s:9.1f} {pages / bare_s:15.1f} {bare_s / ours_s:6.2f}"
        )
    print("-" * len(header))
    print(
        f"{'total':44} {total_pages:5d} {'':5} {'':3}"
        f" {total_pages / total_ours:9.1f} {total_pages / total_bare:15.1f}"
        f" {total_bare / total_ours:6.2f}"
    )
    print("ratio = our pages/s ÷ pdfium bare text pages/s (1.00 would be as fast as bare text)")
    # end to end: read, recognize tables and claims, build facts, run every rule
    from budgetlens.check import check_path

    total_e2e = sum(timed(check_path, str(f), args.repeat)[0] for f in files)
    print(
        f"end to end (extract + check): {total_pages / total_e2e:.1f} pages/s,"
        f" ratio {total_bare / total_e2e:.2f} to pdfium bare text"
    )
    print(f"wall clock for the whole run: {time.perf_counter() - wall:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
