"""What a document says about its own content, read once by the pipeline (Extraction.disclosure)."""

from __future__ import annotations

from budgetlens.pipeline import extract
from conftest import corpus_file


def test_liujiang_2022_budget_disclosure():
    d = extract(str(corpus_file("liujiang-gov-service-center-2022-budget.txt"))).disclosure
    # line 36: “（详见附表）”, the only reference to tables, none listed by name
    assert [(r.kind, r.text, r.location.line) for r in d.references] == [(None, "（详见附表）", 36)]
    # 机关运行经费 at line 112, 名词解释 at line 128; no reason given for 收支增减
    assert d.explained["admin_operating"].line == 112
    assert d.explained["glossary"].line == 128
    assert "income_expenditure_change" not in d.explained
    # where the missing 原因 belongs: “一、2022年收支总体情况的说明” (line 39)
    assert d.expected_place["income_expenditure_change"].line == 39
    # line 78: “政府性基金预算支出0万元，国有资本经营预算支出0万元”
    assert set(d.stated_empty) == {"gov_fund_expenditure", "state_capital_expenditure"}
    assert d.stated_empty["gov_fund_expenditure"].location.line == 46
    assert not d.institution_like and not d.no_sangong and d.skipped_parts == []


def test_a_university_reads_as_an_institution():
    # 西南大学 2021 预算: a 事业单位 whose text never calls itself a 行政单位
    x = extract(str(corpus_file("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf")))
    assert x.info.department == "西南大学"
    assert x.disclosure.institution_like
