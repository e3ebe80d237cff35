"""Findings where they stand: `show` draws the boxes from the Document's locations over the
rendered page, or prints the flagged lines of a text document with their context."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from budgetlens.check import check_path
from budgetlens.cli import cli
from budgetlens.model import Grid
from budgetlens.render import RELATED_COLOUR, SEVERITY_COLOURS, finding_pages, stack
from budgetlens.report.quote import quote_for
from conftest import corpus_file

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PDF_019 = "019_shanghai-putuo_caizhengju_2024_juesuan.pdf"
PDF_042 = "042_jiangsu_jianchayuan_2018_yusuan.pdf"
MD_LIUZHOU = "liuzhou-gov-office-2024-budget.md"


def _number_of(findings, rule: str, page: int | None = None, line: int | None = None) -> int:
    for i, f in enumerate(findings, 1):
        if f.rule == rule and f.location.page == page and f.location.line == line:
            return i
    raise AssertionError(f"no {rule} finding at page {page} line {line}")


def test_show_019_boxes_the_cell_the_finding_names():
    path = str(corpus_file(PDF_019))
    r = check_path(path)
    # p.21 四: "财政拨款收入支出总计0.3万元"; p.13 总表: 本年支出合计 2,940.05, 总计 2,961.68
    n = _number_of(r.findings, "N001", page=21)
    f = r.findings[n - 1]
    assert "0.3万元" in quote_for(r.extraction.document, f.location)
    related = {(loc.page, loc.row) for loc in f.related}
    assert (13, "本年支出合计") in related

    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "show-019-N001.png"
    res = CliRunner().invoke(cli, ["show", path, "--finding", str(n), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "第21、13页" in res.output

    image = Image.open(out).convert("RGB")
    pages = finding_pages(path, [f])
    assert [p.page for p in pages] == [21, 13]
    _, tops = stack(pages)
    assert image.size[1] == sum(p.image.height for p in pages) + 12

    # the cell: the grid cell on p.13 reading 2,940.05 in the 本年支出合计 row, column 合计
    loc = next(loc for loc in f.related if loc.row == "本年支出合计")
    doc = r.extraction.document
    row = next(row for b in doc.blocks if isinstance(b, Grid) and b.location.page == 13
               for row in b.rows if any(c.text == "本年支出合计" for c in row))
    value_cells = [c for c in row if c.text == "2,940.05"
                   and c.location.bbox[0] >= loc.bbox[0] - 0.5]
    assert value_cells, "the 本年支出合计 row has its figure to the right of the label"
    x0, top, x1, bottom = loc.bbox
    for c in value_cells:  # the figure's cell lies inside the drawn box
        cx0, ctop, cx1, cbottom = c.location.bbox
        assert x0 - 0.5 <= cx0 and cx1 <= x1 + 0.5 and top - 0.5 <= ctop and cbottom <= bottom + 0.5

    page13 = pages[1]
    px0, ptop, px1, pbottom = page13.pixels(loc.bbox)
    y_mid = tops[1] + (ptop + pbottom) // 2
    assert image.getpixel((px0 + 1, y_mid)) == RELATED_COLOUR  # left edge of the box
    assert image.getpixel((px1 - 1, y_mid)) == RELATED_COLOUR  # right edge
    assert image.getpixel(((px0 + px1) // 2, tops[1] + pbottom - 1)) == RELATED_COLOUR  # bottom
    inside = image.getpixel(((px0 + px1) // 2, y_mid - 3))
    assert inside != RELATED_COLOUR
    # and the finding's own sentence on p.21 in its severity's colour
    sx0, stop, _, sbottom = pages[0].pixels(f.location.bbox)
    assert image.getpixel((sx0 + 1, (stop + sbottom) // 2)) == SEVERITY_COLOURS["error"]


def test_show_page_draws_every_finding_on_it():
    # 042 p.26: three errors (P001 99.94%, two P002 rates) and a P002 warning (36.58%, cut)
    path = str(corpus_file(PDF_042))
    out = ARTIFACTS / "show-042-page26.png"
    ARTIFACTS.mkdir(exist_ok=True)
    res = CliRunner().invoke(cli, ["show", path, "--page", "26", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "第26页, 4 finding(s)" in res.output
    image = Image.open(out).convert("RGB")
    assert image.size in ((1190, 1684), (1191, 1684))  # one A4 page (595 x 842 points) at 2 px per point
    colours = {c for _, c in image.getcolors(maxcolors=1 << 24)}
    assert SEVERITY_COLOURS["error"] in colours and SEVERITY_COLOURS["warning"] in colours


def test_show_text_document_prints_flagged_line_with_context():
    path = str(corpus_file(MD_LIUZHOU))
    r = check_path(path)
    n = _number_of(r.findings, "A003", line=598)
    res = CliRunner().invoke(cli, ["show", path, "--finding", str(n)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    flagged = next(x for x in lines if x.startswith("> 598"))
    assert "合计  78.45  78.45" in flagged
    assert any(x.startswith("  597") for x in lines) and any(x.startswith("  600") for x in lines)

    out = ARTIFACTS / "show-liuzhou-A003.png"
    ARTIFACTS.mkdir(exist_ok=True)
    res = CliRunner().invoke(cli, ["show", path, "--finding", str(n), "-o", str(out)])
    assert res.exit_code == 0, res.output
    image = Image.open(out).convert("RGB")
    assert (255, 240, 160) in {image.getpixel((5, y)) for y in range(image.height)}


def test_show_without_a_choice_lists_numbered_findings():
    path = str(corpus_file(PDF_019))
    res = CliRunner().invoke(cli, ["show", path])
    assert res.exit_code == 0
    assert "  1. " in res.output and "N001 error" in res.output


def test_show_names_a_missing_finding():
    path = str(corpus_file(PDF_019))
    res = CliRunner().invoke(cli, ["show", path, "--finding", "99"])
    assert res.exit_code == 1 and "finding 99 is not in 1..2" in res.output


def test_debug_page_command_draws_what_the_reader_saw(tmp_path):
    path = str(corpus_file(PDF_019))
    out = tmp_path / "p13.png"
    res = CliRunner().invoke(cli, ["debug-page", path, "13", "-o", str(out)])
    assert res.exit_code == 0, res.output
    with Image.open(out) as image:
        assert image.size == (1263, 893)  # p.13 is landscape A4 at 1.5 px per point


def test_debug_page_without_pillow_says_so(tmp_path, monkeypatch):
    import sys

    for name in [m for m in sys.modules if m == "PIL" or m.startswith("PIL.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "PIL", None)  # import PIL now fails as if not installed
    path = str(corpus_file(PDF_019))
    res = CliRunner().invoke(cli, ["debug-page", path, "13", "-o", str(tmp_path / "x.png")])
    assert res.exit_code == 1
    assert "drawing pages needs Pillow: pip install pillow" in res.output
    assert "Traceback" not in res.output and not (tmp_path / "x.png").exists()


def test_spreadsheet_finding_quotes_the_sentence_of_its_cell_it_is_about():
    from budgetlens.report.quote import quote_for

    path = str(corpus_file("901_EDGE_shanghai-putuo_blank-template_2026_yusuan-danwei.xls"))
    r = check_path(path)
    # sheet 其他相关情况说明, cell A3 holds the whole note; the finding is about one sentence
    f = next(f for f in r.findings if f.rule == "S007" and "因公出国（境）费XXX" in f.message)
    assert (f.location.sheet, f.location.cell) == ("其他相关情况说明", "A3")
    assert quote_for(r.extraction.document, f.location, f.message) == (
        "（一）因公出国（境）费XXX万元，比2025年预算增加（减少）XXX万元，主要原因是……。")
    n = r.findings.index(f) + 1
    res = CliRunner().invoke(cli, ["show", path, "--finding", str(n)])
    assert "> 其他相关情况说明!A3 │ （一）因公出国（境）费XXX万元" in res.output
