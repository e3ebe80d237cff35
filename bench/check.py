"""Documents per second for extract + check over the converted-text corpus, one core."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import text_documents  # noqa: E402

from budgetlens.check import check_path  # noqa: E402

REPEAT = 10


def main() -> None:
    docs = text_documents()
    total = 0.0
    print(f"{'document':48} {'KB':>6} {'ms':>8} {'findings':>8} {'checks':>7}")
    for p in docs:
        result = check_path(str(p))
        best = float("inf")
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            check_path(str(p))
            best = min(best, time.perf_counter() - t0)
        total += best
        n_checks = sum(result.counts.values())
        print(f"{p.name:48} {p.stat().st_size / 1024:6.1f} {best * 1000:8.2f} {len(result.findings):8} {n_checks:7}")
    print(f"\nextract + check: {len(docs)} documents in {total * 1000:.1f} ms -> {len(docs) / total:.0f} documents/s")


if __name__ == "__main__":
    main()
