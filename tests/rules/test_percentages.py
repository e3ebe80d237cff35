"""P rules: a failing and a passing case for each, on claims built by hand from the corpus
sentences (lines cited), then every error the rules raise on the five corpus texts.
"""

from __future__ import annotations

import pytest

from budgetlens.model import Amount, Claim, Document, DocumentInfo, Fact, Location
from budgetlens.numbers import parse_number
from budgetlens.pipeline import Extraction
from budgetlens.rules import REGISTRY, missing_doc_sections
from budgetlens.rules.context import CheckContext
from budgetlens.rules.percentages import (
    ChangeRule,
    CompletionRule,
    DirectionRule,
    GrowthRule,
    ShareRule,
)

PATH = "hand-built.txt"


def amount(text: str) -> Amount:
    unit = next((u for u in ("万元", "元", "%") if text.endswith(u)), None)
    a = parse_number(text.removesuffix(unit or ""), unit)
    assert a is not None
    return Amount(a.value, a.precision, text, unit)


def claim(kind: str, subject: str, text: str, sentence: str, line: int, *, nth: int = 0,
          concept: str | None = None, period: str = "current", direction: int | None = None,
          base: str | None = None, base_concept: str | None = None, scope: str = "all") -> Claim:
    offset = -1
    for _ in range(nth + 1):
        offset = sentence.index(text, offset + 1)
    return Claim(kind=kind, subject=subject, value=amount(text), location=Location(PATH, line),
                 sentence=sentence, period=period, concept=concept, base=base,
                 base_concept=base_concept, direction=direction, scope=scope, offset=offset)


def context(claims: list[Claim], facts: list[Fact] = ()) -> CheckContext:
    doc = Document(PATH, "text", [])
    return CheckContext(Extraction(doc, DocumentInfo(), claims=claims, facts=list(facts)))


def outcomes(rule, claims, facts=()):
    return list(rule().check(context(claims, facts)))


def failures(results):
    return [r.finding for r in results if r.outcome == "fail"]


# -- P001 share ---------------------------------------------------------------------------

# liuzhou 2019 l.199/201
S199 = "2019年政府采购预算280.09万元，同比增加112.58万元，增长67.2%"
S201 = "（一）集中采购77.80万元（其中：货物类采购0万元，工程类采购0万元，服务类采购77.80万元），占政府采购预算的27.5%"
S203 = "（二）分散采购202.29万元（其中：货物类采购97.29万元，工程类采购8万元，服务类采购97万元），占政府采购预算的72.2%"


def _procurement(share201: str) -> list[Claim]:
    s201 = S201.replace("27.5%", share201)
    return [
        claim("amount", "政府采购预算", "280.09万元", S199, 199, concept="procurement.total"),
        claim("amount", "集中采购", "77.80万元", s201, 201, concept="procurement.centralized"),
        claim("share", "集中采购", share201, s201, 201, concept="procurement.centralized",
              base="政府采购预算", base_concept="procurement.total"),
        claim("amount", "分散采购", "202.29万元", S203, 203, concept="procurement.decentralized"),
        claim("share", "分散采购", "72.2%", S203, 203, concept="procurement.decentralized",
              base="政府采购预算", base_concept="procurement.total"),
    ]


def test_share_fails_when_it_does_not_follow_from_the_amounts():
    found = failures(outcomes(ShareRule, _procurement("27.5%")))
    assert len(found) == 1
    f = found[0]
    assert f.rule == "P001" and f.severity == "error" and f.location.line == 201
    assert f.expected == "[27.77, 27.78]"  # 77.80 / 280.09 = 27.776%
    assert "集中采购" in f.message and "27.5%" in f.message


def test_share_passes_within_rounding():
    # 72.2% = 202.29 / 280.09 = 72.22%; and a corrected 27.8%
    results = outcomes(ShareRule, _procurement("27.8%"))
    assert [r.outcome for r in results] == ["pass", "pass"]


def test_share_forced_to_hundred_is_a_warning():
    # liujiang 2017 l.1186: 84.12 + 6.77 + 4.14 + 4.97 = 100.00; 87.62 / 1295.76 = 6.762%
    s = ("2017年度一般公共预算财政拨款支出1295.76万元，主要用于以下方面：一般公共服务（类）支出1089.99万元，"
         "占84.12%；社会保障和就业（类）支出87.62万元，占6.77%；医疗卫生与计划生育（类）支出53.71万元，"
         "占4.14%； 住房保障（类）支出64.44万元，占4.97%。")
    parts = [("一般公共服务（类）支出", "1089.99万元", "84.12%"), ("社会保障和就业（类）支出", "87.62万元", "6.77%"),
             ("医疗卫生与计划生育（类）支出", "53.71万元", "4.14%"), ("住房保障（类）支出", "64.44万元", "4.97%")]
    claims = [claim("amount", "一般公共预算财政拨款支出", "1295.76万元", s, 1186, concept="expenditure.current")]
    for subject, a, p in parts:
        claims += [claim("amount", subject, a, s, 1186), claim("share", subject, p, s, 1186)]
    found = failures(outcomes(ShareRule, claims))
    assert [(f.severity, "6.77%" in f.message) for f in found] == [("warning", True)]


def test_share_of_a_whole_from_another_paragraph_is_not_guessed():
    # the whole a share is of must come from its own sentence or be named: "公务用车运行维护费
    # 15.00万元，占40%" names none, and the 公务用车购置及运行维护费 of an earlier paragraph
    # (of which it would be 75%) is a guess; 40% may well be of the 三公 total
    a = "2024年公务用车购置及运行维护费20.00万元。"
    b = "公务用车运行维护费15.00万元，占40%。"
    claims = [
        claim("amount", "公务用车购置及运行维护费", "20.00万元", a, 150, concept="sangong.vehicle"),
        claim("amount", "公务用车运行维护费", "15.00万元", b, 152, concept="sangong.vehicle.operation"),
        claim("share", "公务用车运行维护费", "40%", b, 152, concept="sangong.vehicle.operation"),
    ]
    results = outcomes(ShareRule, claims)
    assert [r.outcome for r in results] == ["insufficient_data"]


def test_share_among_several_figures_without_a_breakdown_is_not_guessed():
    s = "2024年收入预算100.00万元，支出预算95.00万元，基本支出60.00万元，占63.16%。"
    claims = [
        claim("amount", "收入预算", "100.00万元", s, 20, concept="revenue.total"),
        claim("amount", "支出预算", "95.00万元", s, 20, concept="expenditure.total"),
        claim("amount", "基本支出", "60.00万元", s, 20, concept="expenditure.basic"),
        claim("share", "基本支出", "63.16%", s, 20, concept="expenditure.basic"),
    ]
    assert [r.outcome for r in outcomes(ShareRule, claims)] == ["insufficient_data"]
    # with "其中" the breakdown names its whole: 60.00 / 95.00 = 63.16%
    s2 = s.replace("基本支出60.00", "其中：基本支出60.00")
    claims2 = [claim(c.kind, c.subject, c.value.text, s2, 20, concept=c.concept) for c in claims]
    assert [r.outcome for r in outcomes(ShareRule, claims2)] == ["pass"]


def test_share_whole_is_not_an_aside_in_brackets():
    # 022 p.11: 总支出 490,808.40 with 本年支出 415,808.40 in brackets, then the breakdown:
    # 1,512.90 / 490,808.40 = 0.308% (0.31%), against 415,808.40 it would be 0.364%
    s = ("我校 2021年支出预算 490,808.40万元（本年支出预算 415,808.40万元），其中：教育支出 398,593.09 万元，"
         "占总支出的 81.21%；科学技术支出 1,512.90 万元，占 0.31%")
    claims = [
        claim("amount", "我校支出预算", "490,808.40万元", s, 11),
        claim("amount", "本年支出预算", "415,808.40万元", s, 11, concept="expenditure.current"),
        claim("amount", "科学技术支出", "1,512.90", s, 11, concept="expenditure.function.206"),
        claim("share", "科学技术支出", "0.31%", s, 11, concept="expenditure.function.206"),
    ]
    assert [r.outcome for r in outcomes(ShareRule, claims)] == ["pass"]


# -- P002 growth --------------------------------------------------------------------------

# liuzhou 2019 l.142
S142 = ("办公费37.56万元，同比增加0.68万元，同比增长1.8%；印刷费5.85万元，同比增加0.57万元，同比增长1.1%；"
        "邮电费29.85万元，同比增加20.06万元，同比增长204.9%")


def _growth_claims() -> list[Claim]:
    out = []
    for subject, a, ch, g in (("办公费", "37.56万元", "0.68万元", "1.8%"), ("印刷费", "5.85万元", "0.57万元", "1.1%"),
                              ("邮电费", "29.85万元", "20.06万元", "204.9%")):
        out += [claim("amount", subject, a, S142, 142), claim("change", subject, ch, S142, 142, direction=1),
                claim("growth", subject, g, S142, 142, direction=1)]
    return out


def test_growth_printing_costs_error():
    results = outcomes(GrowthRule, _growth_claims())
    assert [r.outcome for r in results] == ["pass", "fail", "pass"]
    f = results[1].finding
    assert f.severity == "error" and f.rule == "P002"
    assert f.message == "印刷费同比增长率写为1.1%，按增加额0.57万元与上年数5.28万元计算应为[10.7, 10.9]%"
    assert f.expected == "[10.7, 10.9]" and f.actual == "[1.05, 1.15]"


def test_growth_from_stated_prior_amount():
    # liuzhou 2024 l.159: 27.02万元，比2023年预算33.71万元，同比减少6.69万元，同比下降19.85%
    s = "2024年部门一般公共预算安排的“三公”经费支出预算27.02万元，比2023年预算33.71万元，同比减少6.69万元，同比下降19.85%。"
    claims = [claim("amount", "三公", "27.02万元", s, 159, concept="sangong.total"),
              claim("amount", "三公", "33.71万元", s, 159, concept="sangong.total", period="prior"),
              claim("growth", "三公", "19.85%", s, 159, concept="sangong.total", direction=-1)]
    assert [r.outcome for r in outcomes(GrowthRule, claims)] == ["pass"]
    claims[2] = claim("growth", "三公", "18.85%", s.replace("19.85", "18.85"), 159, concept="sangong.total",
                      direction=-1)
    claims[0] = claim("amount", "三公", "27.02万元", claims[2].sentence, 159, concept="sangong.total")
    claims[1] = claim("amount", "三公", "33.71万元", claims[2].sentence, 159, concept="sangong.total", period="prior")
    assert failures(outcomes(GrowthRule, claims))[0].severity == "error"


def test_growth_unit_slip_is_left_to_the_unit_rules():
    # liujiang 2022 l.52: 540.59万元 … 同比减少134.6元，同比下降20%: right in 万元, so a unit slip
    s = "（1）一般公共服务类科目支出预算540.59万元，占支出总预算80%，同比减少134.6元，同比下降20%；"
    claims = [claim("amount", "一般公共服务", "540.59万元", s, 52),
              claim("change", "一般公共服务", "134.6元", s, 52, direction=-1),
              claim("growth", "一般公共服务", "20%", s, 52, direction=-1)]
    assert [r.outcome for r in outcomes(GrowthRule, claims)] == ["not_applicable"]
    wrong = [claims[0], claims[1], claim("growth", "一般公共服务", "30%", s.replace("20%", "30%"), 52, direction=-1)]
    wrong[0] = claim("amount", "一般公共服务", "540.59万元", wrong[2].sentence, 52)
    wrong[1] = claim("change", "一般公共服务", "134.6元", wrong[2].sentence, 52, direction=-1)
    assert failures(outcomes(GrowthRule, wrong))[0].severity == "error"


# -- P003 change --------------------------------------------------------------------------


def _sangong(change: str) -> list[Claim]:
    s = f"“三公”经费支出预算27.02万元，比2023年预算33.71万元，同比减少{change}，同比下降19.85%。"
    return [claim("amount", "三公", "27.02万元", s, 159, concept="sangong.total"),
            claim("amount", "三公", "33.71万元", s, 159, concept="sangong.total", period="prior"),
            claim("change", "三公", change, s, 159, concept="sangong.total", direction=-1)]


def test_change_passes_when_current_minus_prior():
    assert [r.outcome for r in outcomes(ChangeRule, _sangong("6.69万元"))] == ["pass"]


def test_change_fails_when_it_is_not_the_difference():
    found = failures(outcomes(ChangeRule, _sangong("6.79万元")))
    assert len(found) == 1 and found[0].severity == "error" and found[0].expected == "[-6.7, -6.68]"


def test_change_against_budget():
    # liujiang 2017 l.1224: 预算为472.49万元，支出决算为149.84万元 … 比预算有所节约322.65万元
    s = "“三公”经费财政拨款支出预算为472.49万元，支出决算为149.84万元，全年实际支出比预算有所节约322.65万元。"
    claims = [claim("amount", "三公", "472.49万元", s, 1224, concept="sangong.total", period="budget"),
              claim("amount", "三公", "149.84万元", s, 1224, concept="sangong.total"),
              claim("change", "三公", "322.65万元", s, 1224, concept="sangong.total", direction=-1, base="预算")]
    assert [r.outcome for r in outcomes(ChangeRule, claims)] == ["pass"]


# -- P004 direction -----------------------------------------------------------------------


def test_direction_word_against_the_amounts():
    s = "公务接待费10万元，比上年8万元，同比减少2万元。"
    claims = [claim("amount", "公务接待费", "10万元", s, 1), claim("amount", "公务接待费", "8万元", s, 1, period="prior"),
              claim("change", "公务接待费", "2万元", s, 1, direction=-1)]
    found = failures(outcomes(DirectionRule, claims))
    assert len(found) == 1 and "写为减少" in found[0].message
    ok = [claim("amount", "公务接待费", "10万元", s, 1), claim("amount", "公务接待费", "8万元", s, 1, period="prior"),
          claim("change", "公务接待费", "2万元", s, 1, direction=1)]
    assert [r.outcome for r in outcomes(DirectionRule, ok)] == ["pass"]


def test_direction_change_and_growth_disagree():
    s = "会议费9.64万元，同比增加0.07万元，同比下降0.7%"
    claims = [claim("amount", "会议费", "9.64万元", s, 1), claim("change", "会议费", "0.07万元", s, 1, direction=1),
              claim("growth", "会议费", "0.7%", s, 1, direction=-1)]
    assert failures(outcomes(DirectionRule, claims))[0].rule == "P004"


def test_level_said_of_a_change():
    s = "公务接待费10.00万元，与上年持平，上年9.00万元。"
    bad = [claim("amount", "公务接待费", "10.00万元", s, 1),
           claim("amount", "公务接待费", "9.00万元", s, 1, period="prior")]
    assert "持平" in failures(outcomes(DirectionRule, bad))[0].message
    s2 = "公务接待费10万元，与上年持平，上年10万元。"
    good = [claim("amount", "公务接待费", "10万元", s2, 1),
            claim("amount", "公务接待费", "10万元", s2, 1, nth=1, period="prior")]
    assert [r.outcome for r in outcomes(DirectionRule, good)] == ["pass"]


# -- P005 completion ----------------------------------------------------------------------


def _completion(rate: str, budget: str = "512.70万元", actual: str = "675.92万元") -> list[Claim]:
    # liujiang 2017 l.1192
    s = f"行政运行（项）。年初预算为{budget}，支出决算为{actual}，完 成年初预算的{rate}。"
    return [claim("amount", "行政运行", budget, s, 1192, period="budget"),
            claim("amount", "行政运行", actual, s, 1192),
            claim("completion", "行政运行", rate, s, 1192)]


def test_completion_passes():
    assert [r.outcome for r in outcomes(CompletionRule, _completion("131.84%"))] == ["pass"]


def test_completion_fails():
    # liujiang 2017 l.1224: 149.84 / 472.49 = 31.71%, written 31.73%
    found = failures(outcomes(CompletionRule, _completion("31.73%", "472.49万元", "149.84万元")))
    assert len(found) == 1 and found[0].severity == "error" and found[0].expected == "[31.711, 31.714]"


def test_completion_truncated_is_a_warning():
    # liujiang 2017 l.1194: 308.08 / 612.00 = 50.3399%, written 50.33%
    found = failures(outcomes(CompletionRule, _completion("50.33%", "612.00万元", "308.08万元")))
    assert found[0].severity == "warning" and "截尾" in found[0].message


def test_completion_budget_from_the_table():
    # liujiang 2017 表七 预算数 公务接待费 450.30 (l.1010-1070); text l.1224 gives no budget
    s = "公务接待费支出决算为122.12万元，完成预算的26.61%"
    claims = [claim("amount", "公务接待费", "122.12万元", s, 1224, concept="sangong.reception", scope="general"),
              claim("completion", "公务接待费", "26.61%", s, 1224, concept="sangong.reception", scope="general")]
    fact = Fact("sangong.reception", context=_ctx("budget", "general"), value=amount("450.30"),
                location=Location(PATH, 1050))
    found = failures(outcomes(CompletionRule, claims, [fact]))
    assert found[0].severity == "warning" and found[0].expected == "[27.118, 27.121]"


def _ctx(period: str, scope: str):
    from budgetlens.model import Context

    return Context(period=period, scope=scope)


# -- zero base: left to L003 -------------------------------------------------------------


def test_zero_base_growth_is_not_recomputed():
    # liujiang 2022 l.104: 公务用车运行维护费1.8万元，同比增1.8万元，同比增长100% (L003 reports it)
    s = "（1）公务用车运行维护费1.8万元，同比增1.8万元，同比增长100%。"
    claims = [claim("amount", "运行维护费", "1.8万元", s, 104),
              claim("change", "运行维护费", "1.8万元", s, 104, nth=1, direction=1),
              claim("growth", "运行维护费", "100%", s, 104, direction=1)]
    assert [r.outcome for r in outcomes(GrowthRule, claims)] == ["not_applicable"]
    # liujiang 2017 l.1249: 年初预算为0万元，支出决算为10万元，完成年初预算的100%
    assert [r.outcome for r in outcomes(CompletionRule, _completion("100%", "0万元", "10万元"))] == \
        ["not_applicable"]


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
