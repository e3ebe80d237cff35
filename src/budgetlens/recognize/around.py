"""What the lines around a grid say about it: title and number, money unit, unit name, notes.

In text formats these come in block order (the title line, "单位：万元", then the grid, then
"注：…"). In PDFs the block order may put a title after its table's body, so a title is the
nearest title line above the grid on its page, or one that closed the previous page under
its last grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, Grid, Paragraph
from . import titles
from .page_index import PageIndex


@dataclass(slots=True)
class Around:
    """What the paragraphs around a grid say about it."""

    title: str | None = None
    number: str | None = None
    money_unit: str | None = None
    unit_name: str | None = None
    title_block: int | None = None
    breaks: bool = False  # a note or prose between the previous grid and this one


def around_in_gap(blocks: list[Block], start: int, end: int) -> Around:
    """Scan back from a grid to the previous one: unit, unit name, title, table number."""
    out = Around()
    for j in range(end - 1, start - 1, -1):
        b = blocks[j]
        if not isinstance(b, Paragraph):
            continue
        text = b.text
        if out.money_unit is None and (u := titles.money_unit_of(text)):
            out.money_unit = u
        if out.unit_name is None and (n := titles.unit_name_of(text)):
            out.unit_name = n
        if titles.is_number_only(text):
            out.number = out.number or titles.number_of(text)
            if out.title is not None:
                break
            continue
        if out.title is not None:
            break
        if titles.is_table_title(text):
            out.title, number = titles.split_title(text)
            out.number = out.number or number
            out.title_block = j
            # a standalone '表1' just before the title belongs to it
            for k in range(j - 1, max(start - 1, j - 3), -1):
                p = blocks[k]
                if isinstance(p, Paragraph) and titles.is_number_only(p.text):
                    out.number = out.number or titles.number_of(p.text)
                    break
                if isinstance(p, Paragraph) and titles.clean(p.text):
                    break
            break
        if titles.is_meta_line(text):
            continue
        t = titles.clean(text)
        if t and (titles.is_note(t) or len(t) > 60):
            out.breaks = True
    return out


def around_by_position(blocks: list[Block], i: int, pages: PageIndex | None = None) -> Around:
    """PDF pages: the title is the nearest title line above the grid on its page."""
    grid = blocks[i]
    assert isinstance(grid, Grid)
    page, box = grid.location.page, grid.location.bbox
    out = Around()
    if box is None:
        return out
    if pages is None:
        pages = PageIndex(blocks)
    top = box[1]
    grids_above = []
    for k in pages.grids_on_page.get(page, ()):
        g = blocks[k]
        if g is not grid and g.location.bbox and g.location.bbox[3] <= top + 1:
            grids_above.append(g.location.bbox)
    best: tuple[float, int] | None = None
    unit_best: tuple[float, str] | None = None
    for j in pages.on_page.get(page, ()):
        b = blocks[j]
        if not isinstance(b, Paragraph) or not b.location.bbox:
            continue
        bottom = b.location.bbox[3]
        if bottom > top + 2:
            continue
        if any(g[1] >= bottom - 1 for g in grids_above):  # another grid sits between
            continue
        if (u := titles.money_unit_of(b.text)) and (unit_best is None or bottom > unit_best[0]):
            unit_best = (bottom, u)
        if titles.unit_name_of(b.text):
            out.unit_name = titles.unit_name_of(b.text)
        if titles.is_table_title(b.text) and (best is None or bottom > best[0]):
            best = (bottom, j)
    if best is not None:
        p = blocks[best[1]]
        assert isinstance(p, Paragraph)
        out.title, out.number = titles.split_title(p.text)
        out.title_block = best[1]
    if unit_best is not None:
        out.money_unit = unit_best[1]
    return out


def below_all_grids(blocks: list[Block], j: int, pages: PageIndex | None = None) -> bool:
    """A title on the page right before its grid's page, under every grid of its page (so
    it heads none of them). A title further back — a table of contents, a list of the
    tables — names no grid here."""
    if pages is None:
        pages = PageIndex(blocks)
    p = blocks[j]
    following = pages.next_grid(j)
    grid = blocks[following] if following is not None else None
    if not isinstance(p, Paragraph) or not p.location.bbox or grid is None:
        return False
    page = p.location.page
    if page is None or grid.location.page is None or page != grid.location.page - 1:
        return False
    top = p.location.bbox[1]
    return all(
        blocks[k].location.bbox[3] <= top + 1
        for k in pages.grids_on_page.get(page, ())
        if blocks[k].location.bbox
    )


def around_in_rows(texts: list[str]) -> Around:
    """Title and unit written inside the grid's first rows (spreadsheets)."""
    out = Around()
    for t in texts:
        if out.money_unit is None and (u := titles.money_unit_of(t)):
            out.money_unit = u
        if out.unit_name is None and (n := titles.unit_name_of(t)):
            out.unit_name = n
        if titles.is_number_only(t):
            out.number = titles.number_of(t)
        elif out.title is None and titles.is_table_title(t):
            out.title, number = titles.split_title(t)
            out.number = out.number or number
    return out


def caption_title(grid: Grid) -> str | None:
    if grid.caption and titles.is_table_title(grid.caption):
        return titles.split_title(grid.caption)[0]
    return None


_UNIT_IN_LABEL = re.compile(r"[（(](亿元|万元|千元|元)[)）]")


def unit_in_grid(grid: Grid) -> str | None:
    """'项目资金（元）' in the grid's own cells, when no '单位：' line says it."""
    for row in grid.rows[:12]:
        for c in row:
            if m := _UNIT_IN_LABEL.search(c.text):
                return m.group(1)
    return None


def notes_after(blocks: list[Block], last: int) -> tuple[list[str], str | None]:
    """Notes between a table's last grid and the next title or grid."""
    notes: list[str] = []
    empty: str | None = None
    for b in blocks[last + 1 : last + 8]:
        if isinstance(b, Grid):
            break
        if not isinstance(b, Paragraph):
            continue
        t = titles.clean(b.text)
        if not t:
            continue
        if titles.is_table_title(t) or titles.is_number_only(t):
            break
        if titles.is_note(t) or titles.is_empty_note(t):
            notes.append(t)
            if empty is None and titles.is_empty_note(t):
                empty = t
        elif len(t) > 60:
            break
    return notes, empty
