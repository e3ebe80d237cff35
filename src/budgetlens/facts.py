"""Every number becomes a fact: a concept, a context and a value with its written precision.

Table cells get their concept from the table kind, the row (code, label, unit) and the
column header; narrative claims bring the concept the claim extractor resolved. A check
then compares facts without knowing whether a figure was printed in a table or a sentence
(the idea XBRL uses for financial filings).

A cell whose column the reader could not pin down (placement 'ambiguous') still becomes a
fact, marked ``certain=False``, so that it can be shown but never drives a finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from .model import Claim, Column, Context, DocumentInfo, Fact, Location, Table, TableRow
from .taxonomy.semantics import (
    FUND_CONCEPT_SCOPES,
    RowRole,
    column_for,
    column_group,
    column_measure,
    column_period,
    column_scope,
    is_not_money,
    is_sequence,
    label_measure,
    names_money,
    row_roles,
    summary_row_concept,
    table_scope,
)
from .taxonomy.table_kinds import KindSpec
from .taxonomy.table_kinds import spec as kind_spec

UNCLASSIFIED = "unclassified"

_FUND_MEASURES = {"general_budget", "gov_fund", "state_capital", "fiscal"}

_REVENUE_SOURCES = {
    "general_budget": "revenue.general_budget",
    "gov_fund": "revenue.gov_fund",
    "state_capital": "revenue.state_capital",
    "fiscal": "revenue.fiscal",
    "special_account": "revenue.special_account",
    "unit_funds": "revenue.unit_funds",
    "business": "revenue.business",
    "operating_revenue": "revenue.operating",
    "superior_subsidy": "revenue.superior_subsidy",
    "affiliated": "revenue.affiliated",
    "other_revenue": "revenue.other",
}

_EXPENDITURE_MEASURES = {
    "basic": "expenditure.basic",
    "personnel": "expenditure.basic.personnel",
    "public": "expenditure.basic.public",
    "project": "expenditure.project",
    "carryforward": "expenditure.carryforward",
    "current_expenditure": "expenditure.current",
    "remit_superior": "expenditure.remit_superior",
    "operating": "expenditure.operating",
    "subsidy_affiliated": "expenditure.subsidy_affiliated",
    "reserve": "expenditure.reserve",
    "surplus_distribution": "expenditure.surplus_distribution",
    "carryover": "revenue.carryover",
    "current": "revenue.current",
}

_SANGONG_MEASURES = {
    "overseas": "sangong.overseas",
    "vehicle": "sangong.vehicle",
    "vehicle.purchase": "sangong.vehicle.purchase",
    "vehicle.operation": "sangong.vehicle.operation",
    "reception": "sangong.reception",
    "meeting": "meeting",
    "training": "training",
    # a column of its own beside 三公 ("三公”经费和机关运行经费预算表"), not part of their total
    "admin_operating": "admin_operating",
    "sangong": "sangong.total",
    "total": "sangong.total",
}

_PROCUREMENT_MEASURES = {
    "goods": "procurement.goods",
    "works": "procurement.works",
    "services": "procurement.services",
    "centralized": "procurement.centralized",
    "decentralized": "procurement.decentralized",
}


# ---------------------------------------------------------------------------
# Column meaning per table kind
# ---------------------------------------------------------------------------


def _column_concept(columns: str, col: Column, scope: str) -> tuple[str, str, str | None]:
    """(concept, scope, sub-measure) a column gives to a total, department or unit row, by
    the kind's column scheme (taxonomy/table_kinds.yaml ``columns``)."""
    m = column_measure(col)
    g = column_group(col)
    if columns == "income":
        if g == "carryover" or m == "carryover":
            fund_scope = {
                "general_budget": "general",
                "gov_fund": "gov_fund",
                "state_capital": "state_capital",
            }.get(m)
            sub = None if fund_scope or m in ("total", "carryover") else m
            return "revenue.carryover", fund_scope or scope, sub
        if m in _REVENUE_SOURCES:
            concept = _REVENUE_SOURCES[m]
            return concept, FUND_CONCEPT_SCOPES.get(concept, scope), None
        if m == "current" or g == "current":
            return "revenue.current", scope, None
        return "revenue.total", scope, None
    if columns in ("expenditure", "basic_expenditure"):
        if m in _EXPENDITURE_MEASURES:
            return _EXPENDITURE_MEASURES[m], scope, None
        if columns == "basic_expenditure":
            return "expenditure.basic", scope, None
        if m in _FUND_MEASURES or m == "total":
            if g in _EXPENDITURE_MEASURES and g not in ("current",):
                return _EXPENDITURE_MEASURES[g], scope, None
            return "expenditure.current", scope, None
        return "expenditure.current", scope, m
    if columns == "sangong":
        if m in _SANGONG_MEASURES:
            return _SANGONG_MEASURES[m], scope, None
        if g in _SANGONG_MEASURES:
            return _SANGONG_MEASURES[g], scope, m
        return "sangong.total", scope, m
    if columns == "procurement":
        if m in _PROCUREMENT_MEASURES:
            sub = g if g in ("centralized", "decentralized") and m != g else None
            return _PROCUREMENT_MEASURES[m], scope, sub
        if m in _FUND_MEASURES or m in _REVENUE_SOURCES:
            return "procurement.total", scope, m
        if g in _PROCUREMENT_MEASURES:
            return _PROCUREMENT_MEASURES[g], scope, None
        return "procurement.total", scope, None if g is None else "by_type"
    if columns == "purchase_of_services":
        sub = None if m == "total" else m
        return "purchase_of_services.total", scope, sub
    if columns == "performance":
        return "performance.amount", scope, None
    if columns == "admin_operating":
        # one amount column (机关运行经费支出): its 合计 row is the 机关运行经费 total
        return "admin_operating", scope, None if m in (None, "total", "admin_operating") else m
    return UNCLASSIFIED, scope, None


def _class_concept(kind: KindSpec, row: TableRow, role: RowRole) -> str:
    if kind.classified == "revenue":
        return f"revenue.function.{role.code}"
    return f"expenditure.{row.scheme or kind.class_scheme}.{role.code}"


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------


_ROW_LOCATION_FIELDS = tuple(f.name for f in fields(Location) if f.name != "column")
# a cell's Location is built positionally: the row's fields, then the column as the last one
assert [f.name for f in fields(Location)][-1] == "column"
# Fact fields in the order build_table_facts passes them positionally (keywords cost twice the time)
assert [f.name for f in fields(Fact)] == [
    "concept", "context", "value", "location", "source", "table_kind", "label", "measure",
    "certain",
]


def _row_location_fields(table: Table, row: TableRow) -> tuple:
    """The Location fields a row's cells share, in field order; each cell adds its column.

    Built once per row: ``dataclasses.replace`` per cell was a large share of fact building,
    and a positional tuple makes a cell's Location in half the time keywords take.
    """
    loc = row.location
    shared = {name: getattr(loc, name) for name in _ROW_LOCATION_FIELDS}
    shared["table"] = table.id
    shared["row"] = row.code or row.name
    return tuple(shared.values())


def repeated_class_rows(roles: list[RowRole]) -> set[int]:
    """Rows whose 类 or 款 code already appeared in the same unit block: the code was cut
    (款/项 rows printed in 类|款|项 columns and read with their 类 digits only), so the
    row's concept cannot be trusted. 项 codes repeat legitimately (one row per project)."""
    seen: set[tuple[int, str]] = set()
    out = set()
    for i, role in enumerate(roles):
        if role.kind != "class" or role.level is None or role.level >= 3:
            continue
        key = (role.block, role.code)
        if key in seen:
            out.add(i)
        seen.add(key)
    return out


@dataclass(frozen=True, slots=True)
class _ColumnMeaning:
    """What one amount column says, read from its header once per table."""

    side: str | None  # the column's side in a two-sided table
    period: str
    scope: str
    measure: str | None  # column_measure: the two-sided tables' expenditure measure
    concept: tuple[str, str, str | None]  # _column_concept: other tables' (concept, scope, sub)


SANGONG_MEETING_TRAINING = "meeting_training_sangong.total"


def _prints_sangong_subtotal(table: Table) -> bool:
    """A 三公 table with a 三公经费 column of its own ("三公”经费、会议费、培训费支出表": 合计 |
    三公经费 | 因公出国 … | 会议费 | 培训费): its 合计 adds 会议费 and 培训费 to the 三公 total and
    is not the 三公 total."""
    return any(column_measure(col) == "sangong" for col in table.columns)


def _column_meanings(
    info: DocumentInfo, table: Table, kind: KindSpec
) -> Callable[[str, str | None], _ColumnMeaning | None]:
    """A lookup (column key, row side) -> the column's meaning, None for no amount column.

    Header words are the same for every cell of a column, so they are read once per column
    rather than once per cell.
    """
    t_scope = table_scope(table)
    memo: dict[tuple[str, str | None], _ColumnMeaning | None] = {}
    total_beyond_sangong = kind.columns == "sangong" and _prints_sangong_subtotal(table)

    def meaning(key: str, side: str | None) -> _ColumnMeaning | None:
        try:
            return memo[key, side]
        except KeyError:
            pass
        col = column_for(table, key, side)
        found = None
        if col is not None and not is_sequence(col) and not is_not_money(col):
            scope = column_scope(col, t_scope)
            measure = column_measure(col)
            concept = _column_concept(kind.columns, col, scope)
            if total_beyond_sangong and measure == "total" and concept[0] == "sangong.total":
                concept = (SANGONG_MEETING_TRAINING, scope, concept[2])
            found = _ColumnMeaning(
                side=col.side,
                period=column_period(col, info.kind),
                scope=scope,
                measure=measure,
                concept=concept,
            )
        memo[key, side] = found
        return found

    return meaning


def _shared_contexts(
    info: DocumentInfo, instance: str | None
) -> Callable[[str, str, str | None, str], Context]:
    """One Context per distinct (period, scope, unit, column) of a table: a column's cells
    mostly share it, and Contexts are immutable, so the facts can share one object."""
    memo: dict[tuple[str, str, str | None, str], Context] = {}

    def context_of(period: str, scope: str, unit: str | None, column: str) -> Context:
        key = (period, scope, unit, column)
        found = memo.get(key)
        if found is None:
            found = memo[key] = Context(
                period=period, basis=info.kind, scope=scope, unit=unit, column=column,
                instance=instance,
            )
        return found

    return context_of


def table_instances(tables: list[Table]) -> dict[str, str | None]:
    """Table id -> its ``Context.instance``: None for the first table of each kind; a later
    one of the same kind is told apart by the unit name it prints (when that differs from
    the first table's), else by its own id. Each project's 项目绩效目标表 (all of them, the
    first included), or a unit's own tables after the department's, are other statements,
    not copies of the first table."""
    first: dict[str, Table] = {}
    out: dict[str, str | None] = {}
    counts = Counter(t.kind for t in tables)
    for t in tables:
        head = first.setdefault(t.kind, t)
        if kind_spec(t.kind).per_project and counts[t.kind] > 1:
            out[t.id] = t.id  # one table per project: none of them is "the" table
        elif head is t:
            out[t.id] = None
        elif t.unit_name and t.unit_name != head.unit_name:
            out[t.id] = f"unit:{t.unit_name}"
        else:
            out[t.id] = t.id
    return out


def _is_form(table: Table) -> bool:
    """A 绩效目标填报表 read as a form (label | value cells under no header)."""
    return kind_spec(table.kind).form and not any(c.path for c in table.columns)


def _row_names_money(row: TableRow) -> bool:
    return names_money(" ".join((row.name, *row.texts.values())))


def build_table_facts(info: DocumentInfo, table: Table, instance: str | None = None) -> list[Fact]:
    """The facts of one table, one per non-empty amount cell."""
    out: list[Fact] = []
    kind = kind_spec(table.kind)
    meaning_of = _column_meanings(info, table, kind)
    context_of = _shared_contexts(info, instance)
    form = _is_form(table)
    roles = row_roles(table)
    doubtful = repeated_class_rows(roles)
    money_unit = table.money_unit
    headings: dict[str | None, str] = {}  # last 本年收入 / 上年结转 heading per side
    for i, (row, role) in enumerate(zip(table.rows, roles, strict=True)):
        if form and not _row_names_money(row):
            continue  # an indicator row: weights and target values, not money
        row_location: tuple | None = None
        for key, amount in row.values.items():
            if amount is None:
                continue
            meaning = meaning_of(key, row.side)
            if meaning is None:
                continue
            period = meaning.period
            scope = meaning.scope
            measure: str | None = None
            if kind.two_sided:
                side = row.side or meaning.side
                concept = summary_row_concept(row.name, side) or UNCLASSIFIED
                if concept in ("revenue.current", "revenue.carryover", "revenue.total"):
                    headings[side] = concept
                if concept in FUND_CONCEPT_SCOPES and concept != "revenue.fiscal":
                    fund_scope = FUND_CONCEPT_SCOPES[concept]
                    if headings.get(side) == "revenue.carryover":
                        concept = "revenue.carryover"
                    scope = fund_scope
                elif concept == "revenue.fiscal":
                    scope = "fiscal"
                col_m = meaning.measure
                if col_m in _EXPENDITURE_MEASURES and side == "expenditure":
                    measure = _EXPENDITURE_MEASURES[col_m]
                elif concept.startswith("expenditure.function."):
                    measure = "expenditure.current"
            elif role.kind == "class" and kind.classified:
                concept = _class_concept(kind, row, role)
                col_concept, scope, sub = meaning.concept
                measure = col_concept if sub is None else f"{col_concept}/{sub}"
            else:
                concept, scope, sub = meaning.concept
                if kind.columns == "basic_expenditure":
                    if "人员经费" in row.name:
                        concept = "expenditure.basic.personnel"
                    elif "公用经费" in row.name:
                        concept = "expenditure.basic.public"
                elif role.kind == "class":
                    measure = f"item:{role.code}"
                elif role.kind in ("item", "other") and kind.columns != "sangong":
                    measure = "item"
                if sub is not None:
                    measure = sub if measure is None else f"{measure}/{sub}"
                if kind.columns == "sangong" and concept == "sangong.total":
                    # items as rows, periods as columns (预算数 | 决算数): the label names the item
                    row_item = _SANGONG_MEASURES.get(label_measure(row.name) or "")
                    if row_item is not None:
                        concept = row_item
            unit = role.unit if role.kind in ("unit", "class", "item", "other") else None
            if row_location is None:
                row_location = _row_location_fields(table, row)
            if amount.unit is None and money_unit:  # the table's unit where the cell has none
                amount = replace(amount, unit=money_unit)
            out.append(
                Fact(  # concept, context, value, location, source, table_kind, label, measure, certain
                    concept,
                    context_of(period, scope, unit, key),
                    amount,
                    Location(*row_location, key),
                    "table",
                    table.kind,
                    row.name,
                    measure,
                    row.placements.get(key) != "ambiguous" and i not in doubtful,
                )
            )
    return out


def claim_facts(info: DocumentInfo, claims: list[Claim]) -> list[Fact]:
    """Amount and count claims with a resolved concept; others stay countable as claims."""
    out = []
    for c in claims:
        if c.concept is None or c.kind not in ("amount", "count"):
            continue
        out.append(
            Fact(
                concept=c.concept,
                context=Context(period=c.period, basis=info.kind, scope=c.scope or "all"),
                value=c.value,
                location=c.location,
                source="claim",
                label=c.subject,
            )
        )
    return out


def build_facts(info: DocumentInfo, tables: list[Table], claims: list[Claim]) -> list[Fact]:
    """All facts of a document: table cells first (in table order), then claims."""
    facts: list[Fact] = []
    instances = table_instances(tables)
    for t in tables:
        if t.empty and not any(r.values for r in t.rows):
            continue
        facts.extend(build_table_facts(info, t, instances[t.id]))
    facts.extend(claim_facts(info, claims))
    return facts
