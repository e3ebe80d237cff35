"""End to end in headless Chromium on a live server: upload a document with the home page's
form, follow a finding to where it stands in the document and back. Screenshots are kept under
test-artifacts/web/."""

from __future__ import annotations

import pytest

from conftest import corpus_file

FINAL_2017 = "liujiang-gov-office-2017-final.txt"
PDF_019 = "019_shanghai-putuo_caizhengju_2024_juesuan.pdf"


@pytest.fixture
def page(chromium_browser, live_server):
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900},
                                           locale="zh-CN")
    page = context.new_page()
    page.dialogs = []  # any alert() from a document would land here
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def upload_with_the_form(page, live_server, path):
    page.goto(live_server + "/")
    page.set_input_files('input[name="files"]', str(path))
    with page.expect_navigation(url="**/documents/**", timeout=120_000):
        page.click('form.upload button[type="submit"]')
    page.wait_for_load_state("networkidle")


def test_the_2017_carryover_finding_is_marked_on_its_line(page, live_server, artifacts):
    upload_with_the_form(page, live_server, corpus_file(FINAL_2017))
    item = page.locator("li.finding", has_text="年初财政拨款结转和结余 163.26").filter(
        has=page.locator("span.rule", has_text="A005"))
    assert item.count() == 1
    finding = item.get_attribute("id")  # finding-N
    number = finding.removeprefix("finding-")
    assert "[163.255, 163.265]" in item.inner_text()
    item.locator("a.to-box").click()
    assert page.url.endswith(f"#box-{number}")
    box = page.locator(f"#box-{number}")
    assert box.is_visible() and box.evaluate("e => e.matches(':target')")
    flagged = box.locator("tr.flagged")
    assert flagged.count() == 1
    assert flagged.locator("td.line-no").inner_text() == "719"
    assert flagged.locator("mark").inner_text().split() == [
        "年初财政拨款结转和结余", "13", "163.26", "年末结转和结余", "30", "239.83"]
    # the marked line is highlighted where the reviewer looks
    colour = flagged.locator("td.line-text").evaluate("e => getComputedStyle(e).backgroundColor")
    assert colour == "rgb(255, 240, 160)"
    box.screenshot(path=str(artifacts / "final-2017-carryover-line.png"))
    page.screenshot(path=str(artifacts / "final-2017-document-page.png"))
    print(f"screenshots: {artifacts}/final-2017-*.png")
    # and back from the marked line to the finding
    box.locator("p.excerpt-title a").click()
    assert page.url.endswith(f"#{finding}")
    # the reviewer records a verdict with the finding's own form and sees it kept
    form = item.locator("div.review form")
    form.locator('select[name="verdict"]').select_option("accepted")
    form.locator('input[name="reviewer"]').fill("王审核")
    form.locator('input[name="note"]').fill("163.26 ≠ 156.26 + 10.00")
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()
    assert page.url.endswith(f"#{finding}")
    verdict = page.locator(f"li#{finding} p.verdict")
    assert "属实 accepted" in verdict.inner_text() and "王审核" in verdict.inner_text()
    item.screenshot(path=str(artifacts / "final-2017-carryover-verdict.png"))
    assert page.dialogs == [] and page.errors == []


def word_centres(path, page_no: int, text: str) -> list[tuple[float, float]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2)
                for w in pdf.pages[page_no - 1].extract_words() if w["text"] == text]


def box_in_points(page, box_id: str, page_no: int) -> tuple[float, float, float, float]:
    """The box's rectangle as the browser draws it, in PDF points of its page."""
    svg = page.locator(f"#page-{page_no} svg")
    view = svg.evaluate("s => [s.viewBox.baseVal.width, s.viewBox.baseVal.height]")
    outer = svg.bounding_box()
    rect = page.locator(f"#{box_id} rect").bounding_box()
    sx, sy = view[0] / outer["width"], view[1] / outer["height"]
    return ((rect["x"] - outer["x"]) * sx, (rect["y"] - outer["y"]) * sy,
            (rect["x"] + rect["width"] - outer["x"]) * sx,
            (rect["y"] + rect["height"] - outer["y"]) * sy)


def inside(point, box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def test_019_page_13_shows_its_boxes_over_the_cells(page, live_server, artifacts):
    path = corpus_file(PDF_019)
    pytest.importorskip("pdfplumber", reason="pdfplumber reads the page's words independently")
    upload_with_the_form(page, live_server, path)
    item = page.locator("li.finding", has_text="0.3万元").filter(
        has=page.locator("span.rule", has_text="N001"))
    number = item.get_attribute("id").removeprefix("finding-")
    image = page.locator("#page-13 svg image")
    assert image.count() == 1
    loaded = page.evaluate("""async src => {
        const img = new Image(); img.src = src; await img.decode();
        return [img.naturalWidth, img.naturalHeight]; }""", image.get_attribute("href"))
    assert loaded[0] > 1200 and loaded[1] > 850
    # the related places of N001: 本年支出合计 (2,940.05) and 总计 (2,961.68) on the
    # expenditure side of 财政拨款收入支出决算总表; the same figures on the income side stay out
    boxes = page.locator(f'#page-13 a.box[data-finding="{number}"]')
    assert boxes.count() == 2
    first, second = (box_in_points(page, boxes.nth(i).get_attribute("id"), 13) for i in (0, 1))
    income_total, spending_total, _ = word_centres(path, 13, "2,940.05")
    assert inside(spending_total, first) and not inside(income_total, first)
    income_sum, spending_sum, _ = word_centres(path, 13, "2,961.68")
    assert inside(spending_sum, second) and not inside(income_sum, second)
    assert first[3] < second[1]  # 本年支出合计 above 总计
    page.locator("#page-13").screenshot(path=str(artifacts / "019-page-13-boxes.png"))
    # the finding's own place: the sentence on page 21; its box leads back to the finding
    page.locator(f"li#finding-{number} a.to-box").click()
    own = page.locator(f"#box-{number}")
    assert own.evaluate("e => e.closest('figure').id") == "page-21"
    own_box = box_in_points(page, f"box-{number}", 21)
    assert own_box[1] < 420 < own_box[3]  # “…收入支出总计0.3万元” near the middle of page 21
    page.locator("#page-21").screenshot(path=str(artifacts / "019-page-21-sentence.png"))
    page.evaluate(f"document.querySelector('#box-{number}').dispatchEvent("
                  "new MouseEvent('click', {bubbles: true}))")
    assert page.url.endswith(f"#finding-{number}")
    print(f"screenshots: {artifacts}/019-*.png")
    assert page.dialogs == [] and page.errors == []


def test_hostile_markup_runs_nothing_in_the_browser(page, live_server, artifacts):
    from pathlib import Path

    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "hostile-budget.html"
    upload_with_the_form(page, live_server, fixture)
    assert page.locator("li.finding").count() > 0
    assert "<script>" in page.locator("li.finding").first.inner_text() or \
        "<script>" in page.inner_text("section.findings")
    assert page.evaluate("typeof window.hostile") == "undefined"
    assert page.locator("section img, section iframe, section script").count() == 0
    page.screenshot(path=str(artifacts / "hostile-document-page.png"), full_page=True)
    assert page.dialogs == []
