"""L rules: negative amounts, parts above their whole, rates from a zero base."""

from __future__ import annotations

from budgetlens.check import check_path
from conftest import corpus_file
from rule_kit import claim, col, counts, extraction, run, table, trow


def _basic(value: str):
    # liuzhou-gov-office-2024-budget.md line 524: 30217 公务接待费 6.38
    return [
        table(
            "general_budget_basic_expenditure",
            [col("合计")],
            [trow("公务接待费", {"合计": value}, code="30217", line=524)],
        )
    ]


def test_l001_negative_amount():
    assert run("L001", extraction(_basic("6.38"))).findings == []
    found = run("L001", extraction(_basic("-6.38"))).findings
    assert len(found) == 1 and "-6.38" in found[0].message


def test_l002_narrower_fund_above_wider_fund():
    # liujiang-gov-office-2017-final.txt: 法制建设 基本支出 表三 6.72 (line 519) vs 表五 45.03 (line 812)
    def tables(general: str):
        t3 = table(
            "expenditure",
            [col("合计"), col("基本支出")],
            [trow("法制建设", {"合计": "45.03", "基本支出": "6.72"}, code="2010307", line=517)],
            id="t3",
            number="表三",
        )
        t5 = table(
            "general_budget_expenditure",
            [col("合计"), col("基本支出")],
            [trow("法制建设", {"合计": "45.03", "基本支出": general}, code="2010307", line=810)],
            id="t5",
            number="表五",
        )
        return [t3, t5]

    assert run("L002", extraction(tables("6.72"), kind="final", year=2017)).findings == []
    found = run("L002", extraction(tables("45.03"), kind="final", year=2017)).findings
    assert len(found) == 1 and found[0].location.table == "t5"


def test_l002_of_which_row_above_its_total():
    rows = [
        trow("商品和服务支出", {"合计": "463.30"}, code="302", line=513),
        trow("其中：公务接待费", {"合计": "6.38"}, line=524),
    ]
    assert (
        run(
            "L002", extraction([table("general_budget_basic_expenditure", [col("合计")], rows)])
        ).findings
        == []
    )
    rows[1] = trow("其中：公务接待费", {"合计": "663.80"}, line=524)
    found = run(
        "L002", extraction([table("general_budget_basic_expenditure", [col("合计")], rows)])
    )
    assert len(found.findings) == 1


def _vehicle(total: str):
    # liujiang-gov-service-center-2022-budget.txt lines 102-104
    return [
        claim(
            "amount",
            "公务用车购置费及运行费",
            total,
            102,
            "3、公务用车购置费及运行费0万元",
            concept="sangong.vehicle",
        ),
        claim(
            "amount",
            "公务用车运行维护费",
            "1.8",
            104,
            "（1）公务用车运行维护费1.8万元",
            concept="sangong.vehicle.operation",
        ),
    ]


def test_l002_narrative_part_above_whole():
    assert len(run("L002", extraction([], _vehicle("0"))).findings) == 1
    assert run("L002", extraction([], _vehicle("1.8"))).findings == []


def test_l003_growth_from_zero_base():
    s = "（1）公务用车运行维护费1.8万元，同比增1.8万元，同比增长100%。"  # 2022 budget line 104
    claims = [
        claim("amount", "公务用车运行维护费", "1.8", 104, s),
        claim("change", "公务用车运行维护费", "1.8", 104, s, direction=1),
        claim("growth", "公务用车运行维护费", "100%", 104, s, unit=None, direction=1),
    ]
    found = run("L003", extraction([], claims)).findings
    assert len(found) == 1 and "以零为基数" in found[0].message


def test_l003_growth_from_nonzero_base_passes():
    s = "一般公共服务支出3,487.74万元，同比增加89.97万元，同比增长2.65%"  # 2024 budget line 103
    claims = [
        claim("amount", "一般公共服务支出", "3,487.74", 103, s),
        claim("change", "一般公共服务支出", "89.97", 103, s, direction=1),
        claim("growth", "一般公共服务支出", "2.65%", 103, s, unit=None, direction=1),
    ]
    r = run("L003", extraction([], claims))
    assert r.findings == [] and counts(r, "L003")["pass"] == 1


def test_l003_completion_against_zero_budget():
    # liujiang-gov-office-2017-final.txt line 1249
    s = "年初预算为0万元，支出决算为10万元，完成年初预算的100%。"
    claims = [
        claim("amount", "农村基础设施建设支出", "0", 1249, s, period="budget"),
        claim("amount", "农村基础设施建设支出", "10", 1249, s),
        claim("completion", "农村基础设施建设支出", "100%", 1249, s, unit=None),
    ]
    assert len(run("L003", extraction([], claims, kind="final", year=2017)).findings) == 1


def test_corpus_2022_vehicle_findings():
    r = check_path(str(corpus_file("liujiang-gov-service-center-2022-budget.txt")), select=["L"])
    assert {(f.rule, f.location.line) for f in r.findings} == {("L002", 104), ("L003", 104)}


def test_l003_other_nonzero_base_in_statement_is_not_a_zero_base():
    # 021_shanghai-putuo_quweishehuigongzuobu_2024_juesuan.pdf: 95.89% = 307.82 / 321.02 (全年预算)
    s = "一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%。"
    claims = [
        claim("amount", "一般公共预算财政拨款", "0", 7, s, period="budget"),
        claim("amount", "一般公共预算财政拨款", "321.02", 7, s, period="budget"),
        claim("amount", "一般公共预算财政拨款", "307.82", 7, s),
        claim("completion", "一般公共预算财政拨款", "95.89%", 7, s, unit=None),
    ]
    r = run("L003", extraction([], claims, kind="final"))
    assert r.findings == [] and counts(r, "L003")["insufficient_data"] == 1
