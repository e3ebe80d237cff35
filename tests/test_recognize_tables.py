"""Table recognition on the real corpus and on small hand-built grids.

Values are read by hand from the documents; the comment next to each names its source line.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import (
    Cell,
    Document,
    DocumentInfo,
    Grid,
    Location,
    Paragraph,
    Table,
    TableRow,
)
from budgetlens.readers import read
from budgetlens.recognize.tables import recognize_tables
from conftest import corpus_file

LIUZHOU = "liuzhou-gov-office-2024-budget.md"
LIUJIANG = "liujiang-gov-office-2017-final.txt"


@pytest.fixture(scope="module")
def liuzhou() -> list[Table]:
    return recognize_tables(read(str(corpus_file(LIUZHOU))), DocumentInfo())


@pytest.fixture(scope="module")
def liujiang() -> list[Table]:
    return recognize_tables(read(str(corpus_file(LIUJIANG))), DocumentInfo())


def row_at(table: Table, line: int, side: str | None = None) -> TableRow:
    rows = [r for r in table.rows if r.location.line == line and (side is None or r.side == side)]
    assert len(rows) == 1, f"{len(rows)} rows at line {line} ({side}) in {table.title}"
    return rows[0]


def by_kind(tables: list[Table], kind: str) -> Table:
    found = [t for t in tables if t.kind == kind]
    assert len(found) == 1, f"{len(found)} tables of kind {kind}"
    return found[0]


# ---------------------------------------------------------------------------
# liuzhou-gov-office-2024-budget.md: the twelve 部门预算 tables
# ---------------------------------------------------------------------------


def test_liuzhou_kinds_titles_numbers(liuzhou):
    assert [(t.kind, t.title, t.number) for t in liuzhou] == [
        ("income_expenditure_summary", "部门收支总体情况表", "表1"),  # md:252, "表1" at md:250
        ("income", "部门收入总体情况表", "表2"),  # md:292, number from the list at md:216
        ("expenditure", "部门支出总体情况表", "表3"),
        ("fiscal_summary", "财政拨款收支总体情况表", "表4"),
        ("general_budget_expenditure", "一般公共预算支出情况表", "表5"),
        ("general_budget_basic_expenditure", "一般公共预算基本支出情况表", "表6"),
        ("sangong", "财政拨款三公两费支出情况表", "表7"),  # md:537, a plain paragraph
        ("gov_fund_expenditure", "政府性基金预算支出情况表", "表8"),
        ("state_capital_expenditure", "国有资本经营预算支出情况表", "表9"),  # md:575 '###'
        ("procurement", "政府采购预算表", "表10"),
        ("purchase_of_services", "政府购买服务预算表", "表11"),
        ("performance_targets", "项目绩效目标公开表", "表12"),
    ]
    assert [t.id for t in liuzhou] == [f"t{n}" for n in range(1, 13)]
    assert {t.money_unit for t in liuzhou} == {"万元"}  # "单位：万元" md:256 …
    assert {t.unit_name for t in liuzhou} == {"103柳州市人民政府办公室"}  # md:254


# (kind, line, side, column key, value as printed, code, unit)
LIUZHOU_VALUES = [
    ("income_expenditure_summary", 260, "income", "金额", "4,555.35", None, None),
    ("income_expenditure_summary", 260, "expenditure", "金额", "3,487.74", None, None),
    ("income_expenditure_summary", 267, "expenditure", "金额", "550.43", None, None),
    ("income_expenditure_summary", 278, "expenditure", "金额", "219.59", None, None),
    ("income_expenditure_summary", 288, "income", "金额", "4,555.35", None, None),
    ("income", 301, None, "合计", "4,555.35", None, None),
    ("income", 303, None, "合计", "2,747.18", None, "103001"),
    ("income", 304, None, "上年结转结余", "0.00", None, "103002"),
    ("income", 308, None, "本年收入/一般公共预算", "1,113.42", None, "103007"),
    ("expenditure", 319, None, "基本支出", "2,467.89", None, "103001"),
    ("expenditure", 320, None, "合计", "1,623.71", "2010301", "103001"),
    ("expenditure", 321, None, "项目支出", "279.29", "2010302", "103001"),
    ("expenditure", 347, None, "合计", "6.38", "2210201", "103003"),  # after a repeated header
    ("expenditure", 349, None, "基本支出", "126.17", "2010301", "103004"),
    ("expenditure", 349, None, "项目支出", "17.40", "2010301", "103004"),
    ("expenditure", 357, None, "基本支出", "103.34", None, "103006"),
    ("expenditure", 369, None, "合计", "801.93", "2010399", "103007"),
    ("expenditure", 372, None, "合计", "13.66", "2080505", "103007"),  # third block
    ("fiscal_summary", 387, "income", "金额", "4,555.35", None, None),
    ("fiscal_summary", 395, "expenditure", "金额", "297.59", None, None),
    ("fiscal_summary", 414, "expenditure", "金额", "4,555.35", None, None),
    ("general_budget_expenditure", 426, None, "基本支出/人员经费", "3,367.04", None, None),
    ("general_budget_expenditure", 429, None, "基本支出/人员经费", "1,262.44", "2010301", "103001"),
    ("general_budget_expenditure", 429, None, "基本支出/公用经费", "361.27", "2010301", "103001"),
    ("general_budget_expenditure", 437, None, "基本支出", "122.08", None, "103002"),
    ("general_budget_expenditure", 450, None, "合计", "8.89", "2210201", "103002"),
    ("general_budget_expenditure", 478, None, "合计", "6.85", "2080505", "103006"),
    ("general_budget_expenditure", 486, None, "基本支出/人员经费", "781.18", "2010399", "103007"),
    ("general_budget_basic_expenditure", 501, None, "合计", "3,830.34", None, None),
    ("general_budget_basic_expenditure", 503, None, "人员经费", "583.16", "30101", None),
    ("general_budget_basic_expenditure", 524, None, "公用经费", "6.38", "30217", None),
    ("general_budget_basic_expenditure", 531, None, "公用经费", "131.94", "30239", None),
    ("general_budget_basic_expenditure", 533, None, "合计", "129.16", "303", None),
    ("sangong", 547, None, "三公经费", "27.02", None, None),
    ("sangong", 550, None, "三公经费", "10.18", None, "103001"),
    ("sangong", 550, None, "公务接待费", "8.58", None, "103001"),
    ("sangong", 550, None, "会议费", "7.89", None, "103001"),
    ("sangong", 550, None, "培训费", "5.54", None, "103001"),
    ("sangong", 559, None, "公务用车购置及运行维护费", "4.80", None, "103006"),
    ("sangong", 560, None, "会议费", "0.39", None, "103007"),
    ("procurement", 606, None, "政府采购项目类型/分散采购", "25.90", "2010301", "103001"),
    ("procurement", 616, None, "政府采购资金类型", "12.80", "2010302", "103001"),
    ("procurement", 637, None, "政府采购项目类型/集中采购/货物类", "1.50", "2010301", "103007"),
    ("purchase_of_services", 649, None, "合计", "42.80", None, None),
    ("purchase_of_services", 654, None, "一般公共预算拨款", "12.80", "2010302", "103001"),
]


@pytest.mark.parametrize(("kind", "line", "side", "key", "text", "code", "unit"), LIUZHOU_VALUES)
def test_liuzhou_values(liuzhou, kind, line, side, key, text, code, unit):
    row = row_at(by_kind(liuzhou, kind), line, side)
    amount = row.values[key]
    assert amount is not None and amount.text == text
    assert amount.value == Decimal(text.replace(",", ""))
    assert amount.precision == Decimal("0.01") and amount.unit == "万元"
    assert (row.code, row.unit) == (code, unit)
    assert row.location.line == line and row.location.path.endswith(LIUZHOU)


def test_liuzhou_column_keys(liuzhou):
    keys = {t.kind: [c.key for c in t.columns] for t in liuzhou}
    assert keys["expenditure"] == ["合计", "基本支出", "项目支出", "结转下年支出"]  # md:316
    assert keys["general_budget_expenditure"] == [  # md:422-424, three header rows
        "合计",
        "基本支出",
        "基本支出/人员经费",
        "基本支出/公用经费",
        "项目支出",
    ]
    assert keys["general_budget_basic_expenditure"] == ["合计", "人员经费", "公用经费"]
    assert keys["income"][:3] == ["合计", "本年收入", "本年收入/一般公共预算"]  # md:298-299
    assert "上年结转结余/单位资金" in keys["income"]
    assert keys["sangong"][:4] == [
        "资金性质",
        "三公经费",
        "因公出国（境）费",
        "公务用车购置及运行维护费",
    ]
    assert keys["performance_targets"] == ["项目名称", "年度绩效目标"]
    summary = by_kind(liuzhou, "income_expenditure_summary")
    assert [(c.key, c.side) for c in summary.columns] == [
        ("金额", "income"),
        ("金额", "expenditure"),
    ]


def test_liuzhou_levels_units_totals(liuzhou):
    exp = by_kind(liuzhou, "expenditure")
    total, dept, unit, item = (row_at(exp, n) for n in (317, 318, 319, 320))
    assert (total.level, total.is_total, total.unit) == ("total", True, None)
    assert (dept.level, dept.unit, dept.name) == ("department", None, "柳州市人民政府办公室")
    assert (unit.level, unit.unit) == ("unit", "103001")
    assert (item.level, item.scheme, item.name) == ("项", "function", "行政运行")
    basic = by_kind(liuzhou, "general_budget_basic_expenditure")
    assert (row_at(basic, 502).level, row_at(basic, 502).scheme) == ("类", "economic")  # 301
    assert (row_at(basic, 503).level, row_at(basic, 503).scheme) == ("款", "economic")  # 30101
    gb = by_kind(liuzhou, "general_budget_expenditure")
    assert row_at(gb, 441).name == "机关事业单位基本养老保险缴费支出"  # md:441 wrapped with a space


def test_liuzhou_two_sided_rows(liuzhou):
    fiscal = by_kind(liuzhou, "fiscal_summary")
    assert row_at(fiscal, 398, "income").name == "二、上年结转结余"
    assert row_at(fiscal, 398, "expenditure").name == "（十二）农林水支出"
    assert [r.side for r in fiscal.rows if r.location.line == 405] == ["expenditure"]  # md:405
    income_total = row_at(fiscal, 414, "income")
    assert income_total.is_total and income_total.name == "收入总计"


def test_liuzhou_empty_tables(liuzhou):
    gov_fund = by_kind(liuzhou, "gov_fund_expenditure")
    assert gov_fund.empty
    assert gov_fund.empty_note == "注：本部门2024年没有政府性基金预算支出，故本表无数据。"  # md:573
    state = by_kind(liuzhou, "state_capital_expenditure")
    assert state.empty and "无数据" in state.empty_note  # md:586
    assert row_at(gov_fund, 571).values["合计"].text == "0.00"  # the zero 合计 row is kept
    assert not by_kind(liuzhou, "expenditure").empty


def test_liuzhou_continuations_merged(liuzhou):
    exp = by_kind(liuzhou, "expenditure")
    assert (exp.location.line, exp.location.end_line) == (316, 376)  # three blocks
    lines = {r.location.line for r in exp.rows}
    assert {342, 372}.issubset(lines) and not {316, 341, 371} & lines  # headers at 341, 371
    gb = by_kind(liuzhou, "general_budget_expenditure")
    gb_lines = {r.location.line for r in gb.rows}
    assert not {446, 447, 448, 449, 474, 475, 476, 477} & gb_lines  # repeated header + numbers
    sangong = by_kind(liuzhou, "sangong")
    assert 558 not in {r.location.line for r in sangong.rows}  # "1 2 3 … 10" shifted
    assert [r.unit for r in sangong.rows if r.level == "unit"] == [
        "103001",
        "103002",
        "103003",
        "103004",
        "103006",
        "103007",
    ]
    procurement = by_kind(liuzhou, "procurement")
    assert procurement.location.end_line == 637 and len(procurement.rows) == 30


def test_liuzhou_text_cells(liuzhou):
    procurement = by_kind(liuzhou, "procurement")
    assert row_at(procurement, 616).texts == {"项目名称": "政府公报编制专项经费"}  # md:616
    sangong = by_kind(liuzhou, "sangong")
    assert row_at(sangong, 548).texts == {"资金性质": "一般公共预算资金"}  # md:548
    targets = by_kind(liuzhou, "performance_targets")
    row = row_at(targets, 677)  # md:677
    assert row.unit == "103003" and row.texts == {
        "项目名称": "设备购置费",
        "年度绩效目标": "年内完成设备购置",
    }
    assert row.values == {}


# ---------------------------------------------------------------------------
# liujiang-gov-office-2017-final.txt: 8 决算 tables, one cell per line
# ---------------------------------------------------------------------------


def test_liujiang_kinds(liujiang):
    assert [(t.kind, t.number) for t in liujiang] == [
        ("income_expenditure_summary", "表一"),  # txt:32 表一：收入支出决算总表
        ("income", "表二"),
        ("expenditure", "表三"),
        ("fiscal_summary", "表四"),
        ("general_budget_expenditure", "表五"),  # 一般公共预算财政拨款支出决算表
        ("general_budget_basic_expenditure", "表六"),
        ("sangong", "表七"),
        ("gov_fund_expenditure", "表八"),  # title without 表: 政府性基金预算财政拨款收入支出决算
    ]
    assert {t.money_unit for t in liujiang} == {"万元"}


def _find(table: Table, *, code=None, name=None, side=None) -> TableRow:
    rows = [
        r
        for r in table.rows
        if (code is None or r.code == code)
        and (name is None or r.name == name)
        and (side is None or r.side == side)
    ]
    assert len(rows) == 1, (code, name, side, len(rows))
    return rows[0]


LIUJIANG_VALUES = [
    ("income_expenditure_summary", None, "一、财政拨款", "income", "金额", "1480.66"),  # txt:45
    ("income_expenditure_summary", None, "一、一般公共服务支出", "expenditure", "金额", "1091.52"),
    ("income_expenditure_summary", None, "收入总计", "income", "金额", "1648.69"),  # txt:105
    ("income_expenditure_summary", None, "年末结转与结余", "expenditure", "金额", "243.08"),
    ("income", "2010301", None, None, "合计", "695.14"),  # txt:174
    ("income", "2010301", None, None, "其他收入", "0.07"),  # txt:180
    ("expenditure", None, "合计", None, "合计", "1405.61"),  # txt:383
    ("expenditure", "2010307", None, None, "基本支出", "6.72"),  # txt:438
    ("expenditure", "2010307", None, None, "项目支出", "38.31"),  # txt:439
    ("fiscal_summary", None, "年初财政拨款结转和结余", "income", "金额", "163.26"),  # txt:721
    ("general_budget_expenditure", "201", None, None, "合计", "1089.00"),  # txt:782
    ("general_budget_basic_expenditure", "30101", None, None, "人员经费", "201.77"),  # txt:913
    ("general_budget_basic_expenditure", "30201", None, None, "公用经费", "10.61"),  # txt:916
    ("general_budget_basic_expenditure", None, "公用经费合计", None, "公用经费", "108.34"),
    ("sangong", None, "", None, "预算数", "463.90"),  # txt:1056
    ("sangong", None, "", None, "决算数/公务接待费", "122.12"),  # txt:1067
    ("gov_fund_expenditure", "2120899", None, None, "本年收入", "98.33"),  # txt:1152
]


@pytest.mark.parametrize(("kind", "code", "name", "side", "key", "text"), LIUJIANG_VALUES)
def test_liujiang_values(liujiang, kind, code, name, side, key, text):
    row = _find(by_kind(liujiang, kind), code=code, name=name, side=side)
    assert row.values[key] is not None and row.values[key].text == text


def test_liujiang_placements_copied(liujiang):
    """Every cell the reader placed by inference shows up in its row's placements."""
    doc = read(str(corpus_file(LIUJIANG)))
    inferred = sum(1 for g in doc.grids() for row in g.rows for c in row if c.placement != "exact")
    copied = sum(len(r.placements) for t in liujiang for r in t.rows)
    assert inferred > 0 and copied == inferred
    fiscal = by_kind(liujiang, "fiscal_summary")
    total = _find(
        fiscal, name="本年支出合计", side="expenditure"
    )  # txt:717 one figure, three columns
    if total.placements.get("合计") == "ambiguous":
        assert set(total.alternatives["合计"]) <= {"一般公共预算财政拨款", "政府性基金预算财政拨款"}


# ---------------------------------------------------------------------------
# Hand-built grids: layouts the corpus text files do not have
# ---------------------------------------------------------------------------


def _grid(rows: list[list[str]], line: int | None = None, page=None, boxes=None) -> Grid:
    cells = []
    for r, row in enumerate(rows):
        out = []
        for c, text in enumerate(row):
            if not text:
                continue
            loc = Location(
                path="x",
                line=line + r if line else None,
                page=page,
                bbox=boxes[c] if boxes else None,
            )
            out.append(Cell(text=text, row=r, col=c, location=loc))
        cells.append(out)
    bbox = (0.0, 100.0, 500.0, 300.0) if page else None
    return Grid(
        rows=cells,
        n_cols=max(len(r) for r in rows),
        location=Location(path="x", line=line, page=page, bbox=bbox),
    )


def _para(text: str, line: int | None = None, page=None, bbox=None) -> Paragraph:
    return Paragraph(text=text, location=Location(path="x", line=line, page=page, bbox=bbox))


def test_codes_in_class_columns_and_spaced_codes():
    grid = _grid(
        [
            ["科目编码", "", "", "科目名称", "合计"],
            ["类", "款", "项", "", ""],
            ["201", "", "", "一般公共服务支出", "10.00"],
            ["201", "03", "01", "行政运行", "10.00"],
        ],
        line=3,
    )
    doc = Document(
        path="x", format="text", blocks=[_para("一般公共预算支出表", 1), _para("单位：元", 2), grid]
    )
    (table,) = recognize_tables(doc, DocumentInfo())
    assert table.money_unit == "元" and [c.key for c in table.columns] == ["合计"]
    assert [(r.code, r.level) for r in table.rows] == [("201", "类"), ("2010301", "项")]
    assert table.rows[1].values["合计"].unit == "元"
    spaced = _grid([["科目编码", "科目名称", "合计"], ["201 03 01", "行政运行", "1.00"]], line=10)
    doc = Document(path="x", format="text", blocks=[_para("一般公共预算支出表", 9), spaced])
    assert recognize_tables(doc, DocumentInfo())[0].rows[0].code == "2010301"


def test_placeholders_are_not_amounts():
    grid = _grid([["项目", "金额"], ["合计", "x,xxx.xx"], ["基本支出", "XX"]], line=2)
    doc = Document(path="x", format="text", blocks=[_para("部门支出总表", 1), grid])
    (table,) = recognize_tables(doc, DocumentInfo())
    assert all(v is None for r in table.rows for v in r.values.values())
    assert table.rows[0].texts == {"合计": "x,xxx.xx"}  # the one figure column is 合计


def test_title_only_empty_table():
    blocks = [
        _para("政府性基金预算支出表", 1),
        _para("本表无数据。", 2),
        _para("国有资本经营预算支出表", 3),
    ]
    tables = recognize_tables(Document(path="x", format="text", blocks=blocks), DocumentInfo())
    assert [(t.kind, t.empty, t.empty_note) for t in tables] == [
        ("gov_fund_expenditure", True, "本表无数据。")
    ]


def test_pdf_title_after_body_and_continuation_by_position():
    """Title below the grid in block order but above it on the page; page 2 has no title and
    one column fewer (no code column), aligned by x-position."""
    boxes = [(10, 0, 60, 0), (70, 0, 200, 0), (210, 0, 300, 0)]
    page1 = _grid(
        [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "5.00"]], page=1, boxes=boxes
    )
    page2 = _grid([["行政运行", "3.00"]], page=2, boxes=boxes[1:])
    blocks = [
        page1,
        _para("表5 一般公共预算支出表", page=1, bbox=(100, 40, 400, 60)),
        _para("单位：万元", page=1, bbox=(400, 70, 480, 90)),
        page2,
    ]
    (table,) = recognize_tables(Document(path="x", format="pdf", blocks=blocks), DocumentInfo())
    assert (table.kind, table.number, table.money_unit) == (
        "general_budget_expenditure",
        "表5",
        "万元",
    )
    assert [(r.name, r.values["合计"].text) for r in table.rows] == [
        ("一般公共服务支出", "5.00"),
        ("行政运行", "3.00"),
    ]
    assert table.rows[1].location.page == 2


# ---------------------------------------------------------------------------
# PDF originals: positions instead of lines
# ---------------------------------------------------------------------------


def _pdf(name: str) -> list[Table]:
    return recognize_tables(read(str(corpus_file(name))), DocumentInfo())


def test_pdf_shanghai_units_and_untitled_continuation_page():
    tables = _pdf("011_shanghai-putuo_zhengfubangongshi_2025_yusuan.pdf")
    summary = by_kind(tables, "income_expenditure_summary")  # p.8, 单位：元
    assert summary.money_unit == "元" and summary.location.page == 8
    income = _find(summary, name="一、财政拨款收入", side="income")
    assert income.values["金额"].text == "91,016,775.35" and income.values["金额"].unit == "元"
    spent = _find(summary, name="一、一般公共服务支出", side="expenditure")
    assert spent.values["金额"].text == "82,096,797.42"
    exp = by_kind(tables, "expenditure")  # title p.11, rows continue on p.12 with no title
    row = exp.row_by_code("2101101")  # p.12 "210 11 01 行政单位医疗 782,855.28 782,855.28"
    assert row.location.page == 12 and row.name == "行政单位医疗"
    assert row.values["合计"].text == "782,855.28" and row.values["基本支出"].text == "782,855.28"
    assert _find(exp, name="合计").values["项目支出"].text == "66,410,000.00"  # p.12 last line
    sangong = by_kind(tables, "sangong")  # p.20, 单位:万元 while the other tables are in 元
    assert sangong.money_unit == "万元"
    (row,) = sangong.rows  # p.20 "867.50 839.00 28.50 213.28"
    assert {k: v.text for k, v in row.values.items() if v} == {
        "三公经费": "867.50",
        "因公出国（境）费": "839.00",
        "公务接待费": "28.50",
        "机关运行经费": "213.28",
    }


def test_pdf_empty_final_tables():
    tables = _pdf("021_shanghai-putuo_quweishehuigongzuobu_2024_juesuan.pdf")
    empty = {t.kind: t.empty_note for t in tables if t.empty}
    assert set(empty) == {"sangong", "gov_fund_expenditure", "state_capital_expenditure"}
    # p.14
    assert (
        empty["sangong"]
        == "说明：中共上海市普陀区委社会工作部本年度没有财政拨款“三公”经费支出，故本表无数据。"
    )
    assert not by_kind(tables, "income_expenditure_summary").empty


def test_pdf_titles_after_body_and_three_page_procurement():
    tables = _pdf("002_jiangsu_shengweibangongting_2017_yusuan-tables.pdf")
    assert [t.kind for t in tables][:4] == [
        "income_expenditure_summary",  # p.1 收支预算总表, printed after the grid in text order
        "income",
        "expenditure",
        "fiscal_summary",
    ]
    procurement = by_kind(tables, "procurement")  # p.12-14, header only on p.12
    assert {r.location.page for r in procurement.rows} == {12, 13, 14}
    assert _find(procurement, name="合计").values["合计"].text == "1,774.70"  # p.12
    on_14 = [r.values["合计"].text for r in procurement.rows if r.location.page == 14]
    assert on_14.count("872.10") == 2  # p.14 省委办公厅承办的会议费 / 会议服务


def test_pdf_row_left_between_grids_at_a_page_break():
    """p.12 of 006 starts with '30108 机关事业单位基本养老保险缴费 1,326.81' above the ruled
    area; it belongs to 财政拨款基本支出预算表 (title p.11), between 30107 and 30109."""
    tables = _pdf("006_jiangsu_gaojifayuan_2018_yusuan.pdf")
    basic = next(t for t in tables if t.title.endswith("财政拨款基本支出预算表"))
    codes = [r.code for r in basic.rows]
    assert codes[codes.index("30107") + 1 : codes.index("30107") + 3] == ["30108", "30109"]
    row = basic.row_by_code("30108")
    assert row.location.page == 12 and row.values["合计"].text == "1,326.81"
    assert row.name == "机关事业单位基本养老保险缴费"


def test_pdf_continuation_page_starting_with_blank_figures():
    """p.7 of 019 continues 收入支出决算总表 with '使用非财政拨款结余（含专用结余） | 结余分配',
    a row whose figures are blank, then 年初结转和结余 49.14 | 年末结转和结余 55.34 and 总计."""
    tables = _pdf("019_shanghai-putuo_caizhengju_2024_juesuan.pdf")
    summary = by_kind(tables, "income_expenditure_summary")
    assert len([t for t in tables if t.kind == "other" and t.location.page == 7]) == 0
    blank = _find(summary, name="使用非财政拨款结余（含专用结余）", side="income")
    assert blank.location.page == 7 and all(v is None for v in blank.values.values())
    assert _find(summary, name="年初结转和结余").values["金额"].text == "49.14"
    assert _find(summary, name="年末结转和结余").values["金额"].text == "55.34"
    totals = [r for r in summary.rows if r.name == "总计"]
    assert [(r.side, r.values["金额"].text, r.level) for r in totals] == [
        ("income", "2,995.39", "total"),
        ("expenditure", "2,995.39", "total"),
    ]
    assert summary.money_unit == "万元"  # p.6 单位：万元


def test_unit_name_from_the_compilers_line():
    tables = _pdf("011_shanghai-putuo_zhengfubangongshi_2025_yusuan.pdf")
    # p.8 "编制部门：上海市普陀区人民政府办公室 单位：元"
    assert by_kind(tables, "income_expenditure_summary").unit_name == "上海市普陀区人民政府办公室"


def test_pdf_title_closing_the_previous_page():
    """The next table's title sits under the last grid of page 1; its grid starts page 2."""
    boxes = [(10, 0, 60, 0), (70, 0, 200, 0), (210, 0, 300, 0)]
    first = _grid(
        [["科目编码", "科目名称", "合计"], ["201", "一般公共服务支出", "5.00"]], page=1, boxes=boxes
    )
    second = _grid(
        [["科目编码", "科目名称", "合计"], ["301", "工资福利支出", "4.00"]], page=2, boxes=boxes
    )
    blocks = [
        _para("一般公共预算支出表", page=1, bbox=(10, 60, 200, 80)),
        first,  # bbox top 100, bottom 300
        _para("一般公共预算基本支出表", page=1, bbox=(10, 700, 200, 720)),
        _para("单位：万元", page=1, bbox=(10, 730, 80, 745)),
        second,
    ]
    tables = recognize_tables(Document(path="x", format="pdf", blocks=blocks), DocumentInfo())
    assert [(t.kind, len(t.rows)) for t in tables] == [
        ("general_budget_expenditure", 1),
        ("general_budget_basic_expenditure", 1),
    ]
    assert tables[1].rows[0].location.page == 2


def test_header_repeated_inside_one_grid_with_other_brackets():
    grid = _grid(
        [
            ["科目编码", "部门（单位）名称（功能分类科目名称）", "项目名称", "合计"],
            ["2010301", "行政运行", "车辆经费", "1.40"],
            ["科目编码", "部门(单位名称)(功能分类科目名称)", "项目名称", "合计"],
            ["2010302", "一般行政管理事务", "办公设备购置费", "0.50"],
        ],
        line=2,
    )
    doc = Document(path="x", format="text", blocks=[_para("政府采购预算表", 1), grid])
    (table,) = recognize_tables(doc, DocumentInfo())
    assert [(r.code, r.values["合计"].text) for r in table.rows] == [
        ("2010301", "1.40"),
        ("2010302", "0.50"),
    ]


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("部门收支总体情况表", "income_expenditure_summary"),
        ("部门收支总表", "income_expenditure_summary"),
        ("收入支出决算总表", "income_expenditure_summary"),
        ("2025年部门财务收支预算总表", "income_expenditure_summary"),
        ("部门收入总表", "income"),
        ("收入决算表", "income"),
        ("部门支出总表", "expenditure"),
        ("支出决算表", "expenditure"),
        ("财政拨款收支总表", "fiscal_summary"),
        ("财政拨款收入支出决算总表", "fiscal_summary"),
        ("一般公共预算支出表", "general_budget_expenditure"),
        ("一般公共预算财政拨款支出决算表", "general_budget_expenditure"),
        ("2025年部门一般公共预算支出功能分类预算表", "general_budget_expenditure"),
        ("一般公共预算基本支出表", "general_budget_basic_expenditure"),
        ("一般公共预算财政拨款基本支出决算表", "general_budget_basic_expenditure"),
        ("一般公共预算基本支出部门预算经济分类预算表", "general_budget_basic_expenditure"),
        ('一般公共预算"三公"经费支出表', "sangong"),
        ("财政拨款三公两费支出情况表", "sangong"),
        ("2025年部门“三公”经费和机关运行经费预算表", "sangong"),
        ("政府性基金预算支出表", "gov_fund_expenditure"),
        ("政府性基金预算财政拨款收入支出决算表", "gov_fund_expenditure"),
        ("国有资本经营预算支出表", "state_capital_expenditure"),
        ("政府采购预算表", "procurement"),
        ("政府购买服务预算表", "purchase_of_services"),
        ("项目绩效目标表", "performance_targets"),
        # tables of their own: a fund scope of their own (财政拨款: all three funds), or
        # 机关运行经费 by 经济分类 (Jiangsu 公开05/06/11表, 022 p.9, 025 p.14)
        ("一般公共预算机关运行经费支出预算表", "admin_operating"),
        ("财政拨款支出预算表", "fiscal_expenditure"),
        ("财政拨款支出预算表（功能科目）", "fiscal_expenditure"),
        ("高等学校财政拨款支出决算表", "fiscal_expenditure"),
        ("财政拨款基本支出预算表", "fiscal_basic_expenditure"),
        ("财政拨款基本支出预算表（经济科目）", "fiscal_basic_expenditure"),
        ("财政拨款政府性基金支出预算表", "gov_fund_expenditure"),
        ("财政拨款“三公”经费支出决算表", "sangong"),
        ("财政拨款项目支出预算表", "other"),
        ("项目支出预算表", "other"),
    ],
)
def test_kind_from_title(title, kind):
    from budgetlens.recognize.table_kinds import kind_from_title

    assert kind_from_title(title) == kind


@pytest.mark.parametrize(
    ("text", "title", "number"),
    [
        ("表一：收入支出决算总表", "收入支出决算总表", "表一"),  # 2017 final txt:32
        ("- 二、部门收入总体情况表（表2）", "部门收入总体情况表", "表2"),  # md:216
        ("## 部门收支总体情况表", "部门收支总体情况表", None),  # md:252
        (
            " 五、2018 年度江苏省高级人民法院财政拨款支出预算表 ",
            "2018 年度江苏省高级人民法院财政拨款支出预算表",
            None,
        ),
    ],
)
def test_split_title(text, title, number):
    from budgetlens.recognize import titles

    assert titles.is_table_title(text)
    assert titles.split_title(text) == (title, number)


def test_lines_that_are_not_titles():
    from budgetlens.recognize import titles

    assert not titles.is_table_title("单位：万元")
    assert not titles.is_table_title("注：本表反映部门本年度的总收支和年末结转结余情况。")
    assert not titles.is_table_title("### 三、部门支出预算情况说明")
    assert titles.number_of("表1") == "表1" and titles.money_unit_of("金额单位：元") == "元"
    assert titles.unit_name_of("部门名称：103柳州市人民政府办公室") == "103柳州市人民政府办公室"
    assert titles.unit_name_of("单位：万元") is None


def test_class_columns_printed_only_where_they_change():
    grid = _grid(
        [
            ["类", "款", "项", "科目名称", "合计"],
            ["201", "", "", "一般公共服务支出", "10.00"],
            ["", "03", "", "政府办公厅（室）及相关机构事务", "10.00"],
            ["", "", "01", "行政运行", "7.00"],
            ["", "", "02", "一般行政管理事务", "3.00"],
            ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "1.00"],
        ],
        line=2,
    )
    doc = Document(path="x", format="text", blocks=[_para("一般公共预算支出表", 1), grid])
    (table,) = recognize_tables(doc, DocumentInfo())
    assert [(r.code, r.level) for r in table.rows] == [
        ("201", "类"),
        ("20103", "款"),
        ("2010301", "项"),
        ("2010302", "项"),
        ("2080505", "项"),
    ]


def test_unit_list_is_not_named_by_a_far_title():
    """019 p.5 lists the units of the department (序号 | 单位名称 | 备注) under "二、部门决算单位
    构成"; the nearest table names are in the contents pages before it and a "…决算总体情况
    说明" heading after it — neither is this grid's title, so it stays 'other'."""
    tables = _pdf("019_shanghai-putuo_caizhengju_2024_juesuan.pdf")
    units = next(t for t in tables if t.location.page == 5)
    assert units.kind == "other" and units.title == ""
    assert [t.kind for t in tables].count("fiscal_summary") == 1
    assert [t.kind for t in tables].count("state_capital_expenditure") == 1


def test_code_part_labels_on_the_total_row():
    """019 p.8 (收入决算表) and p.10 (支出决算表) head the code with 科目编码 merged over
    类 | 款 | 项, and the row printing 类 款 项 also carries 合计: the codes are still joined
    from the three columns and the 合计 row is named 合计."""
    tables = _pdf("019_shanghai-putuo_caizhengju_2024_juesuan.pdf")
    income = next(t for t in tables if t.kind == "income" and t.location.page == 8)
    spending = next(t for t in tables if t.kind == "expenditure" and t.location.page == 10)
    for table in (income, spending):
        total = table.rows[0]
        assert (total.name, total.code, total.level) == ("合计", None, "total")
        assert [(r.code, r.level) for r in table.rows[1:4]] == [
            ("201", "类"),
            ("20106", "款"),
            ("2010601", "项"),
        ]
        assert all(len(r.code) in (3, 5, 7) for r in table.rows[1:])
    # p.8: 合计 2,946.25 | 财政拨款收入 2,940.05 | 其他收入 6.20; 201 and 20106 2,112.86;
    # 2010601 行政运行 1,511.90 | 1,511.89 | 0.01
    assert str(income.rows[0].values["合计"].value) == "2946.25"
    assert str(income.rows[0].values["其他收入"].value) == "6.20"
    by_code = {r.code: r for r in income.rows}
    assert str(by_code["20106"].values["合计"].value) == "2112.86"
    row = by_code["2010601"]
    assert [str(row.values[k].value) for k in ("合计", "财政拨款收入", "其他收入")] == [
        "1511.90",
        "1511.89",
        "0.01",
    ]
    # p.10: 合计 2,940.05 | 基本支出 2,336.91 | 项目支出 603.14; 2010601 1,511.89 | 1,503.52 | 8.37
    assert [str(spending.rows[0].values[k].value) for k in ("合计", "基本支出", "项目支出")] == [
        "2940.05",
        "2336.91",
        "603.14",
    ]
    row = {r.code: r for r in spending.rows}["2010601"]
    assert [str(row.values[k].value) for k in ("合计", "基本支出", "项目支出")] == [
        "1511.89",
        "1503.52",
        "8.37",
    ]


def test_full_codes_merged_over_code_part_columns_stay_full():
    """025 p.14 has the same 类 款 项 | 合计 row, but prints each full code in one cell merged
    over the three code columns ('205', '20502', '2050202'), and its continuation p.15 has a
    single code column ('2060201', '208', '20805'): every code is a full 3/5/7-digit code."""
    tables = _pdf("025_chongqing-beibei_xinandaxue_2023_juesuan.pdf")
    table = next(t for t in tables if t.location.page == 14)
    codes = [r.code for r in table.rows if r.code]
    assert codes[:3] == ["205", "20502", "2050202"]  # p.14 rows 1-3
    assert "2060201" in codes and "208" in codes and "20805" in codes  # p.15 first rows
    assert all(len(c) in (3, 5, 7) for c in codes)
    assert all(c[:3] in ("205", "206", "208", "221", "229") for c in codes)
    assert table.rows[0].name == "合计" and str(table.rows[0].values["合计"].value) == "237100.00"


def test_jiangsu_public_table_numbers_name_the_tables():
    # 042 p.13-20: every table is titled "公开 NN 表：…" above its grid (read on the pages).
    from budgetlens.pipeline import extract

    x = extract(str(corpus_file("042_jiangsu_jianchayuan_2018_yusuan.pdf")))
    kinds = {t.title: t.kind for t in x.tables}
    assert kinds["收支预算总表"] == "income_expenditure_summary"
    assert kinds["财政拨款收支预算总表"] == "fiscal_summary"  # p.15: 基本支出 13,979.92 (财政拨款 only)
    assert kinds["政府采购支出预算表"] == "procurement"  # p.20: 合计 3,096.24, no longer part of 公开11表
    assert kinds["一般公共预算机关运行经费支出预算表"] == "admin_operating"
    assert kinds["财政拨款支出预算表"] == "fiscal_expenditure"
    assert kinds["财政拨款基本支出预算表"] == "fiscal_basic_expenditure"
    numbers = [t.number for t in x.tables]
    assert numbers[:4] == ["公开01表", "公开02表", "公开03表", "公开04表"]


def test_public_table_number_above_the_grid_does_not_hide_the_title():
    # 051 p.2: "公开表二" heads the page; the title 收入预算总表 comes after the grid in text order.
    from budgetlens.pipeline import extract

    x = extract(str(corpus_file("051_jiangsu_unnamed-department_2019_yusuan-tables.pdf")))
    assert [t.kind for t in x.tables][:4] == [
        "income_expenditure_summary", "income", "expenditure", "fiscal_summary"]
    assert x.tables[1].title == "收入预算总表"


def test_code_parts_printed_without_leading_zero():
    """Some publishers' spreadsheets store 款 and 项 as numbers, so '02' prints as '2':
    类 301 | 款 2 is 30102 and 类 201 | 款 3 | 项 1 is 2010301. Rows from 019 p.10's layout."""
    grid = _grid(
        [
            ["类", "款", "项", "科目名称", "合计"],
            ["201", "", "", "一般公共服务支出", "2,112.86"],
            ["201", "6", "", "财政事务", "2,112.86"],
            ["201", "6", "1", "行政运行", "1,511.89"],
            ["201", "6", "50", "事业运行", "600.97"],
        ],
        line=2,
    )
    doc = Document(path="x", format="text", blocks=[_para("一般公共预算财政拨款支出决算表", 1), grid])
    (table,) = recognize_tables(doc, DocumentInfo())
    assert [(r.code, r.level) for r in table.rows] == [
        ("201", "类"),
        ("20106", "款"),
        ("2010601", "项"),
        ("2010650", "项"),
    ]
    economic = _grid(
        [
            ["类", "款", "科目名称", "合计"],
            ["301", "", "工资福利支出", "3,237.87"],
            ["301", "1", "基本工资", "1,200.00"],
            ["301", "2", "津贴补贴", "2,037.87"],
        ],
        line=2,
    )
    doc = Document(path="x", format="text", blocks=[_para("一般公共预算基本支出表", 1), economic])
    (table,) = recognize_tables(doc, DocumentInfo())
    assert [(r.code, r.level) for r in table.rows] == [("301", "类"), ("30101", "款"), ("30102", "款")]


def test_row_without_its_top_rule_after_a_page_break():
    """006 p.16 continues the 政府采购 table with "计算机设备维修和保养服务 | 分散自行组织 | 2.00"
    above its first horizontal rule (the row's top border fell on p.15's side of the break)."""
    tables = _pdf("006_jiangsu_gaojifayuan_2018_yusuan.pdf")
    procurement = next(t for t in tables if t.kind == "procurement")
    rows = [r for r in procurement.rows if r.location.page == 16]
    first = rows[0]
    assert first.name == "计算机设备维修和保养服务"
    assert str(first.values["合计"].value) == "2.00"
    assert first.texts == {"采购组织形式": "分散自行组织"}


def test_words_of_a_row_cut_by_a_page_break_go_back_to_it():
    """040 p.17 ends its 政府采购 table with "应用软件购建费 | 信息网络及软件购 | 606.00"; the
    rest of that cell, "置更新", is the first line of p.18. 045 p.7 prints "八、社会保障和就"
    and, after the break, "业支出"."""
    procurement = next(t for t in _pdf("040_jiangsu_gaojifayuan_2017_yusuan.pdf")
                       if t.kind == "procurement")
    cut = [r for r in procurement.rows if r.name == "应用软件购建费"]
    assert [(r.texts["经济科目"], str(r.values["合计"].value)) for r in cut] == [
        ("信息网络及软件购置更新", "606.00")]
    assert not [r for r in procurement.rows if "置更新" in r.texts.values() or r.name == "置更新"]
    summary = next(t for t in _pdf("045_jiangsu_rendachangweihui_2017_yusuan.pdf")
                   if t.kind == "income_expenditure_summary")
    names = [r.name for r in summary.rows]
    assert "八、社会保障和就业支出" in names and "业支出" not in names
