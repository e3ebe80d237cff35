"""L: logic — amounts that cannot be negative, parts larger than their whole, rates from a
zero base. These need no sum to be complete: one printed part above its whole is enough.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal

from ..intervals import Interval, may_not_exceed
from ..model import Claim, Fact, Table
from ..taxonomy.concepts import SCOPE_LABELS, is_money, label
from ..taxonomy.table_kinds import is_two_sided
from .base import CheckResult, Rule, register
from .common import (
    cell_location,
    describe,
    fmt_interval,
    order_failure,
    places_for,
    relations,
    row_name,
    table_name,
    units_comparable,
)
from .context import CheckContext

_ZERO = Decimal(0)


@register
class NegativeAmount(Rule):
    """An amount that cannot be negative is printed negative.

    What it checks:
        Every amount in the disclosure tables — income, spending by class or by economic
        款, 三公, 政府采购 — is zero or more. Only adjustment lines (用事业基金弥补收支差额,
        使用非财政拨款结余, 结余分配) may carry a minus sign.

    Why it matters:
        A negative budget or spending figure is either a sign typed by mistake or a
        netting that the templates do not allow; either way the published figure is wrong.

    Example:
        Fails: 30217 公务接待费 -6.38. Passes: 30217 公务接待费 6.38.

    References:
        部门预算/决算公开表样; 《地方预决算公开操作规程》（财预〔2016〕143号）.
    """

    code = "L001"
    name = "logic.negative-amount"
    title = "不应为负数的金额为负数"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        allowed = set(relations().get("may_be_negative", []))
        tables = {t.id: t for t in ctx.tables}
        for f in ctx.facts:
            concept = f.concept
            if f.source != "table" or concept in allowed or not is_money(concept):
                continue
            def subject(f: Fact = f) -> str:
                return f"{f.location.table} {f.label} {f.context.column}"

            if f.value.value >= _ZERO:  # a Decimal against a Decimal: no int conversion per fact
                yield CheckResult("pass", None, subject)
                continue
            if not f.certain:
                yield CheckResult.insufficient(subject)
                continue
            msg = f"{describe(f, tables)}（{f.context.column}）为负数 {f.value.text}：{label(f.concept)}不应为负"
            yield CheckResult.failed(
                self.finding(msg, f.location, actual=f.value.text, expected="≥ 0"), subject
            )


_WIDER_SCOPES_KEY = "scope_subsets"
# a fund's own revenue line names its scope (it has no wider counterpart); unclassified has
# no meaning to compare
_NOT_SCOPE_COMPARED = frozenset(
    {"revenue.general_budget", "revenue.gov_fund", "revenue.state_capital", "revenue.fiscal",
     "unclassified"}
)


@register
class PartExceedsWhole(Rule):
    """A part is larger than the whole it belongs to.

    What it checks:
        Wherever a part and its whole are both printed: a 其中 row above the row it
        details; 基本支出 or 项目支出 above 本年支出合计; a 三公 item above the 三公 total;
        公务用车购置费 or 运行费 above 公务用车购置及运行费; 货物/工程/服务 above 政府采购;
        and a figure for a narrower fund (一般公共预算 ⊆ 财政拨款 ⊆ 全部资金) above the same
        figure for a wider fund in another table. Stated figures in the narrative are
        checked the same way among themselves.

    Why it matters:
        A part cannot exceed its whole; one of the two figures is wrong, or the two come
        from different fund scopes — which the reader cannot know.

    Example:
        Fails: "公务用车购置费及运行费0万元 … 其中：公务用车运行维护费1.8万元". Passes: 一般公共
        预算财政拨款支出 一般行政管理事务 308.08 ≤ 支出决算表 309.61.

    References:
        部门预算/决算公开表样; 财预〔2014〕36号（“三公”经费分项公开）;
        disclosure-rules.md §7 B10, B13, F05.
    """

    code = "L002"
    name = "logic.part-exceeds-whole"
    title = "部分大于整体"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        tables = {t.id: t for t in ctx.tables}
        yield from self._of_which_rows(ctx)
        yield from self._declared_parts(ctx, tables)
        yield from self._scope_subsets(ctx, tables)

    def _fail(
        self, part: Fact, whole: Fact, what: Callable[[], str], tables: dict[str, Table]
    ) -> CheckResult:
        """``what`` writes the relation's name: only a failure or a read subject needs it."""

        def subject() -> str:
            return f"{what()}: {part.location.describe()}"

        if may_not_exceed(part.value, whole.value):
            return CheckResult.passed(subject)
        if not part.certain or not whole.certain or not units_comparable(part.value, whole.value):
            return CheckResult.insufficient(subject)
        return order_failure(self, part, whole, self._name(part, tables), self._name(whole, tables),
                             ">", subject, prefix=f"{what()}：")

    @staticmethod
    def _name(f: Fact, tables: dict[str, Table]) -> str:
        if f.source == "claim":
            return f"文字说明「{f.label}」"
        return describe(f, tables)

    def _of_which_rows(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for t in ctx.tables:
            parent = None
            for row in t.rows:
                name = row.name.strip()
                if not name.startswith("其中"):
                    parent = row
                    continue
                if parent is None:
                    continue
                for key, v in row.values.items():
                    whole = parent.values.get(key)
                    if v is None or whole is None:
                        continue
                    subject = f"{t.id} 其中 {name} {key}"
                    ip, iw = Interval.of(v), Interval.of(whole)
                    if ip.lo <= iw.hi:
                        yield CheckResult.passed(subject)
                        continue
                    if (
                        row.placements.get(key) == "ambiguous"
                        or parent.placements.get(key) == "ambiguous"
                    ):
                        yield CheckResult.insufficient(subject)
                        continue
                    places = places_for(ip, iw)
                    msg = (
                        f"{table_name(t)}「{name}」{v.text} 大于其所属「{row_name(parent)}」"
                        f"{whole.text}（{key}）：{fmt_interval(ip, places)} > {fmt_interval(iw, places)}"
                    )
                    yield CheckResult.failed(
                        self.finding(
                            msg,
                            cell_location(t, row, key),
                            related=[cell_location(t, parent, key)],
                            expected=f"≤ {fmt_interval(iw, places)}",
                            actual=fmt_interval(ip, places),
                        ),
                        subject,
                    )

    def _declared_parts(self, ctx: CheckContext, tables: dict[str, Table]) -> Iterator[CheckResult]:
        groups: dict[tuple, list[Fact]] = defaultdict(list)
        two_sided = {tid for tid, t in tables.items() if is_two_sided(t.kind)}  # once per table
        for f in ctx.facts:
            if f.measure is not None or not is_money(f.concept):
                continue
            if f.source == "table":
                if (f.location.table or "") in two_sided:
                    key = (
                        "t",
                        f.location.table,
                        f.context.column,
                        f.context.scope,
                        f.context.period,
                    )
                else:
                    key = (
                        "t",
                        f.location.table,
                        f.location.row,
                        f.location.line,
                        f.context.unit,
                        f.context.scope,
                        f.context.period,
                    )
            else:
                key = ("c", f.context.scope, f.context.period, f.context.unit)
            groups[key].append(f)
        # each group indexed by concept once, not once per relation
        indexed: list[dict[str, list[Fact]]] = []
        for group in groups.values():
            by_concept: dict[str, list[Fact]] = defaultdict(list)
            for f in group:
                by_concept[f.concept].append(f)
            indexed.append(by_concept)
        for spec in relations().get("parts", []):
            for by_concept in indexed:
                wholes = by_concept.get(spec["whole"], [])
                if len(wholes) != 1:
                    continue
                for part_concept in spec["parts"]:
                    parts = by_concept.get(part_concept, [])
                    if len(parts) != 1:
                        continue
                    def what(part_concept: str = part_concept, whole: str = spec["whole"]) -> str:
                        return f"{label(part_concept)}不能大于{label(whole)}"

                    yield self._fail(parts[0], wholes[0], what, tables)

    def _scope_subsets(self, ctx: CheckContext, tables: dict[str, Table]) -> Iterator[CheckResult]:
        wider = relations().get(_WIDER_SCOPES_KEY, {})
        # per (concept, measure, period, unit, table instance): the first fact of each
        # (scope, table); one statement's tables only, so each group stays small
        index: dict[tuple, dict[tuple, Fact]] = {}
        for f in ctx.facts:
            concept = f.concept
            if f.source != "table" or concept in _NOT_SCOPE_COMPARED or not is_money(concept):
                continue
            measure = f.measure
            if measure and measure.startswith("item"):
                continue
            c = f.context
            key = (concept, measure, c.period, c.unit, c.instance)
            facts = index.get(key)
            if facts is None:
                index[key] = {(c.scope, f.location.table): f}
            else:
                facts.setdefault((c.scope, f.location.table), f)
        for key, facts in index.items():
            if len(facts) < 2:  # a part and its whole are two facts from two tables
                continue
            by_scope: dict[str, list[Fact]] = defaultdict(list)
            for f in facts.values():
                by_scope[f.context.scope].append(f)
            for narrow, wides in wider.items():
                for part in by_scope.get(narrow, []):
                    for w in wides:
                        for whole in by_scope.get(w, []):
                            if whole.location.table == part.location.table:
                                continue
                            def what(key=key, part=part, narrow=narrow, w=w) -> str:
                                measure = f"（{label(key[1])}）" if key[1] else ""
                                return (
                                    f"{label(key[0], part.label.strip())}{measure}："
                                    f"{SCOPE_LABELS.get(narrow, narrow)}不能大于{SCOPE_LABELS.get(w, w)}"
                                )

                            yield self._fail(part, whole, what, tables)


@register
class ZeroBaseRate(Rule):
    """A growth or completion rate is stated against a base of zero.

    What it checks:
        In the narrative, a 增长率 (growth) or 完成率 (completion) stated for a subject whose
        prior-year or budget figure is zero — written as 0 in the same statement (and no
        other, non-zero base stated there), or implied because the stated increase equals
        the current amount.

    Why it matters:
        A rate from a zero base is undefined; writing "增长100%" or "完成年初预算的100%" for
        a new item misstates the change, and the figures then fail every recomputation. It
        is a warning: the amounts themselves may all be right.

    Example:
        Fails: "公务用车运行维护费1.8万元，同比增1.8万元，同比增长100%" (the prior figure is
        0); "年初预算为0万元，支出决算为10万元，完成年初预算的100%". Passes: "同比增加89.97万元，
        同比增长2.65%".

    References:
        《地方预决算公开操作规程》（财预〔2016〕143号）（说明增减变化）; disclosure-rules.md
        §6 error 11 (GovBudgetChecker R004).
    """

    code = "L003"
    name = "logic.zero-base-rate"
    title = "以零为基数计算增长率或完成率"
    # a presentation flaw common in new-item statements, not a figure that contradicts another
    severity = "warning"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        claims = ctx.claims
        for rate in claims:
            if rate.kind not in ("growth", "completion"):
                continue
            subject = f"{rate.kind} {rate.subject} line {rate.location.line}"
            if rate.value.value == 0:
                yield CheckResult.not_applicable(subject)
                continue
            same = [
                c
                for c in ctx.claim_index.in_statement(rate)
                if c is not rate and _same_subject(c, rate)
            ]
            base_period = "prior" if rate.kind == "growth" else "budget"
            bases = [c for c in same if c.kind == "amount" and c.period == base_period]
            zero = next((c for c in bases if c.value.value == 0), None)
            reason = None
            if zero is not None and any(c.value.value != 0 for c in bases):
                # "年初预算为0万元，全年预算为321.02万元 … 完成年初预算的95.89%": the rate was
                # taken against the other base; which one the text means is for P rules
                yield CheckResult.insufficient(subject)
                continue
            if zero is not None:
                reason = (
                    f"{'上年数' if base_period == 'prior' else '年初预算数'}为 {zero.value.text}"
                )
            elif rate.kind == "growth" and not bases:
                current = [c for c in same if c.kind == "amount" and c.period == "current"]
                change = [c for c in same if c.kind == "change" and (c.direction or 0) > 0]
                if len(current) == 1 and len(change) == 1 and current[0].value.value != 0:
                    cur, chg = current[0].value.in_wanyuan(), change[0].value.in_wanyuan()
                    if cur.value == chg.value:
                        reason = (
                            f"增加额 {change[0].value.text} 等于本年数 "
                            f"{current[0].value.text}，上年数为 0"
                        )
            if reason is None:
                yield (
                    CheckResult.passed(subject)
                    if (bases or rate.kind == "growth")
                    else CheckResult.insufficient(subject)
                )
                continue
            word = "增长率" if rate.kind == "growth" else "完成率"
            msg = f"「{rate.subject}」的{word} {rate.value.text} 以零为基数（{reason}），比率无意义"
            yield CheckResult.failed(
                self.finding(
                    msg, rate.location, actual=rate.value.text, expected="不应计算比率（基数为 0）"
                ),
                subject,
            )


def _same_subject(c: Claim, rate: Claim) -> bool:
    """One subject named twice in one statement: the same words, or the same concept and fund
    ("…2024年度收入支出总计307.82万元。与2023年度相比，收入支出总计增加307.82万元，增长100.00%":
    the department's name before the first does not make it another subject)."""
    if c.subject == rate.subject:
        return True
    return rate.concept is not None and c.concept == rate.concept and c.scope == rate.scope
