"""The corpus API against its own OpenAPI description (schemathesis): whatever the request,
no server error, and every response matches its declared model."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

from hypothesis import HealthCheck, given, settings  # noqa: E402

from budgetlens.web.app import Settings, create_app  # noqa: E402

from .corpus_store import build_corpus_store  # noqa: E402


def test_the_corpus_api_keeps_its_contract(tmp_path):
    db = build_corpus_store(tmp_path)
    app = create_app(Settings(db=db, upload_dir=tmp_path / "uploads"))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app).include(
        path_regex="^/api/corpus/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 5
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)
        def keeps_contract(case):
            case.call_and_validate()

        keeps_contract()
