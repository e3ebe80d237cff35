"""Documents per second for extract + check over the converted-text corpus, one core.

Each document is run ``REPEAT`` times; the best wall-clock time (``ms``) and the best CPU
time of this process (``cpu ms``) are printed. On a machine shared with other work the wall
clock also counts time spent waiting for a core, the CPU time does not: compare CPU times
across runs made under different load.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import pin_to_one_core, text_documents  # noqa: E402

from budgetlens.check import check_path  # noqa: E402

REPEAT = 10


def main() -> None:
    docs = text_documents()
    total = total_cpu = 0.0
    print(pin_to_one_core(), f"best of {REPEAT}")
    print(f"{'document':48} {'KB':>6} {'ms':>8} {'cpu ms':>8} {'findings':>8} {'checks':>7}")
    for p in docs:
        result = check_path(str(p))
        best = best_cpu = float("inf")
        for _ in range(REPEAT):
            t0, c0 = time.perf_counter(), time.process_time()
            check_path(str(p))
            best = min(best, time.perf_counter() - t0)
            best_cpu = min(best_cpu, time.process_time() - c0)
        total += best
        total_cpu += best_cpu
        n_checks = sum(result.counts.values())
        print(
            f"{p.name:48} {p.stat().st_size / 1024:6.1f} {best * 1000:8.2f} {best_cpu * 1000:8.2f}"
            f" {len(result.findings):8} {n_checks:7}"
        )
    print(
        f"\nextract + check: {len(docs)} documents in {total * 1000:.1f} ms"
        f" ({total_cpu * 1000:.1f} ms CPU) -> {len(docs) / total:.0f} documents/s"
    )


if __name__ == "__main__":
    main()
