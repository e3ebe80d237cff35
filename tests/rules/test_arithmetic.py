"""A rules: a failing and a passing case for each, on rows typed from the corpus, then the
corpus documents themselves (real errors found, rounding never reported)."""

from __future__ import annotations

import pytest
from rule_kit import col, counts, extraction, run, table, trow

from budgetlens.check import check_extraction, check_path
from conftest import corpus_file

# liuzhou-gov-office-2024-budget.md line 316-319 (表3 部门支出总体情况表)
EXP_COLS = [col("合计"), col("基本支出"), col("项目支出"), col("结转下年支出")]


def test_a001_column_total_passes_within_rounding():
    # line 317: 合计 4,555.35 = 基本支出 3,830.34 + 项目支出 725.01 (+ 结转下年 0.00)
    t = table(
        "expenditure",
        EXP_COLS,
        [
            trow(
                "合计",
                {
                    "合计": "4,555.35",
                    "基本支出": "3,830.34",
                    "项目支出": "725.01",
                    "结转下年支出": "0.00",
                },
                line=317,
            )
        ],
    )
    r = run("A001", extraction([t]))
    assert r.findings == [] and counts(r, "A001")["pass"] == 1


def test_a001_column_total_fails_on_duplicated_cell():
    # liujiang-gov-office-2017-final.txt lines 798-802 (表五): 308.08 | 308.08 | 308.08
    t = table(
        "general_budget_expenditure",
        [col("合计"), col("基本支出"), col("项目支出")],
        [
            trow(
                "一般行政管理事务",
                {"合计": "308.08", "基本支出": "308.08", "项目支出": "308.08"},
                code="2010302",
                line=798,
            )
        ],
        number="表五",
    )
    r = run("A001", extraction([t], kind="final", year=2017))
    assert len(r.findings) == 1
    f = r.findings[0]
    assert "308.08 ≠ 基本支出 308.08 + 项目支出 308.08" in f.message
    assert f.actual == "[308.075, 308.085]" and f.expected == "[616.150, 616.170]"
    assert f.location.line == 798 and f.location.column == "合计"


def test_a001_nested_header_groups():
    # line 547 (表7 三公): 三公 合计 27.02 = 0.00 + 17.60 + 9.42; 车 小计 17.60 = 17.60 + 0.00
    cols = [
        col("三公", "三公经费", "合计"),
        col("出国", "三公经费", "因公出国（境）费"),
        col("车", "三公经费", "公务用车购置及运行维护费", "小计"),
        col("车运行", "三公经费", "公务用车购置及运行维护费", "公务用车运行维护费"),
        col("车购置", "三公经费", "公务用车购置及运行维护费", "公务用车购置费"),
        col("接待", "三公经费", "公务接待费"),
        col("会议费"),
    ]
    ok = trow(
        "合计",
        {
            "三公": "27.02",
            "出国": "0.00",
            "车": "17.60",
            "车运行": "17.60",
            "车购置": "0.00",
            "接待": "9.42",
            "会议费": "9.35",
        },
        line=547,
    )
    bad = trow(
        "合计",
        {
            "三公": "27.02",
            "出国": "0.00",
            "车": "17.60",
            "车运行": "16.60",
            "车购置": "0.00",
            "接待": "9.42",
            "会议费": "9.35",
        },
        line=547,
    )
    assert run("A001", extraction([table("sangong", cols, [ok])])).findings == []
    found = run("A001", extraction([table("sangong", cols, [bad])])).findings
    assert len(found) == 1 and found[0].location.column == "车"


def test_a001_ambiguous_cell_is_insufficient_data():
    t = table(
        "expenditure",
        EXP_COLS,
        [
            trow(
                "合计",
                {"合计": "4,555.35", "基本支出": "3,830.34", "项目支出": "700.00"},
                line=317,
                placements={"项目支出": "ambiguous"},
            )
        ],
    )
    r = run("A001", extraction([t]))
    assert r.findings == [] and counts(r, "A001")["insufficient_data"] == 1


def test_a002_hierarchy_fails_when_kuan_differs_from_its_xiang():
    # liujiang 2017 表五 lines 786-816: 20103 合计 1089.00, 项 675.92+308.08+3.83+45.03+57.13
    rows = [trow("政府办公厅（室）及相关机构事务", {"合计": "1089.00"}, code="20103", line=786)]
    for code, v, line in [
        ("2010301", "675.92", 792),
        ("2010302", "308.08", 798),
        ("2010306", "3.83", 804),
        ("2010307", "45.03", 810),
        ("2010399", "57.13", 816),
    ]:
        rows.append(trow("项", {"合计": v}, code=code, line=line))
    r = run(
        "A002",
        extraction(
            [table("general_budget_expenditure", [col("合计")], rows)], kind="final", year=2017
        ),
    )
    assert len(r.findings) == 1 and "1089.00 ≠" in r.findings[0].message


def test_a002_hierarchy_passes_rounding_and_never_mixes_levels():
    # liuzhou 2024 表6 lines 502-512: 301 = 3,237.87, ten 款 rows sum to 3,237.88
    kuan = [
        ("30101", "583.16"),
        ("30102", "469.86"),
        ("30103", "475.55"),
        ("30108", "292.78"),
        ("30109", "146.39"),
        ("30110", "142.73"),
        ("30111", "154.86"),
        ("30112", "2.26"),
        ("30113", "219.59"),
        ("30199", "750.70"),
    ]
    rows = [trow("工资福利支出", {"合计": "3,237.87"}, code="301", line=502)]
    rows += [trow("款", {"合计": v}, code=c, line=503 + i) for i, (c, v) in enumerate(kuan)]
    r = run("A002", extraction([table("general_budget_basic_expenditure", [col("合计")], rows)]))
    assert r.findings == [] and counts(r, "A002")["pass"] == 1


def test_a003_total_row_over_class_rows():
    # liuzhou 2024 表6 lines 501-533: 合计 3,830.34 = 301 3,237.87 + 302 463.30 + 303 129.16
    rows = [
        trow("合计", {"合计": "3,830.34"}, line=501),
        trow("工资福利支出", {"合计": "3,237.87"}, code="301", line=502),
        trow("基本工资", {"合计": "583.16"}, code="30101", line=503),
        trow("商品和服务支出", {"合计": "463.30"}, code="302", line=513),
        trow("对个人和家庭的补助", {"合计": "129.16"}, code="303", line=533),
    ]
    good = table("general_budget_basic_expenditure", [col("合计")], rows)
    assert run("A003", extraction([good])).findings == []
    rows[0] = trow("合计", {"合计": "3,930.34"}, line=501)
    found = run(
        "A003", extraction([table("general_budget_basic_expenditure", [col("合计")], rows)])
    )
    assert len(found.findings) == 1 and found.findings[0].location.line == 501


def test_a004_unit_rows_pass_rounding_of_six_units():
    # liuzhou 2024 表2 lines 303-309: 103 = 4,555.35; six units sum to 4,555.34
    units = [
        ("103001", "2,747.18"),
        ("103002", "161.53"),
        ("103003", "138.83"),
        ("103004", "263.11"),
        ("103006", "131.27"),
        ("103007", "1,113.42"),
    ]
    rows = [trow("柳州市人民政府办公室", {"合计": "4,555.35"}, level="department", line=303)]
    rows += [
        trow("单位", {"合计": v}, unit=u, level="unit", line=304 + i)
        for i, (u, v) in enumerate(units)
    ]
    r = run("A004", extraction([table("income", [col("合计")], rows)]))
    assert r.findings == [] and counts(r, "A004")["pass"] == 1
    rows[1] = trow("单位", {"合计": "2,757.18"}, unit="103001", level="unit", line=304)
    assert len(run("A004", extraction([table("income", [col("合计")], rows)])).findings) == 1


def _fiscal_summary(carryover: str) -> list:
    # liujiang 2017 表四 lines 719-735 (income side)
    c = [col("金额", "收入", "金额", side="income")]
    return [
        table(
            "fiscal_summary",
            c,
            [
                trow("本年收入合计", {"金额": "1480.66"}, side="income", line=712),
                trow("年初财政拨款结转和结余", {"金额": carryover}, side="income", line=719),
                trow("一般公共预算财政拨款", {"金额": "156.26"}, side="income", line=726),
                trow("政府性基金预算财政拨款", {"金额": "10.00"}, side="income", line=733),
            ],
            number="表四",
        )
    ]


def test_a005_carryover_parts_fail_163_26():
    r = run("A005", extraction(_fiscal_summary("163.26"), kind="final", year=2017))
    assert len(r.findings) == 1
    f = r.findings[0]
    assert f.location.line == 719
    assert "163.26 ≠ 一般公共预算财政拨款 156.26 + 政府性基金预算财政拨款 10.00" in f.message
    assert f.actual == "[163.255, 163.265]" and f.expected == "[166.250, 166.270]"


def test_a005_carryover_parts_pass():
    r = run("A005", extraction(_fiscal_summary("166.26"), kind="final", year=2017))
    assert r.findings == [] and counts(r, "A005")["pass"] == 1


def test_a005_blank_principal_item_is_insufficient():
    # liujiang 2017 表一 lines 86-106: 本年支出合计 blank, 年末结转与结余 243.08, 支出总计 1648.69
    c = [col("金额", "支出", "决算数", side="expenditure")]
    t = table(
        "income_expenditure_summary",
        c,
        [
            trow("本年支出合计", {"金额": None}, side="expenditure", line=87),
            trow("年末结转与结余", {"金额": "243.08"}, side="expenditure", line=97),
            trow("支出总计", {"金额": "1648.69"}, side="expenditure", line=106),
        ],
    )
    r = run("A005", extraction([t], kind="final", year=2017))
    assert r.findings == [] and counts(r, "A005")["insufficient_data"] == 1


def _sangong_rows(total: str) -> list:
    # a 决算 三公 table with its items as rows and 预算数 | 决算数 as columns
    # (samples/demo-finance-bureau-2023-final.txt 表七, lines 36-41)
    c = [col("预算数"), col("决算数")]
    return [
        table(
            "sangong",
            c,
            [
                trow("合计", {"预算数": "14.00", "决算数": total}, line=36),
                trow("因公出国（境）费", {"预算数": "0.00", "决算数": "0.00"}, line=37),
                trow("公务用车购置及运行维护费", {"预算数": "9.00", "决算数": "8.00"}, line=38),
                trow("其中：公务用车购置费", {"预算数": "0.00", "决算数": "0.00"}, line=39),
                trow("公务用车运行维护费", {"预算数": "9.00", "决算数": "8.00"}, line=40),
                trow("公务接待费", {"预算数": "5.00", "决算数": "4.50"}, line=41),
            ],
        )
    ]


def test_a005_sangong_items_as_rows():
    ok = run("A005", extraction(_sangong_rows("12.50"), kind="final", year=2023))
    assert ok.findings == [] and counts(ok, "A005")["pass"] == 4  # 2 relations x 2 columns
    bad = run("A005", extraction(_sangong_rows("12.60"), kind="final", year=2023)).findings
    assert len(bad) == 1 and bad[0].location.line == 36
    assert "12.60 ≠ 因公出国（境）费 0.00 + 公务用车购置及运行维护费 8.00 + 公务接待费 4.50" in bad[0].message


def _summary_rows(total: str) -> list:
    # liuzhou 2024 表4 lines 386-390 (income side)
    c = [col("金额", "收入", "预算数", side="income")]
    return [
        table(
            "fiscal_summary",
            c,
            [
                trow("一、本年收入", {"金额": total}, side="income", line=386),
                trow("（一）一般公共预算拨款", {"金额": "4,555.35"}, side="income", line=387),
                trow("1、上级补助", {"金额": "0.00"}, side="income", line=388),
                trow("2、本级", {"金额": "4,555.35"}, side="income", line=389),
                trow("3、一般债券", {"金额": "0.00"}, side="income", line=390),
                trow("（二）政府性基金预算拨款", {"金额": "0.00"}, side="income", line=391),
            ],
            number="表4",
        )
    ]


def test_a006_numbered_outline_passes_and_fails():
    assert run("A006", extraction(_summary_rows("4,555.35"))).findings == []
    found = run("A006", extraction(_summary_rows("4,565.35"))).findings
    assert len(found) == 1 and found[0].location.line == 386


def test_a007_balance():
    def t(exp_total):
        c = [
            col("收", "收入", "预算数", side="income"),
            col("支", "支出", "预算数", side="expenditure"),
        ]
        return [
            table(
                "income_expenditure_summary",
                c,
                [
                    trow("收入总计", {"收": "4,555.35"}, side="income", line=288),
                    trow("支出总计", {"支": exp_total}, side="expenditure", line=288),
                ],
            )
        ]

    assert run("A007", extraction(t("4,555.35"))).findings == []
    assert len(run("A007", extraction(t("4,575.35"))).findings) == 1


# ---------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def liujiang_2017():
    return check_path(str(corpus_file("liujiang-gov-office-2017-final.txt")), select=["A"])


@pytest.fixture(scope="module")
def liuzhou_2024():
    return check_path(str(corpus_file("liuzhou-gov-office-2024-budget.md")), select=["A"])


def test_corpus_2017_final_carryover_error_found(liujiang_2017):
    # 表四 line 719-735: 年初财政拨款结转和结余 163.26 over 156.26 + 10.00
    hits = [f for f in liujiang_2017.findings if f.rule == "A005" and f.location.line == 719]
    assert len(hits) == 1 and "163.26" in hits[0].message


def test_corpus_2017_final_class_typo_found(liujiang_2017):
    # 表五 line 782/788: 201 and 20103 print 1,089.00 while 682.64 + 407.35 = 1,089.99
    lines = {f.location.line for f in liujiang_2017.findings if f.location.table == "t5"}
    assert {780, 786}.issubset(lines) or {782, 788}.issubset(lines)


def test_corpus_2024_budget_rounding_gives_no_finding(liuzhou_2024):
    # 表2 unit rows sum to 4,555.34 against 4,555.35 (lines 303-309); 表6 302's sixteen items
    # sum to 463.33 against 463.30 (lines 513-532): both rounding, both must pass.
    outside_procurement = [f for f in liuzhou_2024.findings if f.location.table != "t10"]
    assert outside_procurement == []
    assert liuzhou_2024.counts["pass"] > 500


def test_corpus_2024_procurement_type_total_printed_zero(liuzhou_2024):
    # 表10 lines 599-636: 政府采购项目类型 合计 printed 0.00 in the department and unit rows
    # while 集中采购 + 分散采购 are not zero (line 599: 52.25 + 26.20)
    for f in liuzhou_2024.findings:
        assert f.location.table == "t10" and f.location.column == "政府采购项目类型"


def test_cut_codes_are_never_summed():
    # 019_shanghai-putuo_caizhengju_2024_juesuan.pdf p.8: codes printed in 类|款|项 columns;
    # rows whose code kept only its 类 digits ('201' on 财政事务 and 行政运行) are not a hierarchy
    rows = [
        trow("合计", {"合计": "2,946.25"}, line=1),
        trow("一般公共服务支出", {"合计": "2,112.86"}, code="201", line=2),
        trow("财政事务", {"合计": "2,112.86"}, code="201", line=3),
        trow("行政运行", {"合计": "1,511.90"}, code="201", line=4),
    ]
    r = check_extraction(
        extraction([table("income", [col("合计")], rows)], kind="final"), select=["A002", "A003"]
    )
    assert r.findings == []


def test_a006_numbered_parts_of_a_heading_are_not_the_total():
    # 019 p.13 (财政拨款收入支出决算总表): 年初财政拨款结转和结余 21.63 / 一、… 21.63 / 总计 2,961.68
    c = [col("金额", "收入", "决算数", side="income")]
    t = table(
        "fiscal_summary",
        c,
        [
            trow("一、一般公共预算财政拨款", {"金额": "2,940.05"}, side="income", line=1),
            trow("本年收入合计", {"金额": "2,940.05"}, side="income", line=2),
            trow("年初财政拨款结转和结余", {"金额": "21.63"}, side="income", line=3),
            trow("一、一般公共预算财政拨款", {"金额": "21.63"}, side="income", line=4),
            trow("二、政府性基金预算财政拨款", {"金额": None}, side="income", line=5),
            trow("总计", {"金额": "2,961.68"}, side="income", line=6),
        ],
    )
    r = run("A006", extraction([t], kind="final"))
    assert r.findings == [] and counts(r, "A006")["pass"] == 1  # 本年收入合计 = 一、


def test_a004_department_without_units_sums_its_classes():
    rows = [
        trow("柳州市人民政府办公室", {"合计": "4,555.35"}, level="department", line=1),
        trow("一般公共服务支出", {"合计": "3,487.74"}, code="201", line=2),
        trow("社会保障和就业支出", {"合计": "550.43"}, code="208", line=3),
        trow("卫生健康支出", {"合计": "297.59"}, code="210", line=4),
        trow("住房保障支出", {"合计": "219.59"}, code="221", line=5),
    ]  # 表1 lines 260-278
    r = run("A004", extraction([table("expenditure", [col("合计")], rows)]))
    assert r.findings == [] and counts(r, "A004")["pass"] == 1
    rows[4] = trow("住房保障支出", {"合计": "291.59"}, code="221", line=5)
    assert len(run("A004", extraction([table("expenditure", [col("合计")], rows)])).findings) == 1


def test_a001_flat_header_does_not_count_details_twice():
    # liuzhou 2024 表5 line 423 with its header printed on one line
    cols = [col("合计"), col("基本支出"), col("人员经费"), col("公用经费"), col("项目支出")]
    t = table(
        "general_budget_expenditure",
        cols,
        [
            trow(
                "合计",
                {
                    "合计": "4,555.35",
                    "基本支出": "3,830.34",
                    "人员经费": "3,367.04",
                    "公用经费": "463.30",
                    "项目支出": "725.01",
                },
                line=423,
            )
        ],
    )
    r = run("A001", extraction([t]))
    assert r.findings == [] and counts(r, "A001")["pass"] == 1


def test_a001_flat_sangong_header_leaves_meeting_and_training_out():
    # liuzhou 2024 表7 line 547 with a flat header: 合计 | 出国 | 车 | 接待 | 会议费 | 培训费
    cols = [
        col("合计"),
        col("因公出国（境）费"),
        col("公务用车购置及运行维护费"),
        col("公务接待费"),
        col("会议费"),
        col("培训费"),
    ]
    t = table(
        "sangong",
        cols,
        [
            trow(
                "合计",
                {
                    "合计": "27.02",
                    "因公出国（境）费": "0.00",
                    "公务用车购置及运行维护费": "17.60",
                    "公务接待费": "9.42",
                    "会议费": "9.35",
                    "培训费": "6.79",
                },
                line=547,
            )
        ],
    )
    r = run("A001", extraction([t]))
    assert r.findings == [] and counts(r, "A001")["pass"] == 1


def test_a001_grand_total_beside_sangong_subtotal_includes_meeting_and_training():
    # 002_jiangsu_shengweibangongting_2017_yusuan-tables.pdf p.11: 合计 1,467.70 = 三公 509.20 +
    # 会议费 933.50 + 培训费 25.00; 三公 509.20 = 70.00 + 411.20 + 28.00
    cols = [
        col("合计"),
        col("三公", "“三公”经费", "小计"),
        col("出国", "“三公”经费", "因公出国（境）费"),
        col("车", "“三公”经费", "公务用车购置及运行维护费", "小计"),
        col("接待", "“三公”经费", "公务接待费"),
        col("会议费"),
        col("培训费"),
    ]
    t = table(
        "sangong",
        cols,
        [
            trow(
                "",
                {
                    "合计": "1,467.70",
                    "三公": "509.20",
                    "出国": "70.00",
                    "车": "411.20",
                    "接待": "28.00",
                    "会议费": "933.50",
                    "培训费": "25.00",
                },
                line=1,
            )
        ],
    )
    r = run("A001", extraction([t], year=2017))
    assert r.findings == [] and counts(r, "A001")["pass"] == 2
