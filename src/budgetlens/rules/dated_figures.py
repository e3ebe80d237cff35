"""S rules on the year that dates a single figure: "2018年度财政拨款基本支出预算…" in a 2019 budget.

A sentence that states one amount and compares nothing ("江苏省委办公厅2019年度财政拨款基本支出
预算11700.63万元，其中：…") can only speak of the year it names; in a disclosure of year Y that
year must be Y. When the amount is also the tables' figure of this year (and not last year's),
the year is proven wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Claim, Fact
from ..recognize.claims_wording import YearPhrase, dated_figures
from .base import CheckResult, register
from .common import ROW_TOTAL_MEASURES, DatedRule, quote_of, scopes_match, value_interval
from .context import CheckContext

_KIND_WORD = {"budget": "预算", "final": "决算"}


_OTHER_BASIS = re.compile(r"决算|执行|实际|完成|累计")


def _of_kind(label: str, kind: str) -> bool:
    """The label names a figure of the document's own kind. In a budget only a 预算 figure
    ("…基本支出预算", "一般公共预算…支出"), never a 决算 or 执行 one; in a 决算 any figure (its
    年初预算 and its 决算 are both of the year accounted for)."""
    if kind == "budget":
        return "预算" in label and not _OTHER_BASIS.search(label)
    return True


def _claim_at(ctx: CheckContext, y: YearPhrase) -> Claim | None:
    """The amount claim read from the phrase's figure (same figure, same place)."""
    for c in ctx.claims:
        if (c.kind == "amount" and c.concept and c.value.text.replace(" ", "") == y.amount
                and c.location.page == y.location.page and c.location.line == y.location.line
                and c.location.bbox == y.location.bbox):
            return c
    return None


def _own_figures(ctx: CheckContext, c: Claim, period: str) -> list[Fact]:
    """The department's table figures of the claim's concept and scope for one period (not a
    budget unit's row, not a project's table, not a figure whose column was guessed)."""
    return [f for f in ctx.facts_for(c.concept, source="table", period=period)
            if scopes_match(c.concept, f.context.scope, c.scope)
            and getattr(f, "measure", None) in ROW_TOTAL_MEASURES
            and f.context.instance is None and f.context.unit is None
            and getattr(f, "certain", True)]


@register
class DatedFigureYearRule(DatedRule):
    """A figure a sentence dates with a year, comparing nothing, is of the document's year.

    What it checks:
        "2019年度财政拨款基本支出预算11700.63万元，其中：…" in a budget of year Y (or "2024年度
        政府采购金额为…" in a 决算): when the sentence compares nothing (no 比/较/同比/上年, no
        增减 word, no 执行数 or 结转) and names no other year, the year it gives the amount must
        be Y. Another year is a warning; it is an error when the amount is the tables' figure
        of the same concept for Y and the tables' figure for Y − 1 differs from it (the figure
        is this year's, only its year is wrong).
    Why it matters:
        A sentence copied from last year's file with its figure updated but not its year tells
        readers that this year's budget is last year's.
    Example:
        江苏省委办公厅 2019 预算: "江苏省委办公厅2019年度财政拨款基本支出预算11700.63万元" passes;
        "2018年度财政拨款基本支出预算11700.63万元" in that document fails.
    References:
        disclosure-rules.md §6 (说明 of the year's 预算/决算); extraction-and-style.md (years).
    """

    code = "S012"
    name = "statement.figure-year"
    title = "单独陈述的金额所标年度不是文件年度"
    severity = "warning"

    def check_dated(self, ctx: CheckContext, kind: str, year: int) -> Iterator[CheckResult]:
        what = _KIND_WORD[kind]
        for y in dated_figures(ctx.statements.units):
            if not _of_kind(y.label, kind):
                continue
            if y.year == year:
                yield CheckResult.passed(y.text)
                continue
            severity, proof = "warning", ""
            c = _claim_at(ctx, y)
            if c is not None and c.value.value != 0:
                stated = value_interval(c.value)
                now = [f for f in _own_figures(ctx, c, "current")
                       if value_interval(f.value).intersects(stated)]
                before = _own_figures(ctx, c, "prior")
                if now and before and not any(value_interval(f.value).intersects(stated)
                                              for f in before):
                    severity = "error"
                    proof = (f"；该金额即报表中{year}年数{now[0].value.text}"
                             f"（{year - 1}年为{before[0].value.text}）")
            msg = f"{year}年度{what}文件中写“{y.text}”，所述金额应为{year}年{proof}"
            yield CheckResult.failed(self.finding(
                msg, y.location, severity=severity, expected=str(year), actual=str(y.year),
                quote=quote_of(ctx, y.location)), y.text)
