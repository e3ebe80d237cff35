"""Latency of the corpus pages of the web app on a large store.

The corpus (converted texts and originals) is ingested into a temporary DuckDB store, which is
grown to N documents by perturbed copies (bench/store.py ``synthesize``: departments spread
over 500 variants of each name, years over nine); then each corpus page and its JSON twin is
requested through the app in this process (best of 3), with the size of the answer.

    python bench/web_corpus.py [--synthetic 10000] [--db EXISTING.duckdb]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import CORPUS  # noqa: E402
from store import synthesize  # noqa: E402

from budgetlens.isolate import Limits  # noqa: E402
from budgetlens.store.db import open_store  # noqa: E402
from budgetlens.store.ingest import ingest  # noqa: E402

DEPARTMENT = "江苏省人民检察院"
PAGES = [
    "/corpus", "/api/corpus/departments",
    f"/corpus/departments/{quote(DEPARTMENT)}", f"/api/corpus/departments/{quote(DEPARTMENT)}",
    "/corpus/findings", "/api/corpus/findings", "/corpus/findings/C004",
    "/api/corpus/findings/C004", "/corpus/completeness", "/api/corpus/completeness",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", type=int, default=10000, help="documents in the store")
    ap.add_argument("--db", help="start from a copy of this DuckDB store instead of ingesting")
    args = ap.parse_args()

    from fastapi.testclient import TestClient

    from budgetlens.web.app import Settings, create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "corpus.duckdb")
        if args.db:
            shutil.copy(args.db, db)
        else:
            engine = open_store(db)
            ingest(engine, [str(CORPUS)], Limits(120, 2048), workers=2)
            engine.dispose()
        t0 = time.perf_counter()
        total = synthesize(db, args.synthetic)
        print(f"store: {total} documents (grown in {time.perf_counter() - t0:.1f} s)")
        app = create_app(Settings(db=db, upload_dir=Path(tmp) / "uploads"))
        with TestClient(app) as client:
            for path in PAGES:
                times, size = [], 0
                for _ in range(3):
                    t0 = time.perf_counter()
                    r = client.get(path)
                    times.append(time.perf_counter() - t0)
                    assert r.status_code == 200, (path, r.status_code)
                    size = len(r.content)
                print(f"{min(times) * 1000:8.1f} ms {size / 1024:9.0f} KiB  GET {path}")


if __name__ == "__main__":
    main()
