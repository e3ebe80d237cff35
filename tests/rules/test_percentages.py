"""P rules on the corpus: every error they raise on the five corpus texts, each verified by
reading the document, and shares whose whole is stated far from them. The cases of each rule
(a failing and a passing one, on claims typed from the corpus sentences) are data:
tests/rules/cases/P00N.yaml, run by test_rule_cases.py.
"""

from __future__ import annotations

import pytest

from budgetlens.rules import REGISTRY, missing_doc_sections
from budgetlens.rules.context import CheckContext
from budgetlens.rules.percentages import ShareRule

# -- documentation ------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["P001", "P002", "P003", "P004", "P005"])
def test_rule_documented(code):
    assert missing_doc_sections(REGISTRY[code]) == []


# -- the corpus ---------------------------------------------------------------------------

P_CODES = ["P001", "P002", "P003", "P004", "P005"]

# every error-severity P finding on the five texts, each verified by reading the document
EXPECTED_ERRORS = {
    "liuzhou-gov-office-2019-budget.txt": {("P002", 142), ("P001", 201)},
    "liuzhou-gov-office-2024-budget.md": set(),
    "liujiang-gov-service-center-2022-budget.txt": set(),
    "liujiang-gov-office-2017-final.txt": {("P002", 1178), ("P005", 1224), ("P002", 1226)},
    "dianjiang-gov-office-2024-budget.txt": set(),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_ERRORS))
def test_corpus_errors(name):
    from budgetlens.check import check_path
    from conftest import corpus_file

    result = check_path(str(corpus_file(name)), select=P_CODES)
    errors = {(f.rule, f.location.line) for f in result.findings if f.severity == "error"}
    assert errors == EXPECTED_ERRORS[name]


def test_corpus_2017_two_growth_errors_on_one_line():
    # l.1178: 收、支总计各减113.97万元、76.78万元，下降了7.13%、51.85% (should be 7.15% and 5.19%)
    from budgetlens.check import check_path
    from conftest import corpus_file

    result = check_path(str(corpus_file("liujiang-gov-office-2017-final.txt")), select=["P002"])
    msgs = sorted(f.message for f in result.findings if f.location.line == 1178)
    assert len(msgs) == 2
    assert any("51.85%" in m and "[5.18, 5.19]" in m for m in msgs)
    assert any("7.13%" in m for m in msgs)


def test_one_rate_read_for_two_subjects_is_one_finding(tmp_path):
    """042 p.23, as printed: the rate of "收、支预算总计各增加…" is one written figure."""
    from budgetlens.check import check_path

    path = tmp_path / "doc.txt"
    path.write_text("江苏省人民检察院2018年部门预算\n\n一、收支预算总体情况说明\n\n"
                    "江苏省人民检察院 2018 年度收入、支出预算总计 21,955.35 万元，与上年相比收、支预算总计"
                    "各增加 3,958.67 万元，增长 21.95 %。\n", encoding="utf-8")
    result = check_path(str(path), select=["P002"])
    assert [(f.severity, f.actual) for f in result.findings] == [("error", "[21.945, 21.955]")]


def _share_outcomes(name: str) -> dict[str, str]:
    from budgetlens.pipeline import extract
    from conftest import corpus_file

    ctx = CheckContext(extract(str(corpus_file(name))))
    return {r.subject: r.outcome for r in ShareRule().check(ctx)}


def test_share_whole_named_in_the_lead_in_is_taken_from_earlier_text():
    # liujiang 2017 l.1232: "2017年度“三公”经费财政拨款支出决算中，因公出国（境）费支出决算3.5万元，
    # 占2.33%；公务用车购置及运行费…24.22万元，占16.16%；公务接待费…122.12万元，占81.50%": the
    # sentence names the 三公 total (149.84万元, stated before): 3.5 / 149.84 = 2.34%, 24.22 /
    # 149.84 = 16.16%, 122.12 / 149.84 = 81.50%
    got = _share_outcomes("liujiang-gov-office-2017-final.txt")
    assert got["公务用车购置及运行费 占比 16.16%"] == "pass"
    assert got["公务接待费 占比 81.50%"] == "pass"


def test_share_items_of_a_list_split_over_paragraphs_keep_the_lists_whole():
    # 042 p.25: "省检察院本年支出预算合计 21,955.35 万元，其中：基本支出 13,994.31万元，占 63.75%；"
    # then, printed as their own paragraphs, "项目支出 5,573 万元，占 25.38%；" (5,573 / 21,955.35 =
    # 25.38%) and "单位预留机动经费 2,388.04 万元，占 10.87%。" (10.877%: cut, a warning)
    got = _share_outcomes("042_jiangsu_jianchayuan_2018_yusuan.pdf")
    assert got["项目支出 占比 25.38%"] == "pass"
    assert got["单位预留机动经费 占比 10.87%"] == "fail"


def test_sangong_shares_against_the_sangong_subtotal_of_the_table():
    # 006 p.22: "因公出国（境）费支出 170 万元，占“三公” 经费的 27.39%；公务用车运行维护费支出 266.8 万元，
    # 占…42.98%；公务接待费支出 183.95 万元，占…29.63%": the text states no 三公 total; the table
    # (p.14) gives “三公”经费 小计 620.75 beside a 合计 2,558.26 that adds 会议费 and 培训费.
    # 170/620.75 = 27.39%, 266.8/620.75 = 42.98%, 183.95/620.75 = 29.63%: all pass.
    from budgetlens.check import check_path
    from conftest import corpus_file

    r = check_path(str(corpus_file("006_jiangsu_gaojifayuan_2018_yusuan.pdf")), select=["P001"])
    assert [f for f in r.findings if f.location.page == 22] == []
    assert r.outcomes["P001"].counts["pass"] >= 3


def test_sangong_shares_of_a_complete_list_take_its_sum_as_the_whole():
    # 043 p.12 (printed 10), a narrative-only file: "因公出国（境）费支出70万元，占“三公”经费的13.77%；
    # 公务用车购置及运行费支出411.20万元，占“三公”经费的80.92%；公务接待费支出27万元，占“三公”经费的
    # 5.31 %": the three are every part of 三公, so 三公 is 508.20 (70 and 27 written to 1万元).
    got = _share_outcomes("043_jiangsu_shengweibangongting_2019_yusuan.pdf")
    assert [got[k] for k in ("因公出国（境）费支出 占比 13.77%", "公务用车购置及运行费支出 占比 80.92%",
                             "公务接待费支出 占比 5.31%")] == ["pass", "pass", "pass"]


def test_sangong_shares_that_follow_from_no_whole_are_errors():
    # 045 p.28: 222.5, 183.6 and 427.5万元 "占“三公”经费的" 8.75%, 7.22%, 16.81%: 三公 is 833.60
    # (their sum, and the table's 三公经费), so the shares are 26.69%, 22.03%, 51.28%
    from budgetlens.check import check_path
    from conftest import corpus_file

    r = check_path(str(corpus_file("045_jiangsu_rendachangweihui_2017_yusuan.pdf")), select=["P001"])
    got = sorted((f.severity, f.expected) for f in r.findings if f.location.page == 28)
    assert got == [("error", "[22.02, 22.03]"), ("error", "[26.69, 26.7]"), ("error", "[51.28, 51.29]")]


def test_shares_of_a_complete_list_without_tables(tmp_path):
    # 043 p.12 as printed, then with 80.92% typed 80.29%: 411.20 / (70 + 411.20 + 27) is 80.75–81.07%
    from budgetlens.check import check_path

    lead = "江苏省委办公厅2019 年度一般公共预算拨款安排的“三公”经费预算支出中，"
    ok = ("因公出国（境）费支出70万元，占“三公” 经费的13.77%；公务用车购置及运行费支出411.20万元，占“三公”经费的"
          "80.92%；公务接待费支出27万元，占“三公”经费的 5.31 %。具体情况如下：")
    path = tmp_path / "doc.txt"
    path.write_text(f"江苏省委办公厅2019年部门预算\n\n九、三公经费\n\n{lead}{ok}\n", encoding="utf-8")
    assert check_path(str(path), select=["P001"]).findings == []
    path.write_text(f"江苏省委办公厅2019年部门预算\n\n九、三公经费\n\n{lead}{ok.replace('80.92', '80.29')}\n",
                    encoding="utf-8")
    got = [(f.severity, f.expected) for f in check_path(str(path), select=["P001"]).findings]
    assert got == [("error", "[80.75, 81.07]")]


def _growth_outcomes(name: str) -> dict[str, str]:
    from budgetlens.pipeline import extract
    from budgetlens.rules.percentages import GrowthRule
    from conftest import corpus_file

    ctx = CheckContext(extract(str(corpus_file(name))))
    return {r.subject: r.outcome for r in GrowthRule().check(ctx)}


def test_template_rate_with_nothing_this_year_and_no_change():
    # 046 p.9: "（2）政府性基金收入预算0万元，与上年相比增加（减少） 0万元，增长（减少）0%。主要原因是本部门无此项收入。"
    got = _growth_outcomes("046_jiangsu_rendachangweihui_2019_yusuan.pdf")
    assert got["政府性基金收入预算 增长率 0%"] == "pass"
    assert got["上年结转资金 增长率 0%"] == "pass"


def test_template_rate_that_is_not_zero_is_an_error(tmp_path):
    # liujiang-gov-service-center 2022 l.46 "2、政府性基金拨款0万元，同比增（减）0万元，同比增长（下降）0%。"
    # with the rate typed 2%: nothing this year and nothing changed leaves nothing to grow
    from budgetlens.check import check_path

    path = tmp_path / "doc.txt"
    path.write_text("柳江区政务服务中心2022年部门预算\n\n一、收入预算\n\n"
                    "2、政府性基金拨款0万元，同比增（减）0万元，同比增长（下降）2%。\n"
                    "3、其他收入0万元，同比增（减）0万元，同比增长（下降）0%。\n", encoding="utf-8")
    got = [(f.severity, f.expected, f.location.line) for f in check_path(str(path), select=["P002"]).findings]
    assert got == [("error", "0", 5)]


def test_comparison_opening_a_sentence_speaks_of_the_sentence_before():
    # 045 p.23–24: "1．一般公共服务支出 10528.33 万元，主要用于在职人员工资福利支出，…单位完成日常和特定工作
    # 任务的发展项目支出。与上年相比减少 17.89 万元，减少 0.17%。": 17.89 / (10528.33 + 17.89) = 0.17%
    got = _growth_outcomes("045_jiangsu_rendachangweihui_2017_yusuan.pdf")
    assert got["一般公共服务支出 增长率 0.17%"] == "pass"


LIUJIANG_1224 = ("2017年度“三公”经费财政拨款支出预算为472.49万元，支出决算为149.84万元，完成预算的31.73%。\n\n")
LIUJIANG_1232 = ("2017年度“三公”经费财政拨款支出决算中，因公出国（境）费支出决算3.5万元，占2.33%；公务用车购置及运行费"
                 "支出决算24.22万元，占{vehicle}%；公务接待费支出决算122.12万元，占81.50%。具体情况如下：\n")


@pytest.mark.parametrize(("vehicle", "found"), [("16.16", []), ("61.16", [("error", "[16.16, 16.17]")])])
def test_share_whole_named_in_the_lead_and_confirmed_by_the_list(tmp_path, vehicle, found):
    # liujiang 2017 l.1224 and l.1232: the 三公 决算 149.84万元 stated before, and the list
    # 3.5 + 24.22 + 122.12 = 149.84: the whole is certain, so a wrong share is an error
    from budgetlens.check import check_path

    path = tmp_path / "doc.txt"
    path.write_text("柳江区人民政府办公室2017年度部门决算\n\n七、“三公”经费\n\n" + LIUJIANG_1224
                    + LIUJIANG_1232.format(vehicle=vehicle), encoding="utf-8")
    got = [(f.severity, f.expected) for f in check_path(str(path), select=["P001"]).findings]
    assert got == found


def test_listed_parts_that_add_up_to_the_tables_whole_confirm_it():
    # 006 p.22: "因公出国（境）费支出 170 万元…公务用车运行维护费支出 266.8 万元…公务接待费支出 183.95 万元":
    # 170 + 266.8 + 183.95 = 620.75, the table's “三公”经费 小计 (p.14), so the shares are checked
    # against a whole that is certain (27.39%, 42.98%, 29.63%: all pass)
    from budgetlens.pipeline import extract
    from budgetlens.rules.percentages import _part_of
    from conftest import corpus_file

    ctx = CheckContext(extract(str(corpus_file("006_jiangsu_gaojifayuan_2018_yusuan.pdf"))))
    shares = [c for c in ctx.claims if c.kind == "share" and c.location.page == 22]
    wholes = {ShareRule._whole(ctx, c, _part_of(ctx, c))[0].text for c in shares}
    certain = {ShareRule._whole(ctx, c, _part_of(ctx, c))[1] for c in shares}
    assert len(shares) == 3 and certain == {True}
    assert wholes == {"620.75（表中数，即所列各项170万元+266.8万元+183.95万元之和）"}


def test_share_of_a_fund_named_without_a_figure_takes_the_breakdowns_head():
    # 022 p.12: "我校 2021年财政拨款支出预算 216,552.53万元，其中教育支出预算数为 207,796.18 万元，占本年
    # 财政拨款的 95.96%；科学技术支出预算数为 1,512.9 万元，占比 0.7%；住房改革支出预算数为 7,243.45万元，
    # 占比 3.34%。": 207,796.18 / 216,552.53 = 95.96%, 1,512.9 / … = 0.70%, 7,243.45 / … = 3.34%
    got = _share_outcomes("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf")
    assert [got[k] for k in ("教育 占比 95.96%", "科学技术 占比 0.7%", "住房改革 占比 3.34%")] == ["pass"] * 3


@pytest.mark.parametrize(("rate", "found"), [("0", []), ("2", [("error", "0")])])
def test_nothing_spent_is_no_share_of_the_budget(tmp_path, rate, found):
    # 019 p.23, as printed: "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的 0%，其中：
    # 因公出国（境）费决算为0.00万元，完成预算的0%；…" (the item's budget is not stated): 0.00 is 0% of any budget
    from budgetlens.check import check_path

    path = tmp_path / "doc.txt"
    path.write_text("上海市普陀区财政局2024年度部门决算\n\n七、“三公”经费\n\n"
                    "2024年度“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的 0%，其中：因公出国"
                    f"（境）费决算为0.00万元，完成预算的{rate}%；公务接待费支出决算为0.00万元，完成预算的0%。\n",
                    encoding="utf-8")
    got = [(f.severity, f.expected) for f in check_path(str(path), select=["P005"]).findings]
    assert got == found


@pytest.mark.parametrize(("basic", "found"), [("63.20", []), ("36.20", [("error", "[63.2, 63.21]")])])
def test_share_whole_confirmed_by_the_parts_that_add_up_to_it(tmp_path, basic, found):
    # liujiang 2017 l.1174: "本年支出合计1405.61万元，比2016年度决算数减少81.06万元，下降了5.45%，主要原因：…，
    # 其中：基本支出888.41万元，占63.20%；项目支出517.21万元， 占36.80%；经营支出0万元，占0%.": other figures
    # stand between the total and its parts, but 888.41 + 517.21 (+ 0) = 1405.62 is the total as written
    # (with 经营支出 bound, the whole is the three parts' sum: 888.41 / 1405.62 = 63.205%)
    from budgetlens.check import check_path

    text = ("本年支出合计1405.61万元，比2016年度决算数减少81.06万元，下降了5.45%，主要原因：落实中央“八项规定”和国内公务"
            f"接待规定，其中：基本支出888.41万元，占{basic}%；项目支出517.21万元， 占36.80%；经营支出0万元，占0%.\n")
    path = tmp_path / "doc.txt"
    path.write_text("柳江区人民政府办公室2017年度部门决算\n\n三、2017年度支出决算情况\n\n" + text, encoding="utf-8")
    got = [(f.severity, f.expected) for f in check_path(str(path), select=["P001"]).findings]
    assert got == found


def test_function_classes_and_carryforward_add_up_to_the_whole():
    # 022 p.11: "我校 2021年支出预算 490,808.40万元（本年支出预算 415,808.40万元），其中：教育支出 398,593.09 万元，
    # 占总支出的 81.21%；科学技术支出 1,512.90 万元，占 0.31%；住房保障支出 15,702.41 万元，占 3.2%；结转下年
    # 75,000.00 万元，占总支出的 15.28%。": the classes and 结转下年 add up to 490,808.40, so "占 0.31%" and
    # "占 3.2%" are shares of it for certain (1,512.90 / 490,808.40 = 0.31%, 15,702.41 / … = 3.2%)
    from budgetlens.pipeline import extract
    from budgetlens.rules.percentages import _part_of
    from conftest import corpus_file

    ctx = CheckContext(extract(str(corpus_file("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf"))))
    shares = [c for c in ctx.claims if c.kind == "share" and c.value.text in ("0.31%", "3.2%")]
    got = [(c.value.text, ShareRule._whole(ctx, c, _part_of(ctx, c))[1]) for c in shares]
    assert got == [("0.31%", True), ("3.2%", True)]
    outcomes = _share_outcomes("022_chongqing-beibei_xinandaxue_2021_yusuan.pdf")
    assert outcomes["科学技术支出 占比 0.31%"] == outcomes["住房保障支出 占比 3.2%"] == "pass"


@pytest.mark.parametrize(("line", "found"), [
    ("（2）公务用车购置费0万元，同比增（减）0万元，同比增长（下降）0%。", []),  # as printed
    ("（2）公务用车购置费0万元，同比增（减）2万元，同比增长（下降）0%。", [("error", "[50, 250]")]),
])
def test_open_direction_change_is_read_both_ways(tmp_path, line, found):
    # liujiang-gov-service-center 2022 l.106 as printed, then with the change typed 2万元: a change of 2 from
    # this year's 0 is a fall of 100% from 2 (50–250% as the digits allow), not 0%
    from budgetlens.check import check_path

    path = tmp_path / "doc.txt"
    path.write_text("柳江区政务服务中心2022年部门预算\n\n三公经费\n\n" + line + "\n", encoding="utf-8")
    got = [(f.severity, f.expected) for f in check_path(str(path), select=["P002"]).findings]
    assert got == found


def test_comparison_written_twice_keeps_the_subject():
    # 042 p.29 "2018 年本部门一般公共预算机关运行经费预算支出 2,722.57 万元，比上年相比减少 3,309.98 万元，降幅 54.9 %":
    # 3,309.98 / (2,722.57 + 3,309.98) = 54.87%
    got = _growth_outcomes("042_jiangsu_jianchayuan_2018_yusuan.pdf")
    assert [v for k, v in got.items() if k.endswith("一般公共预算机关运行经费预算支出 增长率 54.9%")] == ["pass"]
