"""S rules: how item sentences are read, and the findings on the corpus documents themselves.
Each rule's failing and passing cases are data: tests/rules/cases/S00N.yaml.
"""

from __future__ import annotations

import pytest

from budgetlens.check import check_path
from budgetlens.readers import read
from budgetlens.recognize.claims_statements import read_statements
from budgetlens.rules import REGISTRY, missing_doc_sections
from conftest import corpus_file

S_CODES = [f"S{i:03d}" for i in range(1, 11)]

BUDGET_2023 = "上海市普陀区万里街道办事处2023年部门预算\n\n部门预算编制说明\n\n"
FINAL_2024 = "上海市普陀区财政局2024年度部门决算\n\n第三部分上海市普陀区财政局2024年度部门决算情况说明\n\n"


def test_every_s_rule_documented():
    for code in S_CODES:
        assert missing_doc_sections(REGISTRY[code]) == [], code


# -- recognition -----------------------------------------------------------------------

# 014 p.7 item 16, as printed
ITEM_16 = ("16. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）”"
           "220.63万元，主要用于机关事业单位职业年金缴费支出。2022年当年预算执行数为132.59万元，"
           "2023年预算安排441.25万元，比2022年预算执行数增加60.54%。主要原因是：事业单位离退休经费增加。\n")
# 014 p.7 item 15, as printed
ITEM_15 = ("15. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”"
           "441.25万元，主要用于机关事业单位基本养老保险缴费支出。2022年当年预算执行数为274.85万元，"
           "2023年预算安排441.25万元，比2022年预算执行数增加 60.54%。主要原因是：机关事业单位基本养老保险缴费支出经费增加。\n")


def test_year_style_sentence_is_read_whole(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(BUDGET_2023 + ITEM_16, encoding="utf-8")
    s = read_statements(read(str(path)))
    (c,) = s.comparisons
    assert c.style == "year"
    assert c.subject.endswith("机关事业单位职业年金缴费支出（项）")
    assert c.bases["预算执行数"].amount.text == "132.59万元"
    assert c.value.amount.text == "441.25万元"
    assert (c.word, c.direction, c.rate.amount.text) == ("增加", 1, "60.54%")
    assert (c.base_year, c.current_year, c.compared_year) == (2022, 2023, 2022)
    (r,) = s.restated
    assert (r.head.amount.text, r.again.amount.text, r.year) == ("220.63万元", "441.25万元", 2023)


def test_final_style_sentence_is_read_whole(tmp_path):
    # 021 p.18, as printed (spaces of the PDF text layer kept)
    text = FINAL_2024 + ("一般公共预算财政拨款支出年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，"
                         "完成年初预算的 95.89%。决算数小于预算数的主要原因：人员经费支出数小于预算数。\n")
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    (c,) = read_statements(read(str(path))).comparisons
    assert c.style == "final"
    assert {k: v.amount.text for k, v in c.bases.items()} == {"年初预算": "0万元", "全年预算": "321.02万元"}
    assert c.value.amount.text == "307.82万元"
    assert (c.rate.amount.text, c.rate_base, c.word, c.word_base) == ("95.89%", "年初预算", "小于", "预算")


# -- corpus ------------------------------------------------------------------------------

def test_corpus_shanghai_items_are_checked():
    """014's 34 item sentences: two rates and one restated amount are wrong (p.6 item 3,
    p.7 item 16), the rest agree with their figures."""
    result = check_path(str(corpus_file("original/014_shanghai-putuo_wanlijiedao_2023_yusuan.pdf")),
                        select=["S001", "S002", "S003"])
    errors = sorted((f.rule, f.location.page, f.actual) for f in result.findings if f.severity == "error")
    assert errors == [("S002", 6, "[314.815, 314.825]"), ("S002", 7, "[60.535, 60.545]"),
                      ("S003", 7, "441.25万元")]
    assert result.outcomes["S001"].counts["pass"] == 34
    assert result.outcomes["S002"].counts["pass"] == 28  # 32 rates, 2 from a zero base


@pytest.mark.parametrize("name", ["liujiang-gov-office-2017-final.txt",
                                  "original/021_shanghai-putuo_quweishehuigongzuobu_2024_juesuan.pdf"])
def test_corpus_final_account_words_agree(name):
    result = check_path(str(corpus_file(name)), select=["S001"])
    assert [f for f in result.findings] == []
    assert result.outcomes["S001"].counts["pass"] >= 9


def test_corpus_template_keeps_its_placeholders_as_warnings():
    """The blank 普陀区 2026 template is all placeholders: warnings, never errors."""
    result = check_path(str(corpus_file("original/901_EDGE_shanghai-putuo_blank-template_2026_yusuan-danwei.xls")),
                        select=["S007"])
    assert result.findings and {f.severity for f in result.findings} == {"warning"}


# -- totals stated in prose (bound so that the N rules compare them) ---------------------

@pytest.mark.parametrize("subject, concept, scope", [
    ("上海市普陀区财政局收入支出总计", "expenditure.total", None),  # 019 p.21
    ("上海市普陀区财政局财政拨款收入支出总计", "expenditure.total", "fiscal"),  # 019 p.21
    ("江苏省高级人民法院收入预算总计", "revenue.total", None),  # 006 p.17
    ("支出预算总计", "expenditure.total", None),  # 042 p.23
    ("省检察院财政拨款收入总预算", "revenue.fiscal", "all"),  # 004 p.20
    ("省检察院财政拨款支出总预算", "expenditure.total", "fiscal"),  # 004 p.20
])
def test_prose_totals_are_bound_to_concepts(subject, concept, scope):
    from budgetlens.taxonomy.subjects import resolve

    r = resolve(subject)
    assert (r.concept, r.scope) == (concept, scope)


@pytest.mark.parametrize("subject", ["其他资金收入预算总计", "电子政务中心项目支出", "所属各单位收入总计"])
def test_parts_named_like_totals_stay_unbound(subject):
    from budgetlens.taxonomy.subjects import resolve

    assert resolve(subject).concept not in ("revenue.total", "expenditure.total", "expenditure.project")


def test_corpus_prose_total_against_table():
    """019 p.21 says 财政拨款收入支出总计 0.3万元; its 财政拨款收入支出决算总表 (p.13) 总计 is
    2,961.68. 021 p.17 says 307.82万元, as its table does."""
    bad = check_path(str(corpus_file("original/019_shanghai-putuo_caizhengju_2024_juesuan.pdf")), select=["N001"])
    assert [(f.severity, f.location.page, f.actual) for f in bad.findings] == [("error", 21, "[0.25, 0.35]")]
    good = check_path(str(corpus_file("original/021_shanghai-putuo_quweishehuigongzuobu_2024_juesuan.pdf")),
                      select=["N001"])
    assert good.findings == [] and good.outcomes["N001"].counts["pass"] > 0


def test_corpus_roughly_level_items_are_checked():
    """019 p.21–22: three 决算 items "年初预算为10.00万元，支出决算为10.00万元。决算数与预算数基本持平"
    (also 0.94/0.94 and 258.50/258.50) are read with their word, beside the nine 大于/小于 items (item 6,
    "年初预算为" then "161.62万元，支出决算为160.75万元" on the next line, among them)."""
    result = check_path(str(corpus_file("original/019_shanghai-putuo_caizhengju_2024_juesuan.pdf")),
                        select=["S001"])
    assert result.findings == []
    assert result.outcomes["S001"].counts["pass"] == 12


# 019 p.22 item 11, as printed
ITEM_11 = ("11、住房保障支出（类）住房改革支出（款）购房补贴（项）。主要用于：缴纳在职人员住房购房补贴。"
           "年初预算为258.50万元，支出决算为{actual}万元。决算数与预算数基本持平。\n")


@pytest.mark.parametrize(("actual", "found"), [
    ("258.50", []),
    ("257.50", []),  # 99.6% of the budget: level at the precision a rate is written
    ("528.50", [("warning", "大于", "基本持平")]),
])
def test_roughly_level_allows_no_difference_that_shows_as_a_rate(tmp_path, actual, found):
    path = tmp_path / "doc.txt"
    path.write_text(FINAL_2024 + ITEM_11.format(actual=actual), encoding="utf-8")
    result = check_path(str(path), select=["S001"])
    assert [(f.severity, f.expected, f.actual) for f in result.findings] == found
