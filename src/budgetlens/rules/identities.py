"""X: the same figure stated in two tables must agree.

Facts carry a concept and a context (period, fund scope, budget unit, and for classified
rows the measure of the column); two table facts with the same concept and context are
one figure printed twice. Concept pairs that name one figure (财政拨款收入 in 收入决算表
and 本年收入合计 in 财政拨款收入支出决算总表) are listed in taxonomy/relations.yaml
(``equivalents``). Amounts are compared in 万元, so a table printed in 元 meets one in 万元.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..intervals import Interval
from ..model import Fact, Table
from ..taxonomy.concepts import SCOPE_LABELS, is_money, label
from ..taxonomy.table_kinds import registry
from .base import CheckResult, Rule, register
from .common import (
    Term,
    compare_sum,
    describe,
    equal_message,
    fmt_interval,
    order_failure,
    places_for,
    relations,
    split_expr,
    table_name,
    units_comparable,
)
from .context import CheckContext


def canonical_keys() -> dict[tuple[str, str], tuple[str, str]]:
    """(concept, scope) -> the first (concept, scope) of its equivalence pair."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for pair in relations().get("equivalents", []):
        first = split_expr(pair[0])
        for expr in pair:
            out[split_expr(expr)] = first
    return out


def identity_groups(ctx: CheckContext) -> dict[tuple, dict[str, Fact]]:
    """Key -> {table id: first fact of that key in the table}.

    The key holds the fact's whole context but its column, including the table instance:
    a group gathers one statement's tables (at most one per kind), so the pairs tested grow
    with the document, not with its square, and no project's 项目绩效目标表 is held to
    another's figures.
    """
    canon = canonical_keys()
    groups: dict[tuple, dict[str, Fact]] = defaultdict(dict)
    for f in ctx.facts:  # table money facts, not items, in a table: any two may compare
        if f.source != "table" or not is_money(f.concept):
            continue
        measure = f.measure
        table = f.location.table
        if (measure and measure.startswith("item")) or table is None:
            continue
        c = f.context
        concept_scope = (f.concept, c.scope)
        concept, scope = canon.get(concept_scope, concept_scope)
        groups[concept, scope, measure, c.period, c.unit, c.instance].setdefault(table, f)
    return groups


@register
class SameFigureAcrossTables(Rule):
    """The same figure in two tables must be the same.

    What it checks:
        Every figure that two tables both state — the same concept for the same period,
        fund scope and budget unit — agrees within rounding: 收支总表 一般公共预算拨款 and
        财政拨款收支总表 一般公共预算拨款; 一般公共预算支出表 基本支出 and 一般公共预算基本支出表
        合计; 支出决算表 and 收入支出决算总表 per 类; 财政拨款收支总表 一般公共服务支出 and
        一般公共预算财政拨款支出表 201 …

    Why it matters:
        账表不符 (tables that contradict each other) is among the errors the MOF
        inspections count; a reader cannot know which of the two figures is right.

    Example:
        Fails: 收入决算表 合计 财政拨款收入 1,480.66 against 财政拨款收入支出决算总表
        本年收入合计 1,408.66. Passes: 一般公共预算支出表 基本支出 3,830.34 and 一般公共预算
        基本支出表 合计 3,830.34.

    References:
        《地方预决算公开操作规程》（财预〔2016〕143号）（公开内容真实、准确）;
        disclosure-rules.md §7 B03–B09, F02–F06.
    """

    code = "X001"
    name = "identity.same-figure"
    title = "同一数字在两张表中不一致"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        tables = {t.id: t for t in ctx.tables}
        for key, by_table in identity_groups(ctx).items():
            facts = list(by_table.values())
            if len(facts) < 2:
                continue
            concept, scope = key[0], key[1]
            what = f"{label(concept)}（{SCOPE_LABELS.get(scope, scope)}）"
            if key[4]:
                what += f" 单位 {key[4]}"
            for i in range(len(facts)):
                for j in range(i + 1, len(facts)):
                    yield self._pair(facts[i], facts[j], what, tables)

    def _pair(self, a: Fact, b: Fact, what: str, tables: dict[str, Table]) -> CheckResult:
        def subject() -> str:
            return f"{what}: {a.location.table} vs {b.location.table}"

        if not a.certain or not b.certain or not units_comparable(a.value, b.value):
            return CheckResult.insufficient(subject)
        # the terms' intervals, tested before the terms (and their table names) are built:
        # nearly every pair agrees
        if Interval.of_wanyuan(a.value).intersects(Interval.of_wanyuan(b.value)):
            return CheckResult.passed(subject)
        ta = Term(describe(a, tables), a.value, a.location, wanyuan=True)
        tb = Term(describe(b, tables), b.value, b.location, wanyuan=True)
        msg, expected, actual = equal_message(tb, ta, what)
        finding = self.finding(
            msg,
            b.location,
            related=[a.location],
            expected=fmt_interval(ta.interval, places_for(ta.interval, tb.interval)),
            actual=fmt_interval(tb.interval, places_for(ta.interval, tb.interval)),
        )
        return CheckResult.failed(finding, subject)


# 三公 / 会议费 / 培训费 items and the 经济分类 款 that books part of them in 基本支出.
SANGONG_ECONOMIC = {
    "sangong.overseas": "30212",
    "sangong.reception": "30217",
    "sangong.vehicle.operation": "30231",
    "meeting": "30215",
    "training": "30216",
}
BASIC_MEASURES = ("expenditure.basic", "expenditure.basic.public", "expenditure.basic.personnel")
_WIDER = {"general": {"general", "fiscal", "all"}, "fiscal": {"fiscal", "all"}, "all": {"all"}}


@register
class SangongCoversBasicItems(Rule):
    """A 三公 item is at least the 基本支出 economic 款 that books it.

    What it checks:
        因公出国（境）费 ≥ 30212, 公务接待费 ≥ 30217, 公务用车运行维护费 ≥ 30231, 会议费 ≥
        30215 and 培训费 ≥ 30216 of the 一般公共预算基本支出表, for the department, when the
        三公 table covers at least the fund of the basic-spending table. 三公 also covers
        项目支出, so only a 三公 figure below the 款 is an inconsistency.

    Why it matters:
        A 三公 figure smaller than the same spending already booked in 基本支出 alone means
        三公 is understated — the spending the disclosure rules single out.

    Example:
        Fails: 公务接待费 5.00 in the 三公 table while 30217 公务接待费 is 6.38. Passes:
        公务接待费 9.42 ≥ 30217 6.38; 公务用车运行维护费 17.60 ≥ 30231 17.60.

    References:
        财预〔2014〕36号 and 《地方预决算公开操作规程》（财预〔2016〕143号）（“三公”经费公开）;
        disclosure-rules.md §7 B11.
    """

    code = "X002"
    name = "identity.sangong-vs-basic"
    title = "“三公”经费分项小于基本支出中对应的经济分类科目"
    severity = "warning"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        tables = {t.id: t for t in ctx.tables}
        sangong = [
            f
            for f in ctx.facts
            if f.table_kind == "sangong"
            and f.measure is None
            and f.context.unit is None
            and f.context.period == "current"
        ]
        basic = [
            f
            for f in ctx.facts
            if f.table_kind == "general_budget_basic_expenditure"
            and f.context.unit is None
            and f.context.period == "current"
        ]
        for concept, code in SANGONG_ECONOMIC.items():
            items = [f for f in sangong if f.concept == concept]
            # the 合计 column; in a two-panel 决算 table the 款 sits in its 人员/公用 panel alone
            books = sorted(
                (
                    f
                    for f in basic
                    if f.concept == f"expenditure.economic.{code}" and f.measure in BASIC_MEASURES
                ),
                key=lambda f: BASIC_MEASURES.index(f.measure),
            )
            if not items or not books:
                continue
            item, book = items[0], books[0]
            subject = f"{concept} >= {code}"
            if item.context.scope not in _WIDER.get(book.context.scope, set()):
                yield CheckResult.not_applicable(subject)
                continue
            if not item.certain or not book.certain or not units_comparable(item.value, book.value):
                yield CheckResult.insufficient(subject)
                continue
            if Interval.of_wanyuan(item.value).hi >= Interval.of_wanyuan(book.value).lo:
                yield CheckResult.passed(subject)
                continue
            yield order_failure(self, item, book, describe(item, tables),
                                f"{describe(book, tables)} {code}", "<", subject)


def derived_class_sums(ctx: CheckContext) -> dict[tuple, tuple[list[Fact], str]]:
    """类 totals a table gives only through its 项 rows: (concept, scope, period) -> the
    项 facts of the table's total column, for tables that print no 类 or 款 row of that class.

    Rows are taken once: from the unit blocks when the table lists units, else all rows.
    """
    out: dict[tuple, tuple[list[Fact], str]] = {}
    by_table: dict[str, list[Fact]] = defaultdict(list)
    class_tables = _class_tables()
    for f in ctx.facts:
        if (
            f.source == "table"
            and f.concept.startswith("expenditure.function.")
            and f.measure == "expenditure.current"
            and f.table_kind in class_tables
        ):
            by_table[f.location.table or ""].append(f)
    for table_id, facts in by_table.items():
        codes = {f.concept.rsplit(".", 1)[1] for f in facts}
        if any(len(c) != 7 for c in codes):
            continue  # the table prints its own 类/款 rows: A002/A003 check them
        with_unit = [f for f in facts if f.context.unit is not None]
        rows = with_unit if with_unit else facts
        if not all(f.certain for f in rows):
            continue
        groups: dict[tuple, list[Fact]] = defaultdict(list)
        for f in rows:
            code = f.concept.rsplit(".", 1)[1]
            groups[(f"expenditure.function.{code[:3]}", f.context.scope, f.context.period)].append(
                f
            )
        for key, items in groups.items():
            out.setdefault(key, (items, table_id))
    return out


def _class_tables() -> frozenset[str]:
    """Kinds whose coded rows are 支出功能分类 figures (the 支出 tables, by column scheme)."""
    return registry().ids(columns="expenditure")


@register
class ClassTotalFromItems(Rule):
    """A 类 figure in one table equals the sum of its 项 rows in another.

    What it checks:
        When a table lists spending only by 项 (often per budget unit, as the Guangxi
        支出总表 and 一般公共预算支出表 do) and another table of the same fund scope states the
        类 (收支总表, 财政拨款收支总表), the 类 figure equals the sum of all 项 rows whose code
        starts with it, across the units.

    Why it matters:
        The 类 rows of the summary table are what the narrative quotes; if they do not equal
        the detailed rows, either a 项 row is missing or the summary is wrong.

    Example:
        Fails: 收支总表 一般公共服务支出 3,487.74 while the 201… 项 rows of 支出总表 add up
        to 3,478.74. Passes: 住房保障支出 219.59 = 2210201 住房公积金 of six units
        (175.41 + 8.89 + 6.38 + 13.52 + 5.14 + 10.24).

    References:
        部门预算公开表样; disclosure-rules.md §7 B02, B04.
    """

    code = "X003"
    name = "identity.class-from-items"
    title = "类级数字与另一表中该类各项之和不一致"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        if not (derived := derived_class_sums(ctx)):
            return  # no 类 total given only through its 项 rows: insufficient data
        tables = {t.id: t for t in ctx.tables}
        for f in ctx.facts:
            if (
                f.source != "table"
                or f.context.unit is not None
                or f.measure != "expenditure.current"
            ):
                continue
            key = (f.concept, f.context.scope, f.context.period)
            if key not in derived or derived[key][1] == f.location.table:
                continue
            items, table_id = derived[key]
            subject = f"{f.location.table} {f.concept} vs {table_id}"
            if not f.certain or not units_comparable(f.value, *(i.value for i in items)):
                yield CheckResult.insufficient(subject)
                continue
            total = Term(describe(f, tables), f.value, f.location, wanyuan=True)
            parts = [Term(describe(i, tables), i.value, i.location, wanyuan=True) for i in items]
            cmp = compare_sum(total, parts)
            if cmp.holds:
                yield CheckResult.passed(subject)
                continue
            t = tables.get(table_id)
            what = (
                f"{label(f.concept, f.label.strip())} 与{table_name(t) if t else table_id}各项之和"
            )
            yield CheckResult.failed(
                self.finding(
                    cmp.message(what),
                    f.location,
                    related=[i.location for i in items],
                    expected=cmp.expected(),
                    actual=cmp.actual(),
                ),
                subject,
            )
