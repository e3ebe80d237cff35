"""Precision of error findings on the corpus, from the verdict ledger (tests/verdicts/).

For each corpus document: error findings, how many a reader confirmed (verdict true), how
many are known false alarms, how many nobody has verified, and verified slips no longer found.
Precision = confirmed / error findings (an unverified finding counts against it).

    .venv/bin/python bench/precision.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from _corpus import CORPUS

from budgetlens.check import check_path
from budgetlens.errors import ReadError
from budgetlens.verdicts import Ledger, compare

VERDICTS = Path(__file__).resolve().parents[1] / "tests" / "verdicts"


def main() -> int:
    docs = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "README.md")
    if not docs:
        print(f"no corpus at {CORPUS}")
        return 1
    totals = dict(errors=0, confirmed=0, false=0, unverified=0, missed=0)
    print(f"{'document':<58} {'errors':>6} {'true':>5} {'false':>5} {'unver':>5} {'missed':>6}")
    for p in docs:
        lp = VERDICTS / (p.name + ".yaml")
        ledger = Ledger.load(lp) if lp.exists() else Ledger(p.name)
        try:
            c = compare(check_path(str(p)).findings, ledger)
        except ReadError as e:
            print(f"{p.name[:58]:<58} unreadable: {e}")
            continue
        row = dict(errors=c.errors, confirmed=len(c.confirmed), false=len(c.false_alarms),
                   unverified=len(c.unverified), missed=len(c.missed))
        for k, v in row.items():
            totals[k] += v
        print(f"{p.name[:58]:<58} {row['errors']:>6} {row['confirmed']:>5} {row['false']:>5} "
              f"{row['unverified']:>5} {row['missed']:>6}")
    n = totals["errors"]
    print(f"\n{len(docs)} documents, {n} error findings: {totals['confirmed']} confirmed, "
          f"{totals['false']} false, {totals['unverified']} unverified, {totals['missed']} verified slips missed")
    print(f"precision (confirmed / error findings): {totals['confirmed'] / n:.1%}" if n else "no error findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
