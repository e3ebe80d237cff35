"""Read the short lines around a table: its title and number, money unit, unit name, notes.

Publishers put these as separate paragraphs ("表1", "## 部门收支总体情况表", "单位：万元",
"部门名称：103柳州市人民政府办公室", "注：本表无数据"), inside the grid's first rows
(spreadsheets) or, in PDFs, anywhere on the page. Everything here works on plain strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DECORATION = re.compile(r"^[#*\s>-]+|[*\s]+$")
_CN_NUM = "一二三四五六七八九十"
# A table's number as publishers print it: '表1', '附表三', '表2-1', and the Jiangsu style
# '公开01表' / '公开 11 表' / '公开表二'.
_NUMBER = rf"(?:(?:附|公开)?表\s*[{_CN_NUM}\d]+(?:[-－—]\d+)?|公开\s*\d+\s*表)"
_NUMBER_ONLY = re.compile(rf"^{_NUMBER}$")
_NUMBER_PREFIX = re.compile(rf"^({_NUMBER})\s*[：:、.．]?\s*(.*)$")
_NUMBER_SUFFIX = re.compile(rf"^(.*?)[（(]\s*({_NUMBER})\s*[)）]$")
_ORDINAL = re.compile(rf"^(?:[{_CN_NUM}]+[、.．]|\d+[、.．]|[（(][{_CN_NUM}\d]+[)）])\s*")
_MONEY_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(亿元|万元|千元|元)")
_UNIT_NAME = re.compile(
    r"(?:编制部门|编制单位|预算单位|部门（单位）|部门\(单位\)|部门|单位)(?:名称)?\s*[:：]\s*([^\s　]*)"
)
_EMPTY_NOTE = re.compile(r"无数据|为空表|为空|空表|无相关数据|不涉及|未发生|无此项")
_TITLE_WORDS = re.compile(r"(?:表|决算|预算)(?:[（(]续[表]?[)）])?$")
_TABLE_WORD = re.compile(
    r"(?:总表|情况表|预算表|决算表|支出表|收入表|明细表|目标表|公开表|汇总表|总体情况|经费表)"
)


@lru_cache(maxsize=4096)
def clean(text: str) -> str:
    """Strip markup decoration ('## ', '**') and outer spaces."""
    return _DECORATION.sub("", text.strip()).strip()


@lru_cache(maxsize=4096)
def is_number_only(text: str) -> bool:
    """'表1', '表 四', '附表3' standing alone."""
    return bool(_NUMBER_ONLY.match(clean(text)))


@lru_cache(maxsize=4096)
def is_table_title(text: str) -> bool:
    """A short line naming a table: ends with 表/决算/预算 (optionally 续表), or starts with 表N."""
    t = clean(text)
    if not t or len(t) > 60 or t.startswith(("注", "说明", "备注")):
        return False
    if "。" in t or t.count("，") > 1:
        return False
    if _NUMBER_ONLY.match(t):
        return False
    m = _NUMBER_PREFIX.match(t)
    if m and m.group(2):
        return True
    body = split_title(t)[0]
    if not body:
        return False
    if _MONEY_UNIT.search(body) or "：" in body or ":" in body:
        return False
    if body.endswith("说明"):  # a narrative heading ("…决算总体情况说明"), not a table's name
        return False
    return bool(_TITLE_WORDS.search(body) or _TABLE_WORD.search(body))


@lru_cache(maxsize=4096)
def split_title(text: str) -> tuple[str, str | None]:
    """('部门收支总体情况表', '表1') from '表一：…', '…（表1）', '一、…（表1）' and the like."""
    t = clean(text)
    number = None
    m = _NUMBER_SUFFIX.match(t)
    if m:
        t, number = m.group(1).strip(), _compact(m.group(2))
    m = _NUMBER_PREFIX.match(t)
    if m and m.group(2):
        number, t = _compact(m.group(1)), m.group(2).strip()
    t = _ORDINAL.sub("", t).strip()
    return t, number


@lru_cache(maxsize=4096)
def number_of(text: str) -> str | None:
    t = clean(text)
    return _compact(t) if _NUMBER_ONLY.match(t) else None


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


@lru_cache(maxsize=4096)
def money_unit_of(text: str) -> str | None:
    """'万元' from '单位：万元', '金额单位：元', '部门名称：… 单位:万元'."""
    m = _MONEY_UNIT.search(text.replace(" ", ""))
    return m.group(1) if m else None


@lru_cache(maxsize=4096)
def unit_name_of(text: str) -> str | None:
    """'103柳州市人民政府办公室' from '部门名称：103柳州市人民政府办公室'."""
    t = clean(text)
    if not re.match(
        r"^(?:编制部门|编制单位|预算单位|部门（单位）|部门\(单位\)|部门|单位)(?:名称)?\s*[:：]", t
    ):
        return None
    if re.match(r"^(?:金额)?单位\s*[:：]\s*(?:亿元|万元|千元|元)", t):
        return None
    m = _UNIT_NAME.match(t)
    name = m.group(1).strip() if m else ""
    name = re.sub(r"(?:金额)?单位[:：].*$", "", name)  # '…办公厅单位：万元' on one line
    return name or None


@lru_cache(maxsize=4096)
def is_note(text: str) -> bool:
    return clean(text).startswith(("注", "备注", "说明："))


@lru_cache(maxsize=4096)
def is_empty_note(text: str) -> bool:
    """'注：本部门2024年没有政府性基金预算支出，故本表无数据。', '本表无数据'."""
    t = clean(text)
    return len(t) < 120 and bool(_EMPTY_NOTE.search(t))


@lru_cache(maxsize=4096)
def is_meta_line(text: str) -> bool:
    """Lines that sit between a title and its grid without ending the table."""
    return bool(money_unit_of(text) or unit_name_of(text) or is_number_only(text))


def toc_numbers(texts: list[str]) -> dict[str, str]:
    """Title -> number from a list of tables ('一、部门收支总体情况表（表1）')."""
    out: dict[str, str] = {}
    for text in texts:
        t = clean(text)
        if len(t) > 60 or not _NUMBER_SUFFIX.match(t):
            continue
        title, number = split_title(t)
        if title and number:
            out.setdefault(_compact(title), number)
    return out
