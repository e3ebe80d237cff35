"""Spreadsheet reader: the corpus XLS template and small XLSX files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.model import Grid, Paragraph
from budgetlens.readers import read
from budgetlens.readers.office_numfmt import format_number
from budgetlens.readers.spreadsheet import PLACEHOLDER_WARNING
from builders import convert, libreoffice_available
from conftest import corpus_file

openpyxl = pytest.importorskip("openpyxl")

TEMPLATE = "901_EDGE_shanghai-putuo_blank-template_2026_yusuan-danwei.xls"


# --- number formats -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code", "shown"),
    [
        (4555.35, "0.00", "4555.35"),
        (4555.349999999999, "0.00", "4555.35"),  # a summed cell's binary noise
        (4555.349999999999, "#,##0.00", "4,555.35"),
        (1480.3, "0.00", "1480.30"),  # the written trailing zero is precision
        (0.0256, "0.00%", "2.56%"),
        (-12.0, "#,##0.00;[Red]-#,##0.00", "-12.00"),
        (205.0, "General", "205"),
        (4555.35, None, "4555.35"),
        (0.1 + 0.2, None, "0.3"),
        (1234.5, '#,##0.00"万元"', "1,234.50"),
        (-0.001, "0.00", "0.00"),
    ],
)
def test_number_shown_as_formatted(value, code, shown):
    assert format_number(value, code) == shown


# --- the corpus template -------------------------------------------------------------------


@pytest.fixture(scope="module")
def template():
    return read(str(corpus_file(TEMPLATE)))


def _sheet_blocks(doc, sheet):
    return [b for b in doc.blocks if b.location.sheet == sheet]


def test_template_is_reported_as_placeholder_only(template):
    assert template.format == "xls"
    assert template.placeholder_only is True
    assert PLACEHOLDER_WARNING in template.warnings


def test_template_sheets_in_order(template):
    sheets = list(dict.fromkeys(b.location.sheet for b in template.blocks))
    assert len(sheets) == 16
    assert sheets[0] == "封面" and sheets[-1] == "其他相关情况说明"
    # nine table sheets, one grid each (the 9 预算表 of the template's 目录, sheet 2)
    assert len(template.grids()) == 9


def test_cover_and_narrative_sheets_are_paragraphs(template):
    cover = _sheet_blocks(template, "封面")
    assert [(b.text, b.location.cell) for b in cover] == [
        ("上海市普陀区2026年区级单位预算", "A3"),
        ("预算单位：上海市普陀区XX单位", "A9"),
    ]
    notes = _sheet_blocks(template, "名词解释")
    assert all(isinstance(b, Paragraph) for b in notes)
    # A3 holds nine numbered definitions separated by line breaks
    assert notes[1].text.startswith("（一）财政拨款收入：")
    assert notes[-1].text == "（九）……：指……。"


def test_title_and_money_unit_come_before_the_grid(template):
    blocks = _sheet_blocks(template, "单位收入总表")
    assert [b.text for b in blocks[:3]] == ["2026年预算单位收入预算总表", "编制单位：", "单位：元"]
    assert [b.location.cell for b in blocks[:3]] == ["A2", "A4", "I4"]
    assert isinstance(blocks[3], Grid) and len(blocks) == 4


def test_income_table_merges_and_codes(template):
    grid = _sheet_blocks(template, "单位收入总表")[3]
    assert grid.n_cols == 9 and grid.location.cell == "A6:I20"
    first = grid.rows[0]
    # A6:D6 '项目' and E6:I6 '收入预算' are merged (sheet rows 6-7 of the template)
    assert [(c.text, c.colspan, c.location.cell) for c in first] == [
        ("项目", 4, "A6"),
        ("收入预算", 5, "E6"),
    ]
    second = {c.location.cell: c for c in grid.rows[1]}
    assert second["A7"].text == "功能分类科目编码" and second["A7"].colspan == 3
    assert second["D7"].text == "功能分类科目名称" and second["D7"].rowspan == 2
    assert second["H7"].text == "事业单位\n经营收入"
    # the class code is stored as the number 205.0 and must read as written
    assert grid.text_matrix()[3][:4] == ["205", "", "", "教育支出"]
    assert grid.text_matrix()[5][:4] == ["205", "02", "05", "高等教育"]
    assert grid.text_matrix()[-1][:4] == ["合计"] * 4  # A20:D20 merged


def test_sangong_sheet_unit_in_wanyuan(template):
    blocks = _sheet_blocks(template, "单位“三公”经费和机关运行费预算表")
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        "2026年单位“三公”经费和机关运行经费预算表",
        "编制单位：",
        "单位:万元",
    ]
    grid = blocks[-1]
    top = {c.location.cell: (c.text, c.rowspan, c.colspan) for c in grid.rows[0]}
    assert top == {"A4": ("“三公”经费预算数", 1, 6), "G4": ("机关运行经费预算数", 3, 1)}


def test_template_placeholders_are_flagged_on_cells():
    doc = read(str(corpus_file(TEMPLATE)))
    texts = [c.text for g in doc.grids() for row in g.rows for c in row if c.placeholder]
    assert texts == []  # the template's tables carry '…', not XX; the XX is in the prose
    assert any("x,xxx万元" in p.text for p in doc.paragraphs())


# --- XLSX written here -------------------------------------------------------------------


def _workbook(tmp_path, fill):
    wb = openpyxl.Workbook()
    fill(wb.active)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    return str(path)


def test_xlsx_values_keep_their_number_format(tmp_path):
    def fill(ws):
        ws.title = "表1"
        ws["A1"] = "2024年部门收支总表"
        ws["D2"] = "单位：万元"
        ws.append(["项目", "预算数", "占比", "人数"])
        ws.append(["一般公共服务支出", 4555.349999999999, 0.7656, 18])
        ws.append(["教育支出", 1480.3, 0.2, 2])
        ws.append(["合计", 100.0, 1.0, 20])
        for row in ws.iter_rows(min_row=4, max_row=6):
            row[1].number_format = "#,##0.00"
            row[2].number_format = "0.00%"

    doc = read(_workbook(tmp_path, fill))
    assert doc.format == "xlsx" and not doc.placeholder_only
    assert [p.text for p in doc.paragraphs()] == ["2024年部门收支总表", "单位：万元"]
    matrix = doc.grids()[0].text_matrix()
    assert matrix[1] == ["一般公共服务支出", "4,555.35", "76.56%", "18"]
    assert matrix[2] == ["教育支出", "1,480.30", "20.00%", "2"]
    assert matrix[3] == ["合计", "100.00", "100.00%", "20"]
    assert doc.grids()[0].rows[1][1].location.cell == "B4"


def test_xlsx_data_away_from_a1_keeps_absolute_merges(tmp_path):
    def fill(ws):
        ws["C5"] = "项目"
        ws.merge_cells("C5:C6")
        ws["D5"] = "支出"
        ws.merge_cells("D5:E5")
        ws["D6"] = "基本支出"
        ws["E6"] = "项目支出"
        ws["C7"] = "合计"
        ws["D7"] = 3.5
        ws["E7"] = 1.25

    grid = read(_workbook(tmp_path, fill)).grids()[0]
    assert grid.location.cell == "C5:E7"
    assert [(c.text, c.rowspan, c.colspan) for c in grid.rows[0]] == [
        ("项目", 2, 1),
        ("支出", 1, 2),
    ]
    assert grid.text_matrix() == [
        ["项目", "支出", "支出"],
        ["项目", "基本支出", "项目支出"],
        ["合计", "3.5", "1.25"],
    ]


def test_two_tables_on_one_sheet_split_at_title(tmp_path):
    def fill(ws):
        rows = [
            ["表一 收入总表"],
            ["项目", "金额"],
            ["财政拨款", 10.5],
            [],
            ["表二 支出总表"],
            ["项目", "金额"],
            ["基本支出", 7.25],
            ["注：本表无政府性基金。"],
        ]
        for r in rows:
            ws.append(r)

    doc = read(_workbook(tmp_path, fill))
    kinds = [(b.kind, getattr(b, "text", None)) for b in doc.blocks]
    assert kinds == [
        ("paragraph", "表一 收入总表"),
        ("grid", None),
        ("paragraph", "表二 支出总表"),
        ("grid", None),
        ("paragraph", "注：本表无政府性基金。"),
    ]
    assert doc.grids()[1].text_matrix() == [["项目", "金额"], ["基本支出", "7.25"]]


def test_placeholder_cells_in_xlsx(tmp_path):
    def fill(ws):
        ws.append(["项目", "预算数"])
        ws.append(["一般公共服务支出", "x,xxx"])
        ws.append(["合计", "XX"])

    doc = read(_workbook(tmp_path, fill))
    cells = {c.text: c.placeholder for row in doc.grids()[0].rows for c in row}
    assert cells == {
        "项目": False,
        "预算数": False,
        "一般公共服务支出": False,
        "x,xxx": True,
        "合计": False,
        "XX": True,
    }
    assert doc.placeholder_only and PLACEHOLDER_WARNING in doc.warnings


@pytest.mark.skipif(not libreoffice_available(), reason="LibreOffice (soffice) is not installed")
def test_xls_number_formats_from_biff_records(tmp_path):
    def fill(ws):
        ws.title = "收支总表"
        ws.append(["项目", "预算数", "人数"])
        ws.append(["一般公共服务支出", 3487.74, 18])
        ws.append(["卫生健康支出", 297.5, 2])
        ws.append(["合计", 3785.0, 20])
        for row in ws.iter_rows(min_row=2, max_row=4):
            row[1].number_format = "#,##0.00"

    path = Path(_workbook(tmp_path, fill))
    wb = openpyxl.load_workbook(path)
    empty = wb.create_sheet("政府性基金")  # only zeros: stored as integer RK records
    empty.append(["合计", "基本支出", "项目支出"])
    empty.append([0, 0, 0])
    for cell in empty[2]:
        cell.number_format = "0.00"
    wb.save(path)
    xls = convert(path, "xls", tmp_path)
    doc = read(str(xls))
    assert doc.format == "xls"
    assert doc.grids()[1].text_matrix()[1] == ["0.00", "0.00", "0.00"]
    assert doc.grids()[0].text_matrix() == [
        ["项目", "预算数", "人数"],
        ["一般公共服务支出", "3,487.74", "18"],
        ["卫生健康支出", "297.50", "2"],
        ["合计", "3,785.00", "20"],
    ]


def test_blank_rows_inside_a_table_do_not_split_it_but_a_new_header_does(tmp_path):
    def fill(ws):
        rows = [
            ["项目", "金额"],
            ["财政拨款", 10.5],
            [],
            [],
            ["合计", 10.5],  # the template leaves blank rows before 合计 (901 sheet 7)
            [],
            ["科目编码", "科目名称", "合计"],  # labels only after a blank row: a new table
            ["201", "一般公共服务支出", 3.25],
        ]
        for r in rows:
            ws.append(r)

    grids = read(_workbook(tmp_path, fill)).grids()
    assert len(grids) == 2
    assert grids[0].text_matrix() == [
        ["项目", "金额"],
        ["财政拨款", "10.5"],
        ["", ""],
        ["", ""],
        ["合计", "10.5"],
    ]
    assert grids[1].location.cell == "A7:C8"
