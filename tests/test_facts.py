"""Facts: concept and context for every table cell and every resolved claim."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.pipeline import extract
from conftest import corpus_file
from rule_kit import claim, col, extraction, table, trow


def _by(facts, **kw):
    return [f for f in facts if all(getattr(f, k) == v for k, v in kw.items())]


def test_expenditure_table_cells():
    # liuzhou-gov-office-2024-budget.md lines 317-320 (表3)
    t = table(
        "expenditure",
        [col("合计"), col("基本支出"), col("项目支出")],
        [
            trow(
                "合计", {"合计": "4,555.35", "基本支出": "3,830.34", "项目支出": "725.01"}, line=317
            ),
            trow(
                "柳州市人民政府办公室", {"合计": "2,747.18"}, unit="103001", level="unit", line=319
            ),
            trow(
                "行政运行",
                {"合计": "1,623.71", "基本支出": "1,623.71"},
                code="2010301",
                unit="103001",
                line=320,
            ),
        ],
        id="t3",
    )
    facts = extraction([t]).facts
    total = _by(facts, concept="expenditure.current")[0]
    assert total.context.unit is None and total.context.scope == "all"
    assert total.context.basis == "budget" and total.value.text == "4,555.35"
    assert total.location.table == "t3" and total.location.line == 317
    assert _by(facts, concept="expenditure.basic")[0].value.text == "3,830.34"
    unit = [f for f in facts if f.context.unit == "103001" and f.concept == "expenditure.current"]
    assert unit[0].value.text == "2,747.18"
    item = _by(facts, concept="expenditure.function.2010301", measure="expenditure.basic")
    assert item[0].context.unit == "103001" and item[0].value.unit == "万元"


def test_scope_from_table_kind_and_fund_rows():
    # liujiang-gov-office-2017-final.txt 表四 lines 719-735
    c = [
        col("金额", "收入", "金额", side="income"),
        col("合计", "支出", "合计", side="expenditure"),
        col("一般", "支出", "一般公共预算财政拨款", side="expenditure"),
    ]
    t = table(
        "fiscal_summary",
        c,
        [
            trow("年初财政拨款结转和结余", {"金额": "163.26"}, side="income", line=719),
            trow("一般公共预算财政拨款", {"金额": "156.26"}, side="income", line=726),
            trow(
                "一、一般公共服务支出",
                {"合计": "1089.00", "一般": "1089.00"},
                side="expenditure",
                line=620,
            ),
        ],
        id="t4",
    )
    facts = extraction([t], kind="final", year=2017).facts
    carry = _by(facts, concept="revenue.carryover")
    assert {(f.context.scope, f.value.text) for f in carry} == {
        ("fiscal", "163.26"),
        ("general", "156.26"),
    }
    f201 = _by(facts, concept="expenditure.function.201")
    assert {f.context.scope for f in f201} == {"fiscal", "general"}


def test_ambiguous_cell_is_marked_uncertain():
    t = table(
        "expenditure",
        [col("合计"), col("基本支出")],
        [trow("合计", {"合计": "1401.08"}, line=741, placements={"合计": "ambiguous"})],
    )
    (f,) = extraction([t]).facts
    assert f.certain is False


def test_sequence_columns_never_become_facts():
    t = table(
        "fiscal_summary",
        [col("行次", "收入", "行次", side="income"), col("金额", "收入", "金额", side="income")],
        [trow("本年收入合计", {"行次": "12", "金额": "1480.66"}, side="income", line=712)],
    )
    facts = extraction([t], kind="final", year=2017).facts
    assert [f.value.text for f in facts] == ["1480.66"]


def test_claims_with_concept_become_facts_others_stay_claims():
    s = "2024年部门支出总预算4,555.35万元"
    claims = [
        claim("amount", "部门支出总预算", "4,555.35", 103, s, concept="expenditure.current"),
        claim("amount", "某事项", "12.00", 104, s),
    ]
    x = extraction([], claims)
    assert len(x.claims) == 2 and [f.concept for f in x.facts] == ["expenditure.current"]
    assert x.facts[0].source == "claim"


def test_corpus_2024_facts():
    x = extract(str(corpus_file("liuzhou-gov-office-2024-budget.md")))
    table_facts = [f for f in x.facts if f.source == "table"]
    assert len(table_facts) > 1000
    # line 501: 表6 合计 3,830.34 is 基本支出 of the general budget
    basic = [
        f
        for f in table_facts
        if f.concept == "expenditure.basic"
        and f.table_kind == "general_budget_basic_expenditure"
        and f.context.unit is None
    ]
    assert basic[0].value.text == "3,830.34" and basic[0].context.scope == "general"
    # no year or code is ever a fact value
    assert not [f for f in table_facts if f.value.text in ("2024", "103001", "2010301")]


def test_basic_panels_named_by_column_key():
    # 021 p.13: two-panel 基本支出决算表 whose headers only say 决算数
    t = table(
        "general_budget_basic_expenditure",
        [col("人员经费", "决算数"), col("公用经费", "决算数")],
        [
            trow("工资福利支出", {"人员经费": "95.36"}, code="301", line=1),
            trow("人员经费合计", {"人员经费": "95.36"}, line=2, is_total=True),
        ],
    )
    facts = extraction([t], kind="final").facts
    assert {f.concept for f in facts if f.location.line == 2} == {"expenditure.basic.personnel"}
    assert facts[0].measure == "expenditure.basic.personnel"


def test_repeated_class_code_rows_are_uncertain():
    # 019_shanghai-putuo_caizhengju_2024_juesuan.pdf p.8: 类|款|项 columns read as '201' only
    t = table(
        "income",
        [col("合计")],
        [
            trow("一般公共服务支出", {"合计": "2,112.86"}, code="201", line=1),
            trow("财政事务", {"合计": "2,112.86"}, code="201", line=2),
            trow("行政运行", {"合计": "1,511.90"}, code="201", line=3),
        ],
    )
    facts = extraction([t], kind="final").facts
    assert [f.certain for f in facts] == [True, False, False]


def test_total_of_a_sangong_meeting_training_table_is_not_the_sangong_total():
    """004 p.16 一般公共预算“三公”经费、会议费、培训费支出预算表: 合计 1,452.35 = 三公经费 584.35
    + 会议费 168.00 + 培训费 700.00; only the 三公经费 column is the 三公 total."""
    x = extract(str(corpus_file("004_jiangsu_jianchayuan_2017_yusuan.pdf")))
    table_facts = {(f.concept, f.context.column): f.value.value for f in x.facts
                   if f.source == "table" and f.table_kind == "sangong"}
    assert table_facts[("sangong.total", "三公经费")] == Decimal("584.35")
    assert table_facts[("meeting_training_sangong.total", "合计")] == Decimal("1452.35")
    assert ("sangong.total", "合计") not in table_facts


def test_jiangsu_summary_total_rows_have_concepts():
    # 040 p.12 收支预算总表: "收入合计 28,849.38" / "支出合计 28,849.38" and "当年收入小计" /
    # "当年支出小计" are 收入总计 / 支出总计 and this year's totals
    from budgetlens.pipeline import extract_document
    from budgetlens.readers import read
    from conftest import corpus_file

    x = extract_document(read(str(corpus_file("040_jiangsu_gaojifayuan_2017_yusuan.pdf"))))
    t1 = {(f.label, f.concept) for f in x.facts if f.location.table == "t1"}
    assert {("收入合计", "revenue.total"), ("支出合计", "expenditure.total"),
            ("当年收入小计", "revenue.current"), ("当年支出小计", "expenditure.current")} <= t1


def _fact(facts, table_kind, concept, **kw):
    found = [f for f in _by(facts, table_kind=table_kind, concept=concept) if
             all(getattr(f.context, k) == v for k, v in kw.items())]
    assert len(found) == 1, (table_kind, concept, found)
    return found[0]


def test_fiscal_tables_keep_their_own_fund_scope():
    """041 公开05表 财政拨款支出预算表（功能科目） p.10, 公开06表 财政拨款基本支出预算表（经济科目）
    p.11 and 公开11表 一般公共预算机关运行经费支出预算表 p.15, read on the pages: 财政拨款 covers
    all three funds, so their figures never share a context with the 一般公共预算 tables'
    (公开07表 p.12 prints the same 204 公共安全支出 27,488.23 as 一般公共预算)."""
    facts = extract(str(corpus_file("041_jiangsu_gaojifayuan_2019_yusuan.pdf"))).facts
    total = _fact(facts, "fiscal_expenditure", "expenditure.current")
    assert (total.value.value, total.context.scope) == (Decimal("37188.34"), "fiscal")
    fiscal_204 = _fact(facts, "fiscal_expenditure", "expenditure.function.204")
    general_204 = _fact(facts, "general_budget_expenditure", "expenditure.function.204",
                        period="current")
    assert fiscal_204.value.value == general_204.value.value == Decimal("27488.23")
    assert (fiscal_204.context.scope, general_204.context.scope) == ("fiscal", "general")
    assert fiscal_204.measure == "expenditure.current"

    basic = _fact(facts, "fiscal_basic_expenditure", "expenditure.basic")
    assert (basic.value.value, basic.context.scope) == (Decimal("21968.00"), "fiscal")
    wages = _fact(facts, "fiscal_basic_expenditure", "expenditure.economic.30101")
    assert (wages.value.value, wages.context.scope, wages.measure) == (
        Decimal("2827.41"), "fiscal", "expenditure.basic")

    running = _fact(facts, "admin_operating", "admin_operating")
    assert (running.value.value, running.context.scope) == (Decimal("3580.05"), "general")
    office = _fact(facts, "admin_operating", "expenditure.economic.30201")
    assert (office.value.value, office.measure) == (Decimal("315.00"), "admin_operating")


def test_university_fiscal_table_by_function_with_basic_and_project_columns():
    """022 p.9 西南大学财政拨款支出预算表: 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出, 合计 row
    last: 216,552.53 = 186,524.30 + 30,028.23; 205 教育支出 207,796.18."""
    facts = extract(str(corpus_file("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf"))).facts
    kind = "fiscal_expenditure"
    assert _fact(facts, kind, "expenditure.current").value.value == Decimal("216552.53")
    assert _fact(facts, kind, "expenditure.basic").value.value == Decimal("186524.30")
    assert _fact(facts, kind, "expenditure.project").value.value == Decimal("30028.23")
    education = [f for f in _by(facts, table_kind=kind, concept="expenditure.function.205")]
    assert {(f.measure, f.value.text, f.context.scope) for f in education} == {
        ("expenditure.current", "207,796.18", "fiscal"),
        ("expenditure.basic", "178,467.95", "fiscal"),
        ("expenditure.project", "29,328.23", "fiscal"),
    }
