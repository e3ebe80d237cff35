"""Print how long the spreadsheet reader takes on the corpus XLS template.

Usage: .venv/bin/python bench/spreadsheet.py [FILE ...]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from budgetlens.readers import read

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = (
    ROOT.parent
    / "shared/corpus/original/901_EDGE_shanghai-putuo_blank-template_2026_yusuan-danwei.xls"
)


def bench(path: str) -> None:
    start = time.perf_counter()
    read(path)  # warms imports and caches; also sizes the number of repeats
    repeat = max(3, min(30, int(1.0 / max(time.perf_counter() - start, 1e-3))))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        doc = read(path)
        times.append((time.perf_counter() - start) * 1000)
    cells = sum(len(row) for g in doc.grids() for row in g.rows)
    print(
        f"{Path(path).name}: median {statistics.median(times):.2f} ms, min {min(times):.2f} ms "
        f"over {repeat} reads; {len(doc.blocks)} blocks, {len(doc.grids())} grids, {cells} cells"
    )


if __name__ == "__main__":
    for p in sys.argv[1:] or [str(DEFAULT)]:
        bench(p)
