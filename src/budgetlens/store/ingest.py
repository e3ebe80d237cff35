"""Ingest many files: hash, skip what is stored, check the rest in parallel, store each result.

The work (read, extract, check) runs in isolated worker processes, locally (``isolate.py``:
per-document time and memory limits) or as the same tasks on a Dask cluster (``cluster.py``).
Results flow back to this process, the store's only writer, which commits each document in
its own transaction as it arrives; a file that fails becomes a row of ``failures``.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from ..batch import preflight, preload
from ..isolate import Failure, Limits, imap_isolated
from .records import DocumentRecord, build_record, content_hash
from .writer import stored_hashes, write_failure, write_record


@dataclass(slots=True)
class IngestResult:
    files: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    pages: int = 0
    findings: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    write_seconds: float = 0.0  # spent by this process writing documents into the store


# What a run reports per file: (event, path, detail) with event 'stored', 'skipped', 'failed'.
Listener = Callable[[str, str, "DocumentRecord | Failure | None"], None]


def collect_files(paths: Iterable[str]) -> list[str]:
    """Files named, and every file under the directories named (sorted, hidden ones left out)."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(os.path.join(root, f) for f in sorted(files) if not f.startswith("."))
        else:
            out.append(p)
    return list(dict.fromkeys(out))


def ingest(
    engine: Engine,
    paths: Iterable[str],
    limits: Limits | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    engine_name: str = "local",
    listener: Listener | None = None,
    on_start: Callable[[int], None] | None = None,
) -> IngestResult:
    """Store every file not stored yet; returns what happened."""
    limits = limits or Limits()
    listener = listener or (lambda *_: None)
    files = collect_files(paths)
    result = IngestResult(files=len(files))
    if on_start:
        on_start(len(files))
    stored = stored_hashes(engine)
    todo: list[tuple[str, str]] = []
    for path in files:
        problem = preflight(path)
        digest = None
        if problem is None:
            try:
                digest = content_hash(path)
            except OSError as e:
                problem = f"cannot open file ({e.strerror or e})"
        if problem is not None:
            _failed(engine, result, listener, path, digest, Failure("error", problem))
        elif digest in stored:
            result.skipped += 1
            listener("skipped", path, None)
        else:
            stored.add(digest)  # a second copy of the same content is skipped too
            todo.append((path, digest))
    for item, value in _run(todo, limits, workers, scheduler, engine_name):
        path, digest = item
        if isinstance(value, Failure):
            _failed(engine, result, listener, path, digest, value)
        elif _timed_write(engine, value, result):
            result.stored += 1
            result.pages += value.pages
            result.findings += value.findings
            listener("stored", path, value)
        else:
            result.skipped += 1
            listener("skipped", path, None)
    return result


def _timed_write(engine: Engine, record: DocumentRecord, result: IngestResult) -> bool:
    started = time.perf_counter()
    try:
        return write_record(engine, record)
    finally:
        result.write_seconds += time.perf_counter() - started


def _failed(engine, result: IngestResult, listener: Listener, path: str, digest: str | None,
            failure: Failure) -> None:
    write_failure(engine, path, digest, failure.kind, failure.problem)
    result.failed += 1
    result.failures.append((path, failure.problem))
    listener("failed", path, failure)


def _run(todo: list[tuple[str, str]], limits: Limits, workers: int, scheduler: str | None,
         engine_name: str) -> Iterator[tuple[tuple[str, str], DocumentRecord | Failure]]:
    if not todo:
        return
    if scheduler or engine_name == "dask":
        from .cluster import run_on_dask

        yield from run_on_dask(todo, limits, workers, scheduler)
        return
    if len(todo) > 1:
        preload()
    # A forked child must never run the destructor of a database connection it inherited
    # (DuckDB's joins threads the child does not have): collect the garbage now and keep
    # what is left out of the children's collections.
    gc.collect()
    gc.freeze()
    try:
        for o in imap_isolated(build_record, todo, limits, workers):
            yield todo[o.index], (o.value if o.ok else o.failure)
    finally:
        gc.unfreeze()
