"""Whole runs: an ingest killed midway and resumed, and a Dask cluster against a local run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from budgetlens.isolate import Limits
from budgetlens.store.db import open_store
from budgetlens.store.ingest import collect_files, ingest
from budgetlens.store.schema import DOCUMENT_PARTS, documents
from conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]

COUNTED = {"tables": "tables_count", "facts": "facts_count", "claims": "claims_count",
           "findings": "findings_count"}


def _text_documents() -> list[str]:
    files = sorted(str(p) for p in (ROOT / "samples").iterdir() if p.name.startswith("demo-"))
    if CORPUS.exists():
        files += sorted(str(p) for p in CORPUS.iterdir()
                        if p.is_file() and p.suffix in (".txt", ".md") and p.name != "README.md")
    return files


def assert_consistent(engine) -> int:
    """Every stored document has exactly the rows its counts say, and no row lacks its document."""
    with engine.connect() as conn:
        docs = {r.hash: r for r in conn.execute(select(documents))}
        for table in DOCUMENT_PARTS:
            per_doc = dict(conn.execute(select(table.c.document, func.count())
                                        .group_by(table.c.document)).all())
            assert set(per_doc) <= set(docs), f"{table.name} has rows of no stored document"
            if table.name in COUNTED:
                for digest, doc in docs.items():
                    assert per_doc.get(digest, 0) == getattr(doc, COUNTED[table.name]), table.name
    return len(docs)


def test_an_ingest_killed_midway_leaves_whole_documents_and_resumes(tmp_path):
    files = _text_documents()
    db = str(tmp_path / "store.duckdb")
    command = [sys.executable, "-m", "budgetlens.cli", "ingest", *files, "--db", db,
               "--workers", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                            text=True)
    stored_lines = 0
    for line in proc.stdout:
        stored_lines += line.startswith("stored:")
        if stored_lines == 2:  # the third document is being checked or written
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    engine = open_store(db)
    survived = assert_consistent(engine)
    assert 2 <= survived < len(files)
    engine.dispose()
    resumed = subprocess.run(command, capture_output=True, text=True, env=env)
    assert resumed.returncode == 0, resumed.stderr
    lines = resumed.stdout.splitlines()
    assert sum(x.startswith("skipped:") for x in lines) == survived
    assert sum(x.startswith("stored:") for x in lines) == len(files) - survived
    engine = open_store(db)
    assert assert_consistent(engine) == len(files)


def _contents(engine) -> dict[str, list[tuple]]:
    """Every table's rows in key order, without what differs between runs (time, pickles)."""
    out = {}
    skip = {"ingested_at", "seconds", "extraction"}
    with engine.connect() as conn:
        for table in (documents, *DOCUMENT_PARTS):
            cols = [c for c in table.columns if c.name not in skip]
            out[table.name] = [tuple(r) for r in conn.execute(
                select(*cols).order_by(*table.primary_key.columns))]
    return out


def test_a_dask_cluster_stores_exactly_what_a_local_run_stores(tmp_path):
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (dask extra)")
    if not (CORPUS / "original").exists():
        pytest.skip(f"the shared corpus is absent ({CORPUS})")
    files = [f for f in collect_files([str(CORPUS)]) if not f.endswith("README.md")]
    limits = Limits(120, 2048)
    local = open_store(str(tmp_path / "local.duckdb"))
    by_local = ingest(local, files, limits, workers=2)
    cluster = open_store(str(tmp_path / "dask.duckdb"))
    by_dask = ingest(cluster, files, limits, workers=2, engine_name="dask")
    assert by_local.stored == by_dask.stored == len(files) - by_local.failed
    assert by_dask.failed == by_local.failed
    a, b = _contents(local), _contents(cluster)
    for name in a:
        assert a[name] == b[name], name
    assert len(a["documents"]) >= 30 and len(a["facts"]) > 1000
