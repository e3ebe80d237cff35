"""Underlined blanks of fill-in templates do not cut a line or a paragraph (pdf_underline).

Jiangsu's 2017–2018 说明 print each typed figure on a short rule under the baseline, padded
with space the text layer leaves out, so the gap before the figure is as wide as the one
between a title and a right-aligned "单位：万元"."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

from budgetlens.check import check_extraction
from budgetlens.pipeline import extract
from budgetlens.readers.pdf import read
from conftest import corpus_file
from test_reader_pdf import build_pdf, ruled_grid, text, write

F004 = "004_jiangsu_jianchayuan_2017_yusuan.pdf"


def underline(x0: float, x1: float, y: float) -> bytes:
    """A rule drawn as a thin filled rectangle, the way word processors print underlines."""
    return b"%.2f %.2f %.2f 0.8 re f\n" % (x0, y, x1 - x0)


# Two lines of prose at 10 pt: the first leaves a blank of about
# 90 pt before the figure 1463.8 (underlined), the second opens with the underlined 8.85.
LINE_1 = text(72, 700, "The totals of the year both rose by") + text(300, 700, "1463.8 units, up by")
LINE_2 = text(72, 686, "8.85") + text(110, 686, "% on the year, from wages and housing.")


def _paragraphs(tmp_path, page: bytes) -> list[str]:
    return [p.text for p in read(write(tmp_path, "blank.pdf", build_pdf([page]))).paragraphs()]


def test_underlined_blank_keeps_line_and_paragraph_whole(tmp_path):
    page = LINE_1 + underline(290, 345, 698) + LINE_2 + underline(72, 100, 684)
    assert _paragraphs(tmp_path, page) == [
        "The totals of the year both rose by 1463.8 units, up by 8.85 % on the year, from wages"
        " and housing."
    ]


def test_without_the_underline_the_gap_still_separates(tmp_path):
    """The same layout without rules: a wide gap is two pieces of a line, as before."""
    texts = _paragraphs(tmp_path, LINE_1 + LINE_2)
    assert "1463.8 units, up by" in texts


def test_long_rule_is_no_underline(tmp_path):
    """A rule as wide as the line (a separator) does not join far-apart pieces."""
    texts = _paragraphs(tmp_path, LINE_1 + underline(72, 430, 698) + LINE_2)
    assert "1463.8 units, up by" in texts


def test_rule_below_the_line_is_no_underline(tmp_path):
    """A short rule a full line lower underlines nothing on this line."""
    texts = _paragraphs(tmp_path, LINE_1 + underline(290, 345, 690))
    assert "1463.8 units, up by" in texts


def test_table_rulings_still_make_a_grid(tmp_path):
    xs, ys = [100.0, 200.0, 300.0], [600.0, 580.0, 560.0]
    page = (ruled_grid(xs, ys) + text(105, 585, "Item") + text(205, 585, "Amount")
            + text(105, 565, "Total") + text(205, 565, "12.50") + LINE_1)
    doc = read(write(tmp_path, "table.pdf", build_pdf([page])))
    (grid,) = doc.grids()
    assert grid.text_matrix() == [["Item", "Amount"], ["Total", "12.50"]]
    assert "1463.8 units, up by" in [p.text for p in doc.paragraphs()]


def test_004_blanks_read_as_one_paragraph():
    """004 p.18: "…与上年相比收、支预算总计各增加＿1463.8＿万元，增长＿8.85＿%。…" and p.19:
    "…一般公共预算收入＿17981.68＿万元，占 / 99.92%；" are single paragraphs."""
    doc = read(str(corpus_file(F004)))
    by_page = {18: [], 19: []}
    for p in doc.paragraphs():
        if p.location.page in by_page:
            by_page[p.location.page].append(p.text)
    assert ("2017 年度收入、支出预算总计 17996.68 万元，与上年相比收、支预算总计各增加 1463.8 万元，"
            "增长 8.85 %。主要是员额制检察官工资改革、退休干警增加及调整住房补贴等因素形成。其中：") in by_page[18]
    assert any(t.endswith("与上年相比增加 309.03 万元，增长 2.31 %。主要原因是员额制检察官工资改革增加一定人员经费支出。")
               for t in by_page[19])
    assert any(t.endswith("其中：一般公共预算收入 17981.68 万元，占 99.92%；") for t in by_page[19])


def test_004_rate_on_a_blank_is_bound_and_checked():
    """8.85 % is the growth of 收支预算总计: 1463.8 / (17996.68 − 1463.8) = 8.854 %. Stated
    right it raises nothing; made 8.95 it is caught by the growth rule."""
    x = extract(str(corpus_file(F004)))
    rates = [c for c in x.claims if c.location.page == 18 and c.kind == "growth"
             and c.value.value == D("8.85")]
    assert sorted(c.concept for c in rates) == ["expenditure.total", "revenue.total"]
    assert all(c.direction == 1 for c in rates)
    assert not [f for f in check_extraction(x).by_rule("P002") if f.location.page == 18]

    wrong = [dataclasses.replace(c, value=dataclasses.replace(c.value, value=D("8.95"), text="8.95"))
             if c in rates else c for c in x.claims]
    caught = check_extraction(dataclasses.replace(x, claims=wrong)).by_rule("P002")
    assert [f for f in caught if f.location.page == 18 and "8.95" in f.message]
