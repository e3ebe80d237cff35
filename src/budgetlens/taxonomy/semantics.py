"""What the columns and rows of a standard table mean, read from their printed words.

Facts and the arithmetic rules both need to know that a column headed '基本支出/小计' holds
基本支出, that '行次' holds line numbers (never amounts), that '年初财政拨款结转和结余' is a
carry-over and the '一般公共预算财政拨款' row under it is its general-budget part. The
words differ between templates and years, so this is keyword matching on the header path
and the row label, kept in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Column, Table, TableRow
from .codes import function_class_codes
from .table_kinds import spec as kind_spec

# ---------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------

SEQUENCE_WORDS = ("行次", "栏次", "序号")
TOTAL_WORDS = ("合计", "小计", "总计")
VALUE_WORDS = ("预算数", "决算数", "金额", "执行数", "预算金额")

# (keyword, measure) tried in order on one header cell; first hit wins.
_MEASURES: tuple[tuple[str, str], ...] = (
    # before the fund words: '一般公共预算机关运行经费' is 机关运行经费 of one fund
    ("机关运行经费", "admin_operating"),
    ("人员经费", "personnel"),
    ("公用经费", "public"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("上缴上级", "remit_superior"),
    ("对附属单位补助", "subsidy_affiliated"),
    ("经营支出", "operating"),
    ("预留机动经费", "reserve"),
    ("结转下年", "carryforward"),
    ("年末结转", "carryforward"),
    ("结余分配", "surplus_distribution"),
    ("上年结转", "carryover"),
    ("年初结转", "carryover"),
    ("上年结余", "carryover"),
    ("本年收入", "current"),
    ("本年支出", "current_expenditure"),
    ("一般公共预算", "general_budget"),
    ("政府性基金", "gov_fund"),
    ("国有资本经营", "state_capital"),
    ("财政专户", "special_account"),
    ("单位资金", "unit_funds"),
    ("财政拨款", "fiscal"),
    ("事业单位经营收入", "operating_revenue"),
    ("经营收入", "operating_revenue"),
    ("事业收入", "business"),
    ("上级补助收入", "superior_subsidy"),
    ("附属单位上缴", "affiliated"),
    ("其他收入", "other_revenue"),
    ("因公出国", "overseas"),
    ("购置及运行", "vehicle"),
    ("公务用车购置", "vehicle.purchase"),
    ("购置费", "vehicle.purchase"),
    ("运行维护费", "vehicle.operation"),
    ("运行费", "vehicle.operation"),
    ("公务接待", "reception"),
    ("会议费", "meeting"),
    ("培训费", "training"),
    ("集中采购", "centralized"),
    ("分散采购", "decentralized"),
    ("货物", "goods"),
    ("工程", "works"),
    ("服务", "services"),
    ("三公", "sangong"),
)

SCOPE_OF_MEASURE = {
    "general_budget": "general",
    "gov_fund": "gov_fund",
    "state_capital": "state_capital",
    "fiscal": "fiscal",
}

# Columns whose membership in their group's 合计 differs between templates: a check passes
# when the total fits either with or without them.
OPTIONAL_MEMBERS = frozenset({"carryforward"})


_CLEAN_RE = re.compile(r"[\s\u3000（）()“”\"'：:]")


@lru_cache(maxsize=8192)
def _clean(text: str) -> str:
    """Header or label words without spaces, brackets, quotes and colons (cached: the same
    few header cells and row labels are asked about for every cell and every rule)."""
    return _CLEAN_RE.sub("", text or "")


def is_sequence(col: Column) -> bool:
    """'行次', '栏次', '序号' in a header cell of the column."""
    return _header_says(col, SEQUENCE_WORDS)


def _header_says(col: Column, words: tuple[str, ...]) -> bool:
    return any(_cell_says(p, words) for p in col.path or (col.key,))


@lru_cache(maxsize=8192)
def _cell_says(header: str, words: tuple[str, ...]) -> bool:
    """One of ``words`` in one header cell (cached: every rule asks of every column)."""
    text = _clean(header)
    return any(w in text for w in words)


# Header words of a column that holds figures that are not money: a 绩效目标表's indicator
# weights (分值 5/10/20), target values and scores. Such a column gives no money fact.
NOT_MONEY_WORDS = ("分值", "权重", "得分", "评分", "指标值", "目标值", "标准值")


def is_not_money(col: Column) -> bool:
    """A column of weights, targets or scores: its numbers are not amounts."""
    return _header_says(col, NOT_MONEY_WORDS)


# A row of a 绩效目标填报表 (a form of label | value cells) holds money only when its label
# says so: "项目资金（元）", "年度资金总额"; indicator rows hold weights and target values.
MONEY_ROW_RE = re.compile(r"资金|金额|预算|拨款|经费|支出|[万千]?元")


def names_money(label: str) -> bool:
    return bool(MONEY_ROW_RE.search(_clean(label))) and not _cell_says(label, NOT_MONEY_WORDS)


def is_total(col: Column) -> bool:
    leaf = _clean(col.path[-1] if col.path else col.key)
    return leaf in TOTAL_WORDS or leaf.endswith(("合计", "总计")) or leaf == "小计"


def is_of_which(col: Column) -> bool:
    leaf = _clean(col.path[-1] if col.path else col.key)
    return leaf.startswith("其中")


@lru_cache(maxsize=8192)
def _measure_of_text(text: str) -> str | None:
    t = _clean(text)
    for word, measure in _MEASURES:
        if word in t:
            return measure
    return None


def label_measure(label: str) -> str | None:
    """The measure a row label names ('其中：公务用车购置费' -> 'vehicle.purchase')."""
    return _measure_of_text(label)


def column_measure(col: Column) -> str | None:
    """The measure of a column: its leaf's meaning, or its group's when the leaf is a total.

    '基本支出/小计' -> 'basic'; '本年收入/一般公共预算' -> 'general_budget'; '合计' -> 'total'.
    """
    path = [p for p in (col.path or (col.key,)) if _clean(p)]
    for i in range(len(path) - 1, -1, -1):
        text = _clean(path[i])
        if i == len(path) - 1 and (text in TOTAL_WORDS or text in VALUE_WORDS):
            continue
        m = _measure_of_text(text)
        if m:
            return m
        if text.endswith(("合计", "总计")) and not m:
            return "total"
    # a header that only says 决算数/金额 (two-panel 基本支出 tables): the canonical key the
    # recognizer gave the column still names its panel ('人员经费')
    return _measure_of_text(col.key) or "total"


def column_group(col: Column) -> str | None:
    """The measure of the group a column sits in ('carryover' for '上年结转结余/一般公共预算')."""
    path = [p for p in (col.path or (col.key,)) if _clean(p)]
    for text in reversed(path[:-1]):
        m = _measure_of_text(text)
        if m:
            return m
    return None


def column_period(col: Column, kind: str | None) -> str:
    text = "".join(_clean(p) for p in (col.path or (col.key,)))
    if "上年" in text and "结转" not in text and "结余" not in text:
        return "prior"
    if kind == "final" and ("预算数" in text or "年初预算" in text):
        return "budget"
    return "current"


def column_scope(col: Column, table_scope: str) -> str:
    """Fund scope of a column: a fund named in its header narrows the table's scope."""
    text = "".join(_clean(p) for p in (col.path or (col.key,)))
    if table_scope in ("fiscal", "all"):
        for word, scope in (
            ("一般公共预算", "general"),
            ("政府性基金", "gov_fund"),
            ("国有资本经营", "state_capital"),
        ):
            if word in text:
                return scope
    return table_scope


def table_scope(table: Table) -> str:
    """The kind's fund scope, narrowed by a word of the title where the kind says so."""
    spec = kind_spec(table.kind)
    title = table.title or ""
    for word, scope in spec.scope_in_title:
        if word in title:
            return scope
    return spec.scope


def column_for(table: Table, key: str, side: str | None) -> Column | None:
    """The column a row value sits in; two-sided tables may reuse a key on each side."""
    fallback = None
    for c in table.columns:
        if c.key == key:
            if c.side == side:
                return c
            fallback = fallback or c
    return fallback


# ---------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------

_NUMBERING_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+[部分项]?|[（(][一二三四五六七八九十百]+[)）]|"
    r"[一二三四五六七八九十百]+[、.．]|[（(]\d+[)）]|\d+[、.．](?!\d))\s*"
)


def strip_numbering(label: str) -> str:
    return _NUMBERING_RE.sub("", label or "").strip()


def numbering_level(label: str) -> int | None:
    """1 for '一、', 2 for '（一）', 3 for '1、', 4 for '(1)'; None when unnumbered."""
    t = (label or "").strip()
    if re.match(r"^[一二三四五六七八九十百]+[、.．]", t):
        return 1
    if re.match(r"^[（(][一二三四五六七八九十百]+[)）]", t):
        return 2
    if re.match(r"^\d+[、.．](?!\d)", t):
        return 3
    if re.match(r"^[（(]\d+[)）]", t):
        return 4
    return None


def function_class_code(label: str) -> str | None:
    t = _clean(strip_numbering(label))
    t = t.replace("类", "")
    if t.endswith("支出"):
        t = t[: -len("支出")]
    return function_class_codes().get(t)


# Summary-table row labels -> concept, per side; first match wins.
_INCOME_ROWS: tuple[tuple[str, str], ...] = (
    (r"收入总计|^总计$|^合计$|^收入合计$", "revenue.total"),
    (r"本年收入|^当年收入", "revenue.current"),
    (r"上年结转|年初.*结转|上年结余|年初.*结余", "revenue.carryover"),
    (r"用事业基金弥补", "revenue.business_fund"),
    (r"非财政拨款结余", "revenue.non_fiscal_surplus"),
    (r"一般公共预算", "revenue.general_budget"),
    (r"政府性基金", "revenue.gov_fund"),
    (r"国有资本经营", "revenue.state_capital"),
    (r"财政专户", "revenue.special_account"),
    (r"财政拨款", "revenue.fiscal"),
    (r"单位资金", "revenue.unit_funds"),
    (r"事业单位经营收入|^经营收入", "revenue.operating"),
    (r"事业收入", "revenue.business"),
    (r"上级补助收入", "revenue.superior_subsidy"),
    (r"附属单位上缴", "revenue.affiliated"),
    (r"其他收入", "revenue.other"),
)
_EXPENDITURE_ROWS: tuple[tuple[str, str], ...] = (
    (r"支出总计|^总计$|^合计$|^支出合计$", "expenditure.total"),
    (r"本年支出|^当年支出", "expenditure.current"),
    (r"结转下年|年末结转|年末.*结余", "expenditure.carryforward"),
    (r"结余分配", "expenditure.surplus_distribution"),
    (r"^基本支出", "expenditure.basic"),
    (r"^项目支出", "expenditure.project"),
    (r"上缴上级", "expenditure.remit_superior"),
    (r"经营支出", "expenditure.operating"),
    (r"对附属单位补助", "expenditure.subsidy_affiliated"),
    (r"预留机动经费", "expenditure.reserve"),
)

_INCOME_ROW_RES = tuple((re.compile(p), c) for p, c in _INCOME_ROWS)
_EXPENDITURE_ROW_RES = tuple((re.compile(p), c) for p, c in _EXPENDITURE_ROWS)

FUND_CONCEPT_SCOPES = {
    "revenue.general_budget": "general",
    "revenue.gov_fund": "gov_fund",
    "revenue.state_capital": "state_capital",
    "revenue.fiscal": "fiscal",
}


@lru_cache(maxsize=4096)
def summary_row_concept(label: str, side: str | None) -> str | None:
    """Concept of a row of a two-sided summary table (收支总表, 财政拨款收支总表).

    Cached: facts ask it for every cell of a row, and rules ask again.
    """
    t = _clean(strip_numbering(label))
    if not t:
        return None
    if side == "expenditure":
        for pattern, concept in _EXPENDITURE_ROW_RES:
            if pattern.search(t):
                return concept
        code = function_class_code(label)
        return f"expenditure.function.{code}" if code else None
    for pattern, concept in _INCOME_ROW_RES:
        if pattern.search(t):
            return concept
    return None


ROW_TOTAL_RE = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)$")


def is_total_row(row: TableRow) -> bool:
    return row.is_total or row.level == "total" or bool(ROW_TOTAL_RE.match(_clean(row.name)))


@dataclass(slots=True)
class RowRole:
    """How a row takes part in the table's arithmetic."""

    kind: str  # 'total', 'department', 'unit', 'class' (功能/经济 classification), 'item', 'other'
    code: str | None = None
    level: int | None = None  # classification depth: 1 类, 2 款, 3 项
    unit: str | None = None  # budget-unit code the row belongs to (block), None = department
    block: int = 0  # index of the unit block the row is in (0 before any unit row)


CODE_LEVELS = {3: 1, 5: 2, 7: 3}


def row_roles(table: Table) -> list[RowRole]:
    """Role of each row, with the unit block it sits in."""
    roles: list[RowRole] = []
    block, current_unit = 0, None
    unit_codes = [r.unit or r.code for r in table.rows if r.level == "unit"]
    dept_codes = {
        c for c in unit_codes if c and any(o and o != c and o.startswith(c) for o in unit_codes)
    }
    for row in table.rows:
        code = (row.code or "").strip() or None
        if is_total_row(row) and not code and not row.unit:
            roles.append(RowRole("total", block=0))
            continue
        if row.level == "department":
            block += 1
            current_unit = None
            roles.append(RowRole("department", code=row.unit or code, unit=None, block=block))
            continue
        unit_code = row.unit if row.level == "unit" or (row.unit and not code) else None
        if row.level == "unit" or (unit_code and not code):
            unit_code = unit_code or code
            block += 1
            if unit_code and unit_code in dept_codes:
                current_unit = None
                roles.append(RowRole("department", code=unit_code, unit=None, block=block))
            else:
                current_unit = unit_code
                roles.append(RowRole("unit", code=unit_code, unit=unit_code, block=block))
            continue
        if code and code.isdigit() and len(code) in CODE_LEVELS and row.scheme != "none":
            roles.append(
                RowRole(
                    "class", code=code, level=CODE_LEVELS[len(code)], unit=current_unit, block=block
                )
            )
            continue
        roles.append(
            RowRole("item" if code else "other", code=code, unit=current_unit, block=block)
        )
    return roles
