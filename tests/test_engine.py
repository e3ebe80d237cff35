"""The engine: select/ignore, outcome counts, crashing rules, order, every rule documented."""

from __future__ import annotations

from budgetlens.check import check_extraction
from budgetlens.rules import (
    REGISTRY,
    explain,
    missing_doc_sections,
    rules_catalogue,
)
from budgetlens.rules.base import CheckResult, Rule
from budgetlens.rules.engine import RULE_ERROR_CODE, selected_rules
from rule_kit import col, extraction, table, trow


def _x(project: str = "725.01"):
    t = table(
        "expenditure",
        [col("合计"), col("基本支出"), col("项目支出")],
        [
            trow(
                "合计", {"合计": "4,555.35", "基本支出": "3,830.34", "项目支出": project}, line=317
            ),
            trow(
                "柳州市人民政府办公室",
                {"合计": "2,747.18", "基本支出": "2,467.89", "项目支出": "279.29"},
                unit="103001",
                level="unit",
                line=319,
            ),
        ],
    )
    return extraction([t])


def test_every_rule_documented():
    for cls in rules_catalogue():
        assert missing_doc_sections(cls) == [], cls.code
        assert cls.title and cls.name and cls.code[0].isalpha()


def test_my_families_registered():
    codes = set(REGISTRY)
    assert {
        "A001",
        "A002",
        "A003",
        "A004",
        "A005",
        "A006",
        "A007",
        "X001",
        "X002",
        "X003",
        "L001",
        "L002",
        "L003",
        "U001",
        "U002",
    } <= codes


def test_select_and_ignore_prefixes():
    assert {c.code for c in selected_rules(["A00"])} >= {"A001", "A007"}
    assert all(c.code.startswith("A") for c in selected_rules(["A"]))
    assert "A001" not in {c.code for c in selected_rules(["A"], ["A001"])}


def test_counts_and_findings():
    ok = check_extraction(_x(), select=["A001"])
    assert ok.findings == [] and ok.counts["pass"] == 2
    bad = check_extraction(_x("700.00"), select=["A001"])
    assert len(bad.findings) == 1 and bad.counts["fail"] == 1
    assert bad.outcomes["A001"].status == "fail"


def test_rule_that_yields_nothing_is_insufficient_data():
    r = check_extraction(extraction([]), select=["A001"])
    assert r.outcomes["A001"].counts["insufficient_data"] == 1 and r.findings == []


def test_crashing_rule_becomes_error_finding():
    class Broken(Rule):
        """What it checks: x. Why it matters: x. Example: x. References: x."""

        code = "Z999"
        name = "test.broken"
        title = "broken"

        def check(self, ctx):
            yield CheckResult.passed("one")
            raise RuntimeError("boom")

    REGISTRY["Z999"] = Broken
    try:
        r = check_extraction(_x(), select=["Z999", "A001"])
    finally:
        del REGISTRY["Z999"]
    assert [f.rule for f in r.findings] == [RULE_ERROR_CODE]
    assert "Z999" in r.findings[0].message and r.outcomes["Z999"].error
    assert r.outcomes["A001"].counts["pass"] == 2


def test_not_applicable_by_kind():
    class BudgetOnly(Rule):
        """What it checks: x. Why it matters: x. Example: x. References: x."""

        code = "Z998"
        name = "test.budget-only"
        title = "budget only"
        kinds = frozenset({"budget"})

        def check(self, ctx):
            yield CheckResult.passed()

    REGISTRY["Z998"] = BudgetOnly
    try:
        r = check_extraction(extraction([], kind="final"), select=["Z998"])
    finally:
        del REGISTRY["Z998"]
    assert r.outcomes["Z998"].status == "not_applicable"


def test_findings_sorted_by_location():
    t = table(
        "expenditure",
        [col("合计"), col("基本支出"), col("项目支出")],
        [
            trow("合计", {"合计": "10.00", "基本支出": "1.00", "项目支出": "1.00"}, line=40),
            trow(
                "单位",
                {"合计": "10.00", "基本支出": "1.00", "项目支出": "1.00"},
                unit="103001",
                level="unit",
                line=12,
            ),
        ],
    )
    r = check_extraction(extraction([t]), select=["A001"])
    assert [f.location.line for f in r.findings] == [12, 40]


def test_explain():
    text = explain("A005")
    assert text.startswith("A005") and "What it checks" in text and "163.26" in text


def test_same_wording_on_two_sentences_is_two_findings():
    # 006_jiangsu_gaojifayuan_2018_yusuan.pdf p.20: two items each "增加 X 万元，增长 100%"
    from rule_kit import claim

    claims = []
    for subject, v in (
        ("机关事业单位基本养老保险缴费支出", "1326.81"),
        ("机关事业单位职业年金缴费支出", "530.72"),
    ):
        s = f"{subject}{v}万元，与上年相比增加{v}万元，增长100%。"
        claims += [
            claim("amount", subject, v, 20, s),
            claim("change", subject, v, 20, s, direction=1),
            claim("growth", subject, "100%", 20, s, unit=None, direction=1),
        ]
    for c in claims:
        c.location = c.location.__class__(path=c.location.path, page=20)
    r = check_extraction(extraction([], claims), select=["L003"])
    assert len(r.findings) == 2


def test_missing_family_module_is_skipped(monkeypatch):
    import budgetlens.rules as rules

    monkeypatch.setattr(rules, "FAMILY_MODULES", ("arithmetic", "not_written_yet"))
    monkeypatch.setattr(rules, "LOADED", [])
    rules._load_families()
    assert rules.LOADED == ["arithmetic"]


def test_stated_value_reads_an_interval_or_a_figure():
    from decimal import Decimal

    from budgetlens.rules.engine import stated_value

    assert stated_value("[441.245, 441.255]") == Decimal("441.25")
    assert stated_value("441.25万元") == Decimal("441.25")
    assert stated_value("1,421.25万元") == Decimal("1421.25")
    assert stated_value("≥ [1.75, 1.85]") is None  # a bound, not a written figure
    assert stated_value(None) is None


def test_one_slip_on_one_figure_is_one_finding():
    # 014_shanghai-putuo_wanlijiedao_2023_yusuan.pdf p.7 item 16: "2023年预算安排441.25万元" is
    # item 15's figure: it disagrees with the table row 职业年金缴费支出 220.63万元 (N001) and
    # with the item's own heading 220.63万元 (S003); "增加60.54%" fails as a growth rate (P002)
    # and as the item sentence's rate (S002). One finding each, the others listed inside.
    from budgetlens.check import check_path
    from conftest import corpus_file

    r = check_path(str(corpus_file("014_shanghai-putuo_wanlijiedao_2023_yusuan.pdf")))
    on_p7 = [f for f in r.findings if f.location.page == 7 and f.severity == "error"]
    assert sorted(f.rule for f in on_p7) == ["S002", "S003"]
    s003 = next(f for f in on_p7 if f.rule == "S003")
    s002 = next(f for f in on_p7 if f.rule == "S002")
    assert "另（N001）" in s003.message and "220.63" in s003.message
    assert "另（P002）" in s002.message
