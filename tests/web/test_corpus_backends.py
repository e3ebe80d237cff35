"""The corpus views' SQL on both stores: the same answers from DuckDB and PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

import store_backends
from budgetlens.isolate import Limits
from budgetlens.store.db import open_store
from budgetlens.store.ingest import ingest
from budgetlens.web.app import Settings, create_app
from conftest import SAMPLES

postgres_server = store_backends.postgres_server  # fixtures
store_db = store_backends.store_db


def test_every_corpus_page_answers_on_both_backends(store_db, tmp_path):
    engine = open_store(store_db)
    ingest(engine, sorted(str(p) for p in SAMPLES.glob("demo-*")), Limits(60, 2048))
    engine.dispose()
    with TestClient(create_app(Settings(db=store_db, upload_dir=tmp_path / "up"))) as client:
        departments = client.get("/api/corpus/departments").json()
        assert departments["total"] == 3
        for d in departments["departments"]:
            dept = client.get(f"/api/corpus/departments/{d['name']}").json()
            assert dept["years"] and dept["documents"]
            assert {p["concept"] for p in dept["peers"]} <= {"sangong.total", "admin_operating"}
        findings = client.get("/api/corpus/findings").json()
        for r in findings["rules"]:
            one = client.get(f"/api/corpus/findings/{r['rule']}",
                             params={"severity": r["severity"]}).json()
            assert len(one["findings"]) == r["findings"]
        rows = client.get("/api/corpus/completeness").json()
        assert rows["total"] == 3
        for path in ("/corpus", "/corpus/findings", "/corpus/completeness"):
            assert client.get(path).status_code == 200
