"""Hostile variants made here, one mechanism each: sheet extents, span caps, ZIP damage,
plain-text output, linear paths. Nothing that could abort calamine runs in this process:
the extent checks are exercised on their own, before any workbook is opened."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from click.testing import CliRunner
from rich.console import Console

from budgetlens.cli import cli
from budgetlens.errors import ReadError
from budgetlens.readers import detect_format, read
from budgetlens.readers.sheet_extent import MAX_SHEET_CELLS, check_sheet_extent
from budgetlens.recognize.claims_text import MAX_SENTENCE_SIDE, sentence_at
from budgetlens.report.plain import one_line, visible
from conftest import SAMPLES

_SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dim}"/><sheetData>{rows}</sheetData></worksheet>'
)


def _xlsx(tmp_path, rows: str, dim: str = "A1") -> str:
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", _SHEET.format(dim=dim, rows=rows))
    return str(path)


# -- sheet extents ---------------------------------------------------------------------------


def test_two_valued_cells_far_apart_are_refused(tmp_path):
    path = _xlsx(
        tmp_path,
        '<row r="1"><c r="A1" t="inlineStr"><is><t>收支总表</t></is></c></row>'
        '<row r="70000"><c r="ZZ70000"><v>1.5</v></c></row>',
    )
    with pytest.raises(ReadError) as e:
        check_sheet_extent(path, "xlsx")
    assert e.value.problem == (
        "sheet xl/worksheets/sheet1.xml has cells from A1 to ZZ70000 "
        f"(49,140,000 cells; the limit is {MAX_SHEET_CELLS:,}): refused as damaged"
    )


def test_cells_without_references_are_placed_like_calamine(tmp_path):
    # no r attributes: row 2, columns A.. by order; the declared dimension does not count
    cells = "".join("<c><v>1</v></c>" for _ in range(3))
    path = _xlsx(tmp_path, f"<row/><row>{cells}</row>", dim="A1:XFD1048576")
    check_sheet_extent(path, "xlsx")


def test_empty_styled_cells_and_a_huge_dimension_are_accepted(tmp_path):
    # calamine skips cells without a value: a formatted XFD1048576 costs nothing
    path = _xlsx(
        tmp_path,
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576" s="1"/></row>',
        dim="A1:XFD1048576",
    )
    check_sheet_extent(path, "xlsx")


def test_shared_strings_declaring_more_than_they_hold_are_refused(tmp_path):
    path = _xlsx(tmp_path, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="{n}" uniqueCount="{n}"><si><t>收支总表</t></si></sst>'
    )
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/sharedStrings.xml", sst.format(n=2_000_000_000))
    with pytest.raises(ReadError) as e:
        check_sheet_extent(path, "xlsx")
    assert e.value.problem.startswith(
        "shared strings part xl/sharedStrings.xml declares 2,000,000,000 strings in"
    )
    honest = _xlsx(tmp_path, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    with zipfile.ZipFile(honest, "a") as z:
        z.writestr("xl/sharedStrings.xml", sst.format(n=1))
    check_sheet_extent(honest, "xlsx")


def _ods(tmp_path, table: str) -> str:
    path = tmp_path / "book.ods"
    content = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:spreadsheet>{table}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    return str(path)


def test_ods_repeated_rows_before_a_value_are_counted_not_expanded(tmp_path):
    value = '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
    far = (
        '<table:table table:name="表1">'
        f"<table:table-row>{value}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="1000"/>{value}</table:table-row>'
        "</table:table>"
    )
    with pytest.raises(ReadError) as e:
        check_sheet_extent(_ods(tmp_path, far), "ods")
    assert "sheet 表1 has cells from A1 to ALM1048002" in e.value.problem
    # the usual trailing run of empty rows is fine
    trailing = (
        '<table:table table:name="表1">'
        f"<table:table-row>{value}</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table>"
    )
    check_sheet_extent(_ods(tmp_path, trailing), "ods")


# -- ZIP damage ------------------------------------------------------------------------------


def test_truncated_member_data_is_a_read_error(tmp_path):
    good = tmp_path / "good.xlsx"
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook>" + "x" * 5000 + "</workbook>")
    data = bytearray(good.read_bytes())
    start = data.index(b"xl/workbook.xml") + len("xl/workbook.xml")
    data[start + 10 : start + 40] = b"\xff" * 30  # deflate stream damaged
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(data))
    assert detect_format(str(bad)) == "xlsx"
    with pytest.raises(ReadError) as e:
        read(str(bad))
    assert "damaged" in e.value.problem or "corrupt" in e.value.problem


# -- HTML spans ------------------------------------------------------------------------------


def _html_grid(tmp_path, body: str):
    path = tmp_path / "t.html"
    path.write_text(f"<html><body><p>表1</p><table>{body}</table></body></html>", "utf-8")
    (grid,) = read(str(path)).grids()
    return grid


def test_html_colspan_of_two_billion_is_capped_at_the_table(tmp_path):
    grid = _html_grid(
        tmp_path,
        '<tr><td colspan="2000000000">合计</td></tr>'
        "<tr><td>a</td><td>1</td><td>2</td></tr>",
    )
    assert grid.n_cols == 3
    assert grid.rows[0][0].colspan == 3


def test_html_rowspan_and_colspan_place_cells_like_a_browser(tmp_path):
    grid = _html_grid(
        tmp_path,
        '<tr><td rowspan="2">项目</td><td colspan="2">金额</td><td rowspan="2">备注</td></tr>'
        "<tr><td>上年</td><td>本年</td></tr>"
        "<tr><td>a</td><td>1</td><td>2</td><td>x</td></tr>",
    )
    assert grid.n_cols == 4
    assert [(c.text, c.col, c.rowspan, c.colspan) for c in grid.rows[0]] == [
        ("项目", 0, 2, 1), ("金额", 1, 1, 2), ("备注", 3, 2, 1)
    ]
    assert [(c.text, c.col) for c in grid.rows[1]] == [("上年", 1), ("本年", 2)]
    assert [c.col for c in grid.rows[2]] == [0, 1, 2, 3]


def test_html_row_pushed_right_by_a_rowspan_keeps_every_cell(tmp_path):
    grid = _html_grid(
        tmp_path,
        '<tr><td rowspan="2">A</td><td>B</td></tr><tr><td>C</td><td>D</td><td>E</td></tr>',
    )
    assert [(c.text, c.col) for c in grid.rows[1]] == [("C", 1), ("D", 2), ("E", 3)]
    assert grid.n_cols == 4


# -- plain text in the terminal and in JSON --------------------------------------------------


def test_visible_and_one_line():
    assert visible("a\udcb3b") == "a\ufffdb"
    assert one_line("x\ny\udc80[/]") == "x\\ny\ufffd[/]"


def test_markup_in_a_name_or_title_prints_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with open("[bold red]报告.md", "w", encoding="utf-8") as f:
        f.write("# 某部门[/]2024年部门预算\n\n说明[/b]。\n")
    r = CliRunner().invoke(cli, ["extract", "[bold red]报告.md"])
    assert r.exit_code == 0, r.output
    assert "[bold red]报告.md" in r.output
    assert "标题 title: 某部门[/]2024年部门预算" in r.output


def test_unreadable_name_with_newline_and_bad_bytes_is_one_error_line(tmp_path):
    raw = bytes(tmp_path) + b"/bad\nname\xb3[b].pdf"
    with open(raw, "wb") as f:
        f.write(b"")
    name = raw.decode("utf-8", "surrogateescape")
    r = CliRunner().invoke(cli, ["extract", "--format", "json", name])
    assert r.exit_code == 2
    err = [line for line in r.stderr.splitlines() if line.startswith("error:")]  # stdout streams the JSON
    assert err == [f"error: {tmp_path}/bad\\nname\ufffd[b].pdf: zero-byte file: nothing to read"]


def test_text_report_of_findings_encodes_as_utf8(tmp_path):
    from budgetlens.check import check_path
    from budgetlens.report import text as text_report

    result = check_path(str(SAMPLES / "demo-county-office-2024-budget.md"))
    assert result.findings
    result.findings = [
        dataclasses.replace(f, message=f.message + "[/]\udcb3", quote="[red]\udc80")
        for f in result.findings
    ]
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    text_report.render([result], Console(file=stream, width=120))
    stream.flush()
    shown = stream.buffer.getvalue().decode("utf-8")
    assert "[/]\ufffd" in shown and "[red]\ufffd" in shown


# -- long paragraphs -------------------------------------------------------------------------


def test_sentence_written_per_claim_is_bounded():
    text = "收入合计100万元，" * 50_000
    s = sentence_at(text, 250_000)
    assert len(s) <= 2 * MAX_SENTENCE_SIDE + 1
    assert sentence_at("前一句。本年支出100万元，比上年增加5万元。后一句。", 8) == (
        "本年支出100万元，比上年增加5万元。"
    )


def test_huge_paragraph_of_figures_is_read(tmp_path):
    from budgetlens.pipeline import extract
    from budgetlens.serialize import claim_dict

    path = tmp_path / "long.txt"
    path.write_text(
        "某部门2024年部门预算\n\n" + "一般公共服务支出3,487.74万元，比上年增加89.97万元，" * 3000,
        "utf-8",
    )
    x = extract(str(path))
    assert len(x.claims) == 6000
    first = x.claims[0]
    assert first.subject.endswith("一般公共服务支出") and first.value.text == "3,487.74万元"
    assert all(len(claim_dict(c)["sentence"]) <= 2 * MAX_SENTENCE_SIDE + 1 for c in x.claims)


def test_unit_of_many_lines_is_joined_once_and_keeps_every_line():
    from budgetlens.model import Document, Location, Paragraph
    from budgetlens.recognize.claims_text import prose_units

    lines = ["本年支出合计100万元，其中：", "（一）基本支出80万元。"]
    blocks = [
        Paragraph(text=t, location=Location(path="x.md", line=i + 1)) for i, t in enumerate(lines)
    ]
    (unit,) = prose_units(Document(path="x.md", format="markdown", blocks=blocks))
    # "其中：" announces the breakdown: the item line that follows stays in the unit
    assert unit.text == "本年支出合计100万元，其中：（一）基本支出80万元。"
    assert unit.starts == [0, 15] and unit.lines == [1, 2]
    many = [Paragraph(text="支出增加", location=Location(path="x.md", line=i)) for i in range(50_000)]
    (long_unit,) = prose_units(Document(path="x.md", format="markdown", blocks=many))
    assert len(long_unit.text) == 200_000 and long_unit.line_at(199_999) == 49_999
