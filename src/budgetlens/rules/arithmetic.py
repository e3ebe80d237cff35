"""A: arithmetic inside one table — row totals, column totals, 类/款/项, unit rows.

Every relation compares the interval of a printed total with the interval sum of its
printed parts; a blank part counts as zero, a blank total is not checked, and a relation
with no printed part is insufficient data. Cells the reader could not place for sure
(placement 'ambiguous') make the relation insufficient data, never a finding.
Only rows of one classification level are ever added together: 类 = Σ 款 and 款 = Σ 项,
never 类 + 款 + 项.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..intervals import Interval, amounts_sum
from ..model import Amount, Column, Finding, Table, TableRow
from ..taxonomy.semantics import (
    OPTIONAL_MEMBERS,
    RowRole,
    column_measure,
    is_of_which,
    is_sequence,
    is_total,
    numbering_level,
    strip_numbering,
)
from ..taxonomy.table_kinds import is_two_sided
from ..taxonomy.table_kinds import spec as kind_spec
from .base import CheckResult, Rule, register
from .common import (
    Term,
    cell_location,
    col_name,
    compare_sum,
    compare_sum_optional,
    relations,
    row_name,
    split_expr,
    table_name,
)
from .context import CheckContext

# ---------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------


def side_of(t: Table, row: TableRow) -> str | None:
    if row.side:
        return row.side
    sides = {c.side for c in t.columns if row.values.get(c.key) is not None}
    return sides.pop() if len(sides) == 1 else None


def _sum_holds(total: Amount, parts: list[Amount | None], optional: list[Amount | None]) -> bool:
    """Whether the printed total's interval meets the sum of its parts' intervals, with the
    optional parts left out or all put in (blank cells add nothing).

    The same test ``compare_sum``/``compare_sum_optional`` make, without building the terms
    and messages a finding needs: nearly every relation holds.
    """
    total_iv = Interval.of(total)
    base = amounts_sum(a for a in parts if a is not None)
    if total_iv.intersects(base):
        return True
    present = [a for a in optional if a is not None]
    return bool(present) and total_iv.intersects(base + amounts_sum(present))


def check_sum(
    rule: Rule,
    t: Table,
    total_row: TableRow,
    total_key: str,
    parts: list[tuple[TableRow, str, str]],
    what: str,
    optional: list[tuple[TableRow, str, str]] = (),
    total_label: str = "合计",
) -> CheckResult | None:
    """Compare one printed total with its printed parts; None when the total is blank.

    ``parts`` are (row, column key, label) cells. A relation without any printed part is
    insufficient data; an ambiguous cell anywhere makes it insufficient data too.
    """
    total = total_row.values.get(total_key)
    if total is None:
        return None

    def subject() -> str:
        return f"{t.id} {row_name(total_row)} {total_key}: {what}"

    cells = list(parts) + list(optional)
    # one pass: the parts' amounts, whether any is printed, whether any cell is ambiguous
    # (no printed part and an ambiguous cell both make the relation insufficient data)
    amounts: list[Amount | None] = []
    printed = False
    ambiguous = total_row.placements.get(total_key) == "ambiguous"
    for r, k, _ in cells:
        a = r.values.get(k)
        amounts.append(a)
        if a is not None:
            printed = True
        if r.placements and r.placements.get(k) == "ambiguous":
            ambiguous = True
    if not printed or ambiguous:
        return CheckResult.insufficient(subject)
    if _sum_holds(total, amounts[: len(parts)], amounts[len(parts):]):
        return CheckResult.passed(subject)
    total_term = Term(label=total_label, amount=total)
    item_terms = [Term(label, a) for (_, _, label), a in zip(parts, amounts[: len(parts)], strict=True)]
    opt_terms = [
        Term(label, a) for (_, _, label), a in zip(optional, amounts[len(parts):], strict=True)
    ]
    cmp = (
        compare_sum_optional(total_term, item_terms, opt_terms)
        if opt_terms
        else compare_sum(total_term, item_terms)
    )
    if cmp.holds:
        return CheckResult.passed(subject)
    # where the parts are matters only for a finding: most relations hold
    for term, (r, k, _) in zip(item_terms + opt_terms, cells, strict=True):
        term.location = cell_location(t, r, k)
    where = f"{table_name(t)}「{row_name(total_row)}」（{what}）"
    finding = rule.finding(
        cmp.message(where),
        cell_location(t, total_row, total_key),
        related=[term.location for term in cmp.items if term.location is not None],
        expected=cmp.expected(),
        actual=cmp.actual(),
    )
    return CheckResult.failed(finding, subject)


# ---------------------------------------------------------------------------
# Column tree: a 合计/小计 column and the sibling columns under the same header
# ---------------------------------------------------------------------------


@dataclass
class HeaderNode:
    path: tuple[str, ...]
    total: Column | None = None
    leaves: list[Column] = field(default_factory=list)
    groups: list[HeaderNode] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else "合计"


def _clean_path(col: Column) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in (col.path or (col.key,)) if p and p.strip())
    return parts or (col.key,)


def header_trees(t: Table) -> list[HeaderNode]:
    """One header tree per side (income/expenditure) of the table's amount columns."""
    roots: dict[str | None, HeaderNode] = {}
    for col in t.columns:
        if is_sequence(col):
            continue
        root = roots.setdefault(col.side, HeaderNode(()))
        path = _clean_path(col)
        node = root
        for i in range(len(path) - 1):
            prefix = path[: i + 1]
            nxt = next((g for g in node.groups if g.path == prefix), None)
            if nxt is None:
                nxt = HeaderNode(prefix)
                node.groups.append(nxt)
            node = nxt
        if is_total(col) and node.total is None:
            node.total = col
        else:
            node.leaves.append(col)
    return list(roots.values())


def _node_members(node: HeaderNode) -> list[Column]:
    """Columns that stand for a node's value: its total, else the members of its children."""
    if node.total is not None:
        return [node.total]
    out = [c for c in node.leaves if not is_of_which(c)]
    for g in node.groups:
        out.extend(_node_members(g))
    return out


def _walk(node: HeaderNode) -> Iterator[HeaderNode]:
    yield node
    for g in node.groups:
        yield from _walk(g)


def flat_header_members(t: Table, total: Column, members: list[Column]) -> list[Column]:
    """Drop columns that detail another member (人员经费 beside 基本支出) or sit outside the
    total (会议费 beside the 三公 合计): a header printed flat must not count them twice."""
    parts_of = relations().get("column_parts", {})
    outside = relations().get("column_outside", {})
    measures = [column_measure(c) for c in members]
    present = set(measures)
    detail = {p for whole in present for p in parts_of.get(whole, ())}
    total_measure = (
        "sangong"
        if kind_spec(t.kind).columns == "sangong" and column_measure(total) in ("total", "sangong")
        else column_measure(total)
    )
    # a 合计 beside a 三公 小计 is the grand total of 三公 + 会议费 + 培训费 (Jiangsu
    # template); only a 合计 that stands for 三公 itself leaves them out
    excluded = set() if total_measure in present else set(outside.get(total_measure, ()))
    return [
        c for c, m in zip(members, measures, strict=True) if m not in detail and m not in excluded
    ]


def rows_of_role(pairs: RolePairs, kind: str) -> list[TableRow]:
    return [r for r, role in pairs if role.kind == kind]


RolePairs = list[tuple[TableRow, RowRole]]


class OneSidedTableRule(Rule):
    """A rule on the rows of each table that is not a two-sided summary: the tables whose
    rows add up down the page."""

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for t in ctx.tables:
            if not is_two_sided(t.kind):
                yield from self.check_table(ctx, t, list(zip(t.rows, ctx.row_roles(t), strict=True)))

    @abstractmethod
    def check_table(self, ctx: CheckContext, t: Table, pairs: RolePairs) -> Iterator[CheckResult]:
        """Evaluate the relation in one table, given its rows with their roles."""


@register
class ColumnTotal(Rule):
    """Row by row, a 合计/小计 column equals the sum of the columns beside it.

    What it checks:
        In every row of a table, each column headed 合计 or 小计 equals the sum of the
        other columns under the same header: 合计 = 基本支出 + 项目支出; 基本支出/小计 =
        人员经费 + 公用经费; “三公”经费/合计 = 因公出国（境）费 + 公务用车购置及运行费 +
        公务接待费; 公务用车/小计 = 购置费 + 运行维护费; 本年收入/小计 = Σ 资金来源. A column
        whose membership differs between templates (结转下年支出) may be in or out. A
        blank part counts as 0; a blank total is not checked.

    Why it matters:
        A row that does not add up means a figure was typed wrong or moved to the wrong
        column; every later comparison with that row inherits the error.

    Example:
        Fails: 一般行政管理事务 合计 308.08, 基本支出 308.08, 项目支出 308.08 (308.08 ≠
        616.16). Passes: 合计 4,555.35, 基本支出 3,830.34, 项目支出 725.01 — within
        rounding of the two-decimal figures.

    References:
        部门预算/决算公开表样（支出总表、一般公共预算支出表、“三公”经费表的栏目关系）;
        《地方预决算公开操作规程》（财预〔2016〕143号）; disclosure-rules.md §7 T2, B04,
        B08, B10, F03, F05.
    """

    code = "A001"
    name = "arithmetic.column-total"
    title = "合计/小计栏不等于各分项栏之和"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for t in ctx.tables:
            trees = header_trees(t)
            groups = [n for root in trees for n in _walk(root) if n.total is not None]
            for node in groups:
                members: list[Column] = []
                optional: list[Column] = []
                for c in node.leaves:
                    if is_of_which(c):
                        continue
                    (optional if column_measure(c) in OPTIONAL_MEMBERS else members).append(c)
                for g in node.groups:
                    members.extend(_node_members(g))
                members = flat_header_members(t, node.total, members)
                if not members:
                    continue
                total_label = col_name(node.total)
                member_cells = [(c.key, col_name(c)) for c in members]
                optional_cells = [(c.key, col_name(c)) for c in optional]
                for row in t.rows:
                    parts = [(row, key, label) for key, label in member_cells]
                    opt = [(row, key, label) for key, label in optional_cells]
                    res = check_sum(
                        self,
                        t,
                        row,
                        node.total.key,
                        parts,
                        "各栏合计",
                        opt,
                        total_label=total_label,
                    )
                    if res is not None:
                        yield res


# ---------------------------------------------------------------------------
# Rows: classification hierarchy, total rows, unit rows
# ---------------------------------------------------------------------------


def amount_keys(t: Table) -> list[str]:
    return [c.key for c in t.columns if not is_sequence(c)]


def top_class_rows(rows: list[tuple[TableRow, RowRole]]) -> list[TableRow] | None:
    """The highest-level classification rows of a block, when every deeper row sits under
    one of them (else None: adding them would miss rows or count some twice)."""
    classes = [(r, role) for r, role in rows if role.kind == "class"]
    if not classes:
        return None
    seen: set[str] = set()
    for _, role in classes:
        # a 类 or 款 code printed twice means the codes were cut (款/项 rows carrying their
        # 类 code); 项 codes repeat legitimately, one row per project
        if role.level < 3 and role.code in seen:
            return None
        seen.add(role.code)
    top = min(role.level for _, role in classes)
    tops = [(r, role) for r, role in classes if role.level == top]
    top_codes = {role.code for _, role in tops}
    for _, role in classes:
        if role.level != top and not any(role.code.startswith(c) for c in top_codes):
            return None
    return [r for r, _ in tops]


@register
class ClassHierarchy(OneSidedTableRule):
    """A 类 row equals the sum of its 款 rows, and a 款 row the sum of its 项 rows.

    What it checks:
        Within one table (and within one budget unit's block of rows), in every amount
        column, a classification row with a 3-digit code (类) equals the sum of the 5-digit
        rows that start with its code (款), and a 款 row the sum of its 7-digit rows (项).
        A 类 with 项 rows but no 款 rows is compared with its 项 rows. 类, 款 and 项 rows
        are never added together, and a 类 row without any children is fine.

    Why it matters:
        The function classification must be disclosed down to 项; a 类 or 款 subtotal
        that does not match its items shows a mistyped figure or a missing row.

    Example:
        Fails: 201 一般公共服务支出 1,089.00 while its 项 rows 675.92 + 308.08 + 3.83 +
        45.03 + 57.13 = 1,089.99. Passes: 301 工资福利支出 3,237.87 against ten 款 rows
        summing to 3,237.88 (rounding).

    References:
        《政府收支分类科目》（类、款、项）; 《地方预决算公开操作规程》（财预〔2016〕143号）
        （支出公开到功能分类项级、基本支出到经济分类款级）; disclosure-rules.md §7 T1.
    """

    code = "A002"
    name = "arithmetic.class-hierarchy"
    title = "类、款合计不等于下级科目之和"

    def check_table(self, ctx: CheckContext, t: Table, pairs: RolePairs) -> Iterator[CheckResult]:
        blocks: dict[int, list[tuple[TableRow, RowRole]]] = defaultdict(list)
        for row, role in pairs:
            if role.kind == "class":
                blocks[role.block].append((row, role))
        keys = amount_keys(t)
        for rows in blocks.values():
            code_count = defaultdict(int)
            for _, role in rows:
                code_count[role.code] += 1
            for parent, prole in rows:
                if prole.level >= 3 or code_count[prole.code] > 1:
                    continue
                kids = [
                    r
                    for r, role in rows
                    if role.level == prole.level + 1 and role.code.startswith(prole.code)
                ]
                if not kids and prole.level == 1:
                    kids = [
                        r
                        for r, role in rows
                        if role.level == 3 and role.code.startswith(prole.code)
                    ]
                if not kids:
                    continue
                level = "类" if prole.level == 1 else "款"
                named = [(k, row_name(k)) for k in kids]
                for key in keys:
                    parts = [(k, key, name) for k, name in named]
                    what = f"{level}级科目 = 下级科目之和，{key}栏"
                    res = check_sum(self, t, parent, key, parts, what, total_label=key)
                    if res is not None:
                        yield res


@register
class TotalRow(OneSidedTableRule):
    """The 合计 row equals the sum of the table's top-level rows, column by column.

    What it checks:
        In every amount column, the table's 合计/总计 row equals the sum of its top-level
        rows: the department rows where the table lists a department, else the budget-unit
        rows, else the highest-level classification rows (类, or the highest level
        printed) when every other row sits under one of them.

    Why it matters:
        The 合计 row is the figure quoted in the narrative and compared with other tables;
        if it does not equal its rows, either the total or a row is wrong.

    Example:
        Fails: 支出决算表 基本支出 合计 888.41 while the 类 rows give 682.64 + 87.62 +
        53.71 + （空） = 823.97. Passes: 基本支出表 合计 3,830.34 against 301 + 302 + 303 =
        3,237.87 + 463.30 + 129.16 = 3,830.33 (rounding).

    References:
        部门预算/决算公开表样; 《地方预决算公开操作规程》（财预〔2016〕143号）;
        disclosure-rules.md §7 T1.
    """

    code = "A003"
    name = "arithmetic.total-row"
    title = "合计行不等于各行之和"

    def check_table(self, ctx: CheckContext, t: Table, pairs: RolePairs) -> Iterator[CheckResult]:
        if not (totals := rows_of_role(pairs, "total")):
            return
        depts, units = rows_of_role(pairs, "department"), rows_of_role(pairs, "unit")
        if depts:
            top, what = depts, "合计行 = 各部门行之和"
        elif units:
            top, what = units, "合计行 = 各单位行之和"
        else:
            top = top_class_rows(pairs)
            what = "合计行 = 最高级科目行之和"
        if not top:
            return
        named = [(r, row_name(r)) for r in top]
        for total_row in totals:
            for key in amount_keys(t):
                parts = [(r, key, name) for r, name in named]
                res = check_sum(
                    self, t, total_row, key, parts, f"{what}，{key}栏", total_label=key
                )
                if res is not None:
                    yield res


@register
class UnitRows(OneSidedTableRule):
    """A department row equals the sum of its units' rows; a unit row the sum of its items.

    What it checks:
        In tables listed by budget unit (部门 103, 单位 103001 …), in every amount
        column, the department row equals the sum of the unit rows under it (or, when it
        lists no units, of its top-level classification rows), and each unit row equals
        the sum of the top-level classification rows in its block.

    Why it matters:
        A department's disclosure aggregates its units; a unit row that does not match
        its own rows, or units that do not add up to the department, mean a row was left
        out or mistyped.

    Example:
        Fails: 103 row 78.45 while 103001 … 103007 sum to 78.55. Passes: 103 row 4,555.35
        against six unit rows summing to 4,555.34 — rounding of six two-decimal figures.

    References:
        部门预算公开表样（部门、单位分行列示）; 《地方预决算公开操作规程》（财预〔2016〕143号）;
        disclosure-rules.md §7 T3.
    """

    code = "A004"
    name = "arithmetic.unit-rows"
    title = "部门行不等于所属单位行之和，或单位行不等于其科目行之和"

    def check_table(self, ctx: CheckContext, t: Table, pairs: RolePairs) -> Iterator[CheckResult]:
        keys = amount_keys(t)
        for i, (row, role) in enumerate(pairs):
            if role.kind == "department":
                units = []
                for r, rl in pairs[i + 1 :]:
                    if rl.kind in ("department", "total"):
                        break
                    if rl.kind == "unit":
                        units.append(r)
                what = "部门行 = 各单位行之和"
                if not units:
                    # a department listed without units: its rows are its classes
                    block = [
                        (r, rl) for r, rl in pairs if rl.block == role.block and r is not row
                    ]
                    units = top_class_rows(block) or []
                    what = "部门行 = 其科目行之和"
                if not units:
                    continue
                yield from self._row_is_sum(t, row, keys, units, what)
            elif role.kind == "unit":
                block = [(r, rl) for r, rl in pairs if rl.block == role.block and r is not row]
                top = top_class_rows(block)
                if not top:
                    continue
                yield from self._row_is_sum(t, row, keys, top, "单位行 = 其科目行之和")

    def _row_is_sum(self, t: Table, row: TableRow, keys: list[str], parts: list[TableRow],
                    what: str) -> Iterator[CheckResult]:
        """``row`` equals the sum of ``parts`` in each amount column."""
        named = [(r, row_name(r)) for r in parts]
        for key in keys:
            res = check_sum(self, t, row, key, [(r, key, name) for r, name in named],
                            f"{what}，{key}栏", total_label=key)
            if res is not None:
                yield res


# ---------------------------------------------------------------------------
# Two-sided summary tables: concept summations, numbered outline, balance
# ---------------------------------------------------------------------------


def _facts_by_table(ctx: CheckContext) -> dict[str, list]:
    idx: dict[str, list] = defaultdict(list)
    for f in ctx.facts:
        if f.source == "table" and f.location.table:
            idx[f.location.table].append(f)
    return idx


def _fact_term(f) -> Term:
    return Term(f.label.strip() or f.concept, f.value, f.location)


def _pick(facts: list, expr: str, total_scope: str | None):
    concept, scope = split_expr(expr)
    out = []
    for f in facts:
        if f.concept != concept or f.measure is not None:
            continue
        if (
            scope == "*"
            or (scope is None and f.context.scope == total_scope)
            or f.context.scope == scope
        ):
            out.append(f)
    return out


def _sum_result(rule: Rule, t: Table, total, items: list, title: str) -> CheckResult:
    subject = f"{t.id} {title}"
    if not total.certain or any(not f.certain for f in items):
        return CheckResult.insufficient(subject)
    cmp = compare_sum(_fact_term(total), [_fact_term(f) for f in items])
    if cmp.holds:
        return CheckResult.passed(subject)
    finding = rule.finding(
        cmp.message(f"{table_name(t)} {title}"),
        total.location,
        related=[f.location for f in items],
        expected=cmp.expected(),
        actual=cmp.actual(),
    )
    return CheckResult.failed(finding, subject)


@register
class SummaryRows(Rule):
    """收入总计 and 支出总计 of a summary table equal the sum of their parts.

    What it checks:
        In 收支总表 and 财政拨款收支总表, column by column: 收入总计 = 本年收入合计 +
        上年结转结余 (+ 用事业基金弥补收支差额 + 使用非财政拨款结余); 支出总计 = 本年支出合计 +
        结转下年 (+ 结余分配); 年初财政拨款结转和结余 = its 一般公共预算, 政府性基金预算 and
        国有资本经营预算 parts; in a 三公 table that prints its items as rows, 合计 =
        因公出国 + 公务用车购置及运行 + 公务接待 and 公务用车 = 购置 + 运行. The relations are
        data (taxonomy/relations.yaml,
        ``summations``); the first part listed (本年收入合计, 本年支出合计) must be printed
        for the relation to be checked.

    Why it matters:
        These totals are the headline figures of the disclosure; a total that does not
        equal its parts means one of the headline figures is wrong.

    Example:
        Fails: 年初财政拨款结转和结余 163.26 while 一般公共预算财政拨款 156.26 + 政府性基金预算
        财政拨款 10.00 = 166.26. Passes: 收入总计 4,555.35 = 本年收入合计 4,555.35 + 上年结转
        结余 0.00.

    References:
        部门预算/决算公开表样（收支总表、财政拨款收支总表）; 《地方预决算公开操作规程》
        （财预〔2016〕143号）; disclosure-rules.md §7 B01, B05, F01, F04.
    """

    code = "A005"
    name = "arithmetic.summary-rows"
    title = "总计或合计行不等于其组成之和（收支总表、三公表）"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        by_table = _facts_by_table(ctx)
        specs = relations().get("summations", [])
        for t in ctx.tables:
            if not any(t.kind in spec["kinds"] for spec in specs):
                continue
            by_column: dict[str, list] = defaultdict(list)
            for f in by_table.get(t.id, []):
                by_column[f.context.column].append(f)
            for spec in specs:
                if t.kind not in spec["kinds"]:
                    continue
                total_concept, total_scope = split_expr(spec["total"])
                for facts in by_column.values():
                    for total in facts:
                        if total.concept != total_concept or total.measure is not None:
                            continue
                        if total_scope and total.context.scope != total_scope:
                            continue
                        items = [
                            f
                            for expr in spec["items"]
                            for f in _pick(facts, expr, total.context.scope)
                        ]
                        # the first item (本年收入合计, 本年支出合计) carries the relation: when it
                        # is blank the total cannot be checked from the remaining lines
                        if not _pick(facts, spec["items"][0], total.context.scope):
                            # a 三公 table with its items as columns is checked by A001
                            yield (
                                CheckResult.insufficient(f"{t.id} {spec['id']}")
                                if is_two_sided(t.kind)
                                else CheckResult.not_applicable(f"{t.id} {spec['id']}")
                            )
                            continue
                        yield _sum_result(self, t, total, items, spec["title"])


_TOTAL_LABEL_RE = ("合计", "总计")


def _is_total_label(name: str) -> bool:
    n = strip_numbering(name).replace(" ", "").replace("\u3000", "")
    return n.endswith(_TOTAL_LABEL_RE)


@register
class NumberedOutline(Rule):
    """A numbered item equals the sum of its numbered sub-items; 合计 the sum of the items.

    What it checks:
        In 收支总表 and 财政拨款收支总表, each side read top to bottom: a row numbered
        '一、' equals the sum of the '（一）' rows directly under it, a '（一）' row the sum
        of its '1、' rows; an unnumbered 合计 row (本年收入合计, 本年支出合计, 收入总计 …)
        right after numbered rows equals the sum of the '一、' rows since the previous
        unnumbered row. Sub-items introduced by 其中 are not a complete split and are not
        added.

    Why it matters:
        The summary tables state each source and each 类 once; their total must be the
        total of those rows, or the headline figure and the detail disagree.

    Example:
        Fails: 本年支出合计 1,401.08 while 一、一般公共服务支出 1,089.00 … 十九、住房保障支出
        64.44 sum to 1,403.10. Passes: 一、一般公共预算拨款 4,555.35 = （一）上级补助 0.00 +
        （二）本级 4,555.35 + （三）一般债券 0.00.

    References:
        部门预算/决算公开表样（收支总表、财政拨款收支总表）; disclosure-rules.md §7 B02,
        B05, F02, F04.
    """

    code = "A006"
    name = "arithmetic.numbered-outline"
    title = "编号项目不等于其下级项目之和"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for t in ctx.tables:
            if not is_two_sided(t.kind):
                continue
            sides: dict[str | None, list[TableRow]] = defaultdict(list)
            for row in t.rows:
                if not row.name.strip() and not any(v is not None for v in row.values.values()):
                    continue
                if strip_numbering(row.name).strip("…. ") == "":
                    continue
                sides[side_of(t, row)].append(row)
            for side, rows in sides.items():
                keys = [
                    c.key
                    for c in t.columns
                    if not is_sequence(c) and (c.side == side or side is None)
                ]
                yield from self._outline(t, rows, keys)

    def _outline(self, t: Table, rows: list[TableRow], keys: list[str]) -> Iterator[CheckResult]:
        levels = [numbering_level(r.name) for r in rows]
        for i, (row, level) in enumerate(zip(rows, levels, strict=True)):
            if level is not None:
                kids = []
                for r, lv in zip(rows[i + 1 :], levels[i + 1 :], strict=True):
                    if lv is None or lv <= level:
                        break
                    if lv == level + 1:
                        kids.append(r)
                if not kids or any(strip_numbering(k.name).startswith("其中") for k in kids):
                    continue
                what = "编号项目 = 下级项目之和"
            elif _is_total_label(row.name):
                kids, heading = [], None
                for r, lv in zip(reversed(rows[:i]), reversed(levels[:i]), strict=True):
                    if lv is None:
                        heading = r
                        break
                    if lv == 1:
                        kids.append(r)
                kids.reverse()
                # numbered rows under an unnumbered heading (年初财政拨款结转和结余 / 一、… 三、)
                # are that heading's parts, not the parts of the 总计 below them
                if not kids or (heading is not None and not _is_total_label(heading.name)):
                    continue
                what = "合计 = 各编号项目之和"
            else:
                continue
            for key in keys:
                parts = [(k, key, k.name.strip()) for k in kids]
                res = check_sum(self, t, row, key, parts, what, total_label=row.name.strip())
                if res is not None:
                    yield res


@register
class Balance(Rule):
    """Income and expenditure sides of a summary table balance.

    What it checks:
        收入总计 = 支出总计 in 收支总表 and 财政拨款收支总表 (for each fund scope printed),
        and in 政府性基金 / 国有资本经营 决算 tables 年初结转和结余 + 本年收入 = 本年支出 +
        年末结转和结余. The relations are data (taxonomy/relations.yaml, ``balances``).

    Why it matters:
        Every yuan received is spent or carried forward; a summary table that does not
        balance has a wrong total on one side.

    Example:
        Fails: 收入总计 1,648.69 against 支出总计 1,650.69. Passes: 年初结转和结余 10.00 +
        本年收入 98.33 = 本年支出 108.33 + 年末结转和结余 0.

    References:
        部门预算/决算公开表样; 《地方预决算公开操作规程》（财预〔2016〕143号）;
        disclosure-rules.md §7 B01, B05, F01, F04, F08.
    """

    code = "A007"
    name = "arithmetic.balance"
    title = "收支不平衡"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        by_table = _facts_by_table(ctx)
        for t in ctx.tables:
            facts = [f for f in by_table.get(t.id, []) if f.measure is None]
            groups: dict[tuple, list] = defaultdict(list)
            for f in facts:
                if is_two_sided(t.kind):
                    key = (f.context.scope, f.context.period)
                else:
                    key = (
                        f.context.scope,
                        f.context.period,
                        f.location.row,
                        f.location.line,
                        f.context.unit,
                    )
                groups[key].append(f)
            for spec in relations().get("balances", []):
                if t.kind not in spec["kinds"]:
                    continue
                for group in groups.values():
                    left = [f for c in spec["left"] for f in group if f.concept == split_expr(c)[0]]
                    right = [
                        f for c in spec["right"] for f in group if f.concept == split_expr(c)[0]
                    ]
                    if not left or not right:
                        continue
                    if len(left) > len(spec["left"]) or len(right) > len(spec["right"]):
                        continue  # the same concept printed twice: not one relation
                    yield self._compare(t, left, right, spec["title"])

    def _compare(self, t: Table, left: list, right: list, title: str) -> CheckResult:
        subject = f"{t.id} {title}"
        if any(not f.certain for f in left + right):
            return CheckResult.insufficient(subject)
        total = Term(" + ".join(f.label.strip() for f in left), None)
        lcmp = compare_sum(total, [_fact_term(f) for f in left])
        rcmp = compare_sum(total, [_fact_term(f) for f in right])
        if lcmp.sum_iv.intersects(rcmp.sum_iv):
            return CheckResult.passed(subject)
        from .common import fmt_gap, fmt_interval, places_for

        places = places_for(lcmp.sum_iv, rcmp.sum_iv)
        msg = (
            f"{table_name(t)} {title}：{lcmp.describe_items()} ≠ {rcmp.describe_items()}："
            f"{fmt_interval(lcmp.sum_iv, places)} vs {fmt_interval(rcmp.sum_iv, places)}，"
            f"相差 {fmt_gap(lcmp.sum_iv.gap(rcmp.sum_iv))}"
        )
        finding: Finding = self.finding(
            msg,
            left[0].location,
            related=[f.location for f in left[1:] + right],
            expected=fmt_interval(rcmp.sum_iv, places),
            actual=fmt_interval(lcmp.sum_iv, places),
        )
        return CheckResult.failed(finding, subject)


# ---------------------------------------------------------------------------
# A008: the outline of a table without codes, read from which descriptive column a row fills
# ---------------------------------------------------------------------------
# The 政府采购预算表 of many provinces carries no classification codes: a row naming a
# procurement category fills the first descriptive column (采购品目大类 "一、货物A"), a project
# row the second (经济科目 "办公设备购置"), an item row the third (采购组织形式 "政府集中采购").
# The column a row writes in is its level, and each level is the sum of the level below it.

OUTLINE_KINDS = frozenset({"procurement"})


def descriptor_keys(t: Table) -> list[str]:
    """The text columns before the first amount column, in header order."""
    keys: list[str] = []
    amount_keys = {k for r in t.rows for k, v in r.values.items() if v is not None}
    for c in sorted(t.columns, key=lambda c: c.index):
        if c.key in amount_keys or is_sequence(c):
            break
        keys.append(c.key)
    return keys


def outline_levels(rows: list[TableRow], keys: list[str]) -> list[int] | None:
    """Each row's level (the last descriptive column it fills; -1 for the 合计 row), or None
    when the rows are no such outline (codes, a row without descriptors, one level only)."""
    levels: list[int] = []
    for r in rows:
        if r.code:
            return None
        if r.is_total:
            levels.append(-1)
            continue
        filled = [i for i, k in enumerate(keys) if (r.texts.get(k) or "").strip()]
        if not filled or not any(v is not None for v in r.values.values()):
            return None
        levels.append(max(filled))
    if len({lv for lv in levels if lv >= 0}) < 2:
        return None
    return levels


def _children(rows: list[TableRow], levels: list[int], i: int) -> list[TableRow] | None:
    """The rows one level below row i, up to the next row at its level or above; None when
    no such row closes the group (the last group may go on where the outline is cut off)."""
    level = levels[i]
    kids = []
    for r, lv in zip(rows[i + 1:], levels[i + 1:], strict=True):
        if lv <= level:
            return kids
        if lv == level + 1:
            kids.append(r)
    return None


def outline_runs(tables: list[Table]) -> Iterator[tuple[Table, list[str], list[TableRow]]]:
    """Outline tables with the tables that continue them: a following table of the same kind
    and descriptive columns without a 合计 row of its own is the same table's next page."""
    run: tuple[Table, list[str], list[TableRow]] | None = None
    for t in tables:
        if t.kind not in OUTLINE_KINDS:
            continue
        keys = descriptor_keys(t)
        if run is not None and keys == run[1] and not any(r.is_total for r in t.rows):
            run[2].extend(t.rows)
            continue
        if run is not None:
            yield run
        run = (t, keys, list(t.rows))
    if run is not None:
        yield run


@register
class DescriptorOutline(Rule):
    """Each level of a code-less outline table equals the sum of the level below it.

    What it checks:
        In 政府采购预算表 without classification codes, the level of a row is the last of
        the descriptive columns (采购品目大类, 经济科目/项目, 采购组织形式/品目 …) it writes in.
        In every amount column a row equals the sum of the rows one level below it up to
        the next row of its own level, and the 合计 row equals the sum of the top-level
        rows. A table of the same kind that follows without a 合计 row of its own is read
        as the next page of the outline; the last group, which no row closes, is not
        checked. A table where some row fills no descriptive column, or with a single
        level, is not read as an outline.

    Why it matters:
        The procurement budget is disclosed by category, project and item; a category
        or project total that is not the sum of its items is a mistyped figure or a
        missing line, and the total quoted in the narrative may be wrong.

    Example:
        Passes: 2017年政府采购预算表 (江苏省委办公厅) 办公设备购置费 60.00 = 12.00 + 6.00 +
        2.10 + 0.66 + 6.00 + 0.80 + 0.90 + 1.50 + 4.00 + 0.64 + 25.40. Fails when a project
        row says 60.00 and its items add to 59.00.

    References:
        部门预算公开表样（政府采购预算表）; 《地方预决算公开操作规程》（财预〔2016〕143号）
        （政府采购情况说明）.
    """

    code = "A008"
    name = "arithmetic.descriptor-outline"
    title = "采购类别、项目合计不等于其明细之和"

    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        for t, keys, rows in outline_runs(ctx.tables):
            levels = outline_levels(rows, keys) if len(keys) >= 2 else None
            if levels is None:
                continue
            amount_cols = [c.key for c in t.columns if c.key not in keys and not is_sequence(c)]
            top = min(lv for lv in levels if lv >= 0)
            for i, row in enumerate(rows):
                if levels[i] == -1:
                    kids = [r for r, lv in zip(rows, levels, strict=True) if lv == top]
                    what = "合计 = 各类别之和"
                else:
                    kids = _children(rows, levels, i)
                    what = f"{keys[levels[i]]} = 下级明细之和"
                if not kids:
                    continue
                for key in amount_cols:
                    parts = [(k, key, k.name.strip() or "（明细）") for k in kids]
                    res = check_sum(self, t, row, key, parts, what, total_label=key)
                    if res is not None:
                        yield res
