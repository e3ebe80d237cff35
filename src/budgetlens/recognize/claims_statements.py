"""Statement-level claims: an item's two figures and the word and rate that compare them.

Claims (``claims.py``) read each figure alone; some sentences are only checkable whole:

- the Shanghai budget style "2022年当年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年
  预算执行数增加77.70%": last year's execution, this year's budget, a word and a rate;
- the 决算 style "年初预算为612.00万元，支出决算为308.08万元，完成年初预算的50.33%。决算数
  小于预算数": a budget (年初 or 全年), the outturn, a completion rate and a comparison word;
- an item named with its amount at the head of a paragraph ("“…行政运行（项）”1837.36万元，
  主要用于…") and stated again later ("2023年预算安排1837.36万元").

Each is read as one ``ItemComparison`` or ``RestatedItem`` with every figure's location, so a
rule can say which word or figure disagrees with which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Amount, Document, Location
from ..numbers import parse_number
from .claims_text import Unit, prose_units

NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_S = r"\s*"  # PDF text layers put spaces inside figures and years ("2022 年", "1.48 万元")

_YEAR_STYLE = re.compile(
    rf"(?P<prior_label>(?P<prior_year>\d{{4}}){_S}年度?{_S}(?:当年|全年)?{_S}预算执行数){_S}(?:为|是)?{_S}"
    rf"(?P<prior>{NUM}){_S}万元{_S}[，,]{_S}"
    rf"(?P<current_label>(?P<current_year>\d{{4}}){_S}年度?{_S}预算安排(?:数)?){_S}(?:为|是)?{_S}"
    rf"(?P<current>{NUM}){_S}万元{_S}[，,]?{_S}"
    rf"(?:比|较|与)(?P<compared_year>{_S}\d{{4}}{_S}年度?)?{_S}(?:当年|全年)?{_S}预算执行数?(?:相比)?{_S}"
    rf"(?P<word>增加|增长|上升|减少|下降|持平)(?:了|为)?{_S}"
    rf"(?:(?P<rate>{NUM}){_S}[%％]|(?P<change>{NUM}){_S}万元)?"
)

_FINAL_STYLE = re.compile(
    rf"(?:(?P<opening_label>年初预算(?:数)?){_S}(?:为|是){_S}(?P<opening>{NUM}){_S}万元{_S}[，,]{_S})?"
    rf"(?:(?P<full_label>(?:全年|调整后)预算(?:数)?){_S}(?:为|是){_S}(?P<full>{NUM}){_S}万元{_S}[，,]{_S})?"
    rf"(?P<actual_label>(?:支出)?决算(?:数)?){_S}(?:为|是){_S}(?P<actual>{NUM}){_S}万元"
    rf"(?:{_S}[，,]{_S}完成(?P<rate_base>年初预算|全年预算|调整后预算|预算)(?:数)?的?{_S}(?P<rate>{NUM}){_S}[%％])?"
    rf"{_S}[。，,；;]{_S}"
    rf"(?:(?:\d{{4}}{_S}年度?)?[^。，；]{{0,12}}?决算数?{_S}"
    rf"(?P<word>大于|小于|等于|高于|低于|超过|(?:基本)?持平|与(?P<word_base2>年初预算|全年预算|预算)数?(?:基本)?持平)"
    rf"(?:{_S}(?P<word_base>年初预算|全年预算|调整后预算|预算)数?)?)?"
)

_WORD_DIRECTION = {
    "增加": 1, "增长": 1, "上升": 1, "大于": 1, "高于": 1, "超过": 1,
    "减少": -1, "下降": -1, "小于": -1, "低于": -1,
    "持平": 0, "等于": 0,
}

_ITEM_HEAD = re.compile(
    rf"^\s*(?:\d+{_S}[.、．]{_S})?[“\"]?(?P<item>[^”\"，。：:]{{2,80}}?（项）)[”\"]?{_S}"
    rf"(?P<amount>{NUM}){_S}万元"
)
_ITEM_NAME = re.compile(rf"^\s*(?:\d+{_S}[.、．]{_S})?[“\"]?(?P<item>[^”\"，。：:]{{2,80}}?（项）)")
_RESTATED = re.compile(rf"(?P<label>(?P<year>\d{{4}}){_S}年度?{_S}预算安排(?:数)?){_S}(?:为|是)?{_S}(?P<amount>{NUM}){_S}万元")


@dataclass(slots=True)
class StatedFigure:
    """One figure of a statement, with the words naming it and where it is."""

    amount: Amount
    label: str
    location: Location


@dataclass(slots=True)
class ItemComparison:
    """Two figures of one item and what the sentence says of them.

    ``style`` 'year': ``value`` is this year's budget, ``base`` last year's execution, and
    ``rate`` a growth rate. ``style`` 'final': ``value`` is the 决算, ``bases`` the 年初预算
    and (when stated) 全年预算; ``rate`` is a completion rate of ``rate_base``, and ``word``
    compares the 决算 with ``word_base`` ('预算' when the sentence does not say which).
    """

    style: str
    subject: str
    value: StatedFigure
    bases: dict[str, StatedFigure]
    word: str | None
    direction: int | None
    word_base: str | None
    rate: StatedFigure | None
    rate_base: str | None
    location: Location
    sentence: str
    compared_year: int | None = None
    current_year: int | None = None
    base_year: int | None = None
    change: StatedFigure | None = None  # "比2022年预算执行数增加12.50万元"


@dataclass(slots=True)
class RestatedItem:
    """An item whose amount is stated at the head of its paragraph and again later in it."""

    subject: str
    head: StatedFigure
    again: StatedFigure
    year: int | None
    sentence: str


@dataclass(slots=True)
class StatementClaims:
    comparisons: list[ItemComparison] = field(default_factory=list)
    restated: list[RestatedItem] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)  # the prose they were read from


def read_statements(doc: Document) -> StatementClaims:
    """Every item comparison and restated item of a document's prose, in document order."""
    out = StatementClaims(units=prose_units(doc))
    for unit in out.units:
        text = unit.text
        if "执行数" in text:
            out.comparisons.extend(_year_style(unit))
        if "决算" in text:
            out.comparisons.extend(_final_style(unit))
        if "（项）" in text:
            out.restated.extend(_restated(unit))
    return out


def figure_at(unit: Unit, m: re.Match, group: str, label_group: str | None = None,
              unit_word: str = "万元") -> StatedFigure:
    text = m.group(group)
    amount = parse_number(text, unit_word)
    assert amount is not None  # the pattern admits only plain figures
    amount = Amount(amount.value, amount.precision, text + unit_word, unit_word)
    label = _squash(m.group(label_group)) if label_group else ""
    return StatedFigure(amount, label, where(unit, m.start(group)))


def where(unit: Unit, offset: int) -> Location:
    place = unit.place_at(offset) or Location(path=unit.path)
    return Location(place.path or unit.path, unit.line_at(offset), None, place.page, place.bbox,
                    place.sheet, place.cell)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _year(text: str | None) -> int | None:
    m = re.search(r"\d{4}", text or "")
    return int(m.group(0)) if m else None


def _subject_before(text: str, pos: int) -> str:
    """The item a comparison speaks of: the paragraph's item name, else the clause before."""
    head = _ITEM_NAME.match(text)
    if head and head.end() <= pos:
        return _squash(head.group("item"))
    m = re.search(r"([^。；;：:]*?)[，,]?\s*$", text[:pos])
    clause = re.sub(r"^\s*(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])\s*", "", m.group(1) if m else "")
    return _squash(clause)[:60]


def _year_style(unit: Unit) -> list[ItemComparison]:
    out = []
    text = unit.text
    for m in _YEAR_STYLE.finditer(text):
        current = figure_at(unit, m, "current", "current_label")
        prior = figure_at(unit, m, "prior", "prior_label")
        rate = figure_at(unit, m, "rate", unit_word="%") if m.group("rate") else None
        if rate is not None:
            rate.label = "比上年预算执行数增减率"
        change = figure_at(unit, m, "change") if m.group("change") else None
        word = m.group("word")
        out.append(ItemComparison(
            style="year", subject=_subject_before(text, m.start()), value=current,
            bases={"预算执行数": prior}, word=word, direction=_WORD_DIRECTION[word],
            word_base="预算执行数", rate=rate, rate_base=None,
            location=where(unit, m.start("word")), sentence=text,
            compared_year=_year(m.group("compared_year")), current_year=_year(m.group("current_year")),
            base_year=_year(m.group("prior_year")), change=change))
    return out


def _final_style(unit: Unit) -> list[ItemComparison]:
    out = []
    text = unit.text
    for m in _FINAL_STYLE.finditer(text):
        if not m.group("opening") and not m.group("full"):
            continue
        bases = {}
        if m.group("opening"):
            bases["年初预算"] = figure_at(unit, m, "opening", "opening_label")
        if m.group("full"):
            bases["全年预算"] = figure_at(unit, m, "full", "full_label")
        actual = figure_at(unit, m, "actual", "actual_label")
        rate = figure_at(unit, m, "rate", unit_word="%") if m.group("rate") else None
        word = m.group("word")
        direction = None
        word_base = None
        if word:
            direction = 0 if word.endswith("持平") else _WORD_DIRECTION[word]
            word_base = _base_name(m.group("word_base") or m.group("word_base2") or "预算")
        if rate is None and word is None:
            continue
        at = m.start("word") if word else m.start("rate")
        out.append(ItemComparison(
            style="final", subject=_subject_before(text, m.start()), value=actual, bases=bases,
            word=_level_word(word), direction=direction,
            word_base=word_base, rate=rate,
            rate_base=_base_name(m.group("rate_base")) if m.group("rate_base") else None,
            location=where(unit, at), sentence=text))
    return out


def _level_word(word: str | None) -> str | None:
    """'与预算数基本持平' -> '基本持平', '与全年预算数持平' -> '持平'; other words as written."""
    if word and word.endswith("持平"):
        return "基本持平" if word.endswith("基本持平") else "持平"
    return word


def _base_name(word: str) -> str:
    return "全年预算" if word in ("全年预算", "调整后预算") else word


def _restated(unit: Unit) -> list[RestatedItem]:
    head = _ITEM_HEAD.match(unit.text)
    if head is None:
        return []
    m = _RESTATED.search(unit.text, head.end())
    if m is None:
        return []
    return [RestatedItem(
        subject=_squash(head.group("item")), head=figure_at(unit, head, "amount"),
        again=figure_at(unit, m, "amount", "label"), year=_year(m.group("year")), sentence=unit.text)]
