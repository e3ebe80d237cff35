"""D rules: figures of one disclosure against another disclosure of the same department.

A D rule sees two linked documents (``budgetlens.link``): last year's and this year's, a
预算 and the 决算 of the same year, a department and one of its units. Each yields one
``CheckResult`` per figure it compared, like every rule, and reports on the document whose
figure it doubts. They live in their own registry because the single-document engine has
only one document to give them.

Precision first: a budget's 上年预算数 is often restated (a mid-year adjustment, a change of
口径, a unit moved in or out), and a 决算's 预算数 may be the adjusted budget rather than the
年初预算. Two documents alone cannot tell such a restatement from a slip, so D001 and D002
report warnings; D003 (a unit larger than its whole department) cannot be explained that way
and is an error.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from ..intervals import Interval
from ..model import Claim, Fact, Finding, Location, Severity
from ..pipeline import Extraction
from ..taxonomy.concepts import SCOPE_LABELS, classification_code, label
from .base import CheckResult
from .common import (
    ROW_TOTAL_MEASURES,
    before,
    group_key,
    interval_result,
    scopes_match,
    sentence_groups,
    signed,
    value_interval,
)
from .context import CheckContext
from .engine import OUTCOMES, RuleOutcome


@dataclass
class DocumentPair:
    """Two linked documents: ``wider``/``earlier`` first, the one reported on second."""

    first: CheckContext
    second: CheckContext

    @classmethod
    def of(cls, a: Extraction, b: Extraction) -> DocumentPair:
        return cls(CheckContext(a), CheckContext(b))


class CrossRule(ABC):
    """A rule over two linked documents; its docstring documents it like every rule."""

    code: ClassVar[str]
    name: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[Severity] = "warning"
    link: ClassVar[str]  # which pairs of ``Links`` it runs on: 'series', 'budget_final', …

    @abstractmethod
    def check(self, pair: DocumentPair) -> Iterator[CheckResult]:
        """Evaluate every comparable figure of the pair."""

    def finding(self, message: str, location: Location, **kw) -> Finding:
        return Finding(rule=self.code, severity=kw.pop("severity", self.severity),
                       message=message, location=location, **kw)


CROSS_REGISTRY: dict[str, type[CrossRule]] = {}


def register_cross(cls: type[CrossRule]) -> type[CrossRule]:
    if cls.code in CROSS_REGISTRY and CROSS_REGISTRY[cls.code] is not cls:
        raise ValueError(f"rule code {cls.code} registered twice")
    CROSS_REGISTRY[cls.code] = cls
    return cls


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def department_totals(ctx: CheckContext, concept: str, scope: str | None, period: str = "current") -> list[Fact]:
    """The department-level figure of a concept as its tables print it (a row's own total,
    certain placement, the first table of its kind, no unit row)."""
    out = []
    for f in ctx.facts_for(concept, source="table", period=period):
        c = f.context
        if c.unit is not None or c.instance is not None or f.measure not in ROW_TOTAL_MEASURES:
            continue
        if not f.certain or (scope is not None and not scopes_match(concept, c.scope, scope)):
            continue
        out.append(f)
    return out


def one_value(facts: list[Fact]) -> Fact | None:
    """The figure when every table that prints it agrees; None when they differ."""
    if not facts:
        return None
    first = value_interval(facts[0].value)
    if all(value_interval(f.value).intersects(first) for f in facts[1:]):
        return facts[0]
    return None


def stated_amount(ctx: CheckContext, concept: str, scope: str | None) -> Claim | None:
    """The amount the prose states for a concept, when it states one figure only."""
    found = [c for c in ctx.claims if c.kind == "amount" and c.period == "current" and c.concept == concept
             and scopes_match(concept, c.scope, scope)]
    values = {value_interval(c.value) for c in found}
    if found and all(v.intersects(next(iter(values))) for v in values):
        return found[0]
    return None


def published_figure(ctx: CheckContext, concept: str, scope: str | None, prose: bool = False) -> Fact | Claim | None:
    """The department's published figure of a concept: its tables' when they agree, else
    (with ``prose``) the one amount its 说明 states."""
    base = one_value(department_totals(ctx, concept, scope))
    if base is None and prose:
        return stated_amount(ctx, concept, scope)
    return base


def budget_figures(ctx: CheckContext) -> Iterator[Fact]:
    """The department-level figures a 决算 gives for the budget, each figure once."""
    seen: set[tuple] = set()
    for f in ctx.facts:
        if f.context.period != "budget" or f.context.unit is not None or not f.certain:
            continue
        key = (f.concept, f.context.scope, f.value.value)
        if key not in seen:
            seen.add(key)
            yield f


def compared(concept: str, scope: str | None) -> str:
    """What a D finding compares, '财政拨款收入（全部资金）': part of what it expects, so that one
    sentence giving two figures (收入总计 and 支出总计 of the prior year) gives two findings
    with two keys."""
    return label(concept) + (f"（{SCOPE_LABELS.get(scope, scope)}）" if scope else "")


def _naming(result: CheckResult, what: str) -> CheckResult:
    if result.finding is not None:
        result.finding.expected = f"{what} {result.finding.expected}"
    return result


_NAME_NOISE = re.compile(r"\s+|[（(][^）)]*[）)]|支出$")


def _class_name(name: str) -> str:
    """A 科目名称 as compared across years: no spaces, no bracketed level words, no 支出."""
    return _NAME_NOISE.sub("", name)


def same_class_meaning(concept: str, earlier: CheckContext, later: CheckContext) -> bool:
    """Whether a 功能/经济分类 code names the same spending in both documents' tables: a code
    reclassified between the years (2018: 2040405 公诉和审判监督 became 公诉、审判、侦查、执行等
    检察监督, which took in 2040404, 2040406 and 2040499) keeps its number but not its figure.
    A code either document does not name in a table cannot be told apart and is not compared."""
    if classification_code(concept) is None:
        return True
    names = [{_class_name(f.label or "") for f in ctx.facts_for(concept, source="table")} - {""}
             for ctx in (earlier, later)]
    return bool(names[0] and names[1] and names[0] & names[1])


def _who(x: Extraction) -> str:
    i = x.info
    kind = {"budget": "预算", "final": "决算"}.get(i.kind or "", "")
    return f"{i.year or ''}年{i.department or ''}{kind}"


def prior_year_figures(ctx: CheckContext) -> Iterator[tuple[Claim, Interval, str]]:
    """(claim, prior-year interval, how it was read) for every prior-year figure the prose
    gives: stated outright (上年预算数 33.71万元) or implied by this year's amount and a
    change (支出 21,955.35 万元，比上年增加 3,958.67 万元 → 上年 17,996.68 万元).

    A rate alone (增长 21.95%) is not read back into a prior figure: a miscomputed rate would
    then be blamed on last year's document (042 p.23 states 21.95% for 3,958.67 / 17,996.68,
    which is 22.00%; P002 reports the rate)."""
    groups = sentence_groups(ctx.claims)
    for c in ctx.claims:
        if not c.concept:
            continue
        if c.kind == "amount" and c.period == "prior":
            yield c, value_interval(c.value), f"上年数{c.value.text}"
        elif c.kind == "change" and c.base != "预算":
            stated = signed(c)
            group = groups[group_key(c)]
            current = before(c, group, "amount")
            if stated is None or current is None or before(c, group, "amount", "prior") is not None:
                continue  # the prior amount stated in the same sentence is read on its own
            iv = value_interval(current.value) - stated
            word = "增加" if (c.direction or 0) > 0 else "减少"
            yield c, iv, f"本年{current.value.text}、{word}{c.value.text}，上年应为{iv.fmt(2)}"


# ---------------------------------------------------------------------------
# D001 prior year
# ---------------------------------------------------------------------------


@register_cross
class PriorYearRule(CrossRule):
    """A prior-year figure this year's document states equals last year's document.

    What it checks:
        Every 上年 figure the 说明 gives — stated (上年预算数 …万元) or implied by this
        year's amount and its change (比上年增加 …万元) — against the same figure (same
        concept, same fund scope) in last year's disclosure of the same department and kind.
        Runs only when the earlier document is exactly the year before.
    Why it matters:
        The year-on-year changes are what the 说明 explains; if the base they start from is
        not last year's published figure, the explanation explains a number nobody
        published.
    Example:
        江苏省人民检察院 2018 预算: 支出预算总计 21,955.35 万元，与上年相比增加 3,958.67 万元 →
        上年 17,996.68 万元, which is the 支出总计 of the 2017 预算 (passes).
    References:
        disclosure-rules.md (说明 compares with 上年); 预算法实施条例 第三十二条 (预算说明对比).
        A warning, because a prior budget may have been restated (年中调整, 口径调整).
    """

    code = "D001"
    name = "crossdoc.prior-year"
    title = "上年数与上年公开文件不符"
    link = "series"

    def check(self, pair: DocumentPair) -> Iterator[CheckResult]:
        if (pair.second.info.year or 0) - (pair.first.info.year or 0) != 1:
            yield CheckResult.not_applicable(f"{_who(pair.first.extraction)}不是上一年度")
            return
        earlier, later = pair.first, pair.second
        for c, prior, how in prior_year_figures(later):
            subject = f"{c.subject} 上年数"
            if not same_class_meaning(c.concept, earlier, later):
                yield CheckResult.insufficient(subject)
                continue
            base = published_figure(earlier, c.concept, c.scope, prose=True)
            if base is None:
                yield CheckResult.insufficient(subject)
                continue
            msg = (f"{c.subject}：本文件所述上年数（{how}）与{_who(earlier.extraction)}公开数"
                   f"{base.value.text}不符")
            yield _naming(interval_result(self, subject, prior, value_interval(base.value), msg, c.location,
                                          related=[base.location], quote=c.sentence[:200]),
                          compared(c.concept, c.scope))


# ---------------------------------------------------------------------------
# D002 决算's budget column against the budget
# ---------------------------------------------------------------------------


@register_cross
class FinalBudgetColumnRule(CrossRule):
    """A 决算's 年初预算 / 预算数 equals the same year's 预算 of the department.

    What it checks:
        Every figure a 决算 gives for the budget (the 预算数 column of its 三公 table, a
        stated 年初预算) against the same concept and fund scope in the 部门预算 of the same
        year and department.
    Why it matters:
        The 决算 judges execution against the budget; a budget figure that is not the one
        published makes every 完成率 and every 超/节约 explanation wrong.
    Example:
        A 2024 决算 whose 三公 table gives 预算数 0.95 万元 while the 2024 预算 published
        1.20 万元 for 三公经费 is reported.
    References:
        disclosure-rules.md (决算 tables: 预算数 column); a warning, because the 决算 may
        give the adjusted budget (调整预算) instead of the 年初预算.
    """

    code = "D002"
    name = "crossdoc.final-vs-budget"
    title = "决算所列预算数与当年预算公开不符"
    link = "budget_final"

    def check(self, pair: DocumentPair) -> Iterator[CheckResult]:
        for f in budget_figures(pair.second):
            subject = f"{f.label or f.concept} 预算数"
            base = published_figure(pair.first, f.concept, f.context.scope)
            if base is None:
                yield CheckResult.insufficient(subject)
                continue
            msg = (f"{f.label or f.concept}：决算所列预算数{f.value.text}与{_who(pair.first.extraction)}"
                   f"公开数{base.value.text}不符")
            yield _naming(interval_result(self, subject, value_interval(f.value), value_interval(base.value),
                                          msg, f.location, related=[base.location]),
                          compared(f.concept, f.context.scope))


# ---------------------------------------------------------------------------
# D003 unit against department
# ---------------------------------------------------------------------------

UNIT_BOUNDED = ("expenditure.total", "revenue.total")


@register_cross
class UnitWithinDepartmentRule(CrossRule):
    """A unit's 单位预算 never exceeds its department's 部门预算 (本级 included).

    What it checks:
        The 收入总计 and 支出总计 of a 单位 budget (or 决算) against the same totals of the
        部门 disclosure of the same year that the unit belongs to: the unit's figure may not
        be larger than the department's, whatever the rounding.
    Why it matters:
        A 部门预算 consolidates its units; a unit larger than its department means one of the
        two documents is wrong or they are not of the same year and scope.
    Example:
        上海市普陀区商务委员会 2025 单位预算 支出总计 against a 部门预算 of the 商务委 whose
        支出总计 is smaller: reported (the test builds the department from the unit's figures).
    References:
        disclosure-rules.md (部门预算 = 本级 + 所属单位); 预算法 第四十六条.
    """

    code = "D003"
    name = "crossdoc.unit-within-department"
    title = "单位预算数大于所属部门预算数"
    severity = "error"
    link = "department_unit"

    def check(self, pair: DocumentPair) -> Iterator[CheckResult]:
        department, unit = pair.first, pair.second
        for concept in UNIT_BOUNDED:
            subject = f"{concept} 单位≤部门"
            part = one_value(department_totals(unit, concept, "all"))
            whole = one_value(department_totals(department, concept, "all"))
            if part is None or whole is None:
                yield CheckResult.insufficient(subject)
                continue
            p, w = value_interval(part.value), value_interval(whole.value)
            if p.lo <= w.hi:
                yield CheckResult.passed(subject)
                continue
            msg = (f"{part.label or concept}：单位预算{part.value.text}{part.value.unit or ''}大于"
                   f"{_who(department.extraction)}{whole.value.text}{whole.value.unit or ''}")
            yield CheckResult.failed(self.finding(
                msg, part.location, related=[whole.location], expected=f"{compared(concept, 'all')} ≤ {w.fmt(2)}",
                actual=p.fmt(2)), subject)


# ---------------------------------------------------------------------------
# Running them
# ---------------------------------------------------------------------------


@dataclass
class CrossCheck:
    """The D findings of a set of linked documents, by the document they are reported on."""

    findings: dict[str, list[Finding]] = field(default_factory=dict)
    outcomes: dict[str, RuleOutcome] = field(default_factory=dict)

    def all_findings(self) -> list[Finding]:
        return [f for fs in self.findings.values() for f in fs]


def run_cross_rules(links, select: list[str] | None = None) -> CrossCheck:
    """Run every D rule over the pairs of a ``Links``; a rule's outcome counts all its pairs."""
    out = CrossCheck()
    for code in sorted(CROSS_REGISTRY):
        if select and not any(code.startswith(s.upper()) for s in select):
            continue
        cls = CROSS_REGISTRY[code]
        rule = cls()
        outcome = out.outcomes[code] = RuleOutcome(code, cls.title, cls.severity)
        pairs = getattr(links, cls.link)
        if not pairs:
            outcome.counts["insufficient_data"] += 1
        for a, b in pairs:
            pair = DocumentPair.of(a, b)
            results = list(rule.check(pair))
            if not results:
                outcome.counts["insufficient_data"] += 1
            for r in results:
                outcome.counts[r.outcome] = outcome.counts.get(r.outcome, 0) + 1
                if r.finding is not None:
                    f = r.finding
                    if f.location.path is None:
                        from dataclasses import replace

                        f.location = replace(f.location, path=b.path)
                    out.findings.setdefault(f.location.path or b.path, []).append(f)
    return out


__all__ = ["CROSS_REGISTRY", "OUTCOMES", "CrossCheck", "CrossRule", "DocumentPair", "run_cross_rules"]
