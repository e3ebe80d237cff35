"""N rule on a budget's balance stated in the 说明: 收入总计 and 支出总计 are one figure.

A 部门预算 balances by construction (收入总计 = 支出总计, disclosure-rules.md §7 B01), and so did
last year's, so the change the text states for the one is the change of the other. Narratives
state both — "收入预算：…年初预算数4683.35万元…" then "支出预算：…年初预算数4683.35万元…",
"收入较去年增加338.47万元" then "支出较去年增加338.47万元" — often in documents that publish no
table: the pair is then the only check of either figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..model import Claim
from .base import CheckResult, Rule, register
from .common import quote_of, stated_interval
from .context import CheckContext

_SIDES = {"revenue.total": "收入总计", "expenditure.total": "支出总计"}



def _text(c: Claim) -> str:
    if c.kind != "change":
        return c.value.text
    return ("增加" if (c.direction or 0) > 0 else "减少") + c.value.text


def _place(c: Claim) -> int:
    return c.location.page or c.location.line or 0


@register
class NarrativeBalanceRule(Rule):
    """收入总计 and 支出总计 stated in a budget's 说明 are equal, and so are their changes.

    What it checks:
        In a 部门/单位预算, every amount the text states for 收入总计 against every amount it
        states for 支出总计 of the same fund scope and period, and every change stated for the
        one against every change stated for the other (比上年增加/减少, signed by its word),
        on the intervals of the written digits. 决算 are not checked: their narratives often
        name 本年收入 and 本年支出 as totals, which differ by the carried-over funds. A warning:
        a budget's text may also call 本年收入 its 收入预算, and the reader cannot always tell.
    Why it matters:
        Where a 说明 is published without its tables, the two sides of the balance are the
        only statement of each other; a total or a change word copied wrong on one side shows.
    Example:
        垫江县人民政府办公室 2024: "收入预算：2024年年初预算数4683.35万元…收入较去年增加338.47万元"
        and "支出预算：2024年年初预算数4683.35万元…支出较去年增加338.47万元" (passes).
    References:
        disclosure-rules.md §7 B01 (收入总计 = 支出总计).
    """

    code = "N006"
    name = "narrative.budget-balance"
    title = "预算说明中收入总计与支出总计不一致"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        if ctx.info.kind != "budget":
            yield CheckResult.not_applicable("决算或类型未知：收支总计不必相等")
            return
        groups: dict[tuple, dict[str, list[Claim]]] = defaultdict(lambda: defaultdict(list))
        for c in ctx.claims:
            if c.concept not in _SIDES or c.kind not in ("amount", "change"):
                continue
            if c.kind == "change" and not c.direction:
                continue
            groups[(c.kind, c.scope, c.period, c.base)][c.concept].append(c)
        for (kind, *_), sides in groups.items():
            revenues, expenditures = sides.get("revenue.total", []), sides.get("expenditure.total", [])
            for r in revenues:
                for e in expenditures:
                    a, b = stated_interval(r), stated_interval(e)
                    if a is None or b is None:
                        continue
                    what = "增减额" if kind == "change" else ""
                    subject = f"{r.subject}{_text(r)} / {e.subject}{_text(e)}"
                    if a.intersects(b):
                        yield CheckResult.passed(subject)
                        continue
                    other, later = sorted((r, e), key=_place)  # reported where the second is written
                    msg = (f"预算收支平衡，{_SIDES[later.concept]}{what}应与{_SIDES[other.concept]}{what}相同："
                           f"{later.subject}写为{_text(later)}，{other.subject}写为{_text(other)}")
                    yield CheckResult.failed(self.finding(
                        msg, later.location, severity="warning", related=[other.location],
                        expected=stated_interval(other).fmt(4), actual=stated_interval(later).fmt(4),
                        quote=quote_of(ctx, later.location)), subject)
