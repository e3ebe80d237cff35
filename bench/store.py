"""The corpus store's figures (run through bench/batch.py --store).

- documents and pages per second of `ingest` over the corpus into DuckDB with 1 and 2 workers
  (the ratio of the two), ingest time and store size per document;
- the same ingest into a private PostgreSQL server (tests/store_backends.py starts one), when
  the server binaries are installed;
- latency of each named view on a store of N synthetic documents: copies of the corpus
  documents' rows with perturbed figures, departments and years (best of 3 runs).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from budgetlens.isolate import Limits
from budgetlens.store.db import open_store
from budgetlens.store.ingest import ingest
from budgetlens.store.views import VIEWS, run_view

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

LIMITS = Limits(120, 2048)


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def timed_ingest(db: str, paths: list[str], workers: int) -> tuple[float, object, tuple]:
    """(wall seconds, the ingest's result, (parent, workers) processor seconds)."""
    engine = open_store(db)
    self0, children0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    result = ingest(engine, paths, LIMITS, workers)
    elapsed = time.perf_counter() - t0
    cpu = (_cpu(resource.RUSAGE_SELF) - self0, _cpu(resource.RUSAGE_CHILDREN) - children0)
    engine.dispose()
    return elapsed, result, cpu


def busy_share(db: str, wall: float, workers: int) -> float:
    """Share of the run's worker slots spent working on a document (the documents' own
    seconds over workers x wall): what is left is forks, results crossing back, and slots
    waiting while the one writer stores a document. A busy machine slows the documents and
    the writer alike, so this share moves less with the load than the walls do."""
    engine = open_store(db)
    with engine.connect() as conn:
        total = conn.execute(text("SELECT SUM(seconds) FROM documents")).scalar() or 0.0
    engine.dispose()
    return total / (workers * wall)


def bench_store(paths: list[str], worker_counts: list[int], synthetic: int, repeat: int = 2,
                check=None, postgres: bool = True) -> None:
    """Ingest with each worker count, ``repeat`` rounds interleaved (the best run of each is
    kept, so a burst of load elsewhere hits one run, not one count); with ``check`` (a
    function of the worker count returning seconds), `check` runs in the same rounds, for
    the ratio of a batch that writes no store."""
    tmp = tempfile.mkdtemp(prefix="budgetlens-bench-")
    print(f"{len(paths)} corpus documents; load average {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores")
    walls: dict[int, float] = {}
    checks: dict[int, float] = {}
    db = None
    for round_ in range(max(repeat, 1)):
        for n in worker_counts:
            db = os.path.join(tmp, f"w{n}-{round_}.duckdb")
            wall, r, cpu = timed_ingest(db, paths, n)
            walls[n] = min(wall, walls.get(n, wall))
            size = os.path.getsize(db) + (os.path.getsize(db + ".wal")
                                          if os.path.exists(db + ".wal") else 0)
            print(f"DuckDB, workers {n}: {wall:.1f} s, {r.stored / wall:.2f} documents/s, "
                  f"{r.pages / wall:.1f} pages/s, {wall / max(r.stored, 1):.2f} s per document;"
                  f" store {size / 1e6:.1f} MB, {size / max(r.stored, 1) / 1e3:.0f} kB per "
                  f"document ({r.failed} failed); writing the store {r.write_seconds:.2f} s")
            print(f"  processor time: this process {cpu[0]:.2f} s, workers {cpu[1]:.2f} s; "
                  f"worker slots busy with documents {busy_share(db, wall, n):.0%} of the run")
            if check is not None:
                t = check(n)
                checks[n] = min(t, checks.get(n, t))
                print(f"check, workers {n}: {t:.1f} s")
    for name, best in (("ingest", walls), ("check", checks)):
        if 1 in best:
            for n, t in best.items():
                if n != 1:
                    print(f"{name} speed-up {n} workers / 1 worker (best of {repeat}): "
                          f"{best[1]:.2f} s / {t:.2f} s = {best[1] / t:.2f}x")
    if postgres:
        _bench_postgres(paths, max(worker_counts))
    if db and synthetic:
        _bench_views(db, synthetic)


def _bench_postgres(paths: list[str], workers: int) -> None:
    try:
        from store_backends import PostgresMissing, new_postgres_db, private_postgres
    except ImportError as e:
        print(f"PostgreSQL: skipped ({e})")
        return
    try:
        with private_postgres() as server:
            db = new_postgres_db(server)
            wall, r, _ = timed_ingest(db, paths, workers)
            print(f"PostgreSQL, workers {workers}: {wall:.1f} s, "
                  f"{wall / max(r.stored, 1):.2f} s per document; writing the store "
                  f"{r.write_seconds:.2f} s")
    except PostgresMissing as e:
        print(f"PostgreSQL: skipped ({e})")


def synthesize(db: str, target: int) -> int:
    """Grow the store to ``target`` documents by perturbed copies of the stored ones."""
    import duckdb

    con = duckdb.connect(db)
    con.execute("SET enable_progress_bar = false")
    (base,) = con.execute("SELECT COUNT(*) FROM documents").fetchone()
    copies = max(0, -(-target // base) - 1)
    con.execute("CREATE TEMP TABLE copies AS SELECT range AS i FROM range(1, ?)", [copies + 1])
    con.execute("CREATE TEMP TABLE docmap AS SELECT d.hash AS old, sha256(d.hash || c.i) AS new,"
                " c.i FROM documents d, copies c")
    con.execute("""
        INSERT INTO documents SELECT m.new, d.path || '#' || m.i, d.format, d.pages,
            coalesce(d.department, '部门') || '-' || (m.i % 500), d.department_code,
            coalesce(d.year, 2020) - (m.i % 9), d.kind, d.scope, d.level, d.title,
            d.tables_count, d.facts_count, d.claims_count, d.findings_count, d.errors_count,
            d.completeness, ''::BLOB, d.seconds, d.ingested_at
        FROM documents d JOIN docmap m ON m.old = d.hash""")
    perturb = "CAST({0} * (0.9 + 0.2 * random()) AS DECIMAL(38, 10))"
    con.execute(f"""
        INSERT INTO facts SELECT m.new, f.ordinal, f.concept, f.period, f.basis, f.scope,
            f.unit, f.column_key, f.instance, {perturb.format('f.value')}, f.precision,
            f.money_unit, {perturb.format('f.value_wan')}, f.text, f.source, f.table_kind,
            f.label, f.page, f.table_id
        FROM facts f JOIN docmap m ON m.old = f.document""")
    con.execute(f"""
        INSERT INTO figures SELECT m.new, f.concept, {perturb.format('f.value_wan')}
        FROM figures f JOIN docmap m ON m.old = f.document""")
    for table in ("tables", "rows", "claims", "findings"):
        cols = [r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
            "AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()]
        rest = ", ".join(f"t.{c}" for c in cols[1:])
        con.execute(f"INSERT INTO {table} SELECT m.new, {rest} FROM {table} t "
                    f"JOIN docmap m ON m.old = t.document")
    (total,) = con.execute("SELECT COUNT(*) FROM documents").fetchone()
    con.close()
    return total


def _bench_views(db: str, target: int) -> None:
    t0 = time.perf_counter()
    total = synthesize(db, target)
    print(f"synthetic store: {total} documents in {time.perf_counter() - t0:.1f} s, "
          f"{os.path.getsize(db) / 1e6:.0f} MB")
    engine = open_store(db)
    for name in VIEWS:
        best = min(_timed_view(engine, name) for _ in range(3))
        print(f"view {name:<18} {best * 1000:7.1f} ms")
    best = min(_timed_view(engine, "department-years", "检察院") for _ in range(3))
    print(f"view department-years --department 检察院 {best * 1000:7.1f} ms")


def _timed_view(engine, name: str, department: str | None = None) -> float:
    t0 = time.perf_counter()
    run_view(engine, name, department)
    return time.perf_counter() - t0
