"""U rules: a table's unit line off by 10,000; 元 written where 万元 is meant."""

from __future__ import annotations

from budgetlens.check import check_path
from conftest import corpus_file
from rule_kit import claim, col, counts, extraction, run, table, trow

S = "2024年部门支出总预算4,555.35万元"  # liuzhou-gov-office-2024-budget.md line 103


def _setup(total: str, unit: str):
    t = table(
        "expenditure", [col("合计")], [trow("合计", {"合计": total}, line=317)], money_unit=unit
    )
    c = claim("amount", "部门支出总预算", "4,555.35", 103, S, concept="expenditure.current")
    return extraction([t], [c])


def test_u001_table_in_yuan_next_to_text_in_wanyuan_is_fine():
    r = run("U001", _setup("45,553,500.00", "元"))
    assert r.findings == [] and counts(r, "U001")["pass"] == 1


def test_u001_table_labelled_wanyuan_but_printed_in_yuan():
    found = run("U001", _setup("45,553,500.00", "万元")).findings
    assert len(found) == 1 and "一万倍" in found[0].message


def test_u002_change_written_in_yuan():
    # liujiang-gov-service-center-2022-budget.txt line 52
    s = "（1）一般公共服务类科目支出预算540.59万元，占支出总预算80%，同比减少134.6元，同比下降20%；"
    claims = [
        claim("amount", "一般公共服务", "540.59", 52, s),
        claim("change", "一般公共服务", "134.6", 52, s, unit="元", direction=-1),
        claim("growth", "一般公共服务", "20%", 52, s, unit=None, direction=-1),
    ]
    found = run("U002", extraction([], claims)).findings
    assert len(found) == 1 and found[0].expected == "134.6万元"


def test_u002_change_really_in_yuan_passes():
    s = "办公费540.59万元，同比减少134.6元，同比下降0.0025%"
    claims = [
        claim("amount", "办公费", "540.59", 9, s),
        claim("change", "办公费", "134.6", 9, s, unit="元", direction=-1),
        claim("growth", "办公费", "0.0025%", 9, s, unit=None, direction=-1),
    ]
    r = run("U002", extraction([], claims))
    assert r.findings == [] and counts(r, "U002")["pass"] == 1


def test_corpus_2022_yuan_slip_found():
    r = check_path(str(corpus_file("liujiang-gov-service-center-2022-budget.txt")), select=["U"])
    assert [(f.rule, f.location.line) for f in r.findings] == [("U002", 52)]


def test_u002_amount_in_yuan_equal_to_table_wanyuan_figure():
    # liuzhou-gov-office-2024-budget.md line 317 (表3 合计 4,555.35 万元) against a sentence
    # that writes the same digits in 元
    t = table("expenditure", [col("合计")], [trow("合计", {"合计": "4,555.35"}, line=317)])
    bad = claim(
        "amount",
        "支出总预算",
        "4,555.35",
        103,
        "支出总预算4,555.35元",
        unit="元",
        concept="expenditure.current",
    )
    found = run("U002", extraction([t], [bad])).findings
    assert len(found) == 1 and "单位应为万元" in found[0].message
    good = claim(
        "amount",
        "支出总预算",
        "45,553,500",
        103,
        "支出总预算45,553,500元",
        unit="元",
        concept="expenditure.current",
    )
    r = run("U002", extraction([t], [good]))
    assert r.findings == [] and counts(r, "U002")["pass"] == 1
