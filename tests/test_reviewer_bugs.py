"""The everyday failures a new user met: a README taken for a 决算, a 10 KB quote from a web
page (quotes now come from the Document: the outcome is tested), the page drawing tool
without Pillow."""

from __future__ import annotations

import sys

from click.testing import CliRunner

from budgetlens.check import check_path
from budgetlens.cli import cli
from budgetlens.quotes import MAX_QUOTE_CHARS
from conftest import CORPUS, corpus_file


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_a_readme_is_not_a_disclosure():
    readme = CORPUS / "README.md"
    if not readme.exists():
        corpus_file("README.md")  # skips with the reason
    for command in ("check", "extract"):
        r = run(command, str(readme))
        assert r.exit_code == 2, r.output
        assert r.stdout == "" or "README.md" not in r.stdout
        assert f"error: {readme}: not a budget or final-account disclosure" in r.stderr


def test_a_short_disclosure_without_tables_is_still_checked(tmp_path):
    page = tmp_path / "note.txt"
    page.write_text("某县财政局2023年部门决算公开\n一、收入支出决算总体情况\n"
                    "2023年度收入总计1234.56万元。\n", encoding="utf-8")
    r = run("check", str(page), "--format", "json")
    assert r.exit_code in (0, 1), r.stderr
    assert "not a budget" not in r.stderr


def test_html_quotes_are_bounded():
    r = check_path(str(corpus_file("027_chongqing_jiaotongweiyuanhui_2018_yusuan.html")))
    assert r.findings
    for f in r.findings:
        assert f.quote is None or len(f.quote) <= MAX_QUOTE_CHARS + 2


def test_page_drawing_without_pillow_says_so(monkeypatch, capsys):
    from budgetlens.readers import pdf_debug

    monkeypatch.setitem(sys.modules, "PIL", None)
    pdf = corpus_file("019_shanghai-putuo_caizhengju_2024_juesuan.pdf")
    code = pdf_debug.main([str(pdf), "1", "/tmp/never-written.png"])
    assert code == 2
    assert "needs Pillow" in capsys.readouterr().err
