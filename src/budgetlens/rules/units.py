"""U: units and scales — a figure printed in the wrong unit (元 / 万元).

Every comparison elsewhere converts to 万元 first, so a table printed in 元 beside a text in
万元 is never a finding by itself. These rules look for the slip itself: figures that
agree only after multiplying one of them by 10,000.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from ..intervals import Interval, percent
from ..model import Amount, Claim, Fact, Table
from ..taxonomy.concepts import is_money, label
from .base import CheckResult, Rule, register
from .common import fmt_interval, places_for, table_name
from .context import CheckContext

TEN_THOUSAND = Decimal(10000)


def _claim_index(ctx: CheckContext) -> dict[tuple, list[Fact]]:
    idx: dict[tuple, list[Fact]] = defaultdict(list)
    for f in ctx.facts:
        if f.source == "claim" and is_money(f.concept):
            idx[(f.concept, f.context.scope, f.context.period)].append(f)
    return idx


@dataclass(slots=True)
class _Stated:
    """One distinct interval among the text's figures of a concept: the first claim that
    states it and how many do (a long text states one figure many times)."""

    interval: Interval
    first: Fact
    count: int = 1


def _distinct_stated(claims: list[Fact]) -> list[_Stated]:
    out: dict[Interval, _Stated] = {}
    for c in claims:
        iv = Interval.of_wanyuan(c.value)
        s = out.get(iv)
        if s is None:
            out[iv] = _Stated(iv, c)
        else:
            s.count += 1
    return list(out.values())  # in the order the text first states each


def _agrees(f: Fact, said: list[_Stated]) -> bool:
    iv_t = Interval.of_wanyuan(f.value)
    return any(iv_t.intersects(s.interval) for s in said)


@register
class TableScale(Rule):
    """A table's figures are 10,000 times (or 1/10,000 of) the same figures in the text.

    What it checks:
        For each table, the figures the narrative also states (same concept, fund scope
        and period, department level): when none of them agrees with the text directly
        but at least one agrees after a factor of 10,000, the table's 单位 line is wrong
        (元 printed as 万元, or the reverse). A table in 元 whose figures agree with a text
        in 万元 after conversion is correct and passes.

    Why it matters:
        A wrong 单位 line misstates every figure of the table by four orders of magnitude
        and breaks every comparison with other tables and the text.

    Example:
        Fails: 单位：万元, 合计 45,553,500.00, while the text says 支出总预算4,555.35万元.
        Passes: 单位：元, 合计 45,553,500.00, and the text says 4,555.35万元.

    References:
        部门预算公开表样（金额单位）; disclosure-rules.md §6 error 9 (GovBudgetChecker R001).
    """

    code = "U001"
    name = "units.table-scale"
    title = "表格金额与文字说明相差一万倍（单位标注错误）"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        claims = _claim_index(ctx)
        if not claims:
            return
        stated: dict[tuple, list[_Stated]] = {}
        by_table: dict[str, list[tuple[Fact, list[_Stated]]]] = defaultdict(list)
        for f in ctx.facts:
            if f.source != "table" or f.measure is not None or f.context.unit is not None:
                continue
            if f.context.instance is not None:
                continue  # a project's or unit's own table: not the figure the text states
            if not is_money(f.concept) or not f.certain or f.value.value == 0:
                continue
            key = (f.concept, f.context.scope, f.context.period)
            said = stated.get(key)
            if said is None:
                said = stated[key] = _distinct_stated(claims.get(key, []))
            if said:
                by_table[f.location.table or ""].append((f, said))
        tables = {t.id: t for t in ctx.tables}
        for table_id, pairs in by_table.items():
            subject = f"{table_id} scale"
            if any(_agrees(f, said) for f, said in pairs):
                yield CheckResult.passed(subject)
                continue
            first: tuple[Fact, Fact] | None = None
            n = 0
            for f, said in pairs:
                iv_t = Interval.of_wanyuan(f.value)
                up, down = iv_t.scale(1 / TEN_THOUSAND), iv_t.scale(TEN_THOUSAND)
                for s in said:
                    if up.intersects(s.interval) or down.intersects(s.interval):
                        n += s.count
                        if first is None:
                            first = (f, s.first)
            if first is not None:
                t = tables.get(table_id)
                yield CheckResult.failed(self._finding(t, first[0], first[1], n), subject)
            else:
                yield CheckResult.insufficient(subject)

    def _finding(self, t: Table | None, f: Fact, c: Fact, n: int):
        where = table_name(t) if t else f.location.table
        unit = (t.money_unit if t else None) or f.value.unit or "（未标注）"
        iv_t, iv_c = Interval.of_wanyuan(f.value), Interval.of_wanyuan(c.value)
        places = places_for(iv_t, iv_c)
        msg = (
            f"{where}（单位：{unit}）「{f.label.strip()}」{f.value.text} 与文字说明"
            f"「{c.label}」{c.value.text}{c.value.unit or ''} 相差一万倍"
            f"（共 {n} 处如此，无一直接相符）：表格单位标注可能有误；"
            f"{fmt_interval(iv_t, places)} 万元 vs {fmt_interval(iv_c, places)} 万元"
        )
        return self.finding(
            msg,
            f.location,
            related=[c.location],
            expected=fmt_interval(iv_c, places),
            actual=fmt_interval(iv_t, places),
        )


def _digits(a: Amount) -> str:
    """The figure as written, without the unit the text put after it."""
    return (a.text or str(a.value)).removesuffix("万元").removesuffix("元").strip()


def _as_wanyuan(a: Amount) -> Amount:
    """The same digits read as 万元 (what the writer most likely meant by '134.6元')."""
    return replace(a, unit="万元")


def _statement_claims(ctx: CheckContext, rate: Claim) -> list[Claim]:
    """The other claims about ``rate``'s subject in its sentence, on its line."""
    return [
        c for c in ctx.claim_index.in_statement(rate) if c is not rate and c.subject == rate.subject
    ]


def _growth(current: Interval, change: Interval, direction: int) -> Interval | None:
    prior = current - change if direction >= 0 else current + change
    return percent(change, prior)


@register
class YuanForWanyuan(Rule):
    """A narrative amount written in 元 where 万元 is meant.

    What it checks:
        A figure the text gives in 元 in a statement whose other figures are in 万元:
        when reading it as 万元 makes the stated growth rate (or the table's figure for
        the same item) come out right and reading it as 元 does not, the unit is a slip.

    Why it matters:
        "同比减少134.6元" for a change of 134.6万元 understates the change ten-thousand-fold;
        a reader or a program taking the text at its word gets the figure wrong.

    Example:
        Fails: "一般公共服务类科目支出预算540.59万元 … 同比减少134.6元，同比下降20%"
        (134.6万元 / 675.19万元 = 19.9%; 134.6元 would be 0.002%). Passes: "同比减少9.88万元，
        同比下降11%".

    References:
        部门预算公开表样（金额单位：万元）; disclosure-rules.md §6 error 9
        (liujiang 2022 "同比减少134.6元").
    """

    code = "U002"
    name = "units.yuan-for-wanyuan"
    title = "文字说明中以“元”书写应为“万元”的金额"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        claims = ctx.claims
        by_context: dict[tuple, list[Fact]] = defaultdict(list)
        for f in ctx.facts:
            if (f.source == "table" and f.measure is None and f.context.unit is None and f.certain
                    and f.context.instance is None):
                by_context[(f.concept, f.context.scope, f.context.period)].append(f)
        for c in claims:
            if c.kind not in ("amount", "change") or c.value.unit != "元":
                continue
            subject = f"{c.subject} {c.value.text} line {c.location.line}"
            verdict = self._by_rate(ctx, c)
            if verdict is None and c.kind == "amount" and c.concept:
                verdict = self._by_table(by_context, c)
            if verdict is None:
                yield CheckResult.insufficient(subject)
            elif verdict is True:
                yield CheckResult.passed(subject)
            else:
                n = _digits(c.value)
                yield CheckResult.failed(
                    self.finding(verdict, c.location, actual=f"{n}元", expected=f"{n}万元"), subject
                )

    def _by_rate(self, ctx: CheckContext, c: Claim) -> bool | str | None:
        if c.kind != "change":
            return None
        same = _statement_claims(ctx, c)
        rates = [x for x in same if x.kind == "growth"]
        currents = [
            x
            for x in same
            if x.kind == "amount" and x.period == "current" and x.value.unit == "万元"
        ]
        if len(rates) != 1 or len(currents) != 1:
            return None
        rate, current = rates[0], currents[0]
        direction = c.direction if c.direction is not None else (rate.direction or 1)
        cur = Interval.of_wanyuan(current.value)
        stated = Interval.of(rate.value)
        as_wan = _growth(cur, Interval.of(_as_wanyuan(c.value)), direction)
        as_yuan = _growth(cur, Interval.of_wanyuan(c.value), direction)
        if as_wan is None or as_yuan is None:
            return None
        if as_yuan.intersects(stated):
            return True
        if not as_wan.intersects(stated):
            return None
        n = _digits(c.value)
        return (
            f"「{c.subject}」变动额写作 {n}元，但所述增长率 {rate.value.text} 只在按 {n}万元 "
            f"计算时成立（{fmt_interval(as_wan, 2)}%）；按元计算为 {fmt_interval(as_yuan, 4)}%："
            f"单位应为万元"
        )

    def _by_table(self, by_context: dict[tuple, list[Fact]], c: Claim) -> bool | str | None:
        facts = by_context.get((c.concept, c.scope or "all", c.period), [])
        if not facts:
            return None
        f = facts[0]
        iv_t = Interval.of_wanyuan(f.value)
        if Interval.of_wanyuan(c.value).intersects(iv_t):
            return True
        if not Interval.of(_as_wanyuan(c.value)).intersects(iv_t):
            return None
        return (
            f"文字说明「{c.subject}」写作 {_digits(c.value)}元，与表格 {f.location.table}"
            f"「{f.label.strip() or label(f.concept)}」{f.value.text}{f.value.unit or ''} "
            f"数字相同：单位应为万元"
        )
