"""Underlined blanks: short rules drawn just under a line of text.

Fill-in templates (Jiangsu's 2017–2018 说明: "…各增加＿1463.8＿万元，增长＿8.85＿%。") print
each figure a department typed on a short horizontal line under the text's baseline, and
pad the blank with space that is not written in the text layer. The padding looks like the
wide gap between a left-aligned title and a right-aligned "单位：万元", so the line would
be cut into pieces; a rule under the text on its own line marks it as one run of prose.
"""

from __future__ import annotations

from dataclasses import dataclass

from .pdf_page import Char, Edge

# An underline lies between the baseline and this many font sizes below it.
BELOW_BASELINE = 0.5
# Longer rules are separators or table edges, not blanks to fill in.
MAX_LENGTH_IN_EMS = 12.0
# An underline that ends within this many font sizes of a gap underlines the char beside it.
TOUCH_IN_EMS = 0.5


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal rule outside any table: its span and height (top-left origin)."""

    x0: float
    x1: float
    y: float


def free_rules(edges: list[Edge], table_boxes: list[tuple[float, float, float, float]]) -> list[Rule]:
    """Horizontal edges that belong to no table (a table's own rulings never underline)."""
    out: list[Rule] = []
    for e in edges:
        if e.orientation != "h" or e.x1 - e.x0 < 1.0:
            continue
        if any(b[0] - 1 <= e.x0 and e.x1 <= b[2] + 1 and b[1] - 1 <= e.top <= b[3] + 1
               for b in table_boxes):
            continue
        out.append(Rule(e.x0, e.x1, e.top))
    return out


def line_underlines(line: list[Char], size: float, rules: list[Rule]) -> list[Rule]:
    """The rules that underline text of ``line``: short, just under its baseline, and
    under at least one of its chars."""
    if not rules:
        return []
    baselines = sorted([c.baseline for c in line])
    baseline = baselines[len(baselines) // 2]
    low, high = baseline - 0.1 * size, baseline + BELOW_BASELINE * size
    longest = MAX_LENGTH_IN_EMS * size
    out: list[Rule] = []
    for r in rules:
        if not (low <= r.y <= high) or r.x1 - r.x0 > longest:
            continue
        if any(r.x0 <= c.h_mid <= r.x1 for c in line):
            out.append(r)
    return out


def bridges(underlines: list[Rule], left: float, right: float, size: float) -> bool:
    """Whether an underline reaches into the gap between x ``left`` and ``right``, or
    underlines the char at either side of it: the gap is the padding of a blank (written
    as spaces the text layer leaves out), not the space between two pieces of a line."""
    reach = TOUCH_IN_EMS * size
    return any(r.x0 < right + reach and r.x1 > left - reach for r in underlines)
