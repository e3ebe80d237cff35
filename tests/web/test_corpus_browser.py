"""End to end in headless Chromium: a department over two years, its charts drawn, no CSP
violation, nothing loaded from another origin. The screenshot is kept in test-artifacts/."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from .corpus_store import PROCURATORATE, build_corpus_store

playwright_api = pytest.importorskip("playwright.sync_api",
                                     reason="the Playwright Python client is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn (the web extra) is not installed")

CHROMIUM = os.environ.get("BUDGETLENS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def corpus_server(tmp_path_factory):
    """The app on a store of the Jiangsu series, served by uvicorn on a free localhost port."""
    from budgetlens.web.app import Settings, create_app

    db = build_corpus_store(tmp_path_factory.mktemp("corpus"))
    app = create_app(Settings(db=db, upload_dir=tmp_path_factory.mktemp("uploads")))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the web app did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_a_department_over_two_years_shows_its_charts(corpus_server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console: list[str] = []
    requests: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.on("request", lambda req: requests.append(req.url))

    page.goto(f"{corpus_server}/corpus")
    page.get_by_role("link", name=PROCURATORATE).click()
    page.wait_for_load_state("load")
    assert page.url == f"{corpus_server}/corpus/departments/{quote(PROCURATORATE)}"
    assert page.locator("h1").inner_text() == PROCURATORATE

    chart = page.locator("#chart-function-classes svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 200
    bars = chart.locator("rect.bar")
    assert bars.count() == 6  # three 类 in each of 2017 and 2018
    values = {bars.nth(i).get_attribute("data-value") for i in range(bars.count())}
    assert {"13656.34", "16458.75"} <= values
    tallest = max(bars.nth(i).bounding_box()["height"] for i in range(bars.count()))
    assert tallest > 50  # drawn, not collapsed
    points = page.locator("#chart-sangong svg circle.point")
    assert points.count() == 8  # 三公 and its three parts, two years each
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "corpus-department.png"), full_page=True)

    violations = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert violations == [], violations
    foreign = [u for u in requests if not u.startswith(corpus_server)]
    assert foreign == [], foreign

    # the policy is in force and its violations reach the console: an inline script is refused
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate("""() => { const s = document.createElement('script');
                                 s.textContent = 'window.inlineRan = true';
                                 document.body.appendChild(s); }""")
    assert page.evaluate("() => window.inlineRan === undefined")
    page.close()
