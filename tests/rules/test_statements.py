"""S rules: a failing and a passing case for each, on minimal documents written from real
corpus sentences (file and page cited), then the findings on the corpus documents themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.check import check_path
from budgetlens.readers import read
from budgetlens.recognize.claims_statements import read_statements
from budgetlens.rules import REGISTRY, missing_doc_sections
from conftest import corpus_file

S_CODES = [f"S{i:03d}" for i in range(1, 11)]

BUDGET_2023 = "上海市普陀区万里街道办事处2023年部门预算\n\n部门预算编制说明\n\n"
FINAL_2024 = "上海市普陀区财政局2024年度部门决算\n\n第三部分上海市普陀区财政局2024年度部门决算情况说明\n\n"


def findings(tmp_path: Path, text: str, code: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = check_path(str(path), select=[code])
    return [f for f in result.findings if f.rule == code], result.outcomes[code]


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


# -- S001 comparison word ----------------------------------------------------------------

def test_s001_passes_increase_word_of_real_item(tmp_path):
    found, outcome = findings(tmp_path, BUDGET_2023 + ITEM_15, "S001")
    assert found == [] and outcome.counts["pass"] == 1


def test_s001_fails_increase_word_over_falling_figures(tmp_path):
    # 014 p.8 item 25 with its word turned: 2695.80 -> 1837.36 is a fall
    text = BUDGET_2023 + ("25. “城乡社区支出（类）城乡社区管理事务（款）行政运行（项）”1837.36万元，主要用于行政运行。"
                          "2022年当年预算执行数为 2695.80万元，2023年预算安排1837.36万元，比2022年预算执行数增加31.84%。\n")
    (f,), _ = findings(tmp_path, text, "S001")
    assert f.severity == "error" and f.expected == "减少" and f.actual == "增加"


def test_s001_checks_final_style_word(tmp_path):
    # liujiang-gov-office-2017-final.txt l.1202, as printed: 9.32 > 0.13, "大于" passes
    ok = FINAL_2024 + ("6.社会保障和就业支出（类）行政事业单位离退休（款）归口管理的行政单位离退休（项）年初预算为0.13万元，"
                       "支出决算为9.32万元，完成年初预算的7169.23%。决算数大于预算数的主要原因是年中追加离退休人员的生活补助。\n")
    found, outcome = findings(tmp_path, ok, "S001")
    assert found == [] and outcome.counts["pass"] == 1
    bad = ok.replace("决算数大于预算数", "决算数小于预算数")
    (f,), _ = findings(tmp_path, bad, "S001", "bad.txt")
    assert f.severity == "error" and f.expected == "大于"


def test_s001_word_the_written_digits_cannot_settle_is_a_warning(tmp_path):
    # liujiang-gov-office-2017-final.txt l.1198 with its word turned: 45.03 vs 45.02 may touch
    text = FINAL_2024 + ("3.一般公共服务（类）政府办公厅（室）及相关机构事务（款）法制建设（项）年初预算为45.02万元，"
                         "支出决算为45.03万元，完成年初预算的100.02%。决算数小于预算数的主要原因是上年度结转。\n")
    (f,), _ = findings(tmp_path, text, "S001")
    assert f.severity == "warning"


def test_s001_level_word_with_equal_figures_passes(tmp_path):
    # 014 p.7 item 8, as printed
    text = BUDGET_2023 + ("8. “公共安全支出（类）司法（款）公共法律服务（项）”15.00万元，主要用于公共法律服务。"
                          "2022年当年预算执行数为15.00万元，2023年预算安排15.00万元，比2022年预算执行数持平。\n")
    found, outcome = findings(tmp_path, text, "S001")
    assert found == [] and outcome.counts["pass"] == 1


# -- S002 comparison rate ----------------------------------------------------------------

def test_s002_passes_real_rate(tmp_path):
    found, outcome = findings(tmp_path, BUDGET_2023 + ITEM_15, "S002")
    assert found == [] and outcome.counts["pass"] == 1


def test_s002_fails_rate_copied_from_item_above(tmp_path):
    (f,), _ = findings(tmp_path, BUDGET_2023 + ITEM_16, "S002")
    assert f.severity == "error"
    assert f.expected == "[232.78, 232.81]"
    assert "60.54%" in f.message


def test_s002_zero_base_is_not_recomputed(tmp_path):
    # 014 p.6 item 2, as printed: from 0万元 the 100.00% is a convention, not a rate
    text = BUDGET_2023 + ("2. “一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”60.13万元，主要用于统计管理。"
                          "2022年当年预算执行数为 0万元，2023年预算安排60.13万元，比2022年预算执行数增加100.00%。\n")
    found, outcome = findings(tmp_path, text, "S002")
    assert found == [] and outcome.counts["not_applicable"] == 1


def test_s002_completion_rate_on_the_other_budget_is_a_warning(tmp_path):
    text = FINAL_2024 + ("一般公共预算财政拨款支出年初预算为 0 万元，全年预算为 321.02 万元，支出决算为 307.82 万元，"
                         "完成年初预算的 95.89%。\n")
    (f,), _ = findings(tmp_path, text, "S002")
    assert f.severity == "warning" and (f.expected, f.actual) == ("全年预算", "年初预算")
    right = text.replace("完成年初预算的", "完成全年预算的")
    found, outcome = findings(tmp_path, right, "S002", "right.txt")
    assert found == [] and outcome.counts["pass"] == 1


# -- S003 restated item ------------------------------------------------------------------

def test_s003_fails_item_with_two_amounts(tmp_path):
    (f,), _ = findings(tmp_path, BUDGET_2023 + ITEM_16, "S003")
    assert f.severity == "error" and (f.expected, f.actual) == ("220.63万元", "441.25万元")


def test_s003_passes_item_stated_alike(tmp_path):
    found, outcome = findings(tmp_path, BUDGET_2023 + ITEM_15, "S003")
    assert found == [] and outcome.counts["pass"] == 1


# -- S004 compared year ------------------------------------------------------------------

def test_s004_prior_year_passes_same_year_fails(tmp_path):
    # 053 p.6, as printed ("比2024年预算增加3,355.65万元" in a 2025 budget)
    line = "支出预算18,976.76万元，其中：财政拨款支出预算18,976.76万元，比2024年预算增加3,355.65万元。\n"
    head = "普陀区万里街道办事处2025年部门预算\n\n部门预算编制说明\n\n"
    found, outcome = findings(tmp_path, head + line, "S004")
    assert found == [] and outcome.counts["pass"] == 1
    (f,), _ = findings(tmp_path, head + line.replace("比2024年", "比2025年"), "S004", "bad.txt")
    assert f.severity == "error" and (f.expected, f.actual) == ("2024", "2025")


# -- S005 as-of year ----------------------------------------------------------------------

def test_s005_asset_note_of_a_final_account(tmp_path):
    # 019 p.24, as printed
    line = "截至2024年12月31日，上海市普陀区财政局共有车辆0辆，其中：部级领导干部用车0辆。\n"
    found, outcome = findings(tmp_path, FINAL_2024 + line, "S005")
    assert found == [] and outcome.counts["pass"] == 1
    (f,), _ = findings(tmp_path, FINAL_2024 + line.replace("2024年12月", "2023年12月"), "S005", "bad.txt")
    assert f.severity == "error" and (f.expected, f.actual) == ("2024", "2023")


# -- S006 own name -----------------------------------------------------------------------

def test_s006_heading_of_another_year_fails(tmp_path):
    text = FINAL_2024 + "一、收入支出决算总体情况说明\n\n上海市普陀区财政局2024年度收入支出总计2995.39万元。\n"
    found, outcome = findings(tmp_path, text, "S006")
    assert found == [] and outcome.counts["pass"] >= 1
    bad = text.replace("第三部分上海市普陀区财政局2024年度", "第三部分上海市普陀区财政局2023年度")
    (f,), _ = findings(tmp_path, bad, "S006", "bad.txt")
    assert f.severity == "error" and f.actual == "2023年度部门决算"


def test_s006_unit_budget_calling_itself_department_is_a_warning(tmp_path):
    head = "上海市2025年市级单位预算\n\n2025年单位预算编制说明\n\n"
    # 010 p.21, as printed
    line = "2025年部门预算安排购置车辆0辆，其中：部级领导干部用车0辆、主要领导干部用车0辆。\n"
    (f,), _ = findings(tmp_path, head + line, "S006")
    assert f.severity == "warning" and f.actual == "2025年部门预算"
    found, _ = findings(tmp_path, head + line.replace("部门预算", "单位预算"), "S006", "ok.txt")
    assert found == []


# -- S007 placeholders -------------------------------------------------------------------

TABLE = ("表1 收支总表\n项目\t金额\n本年收入合计\t16,497.86\n")


def test_s007_placeholder_in_a_filled_document_fails(tmp_path):
    # the 普陀区 2026 template's asset sentence, left in a document with figures
    text = BUDGET_2023 + "截至2022年8月31日，XX（单位）共有车辆XX辆，其中：部级领导干部用车0辆。\n\n" + TABLE
    (f,), _ = findings(tmp_path, text, "S007")
    assert f.severity == "error" and f.actual == "XX"


def test_s007_filled_text_passes(tmp_path):
    text = BUDGET_2023 + "截至2022年8月31日，万里街道办事处共有车辆2辆。\n\n" + TABLE
    found, outcome = findings(tmp_path, text, "S007")
    assert found == [] and outcome.counts["pass"] == 1


# -- S008 empty reason -------------------------------------------------------------------

def test_s008_reason_left_empty_fails(tmp_path):
    text = FINAL_2024 + "一、收入支出决算总体情况说明\n\n收入支出总计减少56.95万元，下降1.87%。主要原因是。\n\n二、收入决算情况说明\n"
    (f,), _ = findings(tmp_path, text, "S008")
    assert f.severity == "error" and f.actual == "主要原因是。"


def test_s008_reason_in_the_next_paragraph_passes(tmp_path):
    # 019 p.21, as printed: "主要原因：" ends the paragraph, the reason is the next one
    text = FINAL_2024 + ("四、财政拨款收入支出决算总体情况说明\n\n上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。"
                         "与2023年度相比，财政拨款收入支出总计持平。主要原因：\n\n"
                         "基本支出中人员进出及退休变化，以及项目支出中合同支付进度条款等原因减少支付。\n")
    found, outcome = findings(tmp_path, text, "S008")
    assert found == [] and outcome.counts["pass"] == 1


# -- S009 empty-table note ---------------------------------------------------------------

def _fund_table(title: str, note: str) -> str:
    return (f"{title}\n单位：万元\n科目编码\t科目名称\t合计\n合计\t\t\n{note}\n")


def test_s009_note_naming_the_other_fund_fails(tmp_path):
    # 011 p.17's note moved under the 政府性基金 table
    text = BUDGET_2023 + _fund_table("表6 2023年部门政府性基金预算支出功能分类预算表",
                                     "注:本部门2023年无国有资本经营预算财政拨款安排的预算，故本表为空表。")
    (f,), _ = findings(tmp_path, text, "S009")
    assert f.severity == "error" and (f.expected, f.actual) == ("政府性基金", "国有资本经营")


def test_s009_note_naming_its_own_fund_passes(tmp_path):
    text = BUDGET_2023 + _fund_table("表6 2023年部门政府性基金预算支出功能分类预算表",
                                     "注:本部门2023年无政府性基金预算财政拨款安排的预算，故本表为空表。")
    found, outcome = findings(tmp_path, text, "S009")
    assert found == [] and outcome.counts["pass"] == 1


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


def test_s007_template_instruction_left_under_a_table_fails(tmp_path):
    # 021 p.15, as printed under the empty 政府性基金 table of a filled document
    text = (FINAL_2024 + TABLE + "\n注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。\n"
            "无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明：\n")
    (f,), _ = findings(tmp_path, text, "S007")
    assert f.severity == "error" and f.actual == "仍保留该表格式、作下述说明"


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


# -- S010 increase above amount ----------------------------------------------------------

# 014 p.6, as printed
SPENDING_2023 = ("支出预算16497.86万元，其中：财政拨款支出预算16497.86万元，比2022年预算增加1421.25万元。"
                 "财政拨款支出预算中，一般公共预算拨款支出预算16497.86万元，比2022年预算增加1421.25万元；"
                 "政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元；国有资本经营预算拨款支出预算0万元，"
                 "比2022年预算持平。\n")


def test_s010_increase_above_a_zero_amount_fails_and_the_others_pass(tmp_path):
    (f,), outcome = findings(tmp_path, BUDGET_2023 + SPENDING_2023, "S010")
    assert f.severity == "error" and f.actual == "1421.25万元" and f.expected == "≤ 0万元"
    assert outcome.counts["pass"] == 2  # 16497.86 − 1421.25 twice


def test_s002_change_amount_of_an_item_sentence(tmp_path):
    # 014 p.6 item 1 written with an amount instead of a rate: 2.63 − 1.48 = 1.15
    text = BUDGET_2023 + ("1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元，主要用于统计管理。"
                          "2022年当年预算执行数为1.48 万元，2023年预算安排2.63万元，比2022年预算执行数增加1.15万元。\n")
    found, outcome = findings(tmp_path, text, "S002")
    assert found == [] and outcome.counts["pass"] == 1
    (f,), _ = findings(tmp_path, text.replace("增加1.15万元", "增加1.51万元"), "S002", "bad.txt")
    assert f.severity == "error" and f.expected == "[1.14, 1.16]"


def test_s004_item_sentence_years(tmp_path):
    found, outcome = findings(tmp_path, BUDGET_2023 + ITEM_15, "S004")
    assert found == [] and outcome.counts["pass"] == 3  # 比2022年…, 2022年执行数, 2023年预算安排
    (f,), _ = findings(tmp_path, BUDGET_2023 + ITEM_15.replace("2023年预算安排", "2022年预算安排"),
                       "S004", "bad.txt")
    assert f.severity == "error" and (f.expected, f.actual) == ("2023", "2022")


def test_s006_names_of_notices_and_executions_are_not_self_names(tmp_path):
    # 047 p.6, as printed, and an execution heading of the year before
    text = ("江苏省政协办公厅2017年度部门预算\n\n"
            "根据《江苏省财政厅关于编制省级 2017 年部门预算和 2017-2019年财政规划的通知》文件精神，完整规范编制了"
            " 2017年度江苏省政协办公厅部门预算。\n\n（三）2016年部门预算执行情况\n")
    found, _ = findings(tmp_path, text, "S006")
    assert found == []
