"""A store holding real corpus documents for the corpus views' tests: the Jiangsu 人民检察院
2017 and 2018 budgets (004, 042) and the samples, ingested as ``budgetlens ingest`` does."""

from __future__ import annotations

from pathlib import Path

from budgetlens.isolate import Limits
from budgetlens.store.db import open_store
from budgetlens.store.ingest import ingest
from conftest import SAMPLES, corpus_file

PROCURATORATE = "江苏省人民检察院"
SERIES = ("004_jiangsu_jianchayuan_2017_yusuan.pdf", "042_jiangsu_jianchayuan_2018_yusuan.pdf")


def build_corpus_store(folder: Path) -> str:
    """A DuckDB store in ``folder`` with the two-year series and the samples; its path."""
    paths = [str(corpus_file(name)) for name in SERIES]  # skips when the corpus is absent
    paths += sorted(str(p) for p in SAMPLES.glob("demo-*"))
    db = str(folder / "corpus.duckdb")
    engine = open_store(db)
    result = ingest(engine, paths, Limits(120, 2048), workers=1)
    engine.dispose()
    assert result.failed == 0, result.failures
    assert result.stored == len(paths)
    return db
