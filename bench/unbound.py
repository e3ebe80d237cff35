"""Every narrative figure of the corpus that no concept holds, with its sentence.

Each unbound figure is a change no rule can catch: this lists them by document and cause
("no claim": no claim was read from the figure; "no concept": the claim's subject names no
concept) with the subject read and the text around the figure, so that causes can be grouped.
Exclusions are those of ``narrative_figures`` (bench/recall_mutations.py).

    PYTHONPATH=src python bench/unbound.py [--only NAME] [--summary]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass

from _corpus import CORPUS
from recall_mutations import narrative_figures

from budgetlens.errors import ReadError
from budgetlens.model import Document
from budgetlens.pipeline import Extraction, extract_document
from budgetlens.readers import read


@dataclass(slots=True)
class _Extracted:
    """What ``narrative_figures`` reads: the document and its extraction (no checks run)."""

    doc: Document
    x: Extraction


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default=None, help="only documents whose name contains this")
    ap.add_argument("--summary", action="store_true", help="counts per document only")
    ap.add_argument("--width", type=int, default=60, help="characters shown before a figure")
    args = ap.parse_args()
    docs = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "README.md")
    if args.only:
        docs = [p for p in docs if args.only in p.name]
    totals: Counter = Counter()
    for p in docs:
        try:
            doc = read(str(p))
        except ReadError as e:
            print(f"{p.name}: unreadable: {e}")
            continue
        figures = narrative_figures(_Extracted(doc, extract_document(doc)))  # type: ignore[arg-type]
        reasons = Counter(f.binding() or "bound" for f in figures)
        totals.update(reasons)
        print(f"== {p.name}: {len(figures)} figures, bound {reasons['bound']}, "
              f"no concept {reasons['no concept']}, no claim {reasons['no claim']}")
        if args.summary:
            continue
        for f in figures:
            why = f.binding()
            if why is None:
                continue
            text = doc.blocks[f.block].text
            before = text[max(0, f.start - args.width): f.start].replace("\n", " ")
            after = text[f.end: f.end + 20].replace("\n", " ")
            subject = f" subject={f.claim.subject!r} kind={f.claim.kind}" if f.claim else ""
            print(f"  {why:<10} {f.text:<14}{subject}\n     | {before}[{f.text}]{after}")
    n = sum(totals.values())
    print(f"\nall: {n} figures, bound {totals['bound']} ({totals['bound'] / max(n, 1):.1%}), "
          f"no concept {totals['no concept']}, no claim {totals['no claim']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
