"""Precision of findings on the corpus, from the verdict ledger (tests/verdicts/).

For each corpus document: error findings, how many a reader confirmed (verdict true), how
many are known false alarms, how many nobody has verified, and verified slips no longer found.
Precision of errors = confirmed / error findings (an unverified finding counts against it).

Then warnings per rule, over the corpus: how many fire, how many were read true, false or
unverifiable, and the precision of warnings = verified true / verified (true + false); a
warning nobody has read counts in neither.

    .venv/bin/python bench/precision.py
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

from _corpus import CORPUS

from budgetlens.check import check_path
from budgetlens.errors import ReadError
from budgetlens.verdicts import Ledger, across_documents, compare

VERDICTS = Path(__file__).resolve().parents[1] / "tests" / "verdicts"


def main() -> int:
    docs = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "README.md")
    if not docs:
        print(f"no corpus at {CORPUS}")
        return 1
    totals = dict(errors=0, confirmed=0, false=0, unverified=0, missed=0, fixed=0)
    warnings: dict[str, Counter] = defaultdict(Counter)
    print(f"{'document':<58} {'errors':>6} {'true':>5} {'false':>5} {'unver':>5} {'missed':>6} {'warn':>5}")
    for p in docs:
        lp = VERDICTS / (p.name + ".yaml")
        ledger = Ledger.load(lp) if lp.exists() else Ledger(p.name)
        try:
            c = compare(check_path(str(p)).findings, ledger)
        except ReadError as e:
            print(f"{p.name[:58]:<58} unreadable: {e}")
            continue
        row = dict(errors=c.errors, confirmed=len(c.confirmed), false=len(c.false_alarms),
                   unverified=len(c.unverified), fixed=len(c.fixed),
                   missed=sum(1 for k in c.missed if not across_documents(k)))  # D: linked only
        for k, v in row.items():
            totals[k] += v
        for rule, counts in c.warning_counts().items():
            warnings[rule].update(counts)
        print(f"{p.name[:58]:<58} {row['errors']:>6} {row['confirmed']:>5} {row['false']:>5} "
              f"{row['unverified']:>5} {row['missed']:>6} {sum(map(len, c.warnings.values())):>5}")
    n = totals["errors"]
    print(f"\n{len(docs)} documents, {n} error findings: {totals['confirmed']} confirmed, "
          f"{totals['false']} false, {totals['unverified']} unverified, {totals['missed']} verified slips missed")
    print(f"precision (confirmed / error findings): {totals['confirmed'] / n:.1%}" if n else "no error findings")
    print(f"false alarms recorded and no longer reported (any severity): {totals['fixed']}")
    print_warnings(warnings)
    return 0


def print_warnings(warnings: dict[str, Counter]) -> None:
    print(f"\n{'warnings by rule':<18} {'fired':>5} {'true':>5} {'false':>5} {'unver':>5} {'unread':>6} "
          f"{'precision':>9}")
    total = Counter()
    for rule in sorted(warnings):
        total.update(warnings[rule])
        print(_warning_row(rule, warnings[rule]))
    print(_warning_row("all", total))


def _warning_row(label: str, c: Counter) -> str:
    verified = c["true"] + c["false"]
    unread = c["warnings"] - verified - c["unverifiable"]
    precision = f"{c['true'] / verified:.1%}" if verified else "-"
    return (f"{label:<18} {c['warnings']:>5} {c['true']:>5} {c['false']:>5} {c['unverifiable']:>5} "
            f"{unread:>6} {precision:>9}")


if __name__ == "__main__":
    sys.exit(main())
