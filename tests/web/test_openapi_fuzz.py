"""Every operation of the app's OpenAPI description, fed generated requests in-process (ASGI):
no server error (5xx), whatever the parameters, bodies and uploaded files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

from budgetlens.web.app import Settings, create_app  # noqa: E402

# The schema is read when the module is collected, so the app (on a store of its own, removed
# at exit) is built here rather than in a fixture.
_STORE = tempfile.TemporaryDirectory(prefix="budgetlens-openapi-")
APP = create_app(Settings(db=str(Path(_STORE.name) / "store.duckdb"),
                          upload_dir=Path(_STORE.name) / "uploads"))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
UPLOADS = r"^/(upload|api/documents)$"  # each generated file is read and checked in a worker


def no_server_error(case, timeout: float = 30) -> None:
    response = case.call(timeout=timeout)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])


@schema.exclude(method="POST", path_regex=UPLOADS).parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error(case):
    no_server_error(case)


@schema.include(method="POST", path_regex=UPLOADS).parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_upload_answers_with_a_server_error(case):
    no_server_error(case, timeout=300)
