"""N rules: figures stated in the narrative against the tables and against each other.

A narrative amount is compared with the table figure of the same concept, fund scope and
period for the whole department, by interval intersection; when the tables give no such
figure the check reports insufficient data, never a failure. Inside the narrative, a
"三公" total must equal its items and a figure stated as 0 cannot have a positive part.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..intervals import Interval, agreement, interval_sum
from ..model import Claim, Fact
from .base import CheckResult, Rule, register
from .common import (
    EQUIVALENT,
    ROW_TOTAL_MEASURES,
    part_interval,
    quote_of,
    scopes_match,
    signed,
    value_interval,
    with_unit,
)
from .context import CheckContext

_PERIOD_WORD = {"current": "", "budget": "年初预算", "prior": "上年"}


def _department_facts(ctx: CheckContext, c: Claim) -> tuple[list[Fact], str]:
    """Table facts a claim is compared with, and how sure the match is.

    'own': the department's figure of the same concept, with those of equivalent concepts
    (a mismatch with all of them is an error);
    'uncertain': that figure exists but the reader could not place its column (no check);
    'equivalent': only a figure of an equivalent concept (支出总计 for 本年支出合计) or the sum
    of budget-unit rows exists (a mismatch is a warning).
    """
    names = EQUIVALENT.get(c.concept or "", (c.concept,))
    exact, uncertain, equivalent, units = [], [], [], []
    for name in names:
        for f in ctx.facts_for(name, source="table", period=c.period):
            if not scopes_match(c.concept, f.context.scope, c.scope):
                continue
            if getattr(f, "measure", None) not in ROW_TOTAL_MEASURES:
                continue
            if f.context.instance is not None:
                continue  # a project's or a unit's own table: the text speaks of the department
            if f.context.unit is not None:
                if name == c.concept and getattr(f, "certain", True):
                    units.append(f)
                continue
            if not getattr(f, "certain", True):
                if name == c.concept:
                    uncertain.append(f)
                continue
            (exact if name == c.concept else equivalent).append(f)
    if exact:
        # a text's "收入总计" often means 本年收入合计: agreeing with either is agreement
        return exact + equivalent, "own"
    if uncertain:
        return uncertain, "uncertain"
    if equivalent:
        return equivalent, "equivalent"
    return units, "units"


@dataclass(slots=True)
class _Candidates:
    """The table figures a claim's (concept, period, scope) is compared with.

    ``distinct`` holds each different interval once, in first-seen order: whether a stated
    figure agrees depends only on the intervals, and a long document prints the same
    figure in many tables (one per budget unit, one per repeated statement).
    """

    facts: list[Fact]
    how: str
    intervals: list[Interval] = field(default_factory=list)
    distinct: list[Interval] = field(default_factory=list)
    _units_sum: Interval | None = None

    def units_sum(self) -> Interval:
        """The sum of the first figure of each budget unit (the 'units' match)."""
        if self._units_sum is None:
            by_unit: dict[str, Fact] = {}
            for f in self.facts:
                by_unit.setdefault(f.context.unit or "", f)
            self._units_sum = interval_sum(value_interval(f.value) for f in by_unit.values())
        return self._units_sum


def _candidates(ctx: CheckContext, c: Claim, memo: dict[tuple, _Candidates]) -> _Candidates:
    """``_department_facts`` of a claim, worked out once per (concept, period, scope)."""
    key = (c.concept, c.period, c.scope)
    found = memo.get(key)
    if found is None:
        facts, how = _department_facts(ctx, c)
        intervals = [value_interval(f.value) for f in facts] if how != "units" else []
        found = memo[key] = _Candidates(facts, how, intervals, list(dict.fromkeys(intervals)))
    return found


@register
class NarrativeAmountRule(Rule):
    """An amount stated in the narrative equals the table figure of the same concept.

    What it checks:
        Each amount in the 说明 whose subject resolves to a concept (a total, a 功能分类
        类/款/项 named in the document's tables, 基本支出, 三公 items, 机关运行经费, 政府采购 …)
        against the department-level table figure with the same fund scope and period,
        by interval intersection. When only budget-unit rows exist, their sum is used and a
        mismatch is a warning.
    Why it matters:
        The 说明 is what most readers read; a figure that differs from the table means one
        of them is wrong.
    Example:
        柳江区人民政府办公室 2017: "一般公共服务（类）支出1089.99万元" while 表五 gives 201
        一般公共服务支出 1089.00.
    References:
        disclosure-rules.md §7 N1.
    """

    code = "N001"
    name = "narrative.amount-vs-table"
    title = "说明中的金额与报表不一致"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        memo: dict[tuple, _Candidates] = {}
        for c in ctx.claims:
            if c.kind != "amount" or c.concept is None or c.concept.startswith("count."):
                continue
            subject = f"{c.subject} {c.value.text}"
            cand = _candidates(ctx, c, memo)
            facts, how = cand.facts, cand.how
            if not facts or how == "uncertain":
                yield CheckResult.insufficient(subject)
                continue
            stated = value_interval(c.value)
            if how != "units":
                verdicts = [agreement(c.value, t) for t in cand.distinct]
                if "equal" in verdicts:
                    yield CheckResult.passed(subject)
                    continue
                table_iv = cand.intervals
                nearest = sorted(range(len(facts)), key=lambda k: stated.gap(table_iv[k]))
                facts = [facts[k] for k in nearest]
                seen: dict[str, str] = {}
                for f in facts:
                    seen.setdefault(f.value.text, f"{f.label or '表中数'} {with_unit(f.value)}")
                shown = "、".join(list(seen.values())[:3])
                expected = value_interval(facts[0].value)
                severity = "error" if how == "own" else "warning"
                cut = "truncated" in verdicts
            else:
                expected = cand.units_sum()
                cut = agreement(c.value, expected)
                if cut == "equal":
                    yield CheckResult.passed(subject)
                    continue
                cut = cut == "truncated"
                shown = f"各单位合计{expected.fmt(2)}万元"
                severity = "warning"
            note = ""
            if cut:  # 123,456元 in the table written 12.34万元: cut, not rounded
                severity, note = "warning", "（与截尾取数相符）"
            word = _PERIOD_WORD.get(c.period, "")
            msg = f"说明中{c.subject}{word}写为{with_unit(c.value)}，报表为{shown}{note}"
            yield CheckResult.failed(self.finding(
                msg, c.location, severity=severity, related=[f.location for f in facts[:6]],
                expected=expected.fmt(4), actual=stated.fmt(4), quote=quote_of(ctx, c.location)), subject)


# ---------------------------------------------------------------------------
# N002 narrative sums
# ---------------------------------------------------------------------------

_CHILDREN = {
    "sangong.total": ("sangong.overseas", "sangong.vehicle", "sangong.reception"),
    "sangong.vehicle": ("sangong.vehicle.purchase", "sangong.vehicle.operation"),
}


def _breakdown(claims: list[Claim], i: int) -> dict[str, Claim]:
    """The first stated figure of each item after a 三公 heading figure: same kind, same period.

    The run ends at the next figure of the heading's own concept or at a figure of anything
    that is not 三公 (the text has moved on to another subject).
    """
    head = claims[i]
    found: dict[str, Claim] = {}
    for x in claims[i + 1:]:
        if x.concept is None or x.kind not in ("amount", head.kind):
            continue
        if not x.concept.startswith("sangong") or not scopes_match(head.concept, x.scope, head.scope):
            break
        if x.kind != head.kind or x.period != head.period or x.base != head.base:
            continue
        if x.concept == head.concept:
            break
        found.setdefault(x.concept, x)
    return found


def _signed_text(c: Claim) -> str:
    if c.kind != "change" or not c.direction:
        return c.value.text
    return ("+" if c.direction > 0 else "-") + c.value.text


def _figure(c: Claim) -> Interval | None:
    """An amount, or a change with the sign its words give (None when they give none)."""
    return value_interval(c.value) if c.kind == "amount" else signed(c)


def _is_zero(c: Claim) -> bool:
    return c.value.value == 0


@register
class NarrativeSumRule(Rule):
    """The "三公" total stated in the text equals its items stated in the text.

    What it checks:
        After "“三公”经费…X万元", the items 因公出国（境）费, 公务用车购置及运行费 (or its two
        parts) and 公务接待费 stated next must add up to X; 公务用车购置及运行费 must equal
        购置费 + 运行（维护）费. With an item missing, only "items ≤ total" is checked. The
        changes stated for the total and for every item (增加/减少 …万元) must add up the
        same way; with an item's change missing nothing is checked.
    Why it matters:
        三公 is the most read part of the 说明; a total that its items do not make is a
        visible error.
    Example:
        柳州市人民政府办公室 2019: 110.76 = 0 + 12.97 + 97.79 and 97.79 = 53.79 + 44 (passes).
    References:
        disclosure-rules.md §7 B10, F07 (三公 合计 = 出国 + 车 + 接待; 车 = 购置 + 运行).
    """

    code = "N002"
    name = "narrative.sangong-sum"
    title = "说明中“三公”经费合计与分项不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for i, head in enumerate(ctx.claims):
            if head.kind not in ("amount", "change") or head.concept not in _CHILDREN:
                continue
            total = _figure(head)
            if total is None or head.base == "预算":
                continue
            if head.kind == "change" and head.direction is None:
                continue  # "同比增（减）0万元": template wording, no stated direction
            is_change = head.kind == "change"
            subject = f"{head.subject} {head.value.text} 分项"
            found = _breakdown(ctx.claims, i)
            items = self._items(head.concept, found)
            complete = len(items) == len(_CHILDREN[head.concept])
            if not items or (is_change and not complete):
                yield CheckResult.insufficient(subject)
                continue
            if not is_change and _is_zero(head) and any(v.lo > 0 for _, v, _ in items):
                yield CheckResult.not_applicable(subject)  # N003 reports a zero parent
                continue
            summed = interval_sum(v for _, v, _ in items)
            ok = total.intersects(summed) if complete else summed.lo <= total.hi
            if ok:
                yield CheckResult.passed(subject)
                continue
            parts = "、".join(f"{label}{text}" for label, _, text in items)
            what = "增减额" if is_change else ""
            word = "" if not is_change else ("增加" if (head.direction or 0) > 0 else "减少")
            msg = (f"{head.subject}{what}写为{word}{head.value.text}，分项{what}{parts}"
                   f"合计{summed.fmt(2)}万元")
            related = [c.location for c in found.values()]
            yield CheckResult.failed(self.finding(
                msg, head.location, related=related, expected=summed.fmt(4), actual=total.fmt(4),
                quote=quote_of(ctx, head.location)), subject)

    @staticmethod
    def _items(parent: str, found: dict[str, Claim]) -> list[tuple[str, Interval, str]]:
        items = []
        for child in _CHILDREN[parent]:
            c = found.get(child)
            sub = _CHILDREN.get(child, ())
            parts = [found[s] for s in sub if s in found]
            part_ivs = [part_interval(p) for p in parts]
            parts_usable = len(parts) == len(sub) and all(iv is not None for iv in part_ivs)
            if c is not None:
                iv = part_interval(c)
                if iv is None:
                    continue
                text = _signed_text(c)
                if c.kind == "amount" and _is_zero(c) and any(p.value.value > 0 for p in parts):
                    # a zero parent with positive parts stated: N003 reports it; use the parts
                    iv = interval_sum(value_interval(p.value) for p in parts)
                    text = "+".join(p.value.text for p in parts)
                items.append((c.subject, iv, text))
            elif sub and parts_usable:
                items.append(("公务用车", interval_sum(part_ivs), "".join(_signed_text(p) for p in parts)))
        return items


# ---------------------------------------------------------------------------
# N003 zero parent, positive part
# ---------------------------------------------------------------------------


@register
class ZeroParentRule(Rule):
    """A figure stated as 0 whose part, stated next, is positive.

    What it checks:
        "公务用车购置费及运行费0万元…其中：公务用车运行维护费1.8万元", and any "X 0万元，
        其中：Y n万元" with n > 0: a whole cannot be zero while a part of it is not.
    Why it matters:
        One of the two figures is wrong, and the 三公 figures are checked line by line by
        auditors.
    Example:
        柳江区政务服务中心 2022: 公务用车购置费及运行费 0万元, then 公务用车运行维护费 1.8万元.
    References:
        disclosure-rules.md §7 B10; §6 item 4.
    """

    code = "N003"
    name = "narrative.zero-parent"
    title = "总额写为0而其中分项大于0"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for i, c in enumerate(ctx.claims):
            if c.kind != "amount" or not _is_zero(c):
                continue
            subject = f"{c.subject} 0 其中"
            child = self._child_by_concept(ctx.claims, i) or self._child_after_qizhong(ctx.claims, i)
            if child is None:
                yield CheckResult.not_applicable(subject)
                continue
            if child.value.value <= 0:
                yield CheckResult.passed(subject)
                continue
            msg = f"{c.subject}写为{c.value.text}，而其中{child.subject}为{child.value.text}"
            yield CheckResult.failed(self.finding(
                msg, c.location, related=[child.location], expected=f"≥ {child.value.text}",
                actual=c.value.text, quote=quote_of(ctx, c.location)), subject)

    @staticmethod
    def _child_by_concept(claims: list[Claim], i: int) -> Claim | None:
        head = claims[i]
        kids = _CHILDREN.get(head.concept or "")
        if not kids or head.concept == "sangong.total":
            return None
        best = None
        for x in claims[i + 1:]:
            if x.kind != "amount" or x.period != head.period or x.concept is None:
                continue
            if x.concept == head.concept or not x.concept.startswith("sangong"):
                break
            if x.concept in kids and (best is None or x.value.value > best.value.value):
                best = x
        return best

    @staticmethod
    def _child_after_qizhong(claims: list[Claim], i: int) -> Claim | None:
        head = claims[i]
        start = (head.offset or 0) + len(head.value.text)
        for x in claims[i + 1:]:
            if x.sentence != head.sentence:
                return None
            if x.kind != "amount":
                if (x.concept or x.subject) != (head.concept or head.subject):
                    return None
                continue
            between = head.sentence[start: x.offset or start]
            if re.search(r"其中", between) and not re.search(r"\d", between.split("其中")[-1]):
                return x
            return None
        return None
