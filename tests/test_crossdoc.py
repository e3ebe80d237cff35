"""D rules on the corpus series and on pairs built from one real side."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from budgetlens.link import Links, link
from budgetlens.model import Amount
from budgetlens.pipeline import extract
from budgetlens.rules import missing_doc_sections
from budgetlens.rules.crossdoc import CROSS_REGISTRY, run_cross_rules
from budgetlens.verdicts import finding_key
from budgetlens.versions import compare_versions
from conftest import corpus_file

ORIGINAL = "002_jiangsu_shengweibangongting_2017_yusuan-tables.pdf"


def _x(prefix: str):
    folder = corpus_file(ORIGINAL).parent
    return extract(str(next(p for p in sorted(folder.iterdir()) if p.name.startswith(prefix))))


def _scaled(x, concepts: set[str], factor: Decimal, **info):
    """A copy of an extraction whose figures of some concepts are multiplied: the other side
    of a pair the corpus lacks, built from the real side."""
    facts = []
    for f in x.facts:
        if f.concept in concepts:
            v = f.value
            f = replace(f, value=Amount(v.value * factor, v.precision, f"{v.value * factor}", v.unit))
        facts.append(f)
    doc = replace(x.document, path=x.document.path + "#built")
    return replace(x, document=doc, facts=facts, info=replace(x.info, **info))


def test_every_d_rule_documented():
    assert {"D001", "D002", "D003"} <= set(CROSS_REGISTRY)
    for cls in CROSS_REGISTRY.values():
        assert missing_doc_sections(cls) == [], cls.code
        assert cls.title and cls.name


def test_prior_year_jianchayuan_2017_to_2018():
    """042 p.25: 财政拨款收、支总预算 21,940.96 万元，各增加 3,958.98 万元 → 上年 17,981.98, while
    004 (2017) prints 财政拨款 17,981.68; the same page's 一般公共预算收入 (增加 3,959.28) agrees."""
    r = run_cross_rules(link([_x("004"), _x("042")]), select=["D001"])
    counts = r.outcomes["D001"].counts
    assert counts["pass"] >= 4
    found = r.all_findings()
    assert found and all(f.severity == "warning" for f in found)
    assert {(Path(f.location.path).name[:3], f.location.page) for f in found} >= {("042", 25)}
    fiscal = [f for f in found if f.location.page != 24]
    assert all(f.actual == "[17981.97, 17981.99]" and f.expected.endswith(" [17981.68, 17981.68]")
               for f in fiscal)
    # p.24: 基本支出 13,994.31, 增加 1,670.85 → 上年 12,323.46, the figure 004's own text gives
    # (p.19), while 004's table prints 12,323.48 — the 2017 document disagrees with itself
    (basic,) = [f for f in found if f.location.page == 24]
    assert basic.actual == "[12323.45, 12323.47]" and basic.expected == "基本支出（全部资金） [12323.48, 12323.48]"


def test_one_sentence_giving_two_prior_figures_gives_two_keys():
    """042 p.25 y=575: "财政拨款收、支总计各增加 3,958.98 万元" gives the prior 收入总计 and 支出总计
    at one place with one value: the concept compared tells the two findings apart."""
    r = run_cross_rules(link([_x("004"), _x("042")]), select=["D001"])
    at = [f for f in r.all_findings() if f.location.page == 25]
    assert sorted(f.expected for f in at) == ["支出总计（财政拨款） [17981.68, 17981.68]",
                                              "财政拨款收入（全部资金） [17981.68, 17981.68]"]
    keys = [finding_key(f) for f in r.all_findings()]
    assert len(set(keys)) == len(keys) == 5


def test_prior_year_by_function_code_from_the_fiscal_table():
    """042 p.26 (财政拨款 by 项) against 004's 财政拨款支出预算表 p.12, read on the pages: 行政运行
    10,883.36, 增加 2,915.22 → 7,968.14 = 2040401; 一般行政管理事务 3,666, 增加 21.8 → 3,644.20 =
    2040402. 公诉、审判、侦查、执行等检察监督支出 1,895, 减少 134 → 2,029 is not 2017's 2040405
    公诉和审判监督 150.00: the 2018 class took in 2040404 查办和预防职务犯罪 480, 2040405 150, 2040406
    侦查监督 100 and 2040499 其他检察支出 1,299 (= 2,029), so the renamed code is not compared."""
    from budgetlens.rules.crossdoc import DocumentPair, PriorYearRule

    pair = DocumentPair.of(_x("004"), _x("042"))
    outcomes = {r.subject: r.outcome for r in PriorYearRule().check(pair)}
    assert outcomes["行政运行（项）支出 上年数"] == "pass"
    assert outcomes["一般行政管理事务（项）支出 上年数"] == "pass"
    assert outcomes["公诉、审判、侦查、执行等检察监督支出（项） 上年数"] == "insufficient_data"


def test_prior_year_needs_the_year_before():
    """人大常委会 2017 → 2019: the 2019 上年 figures are 2018's, not at hand."""
    r = run_cross_rules(link([_x("045"), _x("046"), _x("051")]), select=["D001"])
    assert r.outcomes["D001"].counts["not_applicable"] == 1
    assert r.all_findings() == []


def test_final_budget_column_against_the_budget():
    """019 (普陀区财政局 2024 决算) gives 三公 预算数 0.95 万元 (p.18); a 2024 预算 built from it."""
    final = _x("019")
    budget_facts = [replace(f, context=replace(f.context, period="current", basis="budget"))
                    for f in final.facts if f.context.period == "budget"]
    agreeing = replace(final, facts=budget_facts, info=replace(final.info, kind="budget"),
                       document=replace(final.document, path="budget-2024#built"))
    r = run_cross_rules(Links(budget_final=[(agreeing, final)]), select=["D002"])
    assert r.outcomes["D002"].counts["pass"] >= 1 and r.all_findings() == []
    differing = _scaled(agreeing, {"sangong.total"}, Decimal(2))
    r = run_cross_rules(Links(budget_final=[(differing, final)]), select=["D002"])
    (f,) = [f for f in r.all_findings() if "0.95" in f.message]
    assert f.severity == "warning" and f.location.path == final.path


def test_unit_never_larger_than_its_department():
    """052 is the 单位 budget of 商务委; its 部门 budget is not in the corpus: built from it."""
    unit = _x("052")
    totals = {"expenditure.total", "revenue.total"}
    larger = _scaled(unit, totals, Decimal("1.5"), scope="department")
    smaller = _scaled(unit, totals, Decimal("0.5"), scope="department")
    links = link([larger, unit])
    assert [(a is larger, b is unit) for a, b in links.department_unit] == [(True, True)]
    ok = run_cross_rules(links, select=["D003"])
    assert ok.outcomes["D003"].counts["pass"] == 2 and ok.all_findings() == []
    bad = run_cross_rules(Links(department_unit=[(smaller, unit)]), select=["D003"])
    assert len(bad.all_findings()) == 2
    assert all(f.severity == "error" and f.location.path == unit.path for f in bad.all_findings())


def test_versions_compared_figure_by_figure():
    x = _x("053")
    assert compare_versions(x, x) == []
    target = next(f for f in x.facts if f.source == "table" and f.concept == "expenditure.total")
    changed = replace(x, facts=[replace(f, value=Amount(f.value.value + 1, f.value.precision, "changed",
                                                       f.value.unit)) if f is target else f for f in x.facts])
    (c,) = compare_versions(x, changed)
    assert c.change == "修改" and c.before == target.value.text and c.after == "changed"


def test_unit_named_among_the_departments_units_is_linked():
    """014 lists its units (p.4: "2. 上海市普陀区万里街道社区事务受理服务中心"); a 单位 budget of one of them, built from 014's
    figures at a tenth, links to 014 and stays within it."""
    dept = _x("014")
    unit_name = "上海市普陀区万里街道社区事务受理服务中心"
    assert unit_name in {u.name for u in dept.info.units}
    unit = _scaled(dept, {"expenditure.total", "revenue.total"}, Decimal("0.1"),
                   department=unit_name, scope="unit")
    links = link([dept, unit])
    assert [(a is dept, b is unit) for a, b in links.department_unit] == [(True, True)]
    r = run_cross_rules(links, select=["D003"])
    assert r.outcomes["D003"].counts["pass"] == 2 and r.all_findings() == []


def test_two_versions_of_one_disclosure_are_linked_as_versions():
    x = _x("053")
    again = replace(x, document=replace(x.document, path=x.document.path + "#republished"))
    links = link([x, again])
    assert len(links.versions) == 1 and links.series == [] and links.unlinked == []
