"""A rules on the corpus documents themselves: real errors found, rounding never reported.

The cases of each rule (a failing and a passing one, typed from the corpus) are data:
tests/rules/cases/A00N.yaml, run by test_rule_cases.py.
"""

from __future__ import annotations

import pytest

from budgetlens.check import check_path
from conftest import corpus_file


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
