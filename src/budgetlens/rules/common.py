"""What every rule family shares, so that a family module depends on the core alone:
relation data, interval sums, the wording of a failed comparison, how a table, a row, a
column, a cell and a fact are named in a message, and how a narrative figure reads.

A message always shows the figures as written, both intervals and the gap, so that a
reviewer sees at once that the difference is beyond rounding:
"合计 4,555.35 ≠ 基本支出 3,830.34 + 项目支出 725.00：[4555.345, 4555.355] vs
[4555.335, 4555.345]，相差 0.01".
"""

from __future__ import annotations

from abc import abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, ClassVar

from ..intervals import Interval, interval_sum
from ..model import Amount, Claim, Column, Fact, Location, Table, TableRow
from ..taxonomy.concepts import label
from ..taxonomy.subjects import FUND_CONCEPTS
from ..taxonomy.table_kinds import kind_name
from ..taxonomy.yaml_data import load_taxonomy_yaml
from .base import CheckResult, Rule, Subject

if TYPE_CHECKING:
    from ..recognize.claims_wording import YearPhrase
    from .context import CheckContext

MAX_NAMED_ITEMS = 6


class YearRule(Rule):
    """A rule about the years a text names, which means nothing (no result at all) while the
    document's own year is unknown."""

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        if ctx.info.year is not None:
            yield from self.check_year(ctx, ctx.info.year)

    @abstractmethod
    def check_year(self, ctx: CheckContext, year: int) -> Iterator[CheckResult]:
        """Evaluate the relation in a document whose year is known."""


class DatedRule(Rule):
    """A rule that needs to know whether the document is a 预算 or a 决算, and of which year;
    without them it could only guess, so it reports insufficient data."""

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        kind, year = ctx.info.kind, ctx.info.year
        if kind is None or year is None:
            yield CheckResult.insufficient("document kind or year unknown")
            return
        yield from self.check_dated(ctx, kind, year)

    @abstractmethod
    def check_dated(self, ctx: CheckContext, kind: str, year: int) -> Iterator[CheckResult]:
        """Evaluate the relation in a document whose kind and year are known."""


@cache
def relations() -> dict:
    """taxonomy/relations.yaml, parsed once."""
    return load_taxonomy_yaml("relations.yaml")


def split_expr(expr: str) -> tuple[str, str | None]:
    """'revenue.carryover@general' -> ('revenue.carryover', 'general'); no '@' -> scope None."""
    concept, _, scope = expr.partition("@")
    return concept, (scope or None)


@dataclass(slots=True)
class Term:
    """One side's figure in a comparison: what it is, as written, and where."""

    label: str
    amount: Amount | None  # None: the cell is blank (counted as 0 where a rule says so)
    location: Location | None = None
    wanyuan: bool = False  # compare in 万元 (figures from tables or text in other units)

    @property
    def interval(self) -> Interval:
        if self.amount is None:
            return Interval.exact(0)
        return Interval.of_wanyuan(self.amount) if self.wanyuan else Interval.of(self.amount)

    def shown(self) -> str:
        if self.amount is None:
            return f"{self.label} （空）"
        return f"{self.label} {self.amount.text or self.amount.value}"


def places_for(*intervals: Interval) -> int:
    """Decimal places that show every bound exactly (at least 2, at most 6)."""
    places = 2
    for iv in intervals:
        for d in (iv.lo, iv.hi):
            exp = d.normalize().as_tuple().exponent
            if isinstance(exp, int) and exp < 0:
                places = max(places, -exp)
    return min(places, 6)


def fmt_interval(iv: Interval, places: int) -> str:
    q = Decimal(1).scaleb(-places)
    return f"[{iv.lo.quantize(q)}, {iv.hi.quantize(q)}]"


def order_failure(rule: Rule, at: Fact, other: Fact, at_name: str, other_name: str, sign: str,
                  subject: Subject, prefix: str = "") -> CheckResult:
    """``at`` found below (sign "<") or above (sign ">") ``other`` where it may not be: one
    wording for every rule that orders two figures, with both intervals shown."""
    ia, io = Interval.of_wanyuan(at.value), Interval.of_wanyuan(other.value)
    places = places_for(ia, io)
    word, bound = ("小于", "≥") if sign == "<" else ("大于", "≤")
    msg = (
        f"{prefix}{at_name} {at.value.text} {word} {other_name} {other.value.text}："
        f"{fmt_interval(ia, places)} {sign} {fmt_interval(io, places)}"
    )
    return CheckResult.failed(
        rule.finding(msg, at.location, related=[other.location],
                     expected=f"{bound} {fmt_interval(io, places)}", actual=fmt_interval(ia, places)),
        subject,
    )


def fmt_gap(gap: Decimal) -> str:
    g = gap.normalize()
    return format(g if g.as_tuple().exponent <= 0 else g.quantize(Decimal(1)), "f")


@dataclass(slots=True)
class SumComparison:
    total: Term
    items: list[Term]
    total_iv: Interval
    sum_iv: Interval

    @property
    def holds(self) -> bool:
        return self.total_iv.intersects(self.sum_iv)

    @property
    def gap(self) -> Decimal:
        return self.total_iv.gap(self.sum_iv)

    def describe_items(self) -> str:
        present = [t for t in self.items]
        if len(present) <= MAX_NAMED_ITEMS:
            return " + ".join(t.shown() for t in present)
        mid = self.sum_iv.mid.quantize(Decimal("0.01"))
        return f"{len(present)} 项之和 {mid}"

    def message(self, what: str = "") -> str:
        places = places_for(self.total_iv, self.sum_iv)
        head = f"{what}：" if what else ""
        return (
            f"{head}{self.total.shown()} ≠ {self.describe_items()}："
            f"{fmt_interval(self.total_iv, places)} vs {fmt_interval(self.sum_iv, places)}，"
            f"相差 {fmt_gap(self.gap)}"
        )

    def expected(self) -> str:
        return fmt_interval(self.sum_iv, places_for(self.total_iv, self.sum_iv))

    def actual(self) -> str:
        return fmt_interval(self.total_iv, places_for(self.total_iv, self.sum_iv))


def compare_sum(total: Term, items: list[Term]) -> SumComparison:
    return SumComparison(total, items, total.interval, interval_sum(t.interval for t in items))


def compare_sum_optional(total: Term, items: list[Term], optional: list[Term]) -> SumComparison:
    """Compare allowing optional members in or out: the first variant that holds, else the
    variant with the smallest gap (so that the message shows the closest reading)."""
    variants = [compare_sum(total, items)]
    if optional:
        variants.append(compare_sum(total, items + optional))
    for v in variants:
        if v.holds:
            return v
    return min(variants, key=lambda v: v.gap)


def units_comparable(*amounts: Amount) -> bool:
    """Figures from different places meet in 万元 only when each states its unit (or none
    does): a table whose 单位 line was not found must not be compared with one in 元."""
    known = {a.unit is None for a in amounts}
    return len(known) == 1


def equal_message(a: Term, b: Term, what: str = "") -> tuple[str, str, str]:
    """Message, expected and actual for two figures that should be the same."""
    ia, ib = a.interval, b.interval
    places = places_for(ia, ib)
    head = f"{what}：" if what else ""
    msg = (
        f"{head}{a.shown()} ≠ {b.shown()}：{fmt_interval(ia, places)} vs "
        f"{fmt_interval(ib, places)}，相差 {fmt_gap(ia.gap(ib))}"
    )
    return msg, fmt_interval(ib, places), fmt_interval(ia, places)


# ---------------------------------------------------------------------------
# Naming a place in a message
# ---------------------------------------------------------------------------


def table_name(t: Table) -> str:
    """'表3《部门支出总体情况表》'; a table printed without a title by its kind's name."""
    title = t.title or kind_name(t.kind)
    return f"{t.number}《{title}》" if t.number else f"《{title}》"


def row_name(row: TableRow) -> str:
    return " ".join(x for x in (row.code or row.unit, row.name.strip()) if x) or "（无名称行）"


def col_name(col: Column) -> str:
    parts = [p.strip() for p in (col.path or (col.key,)) if p and p.strip()]
    return "/".join(parts) or col.key


def cell_location(t: Table, row: TableRow, key: str) -> Location:
    return replace(row.location, table=t.id, row=row.code or row.unit or row.name, column=key)


def describe(f: Fact, tables: dict[str, Table]) -> str:
    """Where a fact was printed: '表3《部门支出总体情况表》「基本支出」'."""
    t = tables.get(f.location.table or "")
    where = table_name(t) if t else (f.location.table or "")
    name = f.label.strip() or label(f.concept)
    return f"{where}「{name}」"


def quote_of(ctx: CheckContext, loc: Location) -> str | None:
    """The document's own text at ``loc`` (see budgetlens.quotes)."""
    return ctx.quote(loc)


def interval_result(rule, subject: Subject, stated: Interval, expected: Interval, message: str,
                    location: Location, *, actual: str | None = None, **kw) -> CheckResult:
    """Passed when the stated figure's interval meets the one it must equal; otherwise a
    finding of ``rule`` (within CheckContext and across documents alike) that gives both."""
    if stated.intersects(expected):
        return CheckResult.passed(subject)
    return CheckResult.failed(rule.finding(
        message, location, expected=expected.fmt(2), actual=stated.fmt(2) if actual is None else actual,
        **kw), subject)


def year_results(rule: Rule, ctx: CheckContext, phrases: Iterable[YearPhrase], expected: int,
                 message: Callable[[YearPhrase], str],
                 severity: Callable[[YearPhrase], str] | None = None) -> Iterator[CheckResult]:
    """Each year the text names against the one it should be; ``severity`` grades a wrong one
    (the rule's own severity when absent)."""
    for y in phrases:
        if y.year == expected:
            yield CheckResult.passed(y.text)
            continue
        kw = {} if severity is None else {"severity": severity(y)}
        yield CheckResult.failed(rule.finding(
            message(y), y.location, expected=str(expected), actual=str(y.year),
            quote=quote_of(ctx, y.location), **kw), y.text)


# ---------------------------------------------------------------------------
# Narrative figures (N and P rules)
# ---------------------------------------------------------------------------

# concepts a narrative may name for the same total
EQUIVALENT = {
    "expenditure.total": ("expenditure.total", "expenditure.current"),
    "expenditure.current": ("expenditure.current", "expenditure.total"),
    "revenue.total": ("revenue.total", "revenue.current"),
    "revenue.current": ("revenue.current", "revenue.total"),
}

# a table row's own total: the 合计 column of a classification row, or no column meaning
ROW_TOTAL_MEASURES = frozenset({None, "expenditure.current", "expenditure.total", "revenue.current",
                                "revenue.total"})


def value_interval(a: Amount) -> Interval:
    """The interval of a figure, money on the 万元 scale."""
    return Interval.of_wanyuan(a) if a.unit in ("元", "万元", "亿元", "千元") else Interval.of(a)


# 三公, 会议费 and 培训费: stated in one table ("三公"经费、会议费、培训费支出表) of 财政拨款 money,
# which one document titles 财政拨款 and another 一般公共预算
_FISCAL_ITEMS = ("meeting", "training")


def scopes_match(concept: str | None, a: str | None, b: str | None) -> bool:
    """Same fund scope; for 三公, 会议费 and 培训费 (财政拨款 money) 财政拨款 and 一般公共预算
    are one."""
    if a == b or concept in FUND_CONCEPTS:
        return True
    if concept and (concept.startswith("sangong") or concept in _FISCAL_ITEMS) \
            and {a, b} <= {"fiscal", "general"}:
        return True
    return False


def signed(c: Claim) -> Interval | None:
    """A change or growth figure with the sign its words give; None when they give none."""
    iv = value_interval(c.value)
    if c.direction is None:
        return None if c.value.value != 0 else iv
    return -iv if c.direction < 0 else iv


def stated_interval(c: Claim) -> Interval | None:
    """An amount as written, or a change with the sign its words give (None when they give none)."""
    return value_interval(c.value) if c.kind == "amount" else signed(c)


def part_interval(c: Claim) -> Interval | None:
    """The figure of a part: an amount, never below zero unless its concept may be (a written
    "0万元" stands for [0, 0.5], not for a negative sum); a change signed by its words (None
    when they give no direction)."""
    if c.kind != "amount":
        return signed(c)
    iv = value_interval(c.value)
    if iv.lo < 0 <= c.value.value and (c.concept or "") not in relations().get("may_be_negative", []):
        return Interval(Decimal(0), iv.hi)
    return iv


def with_unit(a: Amount) -> str:
    """A figure as written with its own unit: '4,555.35万元', '123,456.00元'."""
    text = a.text or str(a.value)
    return text if not a.unit or text.endswith(a.unit) else f"{text}{a.unit}"


def group_key(c: Claim) -> tuple:
    return (c.sentence, c.concept or c.subject, c.scope if c.concept else None)


class ClaimGroup(list):
    """The claims of one sentence group, in document order, that answer "the nearest
    claim of a kind before this one" without a scan: a sentence printed many times makes
    one group of all its copies."""

    def __init__(self, claims=()) -> None:
        super().__init__(claims)
        self._by_kind: dict[tuple, tuple[list[Claim], dict[int, list[int]]]] = {}

    def nearest(self, c: Claim, kind: str, period: str | None) -> Claim | None:
        """The last claim of ``kind`` (and ``period``) other than ``c`` whose offset is not
        after ``c``'s; else the first one of them."""
        found = self._by_kind.get((kind, period))
        if found is None:
            entries = [x for x in self if x.kind == kind and (period is None or x.period == period)]
            last_two: dict[int, list[int]] = {}  # offset -> its last two entries
            for i, x in enumerate(entries):
                at = last_two.setdefault(x.offset or 0, [])
                at.append(i)
                del at[:-2]
            found = self._by_kind[kind, period] = (entries, last_two)
        entries, last_two = found
        pos = c.offset or 0
        best = -1
        for offset, at in last_two.items():
            if offset <= pos:
                i = at[-1] if entries[at[-1]] is not c else (at[0] if len(at) == 2 else -1)
                best = max(best, i)
        if best >= 0:
            return entries[best]
        first = next((x for x in entries[:2] if x is not c), None)
        return first


def sentence_groups(claims: list[Claim]) -> dict[tuple, ClaimGroup]:
    groups: dict[tuple, ClaimGroup] = defaultdict(ClaimGroup)
    for c in claims:
        groups[group_key(c)].append(c)
    return groups


class ClaimRule(Rule):
    """A rule on each narrative claim of one kind (a share, a change, a completion rate …),
    read with the claims of its sentence group and the amount stated before it; its subject
    is "<subject> <word> <figure>"."""

    claim_kind: ClassVar[str]
    claim_word: ClassVar[str]

    def __init_subclass__(cls, kind: str = "", word: str = "", **kw):
        """``class ShareRule(ClaimRule, kind="share", word="占比")``."""
        super().__init_subclass__(**kw)
        cls.claim_kind, cls.claim_word = kind, word

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for c, group in claims_with_groups(ctx.claims, self.claim_kind):
            yield from self.check_claim(ctx, c, group, before(c, group, "amount"),
                                        f"{c.subject} {self.claim_word} {c.value.text}")

    @abstractmethod
    def check_claim(self, ctx: CheckContext, c: Claim, group: list[Claim], amount: Claim | None,
                    subject: str) -> Iterator[CheckResult]:
        """Evaluate one claim; ``amount`` is this year's amount its sentence states with it."""


def claims_with_groups(claims: list[Claim], kind: str) -> Iterator[tuple[Claim, list[Claim]]]:
    """Each claim of ``kind``, in document order, with the claims of its sentence group."""
    groups = sentence_groups(claims)
    for c in claims:
        if c.kind == kind:
            yield c, groups[group_key(c)]


def before(c: Claim, group: list[Claim], kind: str, period: str | None = "current") -> Claim | None:
    """The nearest claim of a kind stated before ``c`` in its group (else the first after)."""
    if not isinstance(group, ClaimGroup):
        group = ClaimGroup(group)
    return group.nearest(c, kind, period)


def fmt_pct(iv: Interval, precision: Decimal) -> str:
    """The computed interval to the stated precision, one more digit when that hides it."""
    places = max(-precision.as_tuple().exponent, 1)
    text = iv.fmt(places)
    for extra in range(1, 5):
        lo, hi = text.strip("[]").split(", ")
        if lo != hi:
            break
        text = iv.fmt(places + extra)
    return text
