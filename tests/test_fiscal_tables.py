"""财政拨款支出表, 财政拨款基本支出表 and 机关运行经费支出表: tables of their own fund scope.

财政拨款 covers 一般公共预算, 政府性基金 and 国有资本经营 money: the narrative's 财政拨款 figures
are checked against these tables, never against the 一般公共预算 ones.
"""

from __future__ import annotations

from dataclasses import replace

from budgetlens.check import check_extraction
from budgetlens.model import Paragraph
from budgetlens.pipeline import extract_document
from budgetlens.readers import read
from conftest import corpus_file

# 022 p.12 "我校2021年财政拨款支出预算216,552.53万元，其中教育支出预算数为207,796.18万元，占本年
# 财政拨款的95.96%；科学技术支出预算数为1,512.9万元…住房改革支出预算数为7,243.45万元" against
# the 财政拨款支出预算表 p.9: 合计 216,552.53; 205 207,796.18; 206 1,512.90; 22102 7,243.45.
UNIVERSITY_2021 = "022_chongqing-beibei_xinandaxue_2021_yusuan.pdf"


def _n001(doc):
    result = check_extraction(extract_document(doc), select=["N001"])
    return result.outcomes["N001"].counts, result.findings


def _with_text(doc, old: str, new: str):
    blocks = list(doc.blocks)
    for i, b in enumerate(blocks):
        if isinstance(b, Paragraph) and old in b.text and "财政拨款支出预算" in b.text:
            blocks[i] = replace(b, text=b.text.replace(old, new, 1))
            return replace(doc, blocks=blocks)
    raise AssertionError(f"no paragraph with {old}")


def _against_fiscal_table(findings):
    """The findings whose table figure is in the 财政拨款支出预算表 (p.9); the narrative's
    "使用非财政拨款结余 18,953.73" against the p.6 收支预算总表's 18,953.78 is a slip of its own
    (tests/verdicts)."""
    return [f for f in findings if f.related and f.related[0].page == 9]


def test_fiscal_narrative_figures_agree_with_the_fiscal_table():
    counts, findings = _n001(read(str(corpus_file(UNIVERSITY_2021))))
    assert not _against_fiscal_table(findings)
    assert counts["insufficient_data"] <= 1  # 一般公共预算拨款收入: no 一般公共预算 table


def test_a_wrong_fiscal_narrative_figure_is_found_in_the_fiscal_table():
    doc = _with_text(read(str(corpus_file(UNIVERSITY_2021))), "207,796.18", "207,976.18")
    _, findings = _n001(doc)
    findings = _against_fiscal_table(findings)
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "error" and "207,976.18" in f.message and "207,796.18" in f.message
    assert f.related[0].page == 9


def _subjects(path: str, code: str) -> dict[str, str]:
    from budgetlens import rules  # noqa: F401  (loads every rule family)
    from budgetlens.pipeline import extract
    from budgetlens.rules.base import REGISTRY
    from budgetlens.rules.context import CheckContext

    ctx = CheckContext(extract(path))
    return {r.subject: r.outcome for r in REGISTRY[code]().check(ctx)}


def test_jiangsu_fiscal_tables_tie_to_the_summary_and_the_narrative():
    """041 (read on the pages): 公开04表 财政拨款收支预算总表 p.10 基本支出 21,968.00 = 公开06表
    财政拨款基本支出预算表 p.11 合计 21,968.00; p.24 "一般公共预算机关运行经费预算支出3580.05万元"
    = 公开11表 p.15 合计 3,580.05."""
    path = str(corpus_file("041_jiangsu_gaojifayuan_2019_yusuan.pdf"))
    identities = _subjects(path, "X001")
    fiscal_summary, fiscal_basic = "t4", "t6"
    assert identities[f"基本支出（财政拨款）: {fiscal_summary} vs {fiscal_basic}"] == "pass"
    narrative = _subjects(path, "N001")
    assert narrative["一般公共预算机关运行经费预算支出 3580.05万元"] == "pass"
    # 一般公共预算 ⊆ 财政拨款: each class of 公开07表 is at most the same class of 公开05表
    subsets = _subjects(path, "L002")
    class_204 = [outcome for subject, outcome in subsets.items()
                 if subject.startswith("204 公共安全支出（本年支出合计）：一般公共预算不能大于财政拨款")]
    assert class_204 == ["pass"]


def test_admin_operating_column_beside_sangong_is_its_own_figure():
    """011 p.20 “三公”经费和机关运行经费预算表: “三公”经费预算数 合计 867.50 | … | 机关运行经费预算数
    213.28, a figure of its own (not 三公 plus anything); p.21 "…财政拨款的机关运行经费预算为213.28万元"."""
    from budgetlens.pipeline import extract

    path = str(corpus_file("011_shanghai-putuo_zhengfubangongshi_2025_yusuan.pdf"))
    facts = [f for f in extract(path).facts if f.table_kind == "sangong"]
    by_concept = {f.concept: (f.value.text, f.context.scope) for f in facts}
    assert by_concept["admin_operating"] == ("213.28", "fiscal")
    assert by_concept["sangong.total"] == ("867.50", "fiscal")
    assert "meeting_training_sangong.total" not in by_concept
    narrative = _subjects(path, "N001")
    running = [o for s, o in narrative.items() if s.endswith("机关运行经费 213.28万元")]
    assert running == ["pass"]
