"""An app on a fresh DuckDB store in a temporary folder, and its test client."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install 'budgetlens[web]')")

from fastapi.testclient import TestClient  # noqa: E402

from budgetlens.web.app import Settings, create_app  # noqa: E402


@pytest.fixture
def settings(tmp_path):
    return Settings(db=str(tmp_path / "store.duckdb"), upload_dir=tmp_path / "uploads")


@pytest.fixture
def client(settings):
    with TestClient(create_app(settings)) as c:
        yield c
