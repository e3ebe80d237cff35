"""Every operation of the app's OpenAPI description, fed generated requests in-process (ASGI):
no server error (5xx), whatever the parameters, bodies and uploaded files."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")

from budgetlens.web import corpus, documents  # noqa: E402
from budgetlens.web.app import Settings, create_app  # noqa: E402

UPLOADS = r"^/(upload|api/documents)$"  # each generated file is read and checked in a worker


def routes_only() -> FastAPI:
    """The app's routes without a store: the schema is read when this module is collected, and
    a store opened then would stay open (and mapped) for the whole test session."""
    app = FastAPI()
    app.include_router(documents.router)
    app.include_router(corpus.router)
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", routes_only())


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    base = tmp_path_factory.mktemp("openapi")
    app = create_app(Settings(db=str(base / "store.duckdb"), upload_dir=base / "uploads"))
    yield app
    app.state.engine.dispose()


def no_server_error(case, app, timeout: float = 30) -> None:
    response = case.call(app=app, timeout=timeout)
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])


def test_the_schema_is_the_apps(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        assert set(c.get("/openapi.json").json()["paths"]) == set(schema.raw_schema["paths"])


@schema.exclude(method="POST", path_regex=UPLOADS).parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_operation_answers_with_a_server_error(case, app):
    no_server_error(case, app)


@schema.include(method="POST", path_regex=UPLOADS).parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_upload_answers_with_a_server_error(case, app):
    no_server_error(case, app, timeout=300)
