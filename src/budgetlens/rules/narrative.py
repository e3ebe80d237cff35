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
from ..model import Amount, Claim, Fact, Location
from ..taxonomy.subjects import clean_subject, resolve
from .base import CheckResult, Rule, register
from .common import (
    EQUIVALENT,
    ROW_TOTAL_MEASURES,
    quote_of,
    relations,
    scopes_match,
    signed,
    value_interval,
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


def with_unit(a: Amount) -> str:
    """A figure as written with its own unit: '4,555.35万元', '123,456.00元'."""
    text = a.text or str(a.value)
    return text if not a.unit or text.endswith(a.unit) else f"{text}{a.unit}"


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
            part_ivs = [_figure(p) for p in parts]
            parts_usable = len(parts) == len(sub) and all(iv is not None for iv in part_ivs)
            if c is not None:
                iv = _figure(c)
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




# ---------------------------------------------------------------------------
# N005 a whole and the parts its sentence lists after 其中
# ---------------------------------------------------------------------------

_OPENS_LIST = ("其中", "包括", "具体为", "分别为")


@dataclass(frozen=True, slots=True)
class _Breakdown:
    """One entry of relations.yaml ``breakdowns``: a whole and its disjoint parts."""

    whole: str
    parts: tuple[str, ...]
    detail: dict[str, tuple[str, ...]]
    complete: bool

    def part_of(self, concept: str) -> str | None:
        """The listed part ``concept`` is, or the part it details; None when it is neither."""
        if concept in self.parts:
            return concept
        return next((p for p, kids in self.detail.items() if concept in kids), None)


def _breakdowns() -> dict[str, _Breakdown]:
    out = {}
    for spec in relations().get("breakdowns", []):
        detail = {k: tuple(v) for k, v in (spec.get("detail") or {}).items()}
        out[spec["whole"]] = _Breakdown(spec["whole"], tuple(spec["parts"]), detail,
                                        bool(spec.get("complete")))
    return out


def _fund_parts() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in (relations().get("fund_breakdown") or {}).items()}


def _narrower(scope: str | None, whole_scope: str | None) -> bool:
    wider = relations().get("scope_subsets", {}).get(scope or "", [])
    return whole_scope in wider


def _same_concept(a: str, b: str) -> bool:
    return b in EQUIVALENT.get(a, (a,))


@register
class NarrativeBreakdownRule(Rule):
    """A whole stated in the text and the parts its sentence lists after "其中".

    What it checks:
        "政府采购预算34万元，其中：政府采购货物预算0万元、工程预算0万元、服务预算34万元": the
        parts a sentence lists right after a whole (其中, 包括 …) — parts the relation data
        (relations.yaml ``breakdowns``) gives for that whole, or the same figure of a narrower
        fund (财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营) — may not add up to more
        than the whole; when the list names every part the whole has by definition (货物,
        工程, 服务 of 政府采购; 人员经费 and 公用经费 of 基本支出; the three funds of 财政拨款)
        they must add up to it. Sums use the intervals of the written digits.
    Why it matters:
        A breakdown that does not make its total shows a slip in the total or in one part,
        even where no table states the same figures.
    Example:
        普陀区人民政府办公室 2025: "收入预算9,101.68万元，其中：财政拨款收入9,101.68万元…；
        事业收入0万元；事业单位经营收入0万元；其他收入0万元" passes; with 事业收入 2万元 the
        parts (9,103.68) exceed the whole.
    References:
        disclosure-rules.md §7 B01–B05, B13 (收入 = 各项来源; 政府采购 = 货物 + 工程 + 服务).
    """

    code = "N005"
    name = "narrative.breakdown-sum"
    title = "说明中总额与其中所列分项之和不符"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        funds = _fund_parts()
        for head, spec, parts in _stated_breakdowns(ctx.claims):
            fund_parts = funds.get(head.scope or "")
            subject = f"{head.subject} {head.value.text} 其中"
            by_part = {key: c for key, c in parts}
            used = [c for key, c in parts if not _detail_of_listed(key, by_part, spec)]
            keys = set(by_part)
            complete = bool(
                (spec and spec.complete and all(p in keys for p in spec.parts))
                or (fund_parts and all(f"@{s}" in keys for s in fund_parts))
            )
            if complete:
                yield from self._changes(ctx, head, used)
            whole = value_interval(head.value)
            summed = interval_sum(value_interval(c.value) for c in used)
            if whole.intersects(summed) or (not complete and summed.lo <= whole.hi):
                yield CheckResult.passed(subject)
                continue
            items = "、".join(f"{c.subject}{c.value.text}" for c in used[:6])
            tail = "" if complete else "，已大于总额"
            msg = (f"{head.subject}写为{with_unit(head.value)}，其中所列{items}合计"
                   f"{summed.fmt(2)}万元{tail}")
            yield CheckResult.failed(self.finding(
                msg, head.location, related=[c.location for c in used],
                expected=(summed.fmt(4) if complete else f"≥ {summed.fmt(4)}"), actual=whole.fmt(4),
                quote=quote_of(ctx, head.location)), subject)


    def _changes(self, ctx: CheckContext, head: Claim, parts: list[Claim]) -> Iterator[CheckResult]:
        """A complete breakdown whose whole and every part state their change ("比2024年预算
        减少2,389.52万元", "…持平"): the parts' changes add up to the whole's."""
        subject = f"{head.subject} {head.value.text} 其中 增减额"
        whole = _stated_change(ctx, head)
        changes = [_stated_change(ctx, c) for c in parts]
        if whole is None or any(ch is None for ch in changes):
            return
        summed = interval_sum(ch[0] for ch in changes)
        if whole[0].intersects(summed):
            yield CheckResult.passed(subject)
            return
        items = "、".join(f"{c.subject}{ch[1]}" for c, ch in zip(parts[:6], changes, strict=False))
        msg = (f"{head.subject}增减额写为{whole[1]}，其中所列{items}合计{summed.fmt(2)}万元")
        yield CheckResult.failed(self.finding(
            msg, whole[2], related=[head.location, *(ch[2] for ch in changes)],
            expected=summed.fmt(4), actual=whole[0].fmt(4), quote=quote_of(ctx, whole[2])), subject)


_LEVEL_WORDS = ("持平", "无变化", "一致", "不变")


def _stated_change(ctx: CheckContext, a: Claim) -> tuple[Interval, str, Location] | None:
    """The change an amount's clause states, signed, as written and where: the change claim of
    the same subject before the next amount, or 0 when the clause says 持平 (no figure)."""
    i = ctx.claim_index.position(a)
    end = len(a.sentence)
    for x in ctx.claims[i + 1:]:
        if x.sentence != a.sentence or x.kind == "amount":
            end = x.offset if x.sentence == a.sentence and x.offset is not None else end
            break
        if x.kind == "change" and x.concept == a.concept and x.scope == a.scope:
            iv = signed(x)
            if iv is None:
                return None
            word = {1: "增加", -1: "减少"}.get(x.direction or 0, "")
            return iv, f"{word}{x.value.text}", x.location
    start = (a.offset or 0) + len(a.value.text)
    clause = re.split(r"[；;。]", a.sentence[start:end], maxsplit=1)[0]
    if any(w in clause for w in _LEVEL_WORDS):
        return Interval.exact(0), "持平", a.location
    return None


def _stated_breakdowns(claims: list[Claim]) -> Iterator[tuple[Claim, _Breakdown | None, list]]:
    """(whole, its relation, listed parts) for every breakdown the text states: a whole with
    其中 after it, or a sentence that names its whole first ("财政拨款支出预算中，一般公共预算
    拨款支出预算…；政府性基金拨款支出预算…") after a sentence that stated it."""
    breakdowns = _breakdowns()
    for i, head in enumerate(claims):
        if head.kind != "amount" or head.concept is None:
            continue
        spec = breakdowns.get(head.concept)
        if spec is None and not _narrower_exists(head.scope):
            continue
        parts = _listed(claims, i + 1, head, spec, opened=False)
        if parts:
            yield head, spec, parts
    for j, x in enumerate(claims):
        if x.kind != "amount":
            continue
        lead = _lead_in(x)
        if lead is None:
            continue
        named = resolve(clean_subject(lead))
        if named.concept is None:
            continue
        scope = named.scope or "all"
        head = next((c for c in reversed(claims[:j]) if c.sentence == x.sentence
                     and c.kind == "amount" and c.period == x.period and c.concept is not None
                     and _same_concept(named.concept, c.concept) and c.scope == scope), None)
        if head is None:
            continue
        spec = breakdowns.get(head.concept or "")
        parts = _listed(claims, j, head, spec, opened=True)
        if parts:
            yield head, spec, parts


_LEAD_IN = re.compile(r"\s*(?P<lead>[^，,。；;：:\d]{2,30}?)中[，,：:]")


def _lead_in(x: Claim) -> str | None:
    """The whole a sentence names before its first figure ("财政拨款支出预算中，…"), else None."""
    start = x.sentence.rfind("。", 0, x.offset or 0) + 1
    pre = x.sentence[start: x.offset or 0]
    m = _LEAD_IN.match(pre)
    return m.group("lead") if m and not re.search(r"\d", pre) else None


def _listed(claims: list[Claim], start: int, head: Claim, spec: _Breakdown | None,
            opened: bool) -> list[tuple[str, Claim]]:
    """The parts listed from ``claims[start]`` on: (part key, claim) in order.

    Unless the sentence ``opened`` the list by naming its whole first, the list opens with
    其中 (or 包括 …) right after the whole, with no figure between. It ends at the sentence's
    end or at the first amount that is not a part of the whole.
    """
    end = (head.offset or 0) + len(head.value.text)
    out: list[tuple[str, Claim]] = []
    seen: set[str] = set()
    prev_end = (claims[start].offset or 0) if opened and start < len(claims) else end
    for x in claims[start:]:
        if x.sentence != head.sentence or (x.offset or 0) < end:
            break
        if x.kind != "amount":
            continue  # a change or rate of the whole or of a part: the list goes on
        gap = head.sentence[prev_end: x.offset or prev_end]
        if not out and not opened:
            if not _opens_list(_after_last_figure(head.sentence, prev_end, x.offset or prev_end)):
                return []
        elif "。" in gap:
            break
        key = _part_key(head, x, spec)
        if key is None or x.period != head.period or key in seen:
            break
        if out and key.startswith("@") != out[0][0].startswith("@"):
            break  # parts by concept and parts by fund overlap: one kind per list
        seen.add(key)
        out.append((key, x))
        prev_end = (x.offset or 0) + len(x.value.text)
    return out


def _after_last_figure(sentence: str, start: int, end: int) -> str:
    """The text between the last figure before ``end`` (a change or rate stated with the whole:
    "共9万元，同比增4.35万元，同比增长94%。其中：…") and ``end``."""
    gap = sentence[start:end]
    figures = list(re.finditer(r"\d[\d,.]*\s*(?:万元|亿元|元|%|％)?", gap))
    return gap[figures[-1].end():] if figures else gap


def _opens_list(gap: str) -> bool:
    """The text between a whole and its first part opens a list of parts: 其中 (包括 …) with
    no figure before it, in the whole's sentence or opening the next one ("…2247.85万元。
    其中拟购买货物59万元…")."""
    opener = next((w for w in _OPENS_LIST if w in gap), None)
    if opener is None:
        return False
    before = gap.split(opener, 1)[0]
    if re.search(r"\d", before):
        return False
    return "。" not in before or not before.rsplit("。", 1)[1].strip()


def _detail_of_listed(key: str, listed: dict[str, Claim], spec: _Breakdown | None) -> bool:
    """The part is the detail of another listed part (一般公共预算拨款 beside 财政拨款收入,
    一般公共预算 beside 财政拨款): counting both would count it twice."""
    if key.startswith("@"):
        return any(_narrower(key[1:], other[1:]) for other in listed if other.startswith("@"))
    return spec is not None and any(key in spec.detail.get(other, ()) for other in listed)


def _narrower_exists(scope: str | None) -> bool:
    return any(scope in wides for wides in relations().get("scope_subsets", {}).values())


def _part_key(head: Claim, x: Claim, spec: _Breakdown | None) -> str | None:
    """How ``x`` is a part of ``head``: its concept (a listed part), '@scope' (the same
    figure of a narrower fund), or None (not a part: the list has ended)."""
    if x.concept is None:
        return None
    if spec is not None and spec.part_of(x.concept) is not None:
        return x.concept
    if _same_concept(head.concept or "", x.concept) and _narrower(x.scope, head.scope):
        return f"@{x.scope}"
    return None
