"""N rules: a failing and a passing case for each on hand-built claims and facts (corpus
lines cited), then every error the rules raise on the five corpus texts.
"""

from __future__ import annotations

import pytest

from budgetlens.model import Amount, Claim, Context, Document, DocumentInfo, Fact, Location
from budgetlens.numbers import parse_number
from budgetlens.pipeline import Extraction
from budgetlens.rules import REGISTRY, missing_doc_sections
from budgetlens.rules.context import CheckContext
from budgetlens.rules.narrative import NarrativeAmountRule, NarrativeSumRule, ZeroParentRule

PATH = "hand-built.txt"


def amount(text: str) -> Amount:
    unit = "万元" if text.endswith("万元") else None
    a = parse_number(text.removesuffix("万元"), unit)
    assert a is not None
    return Amount(a.value, a.precision, text, unit)


def claim(subject: str, text: str, sentence: str, line: int, concept: str | None, *,
          scope: str = "all", period: str = "current", kind: str = "amount", nth: int = 0) -> Claim:
    offset = -1
    for _ in range(nth + 1):
        offset = sentence.index(text, offset + 1)
    return Claim(kind=kind, subject=subject, value=amount(text), location=Location(PATH, line),
                 sentence=sentence, period=period, concept=concept, scope=scope, offset=offset)


def fact(concept: str, text: str, line: int, *, scope: str = "all", period: str = "current",
         unit: str | None = None, certain: bool = True, measure: str | None = None) -> Fact:
    return Fact(concept, Context(period=period, scope=scope, unit=unit), amount(text),
                Location(PATH, line), label=concept, certain=certain, measure=measure)


def run(rule, claims, facts=()):
    doc = Document(PATH, "text", [])
    return list(rule().check(CheckContext(Extraction(doc, DocumentInfo(), claims=claims, facts=list(facts)))))


def failures(results):
    return [r.finding for r in results if r.outcome == "fail"]


# -- N001 amount vs table -----------------------------------------------------------------

# liujiang 2017 l.1186 and 表五 l.780: 201 一般公共服务支出 1089.00
S1186 = "2017年度一般公共预算财政拨款支出1295.76万元，主要用于以下方面：一般公共服务（类）支出1089.99万元，占84.12%"


def test_amount_differs_from_table():
    c = claim("一般公共服务（类）支出", "1089.99万元", S1186, 1186, "expenditure.function.201", scope="general")
    f = fact("expenditure.function.201", "1089.00", 780, scope="general", measure="expenditure.current")
    found = failures(run(NarrativeAmountRule, [c], [f]))
    assert len(found) == 1 and found[0].severity == "error" and found[0].location.line == 1186
    assert found[0].related[0].line == 780 and found[0].expected == "[1088.995, 1089.005]"


def test_amount_matches_table():
    c = claim("一般公共预算财政拨款支出", "1295.76万元", S1186, 1186, "expenditure.current", scope="general")
    f = fact("expenditure.current", "1295.76", 775, scope="general")
    assert [r.outcome for r in run(NarrativeAmountRule, [c], [f])] == ["pass"]


def test_no_table_figure_is_insufficient_not_failure():
    c = claim("一般公共服务（类）支出", "1089.99万元", S1186, 1186, "expenditure.function.201", scope="general")
    other_scope = fact("expenditure.function.201", "1091.52", 390, scope="all")
    unplaced = fact("expenditure.function.201", "1089.00", 780, scope="general", certain=False)
    assert [r.outcome for r in run(NarrativeAmountRule, [c], [other_scope])] == ["insufficient_data"]
    assert [r.outcome for r in run(NarrativeAmountRule, [c], [unplaced])] == ["insufficient_data"]


def test_amount_against_budget_unit_rows():
    # liuzhou 2024 l.131 行政运行（项）2,154.41 = Σ 2010301 over 103001…103007 (表5 l.429-484)
    s = "（一）一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）支出2,154.41万元"
    c = claim("行政运行", "2,154.41万元", s, 131, "expenditure.function.2010301", scope="general")
    rows = [("103001", "1,623.71"), ("103002", "82.94"), ("103003", "62.55"), ("103004", "143.57"),
            ("103006", "65.44"), ("103007", "176.20")]
    facts = [fact("expenditure.function.2010301", v, 429, scope="general", unit=u) for u, v in rows]
    assert [r.outcome for r in run(NarrativeAmountRule, [c], facts)] == ["pass"]
    found = failures(run(NarrativeAmountRule, [c], facts[:-1]))
    assert found[0].severity == "warning"  # a sum over unit rows is only as complete as the table


def test_sangong_fiscal_and_general_are_one_scope():
    # liujiang 2017 l.1224 vs 表七 预算数 合计 463.90
    s = "2017年度“三公”经费财政拨款支出预算为472.49万元"
    c = claim("“三公”经费财政拨款", "472.49万元", s, 1224, "sangong.total", scope="fiscal", period="budget")
    f = fact("sangong.total", "463.90", 1050, scope="general", period="budget")
    found = failures(run(NarrativeAmountRule, [c], [f]))
    assert len(found) == 1 and found[0].severity == "error" and "472.49" in found[0].message


# -- N002 三公 sums -------------------------------------------------------------------------


def _sangong_2019() -> list[Claim]:
    # liuzhou 2019 l.145-155
    return [
        claim("三公", "110.76万元", "“三公”经费支出预算110.76万元，比2018年预算48.45万元", 145, "sangong.total"),
        claim("因公出国（境）经费", "0万元", "（一）因公出国（境）经费2019年预算0万元，与上年持平。", 147, "sangong.overseas"),
        claim("公务接待费", "12.97万元", "（二）公务接待费2019年预算12.97万元", 149, "sangong.reception"),
        claim("公务用车购置费及运行费", "97.79万元", "（三）公务用车购置费及运行费2019年预算97.79万元", 151,
              "sangong.vehicle"),
        claim("公务用车购置费", "53.79万元", "1.公务用车购置费2019年预算53.79万元", 153, "sangong.vehicle.purchase"),
        claim("公务用车运行维护费", "44万元", "2.公务用车运行维护费2019年预算44万元", 155, "sangong.vehicle.operation"),
    ]


def test_sangong_total_equals_items():
    assert [r.outcome for r in run(NarrativeSumRule, _sangong_2019())] == ["pass", "pass"]


def test_sangong_total_not_equal_items():
    claims = _sangong_2019()
    claims[0] = claim("三公", "120.76万元", "“三公”经费支出预算120.76万元", 145, "sangong.total")
    found = failures(run(NarrativeSumRule, claims))
    assert len(found) == 1 and found[0].location.line == 145 and found[0].expected == "[110.25, 111.27]"  # "0万元" stands for [-0.5, 0.5]


def test_sangong_items_missing_only_checks_items_not_above_total():
    claims = [claim("三公", "3.39万元", "“三公”经费支出预算共计3.39万元", 96, "sangong.total"),
              claim("公务接待费", "1.59万元", "2、公务接待费1.59万元", 100, "sangong.reception")]
    assert [r.outcome for r in run(NarrativeSumRule, claims)] == ["pass"]
    claims[1] = claim("公务接待费", "4.59万元", "2、公务接待费4.59万元", 100, "sangong.reception")
    assert len(failures(run(NarrativeSumRule, claims))) == 1


def _changes_2017(total: str) -> list[Claim]:
    # liujiang 2017 l.1226: 三公 比2016年减少342.20万元 … 出国 增加3.5万元; 车 减少13.90万元; 接待 减少331.61万元
    s = (f"2017年度“三公”经费财政拨款支出决算数比2016年减少{total}，下降69.57%，其中：因公出国（境）费支出决算增加"
         "3.5万元；公务用车购置及运行费支出决算减少13.90万元，下降36.46%；公务接待费支出决算减少331.61万元，下降73.08%。")
    out = []
    for subject, text, concept, direction in (("三公", total, "sangong.total", -1),
                                              ("因公出国（境）费", "3.5万元", "sangong.overseas", 1),
                                              ("公务用车购置及运行费", "13.90万元", "sangong.vehicle", -1),
                                              ("公务接待费", "331.61万元", "sangong.reception", -1)):
        c = claim(subject, text, s, 1226, concept, kind="change")
        c.direction = direction
        out.append(c)
    return out


def test_sangong_changes_add_up():
    # the total passes; 公务用车 has no parts stated, so its own breakdown lacks data
    outcomes = [r.outcome for r in run(NarrativeSumRule, _changes_2017("342.01万元"))]
    assert outcomes == ["pass", "insufficient_data"]


def test_sangong_changes_do_not_add_up():
    found = failures(run(NarrativeSumRule, _changes_2017("342.20万元")))
    assert len(found) == 1 and found[0].expected == "[-342.07, -341.95]"


# -- N003 zero parent ---------------------------------------------------------------------

# liujiang 2022 l.96-106
S102 = "3、公务用车购置费及运行费0万元，同比增（减）0万元，同比增长（下降）0%，其中：（1）公务用车运行维护费1.8万元，同比增1.8万元"


def _vehicle_2022(operation: str) -> list[Claim]:
    s = S102.replace("1.8万元，同比", f"{operation}，同比")
    return [
        claim("三公", "3.39万元", "一般公共预算安排“三公”经费支出预算共计3.39万元", 96, "sangong.total", scope="general"),
        claim("公务接待费", "1.59万元", "2、公务接待费1.59万元，同比上年持平。", 100, "sangong.reception", scope="general"),
        claim("公务用车购置费及运行费", "0万元", s, 102, "sangong.vehicle", scope="general"),
        claim("公务用车运行维护费", operation, s, 104, "sangong.vehicle.operation", scope="general"),
    ]


def test_zero_parent_with_positive_part():
    found = failures(run(ZeroParentRule, _vehicle_2022("1.8万元")))
    assert len(found) == 1 and found[0].location.line == 102 and found[0].related[0].line == 104
    assert "1.8万元" in found[0].message
    # the 三公 total is then consistent with the parts (0 + 1.59 + 1.8 = 3.39): no second finding
    assert failures(run(NarrativeSumRule, _vehicle_2022("1.8万元"))) == []


def test_zero_parent_with_zero_part_passes():
    outcomes = [r.outcome for r in run(ZeroParentRule, _vehicle_2022("0万元"))]
    assert outcomes == ["pass", "not_applicable"]  # the zero part itself has no breakdown


def test_zero_parent_after_qizhong():
    # liujiang 2017 l.1261: 授予中小企业合同金额0万元，…，其中：授予小微企业合同金额142.59万元
    s = "授予中小企业合同金额0万元，占政府采购支出总额的0%，其中：授予小微企业合同金额142.59万元，占政府采购支出总额的100%。"
    claims = [claim("授予中小企业合同金额", "0万元", s, 1261, "procurement.sme"),
              Claim("share", "授予中小企业合同金额", Amount(parse_number("0").value, parse_number("0").precision, "0%", "%"),
                    Location(PATH, 1261), s, concept="procurement.sme", offset=s.index("0%")),
              claim("授予小微企业合同金额", "142.59万元", s, 1261, None)]
    found = failures(run(ZeroParentRule, claims))
    assert len(found) == 1 and "小微企业" in found[0].message
    # a zero followed by another item (not a breakdown) is not checked
    s2 = "政府采购工程预算0万元、政府采购服务预算5万元"
    other = [claim("工程", "0万元", s2, 1, "procurement.works"), claim("服务", "5万元", s2, 1, "procurement.services")]
    assert [r.outcome for r in run(ZeroParentRule, other)] == ["not_applicable"]


@pytest.mark.parametrize("code", ["N001", "N002", "N003"])
def test_rule_documented(code):
    assert missing_doc_sections(REGISTRY[code]) == []


# -- the corpus ---------------------------------------------------------------------------

N_CODES = ["N001", "N002", "N003"]

# every error-severity N finding on the five texts, each verified by reading the document
EXPECTED_ERRORS = {
    "liuzhou-gov-office-2019-budget.txt": set(),
    "liuzhou-gov-office-2024-budget.md": set(),
    "liujiang-gov-service-center-2022-budget.txt": {("N003", 102)},
    "liujiang-gov-office-2017-final.txt": {("N001", 1186), ("N001", 1190), ("N001", 1216), ("N001", 1224),
                                           ("N002", 1226), ("N003", 1261)},
    "dianjiang-gov-office-2024-budget.txt": set(),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_corpus_errors(name):
    from budgetlens.check import check_path
    from conftest import corpus_file

    result = check_path(str(corpus_file(name)), select=N_CODES)
    errors = {(f.rule, f.location.line) for f in result.findings if f.severity == "error"}
    assert errors == EXPECTED_ERRORS[name]


def test_corpus_2024_every_narrative_amount_checked_passes():
    # liuzhou 2024: every amount with a table figure agrees (l.91-207 against 表1-表11)
    from budgetlens.check import check_path
    from conftest import corpus_file

    result = check_path(str(corpus_file("liuzhou-gov-office-2024-budget.md")), select=["N001"])
    assert result.findings == []
    assert result.outcomes["N001"].counts["pass"] >= 40


# Tables printed in 元 (as the Shanghai budgets do: 014 p.8 收支总表 "单位：元") and the 说明
# in 万元. A publisher that cuts 1,234,567.89元 to 123.45万元 instead of rounding it (123.46)
# has not misstated anything: the figure is a warning, never an error, as in the P rules.
def yuan_fact(concept: str, text: str, line: int) -> Fact:
    a = parse_number(text, "元")
    return Fact(concept, Context(period="current", scope="all"), a, Location(PATH, line),
                label="本年支出合计", measure="expenditure.current")


S_CUT = "2023年度支出预算总额123.45万元"


def test_amount_cut_from_a_yuan_table_is_a_warning():
    c = claim("支出预算总额", "123.45万元", S_CUT, 12, "expenditure.total")
    found = failures(run(NarrativeAmountRule, [c], [yuan_fact("expenditure.total", "1,234,567.89", 40)]))
    assert len(found) == 1 and found[0].severity == "warning"
    assert "截尾" in found[0].message
    # each figure with its own unit: the table's 元 figure is not labelled 万元
    assert "写为123.45万元" in found[0].message and "1,234,567.89元" in found[0].message
    assert "1,234,567.89万元" not in found[0].message


def test_amount_rounded_from_a_yuan_table_passes():
    c = claim("支出预算总额", "123.46万元", S_CUT.replace("123.45", "123.46"), 12, "expenditure.total")
    results = run(NarrativeAmountRule, [c], [yuan_fact("expenditure.total", "1,234,567.89", 40)])
    assert [r.outcome for r in results] == ["pass"]


def test_amount_off_beyond_a_cut_is_an_error():
    c = claim("支出预算总额", "123.44万元", S_CUT.replace("123.45", "123.44"), 12, "expenditure.total")
    found = failures(run(NarrativeAmountRule, [c], [yuan_fact("expenditure.total", "1,234,567.89", 40)]))
    assert len(found) == 1 and found[0].severity == "error"
