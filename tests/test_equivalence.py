"""The same document in every format gives the same facts.

柳州市人民政府办公室 2024 部门预算 (corpus markdown, 12 tables, six units) is read by the text
reader, written back as XLSX, DOCX, HTML, DOC and PDF with its header cells merged as the
printed tables are (see ``builders.with_header_merges``), and each file is run through the
whole extract pipeline. The facts must be the same multiset of (concept, context, value,
precision, unit, source, table kind, measure, certainty).

Documented differences, left out of the comparison: every Location field (line for the
markdown, sheet/cell for XLSX, table/cell for DOCX and HTML, page/bbox for PDF) and the
row label text used in messages.
"""

from __future__ import annotations

from collections import Counter

import pytest

from budgetlens.model import Fact
from budgetlens.pipeline import extract, extract_document
from budgetlens.readers import read
from builders import (
    convert,
    libreoffice_available,
    with_header_merges,
    write_doc,
    write_docx,
    write_html,
    write_xlsx,
)
from conftest import corpus_file

pytest.importorskip("openpyxl")
pytest.importorskip("docx")

LIUZHOU = "liuzhou-gov-office-2024-budget.md"
needs_libreoffice = pytest.mark.skipif(
    not libreoffice_available(), reason="LibreOffice (soffice) is not installed"
)


def fact_key(f: Fact) -> tuple:
    v = f.value
    return (
        f.concept,
        f.context.key(),
        v.value,
        v.precision,
        v.unit,
        f.source,
        f.table_kind,
        f.measure,
        f.certain,
    )


def fact_counter(facts: list[Fact]) -> Counter:
    return Counter(fact_key(f) for f in facts)


@pytest.fixture(scope="module")
def original():
    doc = read(str(corpus_file(LIUZHOU)))
    return doc, extract_document(doc)


@pytest.fixture(scope="module")
def merged(original):
    return with_header_merges(original[0])


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("equivalence")


@pytest.fixture(scope="module")
def docx_file(merged, out_dir):
    return write_docx(merged, out_dir / "liuzhou.docx")


def _assert_same_facts(original_extraction, path) -> None:
    expected = fact_counter(original_extraction.facts)
    got = fact_counter(extract(str(path)).facts)
    missing, extra = expected - got, got - expected
    shown = [f"- {k}" for k in list(missing)[:10]] + [f"+ {k}" for k in list(extra)[:10]]
    assert not missing and not extra, (
        f"{path.name}: {sum(missing.values())} facts missing, {sum(extra.values())} extra\n"
        + "\n".join(shown)
    )


def test_original_has_the_facts_compared(original):
    doc, extraction = original
    assert len(doc.grids()) == 23  # 12 tables, several continued over pages
    # 表1 部门收支总体情况表, line 260: 一般公共预算拨款 4,555.35 (万元)
    keys = fact_counter(extraction.facts)
    assert any(k[0] == "revenue.general_budget" and str(k[2]) == "4555.35" for k in keys)
    assert sum(keys.values()) > 1000


def test_merges_were_written(merged):
    spans = [(c.text, c.rowspan, c.colspan) for g in merged.grids() for c in g.rows[0]]
    # 表1 header (markdown line 258): 收入 | | 支出 | -> two merged cells
    assert ("收入", 1, 2) in spans and ("支出", 1, 2) in spans
    # 表5 header (line 422): 合计 spans the three header rows
    assert ("合计", 3, 1) in spans


def test_xlsx_gives_the_same_facts(original, merged, out_dir):
    path = write_xlsx(merged, out_dir / "liuzhou.xlsx")
    assert read(str(path)).format == "xlsx"
    _assert_same_facts(original[1], path)


def test_docx_gives_the_same_facts(original, docx_file):
    assert read(str(docx_file)).format == "docx"
    _assert_same_facts(original[1], docx_file)


def test_html_gives_the_same_facts(original, merged, out_dir):
    path = write_html(merged, out_dir / "liuzhou.html", encoding="gbk")
    doc = read(str(path))
    assert doc.format == "html" and doc.encoding == "gb18030"
    _assert_same_facts(original[1], path)


@needs_libreoffice
def test_doc_gives_the_same_facts(original, docx_file, out_dir):
    path = write_doc(docx_file, out_dir / "doc")
    assert read(str(path)).format == "doc"
    _assert_same_facts(original[1], path)


@needs_libreoffice
def test_pdf_gives_the_same_facts(original, merged, out_dir):
    source = write_docx(merged, out_dir / "liuzhou-print.docx", print_layout=True)
    path = convert(source, "pdf", out_dir / "pdf")
    assert read(str(path)).format == "pdf"
    _assert_same_facts(original[1], path)


@needs_libreoffice
def test_ods_gives_the_same_facts(original, merged, out_dir):
    """ODS keeps merges and shown text in content.xml; calamine gives neither."""
    xlsx = write_xlsx(merged, out_dir / "liuzhou-for-ods.xlsx")
    path = convert(xlsx, "ods", out_dir / "ods")
    doc = read(str(path))
    assert doc.format == "ods"
    first = doc.grids()[0].rows[0]
    assert [(c.text, c.colspan) for c in first] == [("收入", 2), ("支出", 2)]
    _assert_same_facts(original[1], path)


@needs_libreoffice
def test_xls_gives_the_same_facts(original, merged, out_dir):
    """BIFF8 through LibreOffice: number formats come from the XF records."""
    xlsx = write_xlsx(merged, out_dir / "liuzhou-for-xls.xlsx")
    path = convert(xlsx, "xls", out_dir / "xls")
    assert read(str(path)).format == "xls"
    _assert_same_facts(original[1], path)
