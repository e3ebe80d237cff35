"""An app on a fresh DuckDB store in a temporary folder, and its test client; a live server
(``budgetlens serve`` in a subprocess on a free port) and headless Chromium for end-to-end
tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install 'budgetlens[web]')")

from fastapi.testclient import TestClient  # noqa: E402

from budgetlens.web.app import Settings, create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"  # screenshots kept after the run (ignored by git)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def settings(tmp_path):
    return Settings(db=str(tmp_path / "store.duckdb"), upload_dir=tmp_path / "uploads")


@pytest.fixture
def client(settings):
    with TestClient(create_app(settings)) as c:
        yield c


class LiveServer(str):
    """The base URL of a running server (``http://127.0.0.1:PORT``), with its store's path
    (``db``) and its upload folder (``upload_dir``)."""

    db: str
    upload_dir: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """``budgetlens serve`` on a free localhost port, on a fresh store, for the session."""
    pytest.importorskip("uvicorn", reason="uvicorn is not installed (pip install 'budgetlens[web]')")
    base = tmp_path_factory.mktemp("live")
    port = _free_port()
    db, uploads = base / "store.duckdb", base / "uploads"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]),
        "BUDGETLENS_TOKEN": ""}
    log = open(base / "server.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from budgetlens.cli import main; main()", "serve",
         "--port", str(port), "--db", str(db), "--uploads", str(uploads)],
        cwd=base, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    import httpx

    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            log.close()
            pytest.fail(f"the server ended at start: {(base / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(url + "/", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.terminate()
            pytest.fail("the server did not answer within 120 s")
        time.sleep(0.3)
    server = LiveServer(url)
    server.db, server.upload_dir = str(db), uploads
    try:
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's headless Chromium driven by Playwright (no browser is downloaded)."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium; scripts/system-deps.sh)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright (Python client) is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM if os.path.exists(CHROMIUM)
                                    else shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def artifacts():
    """Where a test keeps its screenshots (printed, kept after the run)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
