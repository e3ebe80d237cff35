"""What the wording of a disclosure says about itself: years, scope, placeholders, reasons.

A 2024 决算 copied from last year's file keeps "截至2023年12月31日" in its asset note or
"2023年度部门决算" in a heading; a 2026 budget compares "比2026年预算"; a 单位预算 written on
the 部门 template calls itself "2025年部门预算"; a template's "XX单位" or "x,xxx万元" is left in
the published text; "主要原因是。" gives no reason. This module finds each such phrase with
its place; the S rules decide what the document's year and scope make of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Location, Paragraph
from .claims_statements import where
from .claims_text import Unit, clean_heading

_S = r"\s*"

_COMPARED_YEAR = re.compile(
    rf"(?:比|较|与){_S}(?P<year>\d{{4}}){_S}年度?{_S}"
    rf"(?P<basis>(?:年初|全年)?(?:预算|决算)(?:执行)?数?)?{_S}(?:相比|相较|同期|增加|减少|增长|下降|持平|\d)"
)
_AS_OF = re.compile(
    rf"截[至止]{_S}(?P<year>\d{{4}}){_S}年{_S}(?P<month>\d{{1,2}}){_S}月(?:{_S}(?P<day>\d{{1,2}}){_S}日)?"
    rf"(?P<after>[^。；]{{0,40}})"
)
_ASSET_WORDS = re.compile(r"车辆|资产|房屋|设备|用车")
_OWN_NAME = re.compile(
    rf"(?P<year>\d{{4}}){_S}年度?{_S}(?P<scope>部门|单位)(?P<kind>预算|决算)(?!执行|调整|批复|草案|的通知)"
)
_NOT_OWN_BEFORE = re.compile(r"编制|关于|《|通知|按照|根据")
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z0-9０-９])(?:x,xxx(?:\.xx)?|[XＸ]{2,}|[xｘ]{2,}|×{2,})(?![A-Za-z0-9])"
)
# the template's instructions to the one filling it in, printed in the published file
_INSTRUCTION = re.compile(r"仍保留该表格式|作下述说明|此处填写|请填写|待填写")
_NOT_PLACEHOLDER_AFTER = re.compile(r"^(?:世纪|届|L\b)")
# "2024年部门收入总预算4,555.35万元，同比增长4.17%": a year that opens the clause stating an
# amount which the same sentence compares with the year before (同比, 比上年, 较上年, 与上年相比)
_SUBJECT_YEAR = re.compile(
    rf"(?P<year>\d{{4}}){_S}年度?(?![\d月])[，,]?(?P<label>[^，。；,;:：\d]{{0,30}}?)"
    rf"(?P<amount>\d[\d,.]*){_S}万?元"
)
# "2017年度“三公”经费财政拨款支出决算数比2016年减少342.20万元": the subject's year, with the
# comparison written between the subject and its figure
_SUBJECT_THEN_COMPARED = re.compile(
    rf"(?P<year>\d{{4}}){_S}年度?(?![\d月])[，,]?(?P<label>[^，。；,;:：\d]{{0,30}}?)"
    rf"(?:比|较){_S}(?:上年|上一年|\d{{4}}{_S}年)"
)
_NOT_SUBJECT_BEFORE = re.compile(r"(?:比|较|与|和|至|止|到|、|—|-|~|～)\s*$")
_COMPARES_PRIOR = re.compile(r"同比|(?:比|较|与)\s*(?:上(?:年|一年)|\d{4}\s*年)")
_SENTENCE_END = re.compile(r"[。；;]")
# the comparison written just before the subject: "与上年部门预算相比，2021年收支总预算增加…"
_OPENS_WITH_PRIOR = re.compile(rf"(?:与|和|较|同)上(?:一)?年[^，。；,\d]{{0,20}}相比{_S}[，,]{_S}$")
# the figure a comparison gives: "…比2016年减少342.20万元", "…比上年增长5.82%"
_FIGURE_AFTER = re.compile(
    rf"{_S}(?:预算|决算)?(?:数)?{_S}(?:增加|减少|增长|下降|减|增)(?:了|为)?{_S}\d[\d,.]*{_S}(?:万?元|[%％])"
)
_YEAR_IN = re.compile(r"(?<![比较与\s])\s*\d{4}\s*年")
_REASON = re.compile(rf"(?:主要)?原因(?:是|为|如下)?{_S}[：:]?{_S}(?P<stop>[。；;]|$)")


@dataclass(slots=True)
class YearPhrase:
    """A year the text names in a role: 'compared' (比2023年预算), 'as_of' (截至…), 'subject'
    (the year of an amount compared 同比 with the year before), or, for the
    document's name of itself ('2024年度部门决算'), 'heading' or 'text'."""

    role: str
    year: int
    text: str
    location: Location
    month: int | None = None
    day: int | None = None
    label: str = ""  # 'dated': the words between the year and the amount ("财政拨款基本支出预算")
    amount: str = ""  # 'dated': the amount as written, squashed ("11700.63万元")


@dataclass(slots=True)
class Wording:
    phrase: str
    location: Location
    context: str = ""  # a few characters either side
    line: str = ""  # the whole line it was found on


@dataclass(slots=True)
class EmptyReason:
    """'主要原因是。' / '原因：' with nothing after; ``later`` when text follows the stop."""

    phrase: str
    location: Location
    later: str  # the text after the stop in the same paragraph ('' when none)
    next_paragraph: bool  # the next paragraph of the same section may carry the reason


def compared_years(units: list[Unit]) -> list[YearPhrase]:
    out = []
    for u in units:
        for m in _COMPARED_YEAR.finditer(u.text):
            out.append(YearPhrase("compared", int(m.group("year")), _squash(m.group(0)),
                                  where(u, m.start("year"))))
    return out


def subject_years(units: list[Unit]) -> list[YearPhrase]:
    """'2024年部门收入总预算4,555.35万元，同比增长4.17%': the year of an amount the same sentence
    compares with the year before (同比, 比上年, 比2023年预算), also when the comparison comes
    first ("与上年部门预算相比，2021年收支总预算增加…") or between the subject and its figure
    ("2017年度…决算数比2016年减少342.20万元"). Years after 比/较/与 (the compared year) or in a
    range (2023—2025年) are not the sentence's own year."""
    out = []
    for u in units:
        found = set()
        for m in _SUBJECT_YEAR.finditer(u.text):
            if _NOT_SUBJECT_BEFORE.search(u.text[max(0, m.start() - 3): m.start()]):
                continue
            found.add(m.start("year"))
            rest = _sentence_rest(u.text, m.end())
            compares = _COMPARES_PRIOR.search(rest)
            if compares is None or _YEAR_IN.search(rest[: compares.start()]):
                # "与上年部门预算相比，2021年收支总预算增加…": the comparison opens the sentence
                if not _OPENS_WITH_PRIOR.search(_sentence_before(u.text, m.start())):
                    continue  # no comparison with the year before, or another year named first
                out.append(YearPhrase("subject", int(m.group("year")),
                                      _squash(u.text[m.start(): m.end()])[:40],
                                      where(u, m.start("year"))))
                continue
            out.append(YearPhrase("subject", int(m.group("year")),
                                  _squash(u.text[m.start(): m.end() + compares.end()])[:40],
                                  where(u, m.start("year"))))
        for m in _SUBJECT_THEN_COMPARED.finditer(u.text):
            if _NOT_SUBJECT_BEFORE.search(u.text[max(0, m.start() - 3): m.start()]):
                continue
            if m.start("year") in found:
                continue
            if not _FIGURE_AFTER.match(u.text, m.end()):
                continue
            out.append(YearPhrase("subject", int(m.group("year")), _squash(m.group(0))[:40],
                                  where(u, m.start("year"))))
    return out


# a sentence that compares, carries forward or reports execution: its years may be any
_NOT_ONE_YEAR = re.compile(
    r"比|较|同比|上年(?!结转|结余)|相比|增加|减少|增长|下降|持平|执行|以前年度|累计|截[至止]|至今|以来"
)
_CARRIED = re.compile(r"结转|结余")  # "2023年结转资金…" in a 2024 budget is last year's money
_ANY_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")


def dated_figures(units: list[Unit]) -> list[YearPhrase]:
    """'2018年度财政拨款基本支出预算11700.63万元。': the year that dates an amount in a
    sentence that compares nothing (no 比/较/同比/上年, no 增减 word, no 执行 or 结转) and
    names no other year, so the amount can only be of the year named."""
    out = []
    for u in units:
        for m in _SUBJECT_YEAR.finditer(u.text):
            if _NOT_SUBJECT_BEFORE.search(u.text[max(0, m.start() - 3): m.start()]):
                continue
            sentence = (_sentence_before(u.text, m.start()) + m.group(0)
                        + _sentence_rest(u.text, m.end()))
            if _NOT_ONE_YEAR.search(sentence) or _CARRIED.search(m.group("label")):
                continue
            year = int(m.group("year"))
            if {int(y) for y in _ANY_YEAR.findall(sentence)} != {year}:
                continue
            out.append(YearPhrase("dated", year, _squash(u.text[m.start(): m.end()])[:40],
                                  where(u, m.start("year")), label=_squash(m.group("label")),
                                  amount=_squash(u.text[m.start("amount"): m.end()])))
    return out


def _sentence_before(text: str, offset: int) -> str:
    """The sentence up to ``offset`` (from the last sentence stop before it)."""
    start = max(text.rfind(ch, 0, offset) for ch in "。；;！!？?") + 1
    return text[start: offset]


def _sentence_rest(text: str, start: int) -> str:
    """The sentence from ``start`` on, with the next one when it opens with the comparison
    ("…总预算18330.37万元。与上年相比，…增加2432.93万元")."""
    stop = _SENTENCE_END.search(text, start)
    if stop is None:
        return text[start:]
    rest = text[start: stop.start()]
    if _COMPARES_PRIOR.match(text, stop.end()) and not _COMPARES_PRIOR.search(rest):
        after = _SENTENCE_END.search(text, stop.end())
        rest += "。" + text[stop.end(): after.start() if after else len(text)]
    return rest


def asset_note_dates(units: list[Unit]) -> list[YearPhrase]:
    """'截至2023年12月31日，本部门共有车辆…': the date of the asset note."""
    out = []
    for u in units:
        for m in _AS_OF.finditer(u.text):
            if not _ASSET_WORDS.search(m.group("after")):
                continue
            out.append(YearPhrase("as_of", int(m.group("year")), _squash(m.group(0))[:30],
                                  where(u, m.start("year")), int(m.group("month")),
                                  int(m.group("day")) if m.group("day") else None))
    return out


def own_names(doc: Document) -> list[YearPhrase]:
    """'2024年度部门决算' as the document names itself: role 'heading' on a short line without
    sentence punctuation (a title or heading), 'text' in running prose."""
    out = []
    for p in doc.paragraphs():
        for m in _OWN_NAME.finditer(p.text):
            if _NOT_OWN_BEFORE.search(p.text[max(0, m.start() - 8): m.start()]):
                continue  # "关于编制2018年部门预算的通知" names a notice, not this document
            line, loc = _line_of(p, m.start())
            t = clean_heading(line)
            role = "heading" if len(t) <= 60 and not re.search(r"[，。；,;]", t) else "text"
            out.append(YearPhrase(role, int(m.group("year")), _squash(m.group(0)), loc))
    return out


def placeholders(doc: Document) -> list[Wording]:
    """Template residue left in the text: 'XX单位', 'x,xxx万元', '×××', and the template's
    instructions ('…仍保留该表格式，并在本表下方作下述说明：')."""
    out = []
    for p in doc.paragraphs():
        text = p.text
        for m in [*_PLACEHOLDER.finditer(text), *_INSTRUCTION.finditer(text)]:
            if _NOT_PLACEHOLDER_AFTER.match(text[m.end():]):
                continue
            line, loc = _line_of(p, m.start())
            out.append(Wording(m.group(0), loc, text[max(0, m.start() - 15): m.end() + 15].strip(),
                               line.strip()))
    return out


def empty_reasons(units: list[Unit]) -> list[EmptyReason]:
    out = []
    for i, u in enumerate(units):
        for m in _REASON.finditer(u.text):
            later = u.text[m.end():].strip()
            nxt = units[i + 1] if i + 1 < len(units) else None
            follows = (not later and nxt is not None and nxt.heading == u.heading
                       and not re.match(r"\s*(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])", nxt.text))
            out.append(EmptyReason(_squash(m.group(0)), where(u, m.start()), later[:40], follows))
    return out


def _line_of(p: Paragraph, offset: int) -> tuple[str, Location]:
    """The source line of a paragraph holding ``offset``, and its location."""
    start = p.text.rfind("\n", 0, offset) + 1
    end = p.text.find("\n", offset)
    number = p.text.count("\n", 0, start)
    loc = p.location
    return p.text[start: end if end >= 0 else len(p.text)], Location(
        loc.path, None if loc.line is None else loc.line + number, None, loc.page, loc.bbox,
        loc.sheet, loc.cell)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
