"""The concept vocabulary: what a number measures, with the Chinese label messages use.

Facts (from tables) and claims (from prose) meet on these names, so a check never needs
to know where a figure was written. Classification concepts carry their code:
``expenditure.function.2010301`` (功能分类 类/款/项), ``expenditure.economic.30101``
(经济分类 类/款), ``revenue.function.201`` (收入决算表 rows by 功能分类).
"""

from __future__ import annotations

CONCEPTS: dict[str, str] = {
    # revenue
    "revenue.total": "收入总计",
    "revenue.current": "本年收入合计",
    "revenue.carryover": "上年结转结余",
    "revenue.fiscal": "财政拨款收入",
    "revenue.general_budget": "一般公共预算拨款收入",
    "revenue.gov_fund": "政府性基金预算拨款收入",
    "revenue.state_capital": "国有资本经营预算拨款收入",
    "revenue.special_account": "财政专户管理资金收入",
    "revenue.business": "事业收入",
    "revenue.operating": "事业单位经营收入",
    "revenue.superior_subsidy": "上级补助收入",
    "revenue.affiliated": "附属单位上缴收入",
    "revenue.other": "其他收入",
    "revenue.other_funds": "其他资金",
    "revenue.unit_funds": "单位资金",
    "revenue.business_fund": "用事业基金弥补收支差额",
    "revenue.non_fiscal_surplus": "使用非财政拨款结余",
    # expenditure
    "expenditure.total": "支出总计",
    "expenditure.current": "本年支出合计",
    "expenditure.carryforward": "结转下年",
    "expenditure.surplus_distribution": "结余分配",
    "expenditure.basic": "基本支出",
    "expenditure.project": "项目支出",
    "expenditure.basic.personnel": "人员经费",
    "expenditure.basic.public": "公用经费",
    "expenditure.remit_superior": "上缴上级支出",
    "expenditure.operating": "经营支出",
    "expenditure.subsidy_affiliated": "对附属单位补助支出",
    "expenditure.reserve": "单位预留机动经费",
    # 三公 and related
    "sangong.total": "“三公”经费",
    "sangong.overseas": "因公出国（境）费",
    "sangong.vehicle": "公务用车购置及运行费",
    "sangong.vehicle.purchase": "公务用车购置费",
    "sangong.vehicle.operation": "公务用车运行维护费",
    "sangong.reception": "公务接待费",
    "meeting": "会议费",
    "training": "培训费",
    "meeting_training_sangong.total": "“三公”经费、会议费、培训费合计",
    "admin_operating": "机关运行经费",
    # procurement, services, performance
    "procurement.total": "政府采购",
    "procurement.goods": "政府采购货物",
    "procurement.works": "政府采购工程",
    "procurement.services": "政府采购服务",
    "procurement.centralized": "集中采购",
    "procurement.decentralized": "分散采购",
    "procurement.sme": "授予中小企业合同金额",
    "purchase_of_services.total": "政府购买服务",
    "performance.amount": "绩效目标覆盖资金",
    "performance.projects": "绩效目标项目数",
    # counts
    "count.vehicles": "车辆数",
    "count.delegations": "团组数",
    "count.persons": "人次",
    "count.receptions": "接待批次",
}

CLASSIFICATION_PREFIXES: dict[str, str] = {
    "expenditure.function.": "支出功能分类",
    "expenditure.economic.": "支出经济分类",
    "revenue.function.": "收入（按支出功能分类）",
}

SCOPE_LABELS: dict[str, str] = {
    "all": "全部资金",
    "fiscal": "财政拨款",
    "general": "一般公共预算",
    "gov_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
}

PERIOD_LABELS: dict[str, str] = {"current": "本年", "prior": "上年", "budget": "年初预算"}

MONEY_CONCEPT_PREFIXES = (
    "revenue.",
    "expenditure.",
    "sangong.",
    "meeting",
    "training",
    "meeting_training_sangong.",
    "admin_operating",
    "procurement.",
    "purchase_of_services.",
    "performance.amount",
)


def is_money(concept: str) -> bool:
    return concept.startswith(MONEY_CONCEPT_PREFIXES)


def classification_code(concept: str) -> str | None:
    """The 科目编码 carried by a classification concept, else None."""
    for prefix in CLASSIFICATION_PREFIXES:
        if concept.startswith(prefix):
            return concept[len(prefix) :]
    return None


def label(concept: str, name: str | None = None) -> str:
    """The Chinese label for messages: '基本支出', '功能分类 2010301 行政运行' …"""
    if concept in CONCEPTS:
        return CONCEPTS[concept]
    code = classification_code(concept)
    if code is not None:
        return f"{code} {name}".strip() if name else code
    return name or concept
