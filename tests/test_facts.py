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
