"""Flattened tables (one cell per tab-indented line) rebuilt into grids.

Every expected value below was read by hand from
liujiang-gov-office-2017-final.txt (柳江区人民政府办公室 2017 部门决算, 表一…表八); the
line numbers are that file's 1-based lines.
"""

from __future__ import annotations

import re

import pytest

from budgetlens.model import Cell, Grid, Paragraph
from budgetlens.numbers import parse_number
from budgetlens.readers.flattened import rebuild, rebuild_with_notes
from conftest import corpus_file

FINAL_2017 = "liujiang-gov-office-2017-final.txt"

# (first line, last line) of each table's cell region, and how many grid rows are header
# rows above the 栏次 row or the first data row.
TABLES = {
    "表一": (36, 107, 2),
    "表二": (115, 350, 2),
    "表三": (357, 586, 2),
    "表四": (594, 752, 2),
    "表五": (759, 886, 2),
    "表六": (894, 1005, 2),
    "表七": (1014, 1067, 3),
    "表八": (1075, 1158, 4),
}


def _lines() -> list[str]:
    return corpus_file(FINAL_2017).read_text(encoding="utf-8").split("\n")


def _region(first: int, last: int, drop_empty_from: int | None = None) -> list[tuple[int, str]]:
    """Lines first..last as (line number, raw text); optionally without lone-tab empty cells.

    Dropping the lone-tab lines from ``drop_empty_from`` on gives the same table as other
    converters write it, with empty cells simply missing (the "　" markers stay).
    """
    lines = _lines()
    out = []
    for n in range(first, last + 1):
        text = lines[n - 1]
        if drop_empty_from is not None and n >= drop_empty_from and text == "\t":
            continue
        out.append((n, text))
    return out


def _grid(table: str, drop_empty_from: int | None = None) -> tuple[Grid, list[str]]:
    first, last, _ = TABLES[table]
    blocks, notes = rebuild_with_notes(
        _region(first, last, drop_empty_from), str(corpus_file(FINAL_2017))
    )
    grids = [b for b in blocks if isinstance(b, Grid)]
    assert len(grids) == 1
    return grids[0], notes


def _cell_on_line(grid: Grid, line: int) -> Cell:
    found = [c for row in grid.rows for c in row if c.location and c.location.line == line]
    assert len(found) == 1, f"line {line}: {found}"
    return found[0]


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def _header_path(grid: Grid, col: int, header_rows: int) -> str:
    parts: list[str] = []
    for row in grid.rows[:header_rows]:
        for c in row:
            if c.col <= col < c.col + c.colspan and (not parts or parts[-1] != _squash(c.text)):
                parts.append(_squash(c.text))
    return "/".join(parts)


# --- shapes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "n_rows", "n_cols", "paths"),
    [
        ("表一", 15, 4, ["收入/项目", "收入/决算数", "支出/项目", "支出/决算数"]),
        (
            "表二",
            24,
            9,
            [
                "项目/科目编码",
                "项目/科目名称",
                "本年收入合计",
                "财政拨款收入",
                "上级补助收入",
                "事业收入",
                "经营收入",
                "附属单位上缴收入",
                "其他收入",
            ],
        ),
        (
            "表三",
            26,
            8,
            [
                "项目/科目编码",
                "项目/科目名称",
                "本年支出合计",
                "基本支出",
                "项目支出",
                "上缴上级支出",
                "经营支出",
                "对附属单位补助支出",
            ],
        ),
        (
            "表四",
            20,
            8,
            [
                "收入/项目",
                "收入/行次",
                "收入/金额",
                "支出/项目",
                "支出/行次",
                "支出/合计",
                "支出/一般公共预算财政拨款",
                "支出/政府性基金预算财政拨款",
            ],
        ),
        ("表五", 22, 5, ["项目/科目编码", "项目/科目名称", "合计", "基本支出", "项目支出"]),
        (
            "表六",
            17,
            6,
            [
                "人员经费/经济分类科目编码",
                "人员经费/科目名称",
                "人员经费/金额",
                "公用经费/经济分类科目编码",
                "公用经费/科目名称",
                "公用经费/金额",
            ],
        ),
        (
            "表七",
            5,
            12,
            [
                "2017年度预算数/合计",
                "2017年度预算数/因公出国（境）费",
                "2017年度预算数/公务用车购置及运行费/小计",
                "2017年度预算数/公务用车购置及运行费/公务用车购置费",
                "2017年度预算数/公务用车购置及运行费/公务用车运行费",
                "2017年度预算数/公务接待费",
                "2017年度决算数/合计",
                "2017年度决算数/因公出国(境）费",
                "2017年度决算数/公务用车购置及运行费/小计",
                "2017年度决算数/公务用车购置及运行费/公务用车购置费",
                "2017年度决算数/公务用车购置及运行费/公务用车运行费",
                "2017年度决算数/公务接待费",
            ],
        ),
        (
            "表八",
            10,
            8,
            [
                "项目/功能分类科目编码",
                "项目/科目名称",
                "年初结转和结余",
                "本年收入",
                "本年支出/小计",
                "本年支出/基本支出",
                "本年支出/项目支出",
                "年末结转和结余",
            ],
        ),
    ],
)
def test_table_shape_and_header_paths(table, n_rows, n_cols, paths):
    grid, _ = _grid(table)
    assert (len(grid.rows), grid.n_cols) == (n_rows, n_cols)
    header_rows = TABLES[table][2]
    assert [_header_path(grid, c, header_rows) for c in range(n_cols)] == paths


# --- values typed by hand: (table, line, value, row label, column header path) -------------

HAND_VALUES = [
    ("表一", 45, "1480.66", "一、财政拨款", "收入/决算数"),
    ("表一", 67, "87.62", "八、社会保障和就业支出", "支出/决算数"),
    ("表一", 95, "167.97", "上年结转", "收入/决算数"),
    ("表一", 107, "1648.69", "支出总计", "支出/决算数"),
    ("表二", 144, "1480.73", "合计", "本年收入合计"),
    ("表二", 150, "0.07", "合计", "其他收入"),  # written "0.07　"
    ("表二", 175, "695.07", "行政运行", "财政拨款收入"),
    ("表二", 234, "9.31", "归口管理的行政单位离退休", "本年收入合计"),
    ("表二", 314, "98.33", "其他国有土地使用权出让收入安排的支出", "本年收入合计"),
    ("表三", 384, "888.41", "合计", "基本支出"),
    ("表三", 421, "309.61", "一般行政管理事务", "项目支出"),
    ("表三", 438, "6.72", "法制建设", "基本支出"),
    ("表三", 547, "10.00", "农村基础设施建设支出", "项目支出"),
    ("表三", 581, "64.44", "住房公积金", "本年支出合计"),
    ("表四", 617, "1382.33", "一、一般公共预算财政拨款", "收入/金额"),
    ("表四", 621, "1089.00", "一、一般公共服务支出", "支出/一般公共预算财政拨款"),
    ("表四", 685, "108.33", "十一、城乡社区支出", "支出/政府性基金预算财政拨款"),
    ("表四", 728, "156.26", "一般公共预算财政拨款", "收入/金额"),
    ("表四", 749, "1643.91", "合计", "收入/金额"),
    ("表五", 776, "1295.76", "合计", "合计"),
    ("表五", 784, "407.35", "一般公共服务支出", "项目支出"),
    ("表五", 814, "38.31", "法制建设", "项目支出"),
    ("表五", 885, "64.44", "住房公积金", "基本支出"),
    ("表六", 906, "703.29", "工资福利支出", "人员经费/金额"),
    ("表六", 951, "7.62", "工会费", "公用经费/金额"),
    ("表六", 965, "13.60", "公务用车运行维护费", "公用经费/金额"),  # left half empty
    ("表六", 1003, "888.41", "人员经费合计", "人员经费/金额"),
    ("表六", 1005, "108.34", "公用经费合计", "公用经费/金额"),
    ("表七", 1056, "463.90", None, "2017年度预算数/合计"),
    ("表七", 1061, "450.30", None, "2017年度预算数/公务接待费"),
    ("表七", 1063, "3.50", None, "2017年度决算数/因公出国(境）费"),
    ("表七", 1066, "24.22", None, "2017年度决算数/公务用车购置及运行费/公务用车运行费"),
    ("表七", 1067, "122.12", None, "2017年度决算数/公务接待费"),
    ("表八", 1117, "10.00", "合计", "年初结转和结余"),
    ("表八", 1130, "108.33", "城乡社区支出", "本年支出/项目支出"),
    ("表八", 1154, "98.33", "其他国有土地使用权出让收入安排的支出", "本年收入"),
]


@pytest.mark.parametrize(("table", "line", "value", "label", "header"), HAND_VALUES)
def test_hand_typed_values(table, line, value, label, header):
    grid, _ = _grid(table)
    cell = _cell_on_line(grid, line)
    assert cell.text == value
    assert cell.placement == "exact"
    assert _header_path(grid, cell.col, TABLES[table][2]) == header
    if label is not None:
        # the row label sits left of the value, on the same side of a two-sided table
        row_texts = [c.text for c in grid.rows[cell.row] if c.col < cell.col]
        assert label == [t for t in row_texts if parse_number(t) is None][-1]


def test_codes_and_names_are_text_cells_in_their_columns():
    grid, _ = _grid("表二")
    code, name = _cell_on_line(grid, 172), _cell_on_line(grid, 173)
    assert (code.text, code.col, name.text, name.col) == ("2010301", 0, "行政运行", 1)
    grid8, _ = _grid("表八")
    odd = _cell_on_line(grid8, 1133)  # printed "201208" for 21208: kept as written
    assert (odd.text, odd.col) == ("201208", 0)


def test_total_label_spans_code_and_name_columns():
    grid, _ = _grid("表三")
    total = _cell_on_line(grid, 382)
    assert (total.text, total.col, total.colspan) == ("合计", 0, 2)
    grid6, _ = _grid("表六")
    assert (_cell_on_line(grid6, 1004).col, _cell_on_line(grid6, 1004).colspan) == (3, 2)


def test_header_cells_broken_over_two_lines_are_joined():
    grid, _ = _grid("表七")
    overseas = _cell_on_line(grid, 1018)  # "因公出国" + line 1019 "（境）费"
    assert overseas.text == "因公出国（境）费"
    assert overseas.location.end_line == 1019
    assert (overseas.col, overseas.rowspan) == (1, 2)
    reception = _cell_on_line(grid, 1027)  # "公务接" + line 1028 "待费"
    assert (reception.text, reception.col, reception.location.end_line) == ("公务接待费", 11, 1028)
    vehicle = _cell_on_line(grid, 1026)
    assert (vehicle.col, vehicle.colspan) == (8, 3)  # over 小计 / 购置费 / 运行费


def test_two_sided_rows_with_a_blank_half():
    grid, _ = _grid("表一")
    # lines 64-67: left half empty (a lone tab and "　"), right half 八、社会保障和就业支出 87.62
    row = grid.rows[_cell_on_line(grid, 66).row]
    assert [(c.col, c.text) for c in row] == [(2, "八、社会保障和就业支出"), (3, "87.62")]
    # lines 84-87: 本年支出合计 printed without a figure
    row = grid.rows[_cell_on_line(grid, 86).row]
    assert [(c.col, c.text) for c in row] == [
        (0, "本年收入合计"),
        (1, "1480.73"),
        (2, "本年支出合计"),
    ]
    grid6, _ = _grid("表六")
    row = grid6.rows[_cell_on_line(grid6, 981).row]  # 30302 住房公积金 64.44, right half empty
    assert [(c.col, c.text) for c in row] == [(0, "30302"), (1, "住房公积金"), (2, "64.44")]


def test_unit_line_inside_a_region_is_a_paragraph():
    blocks = rebuild(_region(34, 107), str(corpus_file(FINAL_2017)))
    assert isinstance(blocks[0], Paragraph) and blocks[0].text == "单位：万元"
    assert blocks[0].location.line == 34
    assert isinstance(blocks[1], Grid) and blocks[1].location.line == 36


# --- placements the arithmetic had to decide ------------------------------------------------


def test_only_three_cells_are_not_exact():
    non_exact = {
        (table, c.location.line, c.placement)
        for table in TABLES
        for row in _grid(table)[0].rows
        for c in row
        if c.placement != "exact"
    }
    assert non_exact == {
        ("表四", 717, "ambiguous"),
        ("表四", 724, "ambiguous"),
        ("表四", 752, "inferred"),
    }


def test_fiscal_summary_lower_rows_ambiguous_and_inferred():
    grid, notes = _grid("表四")
    # Lines 712-752: the lower rows give one figure for the three 支出 columns 合计 (5),
    # 一般公共预算财政拨款 (6), 政府性基金预算财政拨款 (7).
    #
    # 本年支出合计 1401.08 (line 717). Column sums of the items 一、…十九、:
    #   合计           1089.00 + 87.62 + 53.71 + 108.33 + 64.44 = 1403.10  (not 1401.08)
    #   一般公共预算   1089.00 + 87.62 + 53.71 + 64.44          = 1294.77  (not 1401.08)
    #   政府性基金     108.33                                   = 108.33   (not 1401.08)
    # and 合计 = 一般公共预算 + 政府性基金 fails wherever the lone figure goes, the other
    # two columns being empty. No identity tells the columns apart: ambiguous.
    spent = _cell_on_line(grid, 717)
    assert (spent.text, spent.col, spent.placement, spent.alternatives) == (
        "1401.08",
        5,
        "ambiguous",
        (6, 7),
    )
    # 年末结转和结余 239.83 (line 724): only the row identity touches it, and it fails in
    # every column (239.83 ≠ 0 + 0); even 163.26 + 1480.66 − 1401.08 = 242.84 ≠ 239.83.
    closing = _cell_on_line(grid, 724)
    assert (closing.col, closing.placement, closing.alternatives) == (5, "ambiguous", (6, 7))
    # 合计 1643.91 (line 752): 收入 合计 (line 749) = 支出 合计 holds only in the 合计 column;
    # in 一般公共预算 or 政府性基金 the 合计 column would be empty (0 ≠ 1643.91).
    total = _cell_on_line(grid, 752)
    assert (total.col, total.placement, total.alternatives) == (5, "inferred", ())
    assert any("第752行 1643.91" in n and "合计(收入/金额) = 合计(支出/合计)" in n for n in notes)


# --- short rows: the same tables with their empty cells missing -----------------------------


def test_missing_empty_cells_inferred_from_code_hierarchy():
    # 表二 without the lone-tab lines from the 合计 row on. Line 162-170, 20103 row:
    # 1176.63 1176.56 0.07 for columns 2..8. 本年收入合计 = Σ: 1176.63 = 1176.56 + 0.07, so
    # 1176.63 is the total; 0.07 could be any of 上级补助…其他收入. 201 类 (line 160, exact
    # thanks to its "　" markers: 0.07 in 其他收入) = Σ款 with 20103 its only 款, so the
    # 0.07 of 20103 is in 其他收入 too.
    grid, notes = _grid("表二", drop_empty_from=143)
    cell = _cell_on_line(grid, 170)
    assert (cell.text, cell.col, cell.placement) == ("0.07", 8, "inferred")
    assert any("第170行 0.07" in n and "201 类 = Σ款" in n for n in notes)


def test_missing_empty_cells_choose_the_side_of_a_two_sided_table():
    # 表六 line 960-965 without its three empty left cells: "30231 公务用车运行维护费 13.60"
    # fits either half. On the right, 302 商品和服务支出 108.38 = 10.61 + 0.66 + 0.52 + 19.64
    # + 1.46 + 7.62 + 1.24 + 13.60 + 51.83 + 1.16 = 108.34 within the ±0.05 of ten rounded
    # terms; without 13.60 the sum (94.74) misses. So it is the right half.
    grid, _ = _grid("表六", drop_empty_from=904)
    cell = _cell_on_line(grid, 965)
    assert (cell.col, cell.placement) == (5, "inferred")


def test_missing_empty_cells_left_ambiguous_when_arithmetic_cannot_tell():
    # 表七 line 1056-1067 without the lone-tab cells: 决算 小计 24.22 = 购置费 + 运行费 holds
    # with the second 24.22 (line 1066) in 购置费 or in 运行费.
    grid, _ = _grid("表七", drop_empty_from=1056)
    cell = _cell_on_line(grid, 1066)
    assert (cell.col, cell.placement, cell.alternatives) == (9, "ambiguous", (10,))
    # 表三 without the lone-tab cells: 上缴上级支出 is empty in every row, so moving each
    # row's 基本支出/项目支出 one column right keeps 合计 = Σ parts (1405.61 = 888.41 +
    # 517.21) and every column sum; the column sum that could decide (基本支出: 888.41 vs
    # 682.64 + 87.62 + 53.71 = 823.97) fails in the document itself (住房保障 64.44 has no
    # 基本支出 figure), so it decides nothing.
    grid3, _ = _grid("表三", drop_empty_from=382)
    basic = _cell_on_line(grid3, 384)
    assert (basic.text, basic.col, basic.placement, basic.alternatives) == (
        "888.41",
        3,
        "ambiguous",
        (4,),
    )


def test_header_written_again_mid_table_is_laid_out_like_the_first():
    # 表三's header (lines 357-381) written again after the 2010307 row (lines 435-443), as a
    # page break would: the repeat gets the same header cells and the rows after it stay exact.
    lines = _lines()
    region = (
        [(n, lines[n - 1]) for n in range(357, 444)]
        + [(n + 10000, lines[n - 1]) for n in range(357, 382)]
        + [(n, lines[n - 1]) for n in range(444, 587)]
    )
    grid = next(b for b in rebuild(region, FINAL_2017) if isinstance(b, Grid))
    basic = _cell_on_line(grid, 10359)  # the repeated "基本支出"
    assert (basic.col, basic.rowspan) == (3, 2)
    other = _cell_on_line(grid, 448)  # 2010399 项目支出 57.13
    assert (other.col, other.placement) == (4, "exact")
    assert all(c.placement == "exact" for row in grid.rows for c in row)


def test_a_code_broken_over_two_lines_is_joined_without_a_space():
    region = [
        (1, "\t科目编码"),
        (2, "\t科目名称"),
        (3, "\t合计"),
        (4, ""),
        (5, "\t20103"),
        (6, "01"),
        (7, "\t行政运行"),
        (8, "\t695.14"),
    ]
    grid = next(b for b in rebuild(region, "made-up.txt") if isinstance(b, Grid))
    code = grid.rows[1][0]
    assert (code.text, code.location.line, code.location.end_line) == ("2010301", 5, 6)


def test_table_without_header_takes_column_kinds_from_full_rows():
    # Made-up three rows, no header. 20101 writes two figures for columns 2-4:
    # 201 = 20101 + 20102 column by column: col 2 10.00 = x + 0.00 → x = 10.00;
    # col 4 6.00 = y + 0 → y = 6.00; so 10.00 → col 2 and 6.00 → col 4, col 3 empty.
    region = [
        (1, "\t201"), (2, "\t一般公共服务"), (3, "\t10.00"), (4, "\t4.00"), (5, "\t6.00"),
        (6, ""),
        (7, "\t20101"), (8, "\t人大事务"), (9, "\t10.00"), (10, "\t6.00"),
        (11, ""),
        (12, "\t20102"), (13, "\t政协事务"), (14, "\t0.00"), (15, "\t\u3000"), (16, "\t\u3000"),
    ]  # fmt: skip
    grid = next(b for b in rebuild(region, "made-up.txt") if isinstance(b, Grid))
    assert [(c.col, c.text, c.placement) for c in grid.rows[1]] == [
        (0, "20101", "exact"),
        (1, "人大事务", "exact"),
        (2, "10.00", "inferred"),
        (4, "6.00", "inferred"),
    ]


# --- nothing dropped or doubled -------------------------------------------------------------


@pytest.mark.parametrize("table", list(TABLES))
def test_every_cell_line_ends_up_in_exactly_one_cell(table):
    first, last, _ = TABLES[table]
    grid, _ = _grid(table)
    by_line: dict[int, list[Cell]] = {}
    for row in grid.rows:
        for c in row:
            by_line.setdefault(c.location.line, []).append(c)
    for n, raw in _region(first, last):
        text = raw.strip(" \t\u3000")
        if not raw.startswith("\t") or not text:
            continue
        assert len(by_line.get(n, [])) == 1, f"line {n} {text!r}"
        if parse_number(text) is not None:
            assert by_line[n][0].text == text
    assert sum(len(v) for v in by_line.values()) == sum(
        1 for _, raw in _region(first, last) if raw.startswith("\t") and raw.strip(" \t\u3000")
    )


# --- through the text reader ----------------------------------------------------------------


def test_through_the_text_reader():
    from budgetlens.readers import read

    doc = read(str(corpus_file(FINAL_2017)))
    grids = doc.grids()
    assert [(g.location.line, len(g.rows), g.n_cols) for g in grids] == [
        (36, 15, 4),
        (115, 24, 9),
        (357, 26, 8),
        (594, 20, 8),
        (759, 22, 5),
        (894, 17, 6),
        (1014, 5, 12),
        (1075, 10, 8),
    ]
    spent = _cell_on_line(grids[3], 717)
    assert (spent.text, spent.placement, spent.alternatives) == ("1401.08", "ambiguous", (6, 7))
    units = [
        p for p in doc.paragraphs() if p.text.startswith("单位") and 30 < p.location.line < 1100
    ]
    assert len(units) == 8
