"""Linking at scale: documents linked per second for a synthetic corpus of many departments.

The split disclosures 043–049 (narratives and table files) are copied under N made-up departments and years (figures kept), so
the linker sees the shapes a district's or a province's archive has. Prints documents, pairs
found and seconds. Usage: python bench/link.py [DEPARTMENTS] [YEARS]
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from budgetlens.link import link
from budgetlens.pipeline import extract

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "original"


def main() -> None:
    departments = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    years = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    seeds = [extract(str(p)) for p in sorted(CORPUS.glob("04[3-9]*.pdf"))]
    docs = []
    for d in range(departments):
        seed = seeds[d % len(seeds)]
        for y in range(years):
            info = replace(seed.info, department=f"测试区第{d}局", department_code=None, year=2015 + y)
            docs.append(replace(seed, info=info, document=replace(seed.document, path=f"{d}-{y}")))
    t = time.perf_counter()
    links = link(docs)
    dt = time.perf_counter() - t
    print(f"documents {len(docs)}  series pairs {len(links.series)}  versions {len(links.versions)}  "
          f"seconds {dt:.2f}  documents/s {len(docs) / dt:,.0f}")


if __name__ == "__main__":
    main()
