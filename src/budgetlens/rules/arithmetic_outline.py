"""A008: the outline of a table without codes, read from which descriptive column a row fills.

The 政府采购预算表 of many provinces carries no classification codes: a row naming a
procurement category fills the first descriptive column (采购品目大类 "一、货物A"), a project
row the second (经济科目 "办公设备购置"), an item row the third (采购组织形式 "政府集中采购").
The column a row writes in is its level, and each level is the sum of the level below it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Table, TableRow
from ..taxonomy.semantics import is_sequence
from .arithmetic import check_sum
from .base import CheckResult, Rule, register
from .context import CheckContext

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
