"""The HTML report: one self-contained file that a browser shows without any script, with
document text as text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from budgetlens.cli import cli
from conftest import corpus_file

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
PDF_019 = "019_shanghai-putuo_caizhengju_2024_juesuan.pdf"
MD_LIUZHOU = "liuzhou-gov-office-2024-budget.md"
INJECTED = "<script>document.body.setAttribute('data-pwned','yes')</script>"


def _report(tmp_path: Path, *files: str) -> str:
    out = tmp_path / "report.html"
    res = CliRunner().invoke(cli, ["check", *files, "--format", "html", "-o", str(out)])
    assert res.exit_code == 1, res.output  # both documents have an error finding
    return out.read_text(encoding="utf-8")


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        if path := shutil.which(name):
            return path
    pytest.skip("chromium is not installed (scripts/system-deps.sh installs it)")


def _browser(tmp_path: Path, *args: str) -> str:
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout


def test_html_report_is_self_contained_with_quote_intervals_and_crop(tmp_path):
    html = _report(tmp_path, str(corpus_file(PDF_019)))
    assert "<script" not in html and "http://" not in html and "https://" not in html
    # p.21 四: "财政拨款收入支出总计0.3万元" against 本年支出合计 2,940.05 on p.13
    assert "N001" in html and "财政拨款收入支出总计0.3万元" in html
    assert "[2940.045, 2940.055]" in html and "[0.25, 0.35]" in html
    assert html.count('src="data:image/png;base64,') == 3  # N001: p.21 and p.13; P001: p.21
    assert "四、 财政拨款收入支出决算总体情况说明" in html  # grouped under its section


def test_html_report_opens_in_chromium_and_document_script_does_not_run(tmp_path):
    source = corpus_file(MD_LIUZHOU).read_text(encoding="utf-8").splitlines(keepends=True)
    # line 599: "103 柳州市人民政府办公室 78.45 …", the row of an A001 finding
    assert source[598].startswith("\t103\t柳州市人民政府办公室\t\t78.45\t78.45")
    source[598] = source[598].replace("柳州市人民政府办公室", "柳州市人民政府办公室" + INJECTED, 1)
    hostile = tmp_path / "hostile.md"
    hostile.write_text("".join(source), encoding="utf-8")

    html = _report(tmp_path, str(corpus_file(PDF_019)), str(hostile))
    assert "&lt;script&gt;document.body.setAttribute" in html
    report = tmp_path / "report.html"

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-019.png"
    shot.unlink(missing_ok=True)
    _browser(tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", report.as_uri())
    assert shot.stat().st_size > 10_000

    dom = _browser(tmp_path, "--dump-dom", report.as_uri())
    assert "说明中上海市普陀区财政局财政拨款收入支出总计写为0.3万元" in dom
    assert "data:image/png;base64," in dom
    assert 'data-pwned="yes"' not in dom  # the attribute the script would have set
    assert "&lt;script&gt;document.body.setAttribute('data-pwned','yes')&lt;/script&gt;" in dom
    assert "<script" not in dom


def test_html_document_findings_quote_blocks_not_the_source_line():
    from budgetlens.check import check_path
    from budgetlens.report.quote import MAX_QUOTE, quote_for

    path = corpus_file("027_chongqing_jiaotongweiyuanhui_2018_yusuan.html")
    r = check_path(str(path))
    on_line_18 = [f for f in r.findings if f.location.line == 18]
    assert on_line_18, "027's body is one source line (18) of several KB"
    source_line = path.read_bytes().splitlines()[17]
    assert len(source_line) > 5000
    quote = quote_for(r.extraction.document, on_line_18[0].location)
    # the text the page shows (its first heading and paragraph), no markup, shortened
    assert quote.startswith("一、单位基本情况 重庆市交通委员会是在2000年政府机构改革中")
    assert len(quote) <= MAX_QUOTE and "<" not in quote


def test_extract_refuses_the_html_report_format():
    res = CliRunner().invoke(cli, ["extract", "x.md", "--format", "html"])
    assert res.exit_code == 2 and "use it with check" in res.output


def test_spreadsheet_findings_are_grouped_under_their_sheet(tmp_path):
    """The blank 普陀区 template (all warnings): the placeholders of sheet 单位编制说明 stand
    under its heading 四、2026年单位预算编制说明, the one of the 封面 (no heading) under 封面."""
    from budgetlens.check import check_path
    from budgetlens.report.html import grouped

    r = check_path(str(corpus_file("901_EDGE_shanghai-putuo_blank-template_2026_yusuan-danwei.xls")))
    groups = {name: [(f.location.sheet, f.location.cell) for f in fs] for name, fs in grouped(r)}
    assert "全文" not in groups
    assert ("单位编制说明", "A4") in groups["四、2026年单位预算编制说明"]
    assert groups["封面"] == [("封面", "A9")]
    assert len(groups["六、其他相关情况说明"]) == 10
