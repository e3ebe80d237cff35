"""Wall time of `budgetlens check` over the corpus originals with 1 and 2 (or more) workers.

Each document runs in its own forked worker (budgetlens.batch); the speed-up of N workers
over one is what a batch gains on N free cores. Run on an otherwise idle machine:
    python bench/batch.py [--workers 1,2] [--repeat 2]
    python bench/batch.py --store [--synthetic 10000]   # the corpus store (bench/store.py)
    python bench/batch.py --store --synthetic 0 --no-postgres --repeat 3   # ingest and check ratios
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import CORPUS  # noqa: E402

from budgetlens.batch import CheckJob, Writer, run_batch  # noqa: E402
from budgetlens.check import check_path  # noqa: E402
from budgetlens.isolate import Limits  # noqa: E402


def corpus_originals() -> list[str]:
    return sorted(str(p) for p in (CORPUS / "original").glob("*") if p.is_file())


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed_batch(paths: list[str], workers: int) -> tuple[float, float]:
    """(wall seconds, processor seconds of the workers) for one batch."""
    cpu0, t0 = children_cpu(), time.perf_counter()
    result = run_batch(CheckJob("json"), paths, Writer(lambda s: None), Limits(), workers)
    elapsed, cpu = time.perf_counter() - t0, children_cpu() - cpu0
    assert result.documents == len(paths), result
    return elapsed, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--repeat", type=int, default=2, help="runs per count; the best is kept")
    ap.add_argument("--store", action="store_true",
                    help="benchmark the store instead: ingest, size, named views")
    ap.add_argument("--synthetic", type=int, default=10000,
                    help="--store: synthetic documents for the view latencies (0: none)")
    ap.add_argument("--no-postgres", action="store_true",
                    help="--store: leave out the PostgreSQL ingest")
    args = ap.parse_args()
    if args.store:
        from store import bench_store

        paths = corpus_originals()
        bench_store(paths, [int(x) for x in args.workers.split(",")], args.synthetic,
                    args.repeat, check=lambda n: timed_batch(paths, n)[0],
                    postgres=not args.no_postgres)
        return
    paths = corpus_originals()
    if not paths:
        sys.exit(f"no corpus originals under {CORPUS / 'original'}")
    t0 = time.perf_counter()
    for p in paths:
        check_path(p)
    in_process = time.perf_counter() - t0
    print(f"{len(paths)} documents; in one process, no isolation: {in_process:.2f} s")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    best: dict[int, float] = {}
    for n in (int(x) for x in args.workers.split(",")):
        wall, cpu = min(timed_batch(paths, n) for _ in range(args.repeat))
        best[n] = wall
        print(f"workers {n}: {wall:.2f} s  ({len(paths) / wall:.1f} documents/s; workers used "
              f"{cpu:.2f} s of processor time, {cpu / wall:.2f} processors on average)")
    base = best.get(1)
    if base:
        for n, t in best.items():
            if n != 1:
                print(f"speed-up {n} workers / 1 worker: {base / t:.2f}x")


if __name__ == "__main__":
    main()
