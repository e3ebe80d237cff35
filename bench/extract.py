"""Documents per second for read + extract over the converted-text corpus, one core.

Prints per document: size, best-of-N milliseconds, and the aggregate documents per second.
Target: a ~50 KB text document in well under 50 ms.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import text_documents  # noqa: E402

from budgetlens.pipeline import extract  # noqa: E402

REPEAT = 20


def best_ms(fn, repeat: int = REPEAT) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def main() -> None:
    docs = text_documents()
    total_ms = 0.0
    print(f"{'document':48} {'KB':>6} {'ms':>8} {'tables':>6} {'claims':>6} {'facts':>6}")
    for p in docs:
        x = extract(str(p))
        ms = best_ms(lambda p=p: extract(str(p)))
        total_ms += ms
        kb = p.stat().st_size / 1024
        print(f"{p.name:48} {kb:6.1f} {ms:8.2f} {len(x.tables):6} {len(x.claims):6} {len(x.facts):6}")
    print(f"\nextract: {len(docs)} documents in {total_ms:.1f} ms -> {len(docs) / (total_ms / 1000):.0f} documents/s")


if __name__ == "__main__":
    main()
