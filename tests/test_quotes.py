"""Quotes come from the Document's own blocks, by the finding's location, in every format."""

from __future__ import annotations

import pytest

from budgetlens.check import check_path
from budgetlens.model import Document, Location, Paragraph
from budgetlens.quotes import MAX_QUOTE_CHARS, Quotes
from budgetlens.readers import read
from builders import write_docx, write_html, write_xlsx
from conftest import corpus_file

LIUJIANG = "liujiang-gov-service-center-2022-budget.txt"
# line 52 of the file, the sentence U002 reports (134.6元 where 万元 is meant)
U002_SENTENCE = "（1）一般公共服务类科目支出预算540.59万元，占支出总预算80%，同比减少134.6元"


def _u002_quote(path: str) -> str | None:
    (finding,) = check_path(path, select=["U002"]).findings
    return finding.quote


@pytest.mark.parametrize("writer", [write_xlsx, write_docx, write_html], ids=["xlsx", "docx", "html"])
def test_the_same_sentence_is_quoted_in_every_format(tmp_path, writer):
    src = str(corpus_file(LIUJIANG))
    assert _u002_quote(src).startswith(U002_SENTENCE)
    pytest.importorskip("openpyxl")
    pytest.importorskip("docx")
    suffix = {write_xlsx: ".xlsx", write_docx: ".docx", write_html: ".html"}[writer]
    out = writer(read(src), tmp_path / f"liujiang{suffix}")
    assert _u002_quote(str(out)).startswith(U002_SENTENCE)


def test_a_pdf_finding_quotes_its_paragraph():
    # 019 p.21: “…财政拨款收入支出总计0.3万元。与2023年度相比，财政拨款收入支出总计持平。”
    r = check_path(str(corpus_file("019_shanghai-putuo_caizhengju_2024_juesuan.pdf")), select=["N001"])
    (finding,) = r.findings
    assert finding.location.page == 21
    assert "财政拨款收入支出总计0.3万元" in finding.quote


def test_a_table_row_is_quoted_cell_by_cell():
    r = check_path(str(corpus_file("liuzhou-gov-office-2024-budget.md")), select=["A003"])
    quotes = [f.quote for f in r.findings]
    assert "合计 | 78.45 | 0.00 | 78.45 | 52.25 | 23.84 | 28.42 | 26.20 | 0.00" in quotes


def test_one_long_source_line_is_quoted_by_its_block_and_bounded():
    # an HTML page whose body is one source line: the block at the location, not the line
    long_text = "本部门2024年一般公共预算支出" + "，主要用于保障机关运行" * 200 + "。"
    doc = Document(path="page.html", format="html", blocks=[
        Paragraph("一、部门职责", Location(line=18)),
        Paragraph(long_text, Location(line=18, cell=None, table=None, page=None, bbox=None)),
    ])
    quotes = Quotes(doc)
    assert quotes.at(Location(line=18)) == "一、部门职责"
    doc.blocks.reverse()
    quoted = Quotes(doc).at(Location(line=18))
    assert len(quoted) == MAX_QUOTE_CHARS and quoted.endswith("…")
    assert quoted.startswith("本部门2024年一般公共预算支出")


def test_the_whole_document_is_not_quoted():
    doc = Document(path="a.txt", format="text", blocks=[Paragraph("一、部门职责", Location(line=1))])
    assert Quotes(doc).at(Location(path="a.txt")) is None
