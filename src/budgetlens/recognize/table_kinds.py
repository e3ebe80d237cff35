"""Which standard table a grid is, from its title or, failing that, from its header.

The order of the title rules matters: '财政拨款收支总体情况表' names 收支 too, '一般公共预算
“三公”经费支出表' names 一般公共预算 too, so the narrower kinds are tried first.
"""

from __future__ import annotations

import re

_TITLE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("performance_targets", re.compile(r"绩效目标")),
    ("purchase_of_services", re.compile(r"政府购买服务")),
    ("procurement", re.compile(r"政府采购")),
    ("sangong", re.compile(r"三公")),
    ("state_capital_expenditure", re.compile(r"国有资本经营")),
    ("gov_fund_expenditure", re.compile(r"政府性基金")),
    # Tables no standard kind covers, named with words the kinds below also use.
    ("other", re.compile(r"机关运行经费")),
    (
        "general_budget_basic_expenditure",
        re.compile(r"一般公共预算.*基本支出|基本支出.*经济分类|经济分类.*基本支出"),
    ),
    ("general_budget_expenditure", re.compile(r"一般公共预算.*支出|功能分类.*支出|支出.*功能分类")),
    ("fiscal_summary", re.compile(r"财政拨款.*(?:收支|收入支出)")),
    # '财政拨款支出预算表', '财政拨款基本支出预算表': a fund scope of their own, not 部门支出总表.
    ("other", re.compile(r"财政拨款.*支出")),
    (
        "income_expenditure_summary",
        re.compile(r"收支总|收支预算总|收支决算总|收入支出.*总表|收支.*总体|财务收支"),
    ),
    # '项目支出预算表', '基本支出预算表' alone: one part of the spending, not 部门支出总表.
    ("other", re.compile(r"^(?:部门|单位)?(?:项目|基本)支出")),
    ("income", re.compile(r"收入(?:总表|总体|决算|预算|情况|汇总)")),
    ("expenditure", re.compile(r"支出(?:总表|总体|决算|预算|情况|汇总)")),
)


def kind_from_title(title: str) -> str | None:
    """The kind a title names; 'other' for a known non-standard table, None when unsure."""
    t = re.sub(r"\s+", "", title)
    for kind, pattern in _TITLE_RULES:
        if pattern.search(t):
            return kind
    return None


def kind_from_header(labels: list[str], two_sided: bool, has_economic_codes: bool) -> str:
    """Best guess from the header labels when no title names the table."""
    text = "|".join(labels)
    if "绩效目标" in text or "绩效指标" in text:
        return "performance_targets"
    if "集中采购" in text or "政府采购" in text:
        return "procurement"
    if "政府购买服务" in text:
        return "purchase_of_services"
    if "因公出国" in text or "公务接待" in text:
        return "sangong"
    if two_sided:
        return (
            "fiscal_summary"
            if "财政拨款" in text and "单位资金" not in text
            else "income_expenditure_summary"
        )
    if "人员经费" in text and has_economic_codes:
        return "general_budget_basic_expenditure"
    if "上年结转" in text and ("本年收入" in text or "一般公共预算" in text):
        return "income"
    if "基本支出" in text and "项目支出" in text:
        return "expenditure"
    return "other"
