"""C rules: a failing and a passing case for each, then the corpus documents read end to end.

Hand-built documents use sentences copied from the corpus (lines cited) so that the wording
variants the rules must recognise are real ones.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from budgetlens.model import (
    Amount,
    Column,
    Document,
    ImageBlock,
    Location,
    Paragraph,
    Table,
    TableRow,
)
from budgetlens.pipeline import Extraction
from budgetlens.rules import REGISTRY, missing_doc_sections
from budgetlens.rules.completeness import required_tables, table_references
from budgetlens.rules.context import CheckContext
from budgetlens.structure import analyze

PATH = "hand-built.txt"
BUDGET_KINDS = ["income_expenditure_summary", "income", "expenditure", "fiscal_summary",
                "general_budget_expenditure", "general_budget_basic_expenditure", "sangong",
                "gov_fund_expenditure", "state_capital_expenditure"]


def make_table(kind, n=1, empty=False, note=None, columns=()):
    loc = Location(path=PATH, line=100 + n)
    values = {} if empty else {"合计": Amount(Decimal("1.00"), Decimal("0.01"), "1.00", "万元")}
    rows = [TableRow(code=None, name="合计", values=values, location=loc, is_total=True)]
    cols = [Column(key=k, path=tuple(k.split("/")), index=i) for i, k in enumerate(columns)]
    return Table(id=f"t{n}", kind=kind, title=kind, columns=cols, rows=rows, location=loc,
                 empty=empty, empty_note=note)


def context(paragraphs=(), tables=(), year=2024, kind="budget", images=0):
    blocks = [Paragraph(t, Location(path=PATH, line=i + 1)) for i, t in enumerate(paragraphs)]
    blocks += [ImageBlock(f"图片{i + 1}", Location(path=PATH, line=900 + i)) for i in range(images)]
    doc = Document(path=PATH, format="text", blocks=blocks)
    info = analyze(doc)
    info.year, info.kind = year, kind
    return CheckContext(Extraction(doc, info, list(tables), [], []))


def run(code, ctx):
    results = list(REGISTRY[code]().check(ctx))
    return results, [r.finding for r in results if r.finding]


def test_c_rules_are_documented():
    for code in ("C001", "C002", "C003", "C004", "C005"):
        assert missing_doc_sections(REGISTRY[code]) == []


def test_required_tables_by_kind_and_year():
    kinds = lambda k, y: [r.kind for r in required_tables(k, y)]  # noqa: E731
    assert len(kinds("final", 2017)) == 8 and "state_capital_expenditure" not in kinds("final", 2017)
    assert len(kinds("final", 2018)) == 9
    assert len(kinds("budget", 2018)) == 8 and len(kinds("budget", 2024)) == 9
    final_2018 = {r.kind: r for r in required_tables("final", 2018)}
    assert not final_2018["state_capital_expenditure"].firm(2018)
    assert final_2018["state_capital_expenditure"].firm(2020)
    budget = {r.kind: r for r in required_tables("budget", 2024)}
    assert not budget["state_capital_expenditure"].firm(2024)  # regional templates differ
    assert budget["sangong"].firm(2024)


# --- C001 required tables ---------------------------------------------------------------------


def test_c001_all_tables_present_passes():
    tables = [make_table(k, i) for i, k in enumerate(BUDGET_KINDS)]
    results, findings = run("C001", context(["说明"], tables))
    assert findings == [] and Counter(r.outcome for r in results) == {"pass": 9}


def test_c001_dropped_table_among_present_ones_is_an_error():
    tables = [make_table(k, i) for i, k in enumerate(BUDGET_KINDS) if k != "sangong"]
    _, findings = run("C001", context(["说明"], tables))
    assert [(f.severity, f.expected) for f in findings] == [("error", "一般公共预算“三公”经费支出表")]
    assert "未经原文核实" in findings[0].message  # citation flagged as unverified


def test_c001_final_2017_needs_eight_2020_nine():
    eight = [make_table(k, i) for i, k in enumerate(BUDGET_KINDS[:8])]
    assert run("C001", context(["说明"], eight, year=2017, kind="final"))[1] == []
    assert [f.severity for f in run("C001", context(["说明"], eight, year=2018, kind="final"))[1]] == ["warning"]
    assert [f.severity for f in run("C001", context(["说明"], eight, year=2020, kind="final"))[1]] == ["error"]


def test_c001_listed_attachments_not_in_file_are_a_warning():
    # Dianjiang 2024 预算 lines 79-86
    paras = ["部门预算公开联系人：皮老师",
             "附表：1.垫江县人民政府办公室财政拨款收支总表",
             "2.垫江县人民政府办公室一般公共预算财政拨款支出预算表",
             "3.垫江县人民政府办公室一般公共预算财政拨款基本支出预算表",
             "4.垫江县人民政府办公室一般公共预算“三公”经费支出表",
             "5.垫江县人民政府办公室政府性基金预算支出表",
             "6.垫江县人民政府办公室部门收支总表",
             "7.垫江县人民政府办公室部门收入总表",
             "8.垫江县人民政府办公室部门支出总表"]
    refs = table_references(context(paras).document.paragraphs())
    assert len([r for r in refs if r.kind]) == 8
    _, findings = run("C001", context(paras))
    assert [f.severity for f in findings] == ["warning", "warning"]
    assert "单独的附件" in findings[0].message and "第2–9行" in findings[0].message
    assert findings[1].expected == "国有资本经营预算支出表"


def test_c001_generic_reference_and_no_reference():
    # Liujiang 2022 预算 lines 35-36
    _, findings = run("C001", context(["第二部分：单位预算公开表", " （详见附表）"], year=2022))
    assert len(findings) == 1 and findings[0].severity == "warning" and findings[0].location.line == 2
    # Liuzhou 2019 预算: 第一部分 then 第三部分, no tables, no reference
    paras = ["第一部分：柳州市人民政府办公室概况", "一、主要职责", "第三部分：2019年部门预算情况说明"]
    _, findings = run("C001", context(paras, year=2019))
    assert len(findings) == 1 and "第二部分" in findings[0].message


def test_c001_a_narrative_heading_ending_in_biao_is_not_a_listing():
    # Liuzhou 2019 预算 lines 194-197
    paras = ["九、国有资本经营预算支出表", "本部门无国有资本经营预算。", "十、政府采购预算表", "2019年政府采购预算280.09万元"]
    assert [r for r in table_references(context(paras).document.paragraphs()) if r.kind] == []


# --- C002 images ------------------------------------------------------------------------------


def test_c002_tables_as_images():
    results, findings = run("C002", context(["二、部门预算情况说明"], images=8, year=2018))
    assert len(findings) == 1 and "图片" in findings[0].message and "收支总表" in findings[0].message
    # C001 then says it cannot judge rather than calling each table missing
    assert {r.outcome for r in run("C001", context(["说明"], images=8, year=2018))[0]} == {"insufficient_data"}


def test_c002_no_images_does_not_apply():
    results, findings = run("C002", context(["说明"]))
    assert findings == [] and results[0].outcome == "not_applicable"


# --- C003 empty tables --------------------------------------------------------------------------


def test_c003_empty_table_with_note_passes():
    # Liuzhou 2024 预算 line 573
    t = make_table("gov_fund_expenditure", empty=True, note="注：本部门2024年没有政府性基金预算支出，故本表无数据。")
    results, findings = run("C003", context(["说明"], [t]))
    assert findings == [] and results[0].outcome == "pass"


def test_c003_dropped_empty_table_is_a_warning():
    tables = [make_table(k, i) for i, k in enumerate(BUDGET_KINDS) if k != "gov_fund_expenditure"]
    _, findings = run("C003", context(["八、政府性基金预算情况说明", "本部门无政府性基金预算。"], tables, year=2019))
    assert len(findings) == 1 and findings[0].location.line == 2 and findings[0].severity == "warning"


def test_c003_blank_template_does_not_apply():
    ctx = context(["说明"], [make_table("gov_fund_expenditure")])
    ctx.document.placeholder_only = True
    assert [r.outcome for r in run("C003", ctx)[0]] == ["not_applicable"]


def test_c003_empty_table_without_note_is_info():
    t = make_table("gov_fund_expenditure")
    t.rows[0].values = {"合计": Amount(Decimal("0.00"), Decimal("0.01"), "0.00", "万元")}
    _, findings = run("C003", context(["说明"], [t]))
    assert [f.severity for f in findings] == ["info"]


# --- C004 explanations ----------------------------------------------------------------------------

FULL = [
    "第一部分：概况", "一、主要职责", "负责市人民政府会议的准备工作，协助领导组织实施会议的决定事项。",
    "二、机构设置情况", "本部门共有直属单位8个，机关本级内设19个科室。",
    "第二部分：情况说明",
    "2019年部门收支总预算3797.64万元，同比增加488.71万元，增加的主要原因：增人增资。",
    "四、一般公共预算“三公”经费情况说明",
    "公务接待费2019年预算12.97万元，同比增加0.52万元，增加原因：公务接待批次增加。",
    "（一）机关运行经费安排情况说明",
    "2024年行政运行经费预算463.30万元，同比减少6.04万元。",
    "2024年政府采购预算78.45万元，同比增加21.28万元。",
    "（二）国有资产占有使用情况说明",
    "2024年我部门实有在编车辆11辆。",
    "（一）我部门2024年所有项目支出全面实施绩效管理，涉及项目30个。",
    "第四部分：名词解释", "一、财政拨款收入：指本级财政部门当年拨付的资金。",
]


def test_c004_all_explanations_present():
    results, findings = run("C004", context(FULL))
    assert findings == [] and Counter(r.outcome for r in results) == {"pass": 9}


def test_c004_missing_admin_operating_cost_is_an_error():
    paras = [p for p in FULL if "运行经费" not in p]
    _, findings = run("C004", context(paras))
    assert [(f.severity, f.expected) for f in findings] == [("error", "机关运行经费")]


def test_c004_glossary_definition_alone_is_not_an_explanation():
    # a 名词解释 entry defines 机关运行经费 but states no amount
    paras = [p for p in FULL if "运行经费" not in p] + ["十、机关运行经费：为保障行政单位运行用于购买货物和服务的各项资金。"]
    _, findings = run("C004", context(paras))
    assert [f.expected for f in findings] == ["机关运行经费"]


def test_c004_changes_without_reasons():
    # Liujiang 2022 预算 lines 42 and 100-104: changes stated, no 原因 anywhere
    paras = [p for p in FULL if "原因" not in p] + ["2022年收入总预算679.75万元，同比减少151.08万元，同比下降18%。",
                                                   "公务用车运行维护费1.8万元，同比增1.8万元，同比增长100%。"]
    _, findings = run("C004", context(paras, year=2022))
    assert sorted(f.expected for f in findings) == ["“三公”经费增减变化原因", "收支增减变化及原因"]


def test_c004_table_of_contents_line_does_not_count():
    # Liuzhou 2024 line 5-13: a 目录 lists "十三、…其他重要事项" but a heading alone is no 说明
    paras = [p for p in FULL if "国有资产" not in p and "车辆" not in p] + ["- 二、国有资产占有使用情况说明"]
    _, findings = run("C004", context(paras))
    assert [f.expected for f in findings] == ["国有资产占用（占有使用）情况"]


# --- C005 三公 split ------------------------------------------------------------------------------

SANGONG_COLUMNS = ["预算数/因公出国（境）费", "预算数/公务用车购置及运行维护费/公务用车购置费",
                   "预算数/公务用车购置及运行维护费/公务用车运行维护费", "预算数/公务接待费"]


def test_c005_table_with_split_passes():
    t = make_table("sangong", columns=SANGONG_COLUMNS)
    results, findings = run("C005", context(["说明"], [t]))
    assert findings == [] and Counter(r.outcome for r in results) == {"pass": 5}


def test_c005_table_without_vehicle_split_is_an_error():
    t = make_table("sangong", columns=["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"])
    _, findings = run("C005", context(["说明"], [t]))
    assert sorted(f.expected for f in findings) == ["公务用车购置费", "公务用车运行（维护）费"]
    assert {f.severity for f in findings} == {"error"}


def test_c005_final_needs_physical_facts():
    # Liujiang 2017 决算 lines 1234-1242 give 团组1个/1人次, 保有量14辆, 团组1200个/13000人次
    text = ["七、2017年度一般公共预算财政拨款“三公”经费支出决算情况",
            "1.因公出国（境）费支出3.5万元。全年安排因公出国（境）团组1个，累计1人次。",
            "2.公务用车购置及运行费支出24.22万元。其中：公务用车购置支出为0万元。公务用车运行支出24.22万元。",
            "2017年，机关所属单位开支财政拨款的公务用车保有量为14辆。",
            "3.公务接待费支出122.12万元。2017年共接待国内来访团组1200个、来宾13000人次。"]
    results, findings = run("C005", context(text, year=2017, kind="final"))
    assert findings == [] and Counter(r.outcome for r in results) == {"pass": 8}
    short = [t for t in text if "保有量" not in t]
    findings = run("C005", context(short, year=2017, kind="final"))[1]
    assert [(f.severity, f.expected) for f in findings] == [("warning", "公务用车购置数及保有量")]


# --- the corpus ---------------------------------------------------------------------------------


def corpus_context(corpus, name):
    from budgetlens.readers import read
    from budgetlens.recognize.tables import recognize_tables

    doc = read(str(corpus(name)))
    info = analyze(doc)
    return CheckContext(Extraction(doc, info, recognize_tables(doc, info), [], []))


def c_findings(ctx):
    out = []
    for code in ("C001", "C002", "C003", "C004", "C005"):
        out += [(f.rule, f.severity, f.expected) for f in run(code, ctx)[1]]
    return sorted(out)


def test_corpus_liuzhou_2024_budget_is_complete(corpus):
    # all 12 tables (表1-表12, lines 250-699); 表8/表9 empty with notes (lines 573, 586)
    ctx = corpus_context(corpus, "liuzhou-gov-office-2024-budget.md")
    assert c_findings(ctx) == []
    assert Counter(r.outcome for r in run("C001", ctx)[0]) == {"pass": 9}


def test_corpus_liujiang_2017_final_is_complete(corpus):
    # 表一-表八 (lines 32-1161); no 国资 table is required for 2017年度
    ctx = corpus_context(corpus, "liujiang-gov-office-2017-final.txt")
    assert c_findings(ctx) == []
    assert Counter(r.outcome for r in run("C001", ctx)[0]) == {"pass": 8}


def test_corpus_dianjiang_2024_budget(corpus):
    ctx = corpus_context(corpus, "dianjiang-gov-office-2024-budget.txt")
    findings = run("C001", ctx)[1]
    assert [(f.severity, f.location.line) for f in findings] == [("warning", 79), ("warning", 79)]
    assert "第79–86行" in findings[0].message  # the 附表 list, lines 79-90
    assert findings[1].expected == "国有资本经营预算支出表"  # neither included nor listed
    assert c_findings(ctx) == sorted(("C001", f.severity, f.expected) for f in findings)


def test_corpus_liujiang_2022_budget(corpus):
    ctx = corpus_context(corpus, "liujiang-gov-service-center-2022-budget.txt")
    assert c_findings(ctx) == [
        ("C001", "warning", "收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、"
                            "一般公共预算基本支出表、一般公共预算“三公”经费支出表、政府性基金预算支出表、"
                            "国有资本经营预算支出表"),  # line 36 "（详见附表）"
        ("C004", "warning", "“三公”经费增减变化原因"),  # lines 98-106: 同比增1.8万元, no 原因
        ("C004", "warning", "收支增减变化及原因"),  # lines 42-75: 同比减少151.08万元, no 原因
    ]
    places = {f.expected: f.location.line for f in run("C004", ctx)[1]}
    assert places == {"“三公”经费增减变化原因": 88, "收支增减变化及原因": 39}


def test_corpus_liuzhou_2019_budget(corpus):
    ctx = corpus_context(corpus, "liuzhou-gov-office-2019-budget.txt")
    findings = c_findings(ctx)
    assert [(r, s) for r, s, _ in findings] == [("C001", "warning")]
    (msg,) = [f.message for f in run("C001", ctx)[1]]
    assert "第二部分" in msg  # lines 1 and 119: 第一部分, then 第三部分


def test_corpus_chongqing_2018_tables_as_images(corpus):
    ctx = corpus_context(corpus, "027_chongqing_jiaotongweiyuanhui_2018_yusuan.html")
    assert c_findings(ctx) == [
        ("C002", "warning", "收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表、"
                            "一般公共预算基本支出表、一般公共预算“三公”经费支出表、政府性基金预算支出表"),
        ("C004", "warning", "国有资产占用（占有使用）情况"),  # 四、其他重要事项: 1.-3. only
        ("C005", "warning", "公务接待费"),  # "严控290.5万元": the label is lost in the page text
    ]


def test_c004_tables_only_file_is_one_finding():
    tables = [make_table(k, i) for i, k in enumerate(BUDGET_KINDS)]
    results, findings = run("C004", context(["部门收支总表", "单位：万元"], tables, year=2017))
    assert len(results) == 1 and findings[0].severity == "warning" and "只有报表" in findings[0].message


def test_c004_unchanged_sangong_owes_no_reason():
    # Shanghai 2025 预算 (corpus 011 p.21): "2025年“三公”经费预算数为867.50万元，与2024年预算持平。"
    paras = [p for p in FULL if "公务接待" not in p] + ["2025年“三公”经费预算数为867.50万元，与2024年预算持平。"]
    assert run("C004", context(paras, year=2025))[1] == []


def test_c004_institution_without_admin_cost_is_a_warning():
    paras = [p.replace("机关本级", "学校") for p in FULL if "运行经费" not in p]
    ctx = context(paras)
    ctx.info.department = "西南大学"
    findings = run("C004", ctx)[1]
    assert [(f.severity, f.expected) for f in findings] == [("warning", "机关运行经费")]
    assert "事业单位" in findings[0].message


def test_c005_no_sangong_spending_owes_no_facts():
    # Putuo 财政局 2024 决算 (corpus 019 p.23): "2024年度无“三公”经费财政拨款支出。"
    text = ["七、财政拨款“三公”经费支出决算情况说明",
            "因公出国（境）费、公务用车购置费、公务用车运行维护费、公务接待费支出决算均为0.00万元。",
            "上海市普陀区财政局2024年度无“三公”经费财政拨款支出。"]
    results, findings = run("C005", context(text, year=2024, kind="final"))
    assert findings == [] and results[-1].outcome == "not_applicable"


def test_corpus_jiangsu_2017_tables_only(corpus):
    ctx = corpus_context(corpus, "002_jiangsu_shengweibangongting_2017_yusuan-tables.pdf")
    findings = run("C004", ctx)[1]
    assert len(findings) == 1 and "只有报表" in findings[0].message
    assert run("C001", ctx)[1] == []
