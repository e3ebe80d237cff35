"""Header rows of a raw grid -> canonical columns.

A grid starts with header rows (one to four, merged cells spread over their span), maybe a
row of column numbers ("1 2 3 …", "栏次", "行次"), then data. Text formats omit the empty
fields of a merged header, so a label with empty slots to its right is spread over them, but
never past the span of the label above it. Each column gets a header path (top-down labels)
and a role: classification code, its 类/款/项 parts, budget-unit code, name, item text, a
plain text attribute, line number, or value. Value columns get a canonical key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Cell, Grid
from ..numbers import (
    EMPTY_MARKS,
    is_placeholder,
    looks_like_code,
    looks_like_year,
    normalize,
    parse_number,
)
from . import titles

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”\"‘’'「」")
_PARENS = str.maketrans({"(": "（", ")": "）"})
_COLNUM_MARKS = frozenset({"栏次", "行次", "甲", "乙", "丙", "丁", "栏", "次"})
TOTAL_LABELS = frozenset({"合计", "总计", "小计"})
_TOTAL_COLUMN = frozenset(
    {"合计", "总计", "本年收入合计", "本年支出合计", "收入合计", "支出合计", "合计数", "总额"}
)
_COUNT_UNIT = (
    (re.compile(r"车辆数|（辆）|辆）"), "辆"),
    (re.compile(r"人次"), "人次"),
    (re.compile(r"批次"), "批次"),
    (re.compile(r"团组|个数|（个）"), "个"),
    (re.compile(r"人数|（人）"), "人"),
)


@lru_cache(maxsize=8192)
def label(text: str) -> str:
    """Header text folded for comparison: no spaces, full-width parentheses, no quotes."""
    return _SPACE.sub("", text.replace("\u3000", " ")).translate(_QUOTES).translate(_PARENS)


@lru_cache(maxsize=8192)
def cell_class(text: str) -> str:
    """'figure' (a number or template placeholder), 'empty' (a dash), 'code', or 'word'."""
    t = normalize(text)
    if t in EMPTY_MARKS or text.strip() in EMPTY_MARKS or t in ("…", "……"):
        return "empty"
    if parse_number(t) is not None or is_placeholder(t):
        return "figure"
    return "code" if looks_like_code(t) else "word"


def cell_text(cell: Cell) -> str:
    return _stripped(cell.text)


@lru_cache(maxsize=16384)
def _stripped(text: str) -> str:
    return text.replace("\u3000", " ").strip()


# ---------------------------------------------------------------------------
# Row classes
# ---------------------------------------------------------------------------


def is_column_number_row(texts: list[str]) -> bool:
    """'1 2 3 …' (optionally with 栏次/行次/甲/乙) under a header: not data."""
    for first in texts:  # the first non-empty text
        if first:
            break
    else:
        return False
    if not (first[0].isdigit() or first[0] in "栏行甲乙丙丁"):
        return False
    ints: list[int] = []
    marks = 0
    for t in texts:
        t = label(t)
        if not t:
            continue
        if t in _COLNUM_MARKS:
            marks += 1
        elif t.isdigit() and len(t) <= 3:
            ints.append(int(t))
        else:
            return False
    if not ints:
        return marks > 0
    consecutive = all(b == a + 1 for a, b in zip(ints, ints[1:], strict=False))
    return consecutive and ints[0] <= 1 + marks and (len(ints) >= 2 or marks > 0)


def is_data_row(cells: list[Cell]) -> bool:
    """A row with a figure, a placeholder, a leading code or a long text: not a header."""
    texts = [cell_text(c) for c in cells if cell_text(c)]
    if not texts:
        return False
    if looks_like_code(texts[0]) and not looks_like_year(texts[0]):
        return True
    first = next(c for c in cells if cell_text(c))
    if first.col <= 2 and _ITEM_ORDINAL.match(texts[0]):
        return True  # '一、财政拨款收入' with an empty figure (templates, empty tables)
    if (
        first.col <= 2
        and label(texts[0]) in ("合计", "总计")
        and all(cell_class(t) in ("figure", "empty") for t in texts[1:])
    ):
        return True  # a 合计 row with no figures (an empty table) is still a data row
    for c in cells:
        t = cell_text(c)
        if not t:
            continue
        if c.placeholder or (cell_class(t) == "figure" and not looks_like_year(t)):
            return True  # a figure or a template placeholder; a bare year is a header label
        if len(t) > 30 and len(label(t)) > 30:
            return True
    return False


_ITEM_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[、．])\S"
)
_MAX_HEADER_ROWS = 5


def is_meta_row(texts: list[str]) -> bool:
    """A grid row holding the title, '单位：万元' or '部门名称：…' rather than a header."""
    cells = [t for t in texts if t]
    if not cells or len(cells) > 3:
        return False
    if all(titles.is_meta_line(t) for t in cells):
        return True
    return len(cells) == 1 and titles.is_table_title(cells[0])


@dataclass(slots=True)
class HeaderSplit:
    """Where header, column-number and data rows are in one grid."""

    meta: list[str] = field(default_factory=list)  # texts of leading title/unit rows
    header: list[int] = field(default_factory=list)  # header row indexes (no column numbers)
    column_numbers: list[int] = field(default_factory=list)
    data_start: int = 0
    # 类/款/项 labels printed on the first data row (beside its 合计), by column
    part_labels: dict[int, str] = field(default_factory=dict)


def split_rows(grid: Grid) -> HeaderSplit:
    rows = grid.rows
    out = HeaderSplit()
    r = 0
    while r < len(rows):
        texts = [cell_text(c) for c in rows[r]]
        if any(texts) and is_meta_row(texts) and not is_data_row(rows[r]):
            out.meta.extend(t for t in texts if t)
            r += 1
            continue
        break
    while r < len(rows):
        texts = [cell_text(c) for c in rows[r]]
        if is_column_number_row(texts):
            out.column_numbers.append(r)
        elif is_data_row(rows[r]):
            if out.header:
                out.part_labels = code_part_labels(rows[r])
            break
        elif any(texts):
            out.header.append(r)
        r += 1
    if len(out.header) > _MAX_HEADER_ROWS:
        # A form of label/text rows (绩效目标填报表) has no header block: only its first row.
        r = out.header[1]
        out.header = out.header[:1]
        out.column_numbers = [c for c in out.column_numbers if c < r]
    out.data_start = r
    return out


_PART_ORDER = ("类", "款", "项")


def code_part_labels(cells: list[Cell]) -> dict[int, str]:
    """'类 | 款 | 项 | 合计 | 2,946.25 …': the row naming the code-part columns also carries
    the 合计 figures, so it is data, but its leading labels still head their columns."""
    out: dict[int, str] = {}
    for c in cells:
        t = label(cell_text(c))
        if not t:
            continue
        if len(out) < len(_PART_ORDER) and t == _PART_ORDER[len(out)] and c.colspan == 1:
            out[c.col] = t
            continue
        break
    cols = sorted(out)
    if len(cols) < 2 or cols != list(range(cols[0], cols[0] + len(cols))):
        return {}
    return out


# ---------------------------------------------------------------------------
# Header paths
# ---------------------------------------------------------------------------


def header_matrix(grid: Grid, header_rows: list[int]) -> list[list[str]]:
    """Header texts with merged labels spread over their span (inferred for text grids)."""
    if not header_rows:
        return []
    n = grid.n_cols
    where = {r: k for k, r in enumerate(header_rows)}
    m = [["" for _ in range(n)] for _ in header_rows]
    explicit = False
    for r in header_rows:
        for c in grid.rows[r]:
            explicit = explicit or c.colspan > 1 or c.rowspan > 1
            text = cell_text(c)
            for rr in range(r, r + c.rowspan):
                if rr in where:
                    for cc in range(c.col, min(c.col + c.colspan, n)):
                        m[where[rr]][cc] = text
    if explicit:
        return m
    bounds = [(0, n - 1)] * n  # span of the label above each column
    for row in m:
        filled = list(row)
        new_bounds = list(bounds)
        present = [c for c in range(n) if row[c]]
        for i, c in enumerate(present):
            nxt = present[i + 1] if i + 1 < len(present) else n
            end = min(nxt - 1, bounds[c][1])
            for cc in range(c, end + 1):
                filled[cc] = row[c]
                new_bounds[cc] = (c, end)
        row[:] = filled
        bounds = new_bounds
    return m


def header_paths(grid: Grid, header_rows: list[int]) -> list[tuple[str, ...]]:
    m = header_matrix(grid, header_rows)
    paths: list[tuple[str, ...]] = []
    for c in range(grid.n_cols):
        path: list[str] = []
        for row in m:
            t = _SPACE.sub(" ", row[c]).strip()
            if t and (not path or label(path[-1]) != label(t)):
                path.append(t)
        paths.append(tuple(path))
    return paths


# ---------------------------------------------------------------------------
# Column roles and keys
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class ColumnSpec:
    index: int
    path: tuple[str, ...]
    role: str  # code, code_part, unit_code, name, item, text, lineno, value
    key: str = ""
    part: str | None = None  # 类/款/项 for code_part
    panel: int = 0
    side: str | None = None
    count_unit: str | None = None

    @property
    def leaf(self) -> str:
        return label(self.path[-1]) if self.path else ""


_NAME_LEAF = re.compile(
    r"^(?:项目|科目|科目名称|名称|单位名称|部门名称|功能分类科目名称|经济分类科目名称|收入项目|支出项目)$"
)
_TEXT_LEAF = re.compile(
    r"资金性质|绩效目标|绩效指标|备注|说明|采购目录|采购品目|品目|项目概述|项目类型|指标"
)


def role_of(path: tuple[str, ...]) -> tuple[str, str | None]:
    """Role from the header labels; 'value' unless the labels say otherwise."""
    if not path:
        return "value", None
    leaf = label(path[-1])
    if leaf in ("合计", "总计") and len(path) > 1:
        # a 合计 row printed on the header's last line: the column is what the labels above say
        above = role_of(path[:-1])
        if above[0] in ("code", "code_part", "unit_code", "name", "lineno"):
            return above
    if leaf in ("行次", "栏次"):
        return "lineno", None
    if leaf in ("类", "款", "项"):
        return "code_part", leaf
    if re.search(r"(?:单位|部门)[^/]*(?:代码|编码)$", leaf) or leaf in ("单位代码", "部门代码"):
        return "unit_code", None
    if leaf.endswith(("编码", "代码")) or leaf in ("科目代码", "代码"):
        return "code", None
    if leaf == "项目名称":
        return "item", None
    if _TEXT_LEAF.search(leaf):
        return "text", None
    if _NAME_LEAF.match(leaf) or re.match(r"^项目（", leaf) or re.search(r"名称", leaf):
        return "name", None
    return "value", None


def _text_columns(grid: Grid, start: int) -> set[int]:
    """Columns whose data cells hold words rather than figures (one pass over the grid)."""
    words: dict[int, int] = {}
    figures: dict[int, int] = {}
    for row in grid.rows[start:]:
        for c in row:
            cls = cell_class(c.text)
            if cls == "figure" or c.placeholder:
                figures[c.col] = figures.get(c.col, 0) + 1
            elif cls == "word":
                words[c.col] = words.get(c.col, 0) + 1
    return {col for col, n in words.items() if n >= 2 * figures.get(col, 0)}


def column_specs(grid: Grid, split: HeaderSplit) -> list[ColumnSpec]:
    paths = header_paths(grid, split.header)
    for c, part in split.part_labels.items():
        if c < len(paths) and role_of(paths[c])[0] == "code":
            paths[c] = (*paths[c], part)
    specs: list[ColumnSpec] = []
    wordy = _text_columns(grid, split.data_start)
    for c, path in enumerate(paths):
        role, part = role_of(path)
        if role == "value" and c in wordy:
            role = "text" if any(s.role == "name" for s in specs) else "name"
        specs.append(ColumnSpec(index=c, path=path, role=role, part=part))
    if not any(s.role == "name" for s in specs):
        # '项目名称' is the row name when nothing else names the rows (收入 | 支出 layouts).
        for s in specs:
            if s.role == "item":
                s.role = "name"
    if not any(s.role in ("name", "code") for s in specs):
        # Headerless or unlabeled: the first column of words is the name.
        for s in specs:
            if s.role == "text":
                s.role = "name"
                break
    _assign_panels(specs)
    _assign_keys(specs)
    for s in specs:
        for pattern, unit in _COUNT_UNIT:
            if s.role == "value" and pattern.search("/".join(label(p) for p in s.path)):
                s.count_unit = unit
                break
    return specs


def _assign_panels(specs: list[ColumnSpec]) -> None:
    """Side-by-side sub-tables (收入 | 支出, 人员经费 | 公用经费) become numbered panels."""
    panel = 0
    seen_value = False
    for s in specs:
        if s.role in ("name", "code", "code_part", "item") and seen_value:
            panel += 1
            seen_value = False
        if s.role == "value":
            seen_value = True
        s.panel = panel
    if panel == 0:
        return
    for p in range(panel + 1):
        members = [s for s in specs if s.panel == p]
        if not any(s.role == "name" for s in members):
            for s in members:
                if s.role == "item":
                    s.role = "name"
                    break
    names = {s.panel for s in specs if s.role == "name"}
    if len(names) < 2:  # one name column: values after a second code column are no panel
        for s in specs:
            s.panel = 0
        return
    for p in range(panel + 1):
        members = [s for s in specs if s.panel == p]
        top = {label(s.path[0]) for s in members if s.path}
        panel_label = (
            top.pop() if len(top) == 1 and all(len(s.path) > 1 for s in members if s.path) else ""
        )
        side = None
        if "收入" in panel_label or "收" == panel_label[:1]:
            side = "income"
        elif "支出" in panel_label or "支" == panel_label[:1]:
            side = "expenditure"
        for s in members:
            s.side = side
    # Two panels, one labeled: the other is the other side.
    if panel == 1:
        sides = [{s.side for s in specs if s.panel == p} - {None} for p in (0, 1)]
        if sides[1] == {"expenditure"} and not sides[0]:
            for s in specs:
                if s.panel == 0:
                    s.side = "income"
        elif sides[0] == {"income"} and not sides[1]:
            for s in specs:
                if s.panel == 1:
                    s.side = "expenditure"
    # Two unlabeled panels of a 收支 layout: left is income, right is expenditure.
    if panel == 1 and not any(s.side for s in specs):
        joined = "|".join(label("/".join(s.path)) for s in specs)
        if "收入" in joined or "支出" in joined:
            for s in specs:
                s.side = "income" if s.panel == 0 else "expenditure"


def _assign_keys(specs: list[ColumnSpec]) -> None:
    panels = sorted({s.panel for s in specs})
    multi = len(panels) > 1
    for p in panels:
        members = [s for s in specs if s.panel == p and s.role in ("value", "text", "item")]
        values = [s for s in members if s.role == "value"]
        paths = {s.index: [label(x) for x in s.path] for s in members}
        if multi:
            tops = {ps[0] for s in members if (ps := paths[s.index]) and len(ps) > 1}
            all_labels = {label(s.path[0]) for s in specs if s.panel == p and s.path}
            if len(tops) == 1 and len(all_labels) == 1:
                top = tops.pop()
                for s in members:
                    if paths[s.index][:1] == [top]:
                        paths[s.index] = paths[s.index][1:] or [top]
            if len(values) == 1:
                s = values[0]
                if s.side:
                    same_side = {x.panel for x in specs if x.side == s.side}
                    rest = paths[s.index]
                    group = rest[0] if len(same_side) > 1 and len(rest) > 1 else None
                    paths[s.index] = [group, "金额"] if group else ["金额"]
                else:
                    paths[s.index] = [label(s.path[0])] if s.path else []
            elif values and values[0].side:
                # '预算数' over 合计 | 基本支出 | 项目支出 on one side: the group is the side's
                # amount; its own column is the side's 金额.
                firsts = {tuple(paths[v.index][:1]) for v in values}
                if len(firsts) == 1 and firsts != {()}:
                    for v in values:
                        paths[v.index] = paths[v.index][1:] or ["金额"]
        else:
            _strip_single_group(values, paths)
            if len(values) == 1 and not any(label(x) in _TOTAL_COLUMN for x in values[0].path):
                paths[values[0].index] = ["合计"]  # the one figure column ('金额') is the total
        for s in members:
            ps = _canonical_path([_canonical_segment(x) for x in paths[s.index]])
            s.key = "/".join(ps) if ps else f"列{s.index + 1}"
    _name_standard_panels(specs)
    # Unique keys within a side: a repeated label gets '(2)', '(3)' …
    seen: dict[tuple[str | None, str], int] = {}
    for s in specs:
        if not s.key:
            continue
        k = (s.side, s.key)
        seen[k] = seen.get(k, 0) + 1
        if seen[k] > 1:
            s.key = f"{s.key}({seen[k]})"


_FIGURE_KINDS = ("预算数", "决算数")


def _canonical_path(ps: list[str]) -> list[str]:
    """Inner 小计/合计 dropped, 预算数/决算数 first, the car sub-heads under their full names.

    '公务用车购置及运行维护费/小计/预算数' -> '预算数/公务用车购置及运行维护费'; '合计/决算数' ->
    '决算数'; '…/购置费' under 公务用车 -> '…/公务用车购置费'.
    """
    if len(ps) > 1 and ps[-1] in _FIGURE_KINDS:
        ps = [ps[-1], *ps[:-1]]
    ps = ps[:1] + [x for x in ps[1:] if x not in ("小计", "合计")]
    out: list[str] = []
    for x in ps:
        if out and "公务用车" in out[-1] and x in ("购置费", "运行费", "运行维护费"):
            x = "公务用车购置费" if x == "购置费" else "公务用车运行维护费"
        out.append(x)
    if len(out) == 1 and out[0] in _TOTAL_COLUMN:
        out = ["合计"]
    return out


_YEAR_PREFIX = re.compile(r"^(?:19|20)\d{2}年(?:度)?")
_SEGMENT_SYNONYMS = {
    "公务用车购置及运行费": "公务用车购置及运行维护费",
    "公务用车运行费": "公务用车运行维护费",
    "公务用车运行维护": "公务用车运行维护费",
    "三公经费预算数": "三公经费",
    "机关运行经费预算数": "机关运行经费",
}


def _canonical_segment(text: str) -> str:
    """'2017年度预算数' -> '预算数'; a few spellings of the same 三公 heading folded."""
    t = _YEAR_PREFIX.sub("", text) or text
    return _SEGMENT_SYNONYMS.get(t, t)


def _name_standard_panels(specs: list[ColumnSpec]) -> None:
    """The 决算 basic-expenditure layout: two unlabeled (编码, 名称, 决算数) panels side by side
    are 人员经费 (left) and 公用经费 (right)."""
    panels = sorted({s.panel for s in specs})
    if len(panels) != 2 or any(s.side for s in specs):
        return
    values = [[s for s in specs if s.panel == p and s.role == "value"] for p in panels]
    if any(len(v) != 1 for v in values) or values[0][0].key != values[1][0].key.split("(")[0]:
        return
    joined = "|".join(label("/".join(s.path)) for s in specs)
    if "经济分类" not in joined or "人员经费" in joined:
        return
    values[0][0].key, values[1][0].key = "人员经费", "公用经费"


def _strip_single_group(values: list[ColumnSpec], paths: dict[int, list[str]]) -> None:
    """Drop a group label spanning every value column but the leading 合计 ones.

    '本年一般公共预算支出/基本支出/人员经费' -> '基本支出/人员经费'; '本年收入/…' beside
    '上年结转结余/…' keeps its group, since there the group is what tells them apart.
    """
    grouped = [s for s in values if len(paths[s.index]) > 1]
    tops = {paths[s.index][0] for s in grouped}
    if len(tops) != 1:
        return
    top = tops.pop()
    rest = [s for s in values if paths[s.index][:1] != [top]]
    if not all(paths[s.index] and paths[s.index][-1] in _TOTAL_COLUMN for s in rest):
        return
    for s in values:
        if paths[s.index][:1] == [top] and len(paths[s.index]) > 1:
            paths[s.index] = paths[s.index][1:]


def header_signature(grid: Grid, split: HeaderSplit) -> tuple[str, ...]:
    """Header text folded, for telling a repeated header block from a new table."""
    out = []
    for r in split.header:
        out.append("|".join(label(cell_text(c)) for c in grid.rows[r] if cell_text(c)))
    return tuple(out)
