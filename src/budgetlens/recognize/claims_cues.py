"""The words right before a figure that say what kind of figure it is.

"占支出总预算76.56%" is a share of 支出总预算, "同比增加89.97万元" a change upward,
"完成年初预算的99.31%" a completion rate, "比2023年预算33.71万元" last year's amount.
Each reader here takes the clause text before the figure and returns the cue it found and
the subject text left in front of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a template's open direction ("增加（减少）0万元，增长（减少）0%") says nothing of the sign,
# but its figures are still the change and the rate
_DIRECTION_WORDS: tuple[tuple[str, int | None], ...] = (
    ("增长（下降）", None), ("增长(下降)", None), ("增加（减少）", None), ("增加(减少)", None),
    ("增长（减少）", None), ("增长(减少)", None), ("增（减）", None), ("增(减)", None),
    ("增减", None), ("增长率", 1), ("增幅", 1), ("增加", 1), ("增长", 1), ("上升", 1), ("提高", 1),
    ("增", 1), ("下降率", -1), ("降幅", -1), ("减幅", -1), ("减少", -1), ("下降", -1), ("降低", -1),
    ("节约", -1), ("节省", -1), ("减", -1),
)
_DIRECTION_RE = re.compile(
    "(" + "|".join(re.escape(w) for w, _ in _DIRECTION_WORDS) + r")(?:了|为)?$"
)
_DIRECTION_OF = dict(_DIRECTION_WORDS)

# comparison words between a subject and its change: "同比", "比2023年", "较去年", "各"
_COMPARISON_TAIL = re.compile(
    r"(?:(?:与|和|同|比|较)\s*(?:上年度?|\d{4}\s*年度?)(?:年初)?(?:预算|决算)?(?:执行)?数?\s*相比|"
    r"比\s*\d{4}\s*年度?[（(][^（()）]{0,12}[）)](?:年初)?(?:预算|决算)?数?|"
    r"同比|比上年度?(?:年初)?(?:预算|决算)?数?|较上年度?(?:预算|决算)?数?|较去年|与上年相比|"
    r"比\s*(?:\d{4})\s*年度?(?:当年)?(?:年初)?(?:预算|决算)?(?:执行)?数?|比(?:当年)?预算执行数|"
    r"比预算数?|比决算数?|比年初预算数?|各|分别|有所|上年|较|比)$"
)
_COMPLETION_RE = re.compile(
    r"完成(?:了)?(?:全年|年初|当年)?(?:预算|计划)?(?:数)?的?$|完成率(?:为)?$|执行率(?:为)?$"
)
# a space a converter left between two characters of a word ("完 成年初预算的")
_SPLIT_WORD = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
_PRIOR_RE = re.compile(r"比(?:上年度?|(?P<year>\d{4})年度?)(?:年初)?(?:预算|决算)?数?$|上年(?:预算|决算)?数?为$")
# "支出预算数为" names only the period; in "基本支出预算数为" the 支出 belongs to the subject
_PERIOD_TAIL = re.compile(
    r"(?:(?<!基本)(?<!项目)支出)?(?:年初预算|预算|决算)(?:数)?(?:为|是)$|"
    r"(?<!总)(?:(?<!基本)(?<!项目)支出)?(?:年初预算|决算)数?$|年初预算数?"
)


_THIS_YEAR_AGAINST_PRIOR = re.compile(
    r"(?:本年|今年|当年)(?:预算)?数?(?P<word>大于|小于|高于|低于)上年(?:预算|决算)?数?$"
)
_DESCRIBED_CHANGE = re.compile(r"(?:安排)?(?P<word>增加|减少)(?:了)?[^，,；;。：:\d%％（()）]{2,40}?等?$")
# words that open a reason before its subject, and words that only compare: no subject
_NO_SUBJECT = re.compile(r"^(?:(?:主要)?原因(?:是|为)?|主要是|主要|一是|二是|三是|同时|其中|[，,：: ])*$")
_DIRECTION_OF.update({"大于": 1, "高于": 1, "小于": -1, "低于": -1})


def _has_subject(head: str) -> bool:
    """The words before a change name something of their own (not only "主要原因是")."""
    return not _NO_SUBJECT.match(strip_comparison(head.strip()))


@dataclass(slots=True)
class Cue:
    kind: str  # 'amount', 'share', 'change', 'growth', 'completion', 'count'
    subject: str  # text left for the subject (may be empty: inherit)
    direction: int | None = None
    base: str | None = None  # share base, or the comparison basis of a change ('预算')
    period_word: str | None = None  # '年初预算', '预算', '决算' when written before the figure
    prior_year: int | None = None
    prior: bool = False  # "比2023年预算33.71万元": the figure is last year's amount
    # a change read from "PART增加WHAT…": the whole clause, for a reader that finds PART
    # names nothing and takes the figure as an amount of the clause instead
    described: str | None = None
    bound: bool = True  # False: the subject words describe a change, they name no concept


def strip_comparison(text: str) -> str:
    prev = None
    t = text
    while prev != t:
        prev = t
        t = _COMPARISON_TAIL.sub("", t).rstrip("，, ")
    return t


def read_cue(pre: str, is_percent: bool, is_count: bool) -> Cue | None:
    """What the clause text before a figure says about it; None for a bare percentage."""
    p = _SPLIT_WORD.sub("", pre.rstrip(" 　"))
    m = _COMPLETION_RE.search(p)
    if is_percent and m:
        return Cue("completion", p[: m.start()])
    if is_percent and "占" in p:
        i = p.rfind("占")
        base = re.sub(r"(?:的|比例为|比重为|比例|比重|为)$", "", p[i + 1:]).strip()
        if base in ("", "比"):
            base = None
        return Cue("share", p[:i], base=base)
    m = _DIRECTION_RE.search(p)
    if m:
        word = m.group(1)
        head = p[: m.start()]
        basis = "预算" if re.search(r"比(?:年初)?预算(?:有所)?$", head) else None
        kind = "growth" if is_percent else ("count" if is_count else "change")
        return Cue(kind, strip_comparison(head), direction=_DIRECTION_OF[word], base=basis)
    if is_percent:
        return None
    m = _THIS_YEAR_AGAINST_PRIOR.search(p)
    if m and not is_count:
        # "公务接待费预算支出156.55万元，本年数小于上年预算数29.65万元": a change downward
        return Cue("change", p[: m.start()], direction=_DIRECTION_OF[m.group("word")])
    m = _DESCRIBED_CHANGE.search(p)
    if m and not is_count and _has_subject(p[: m.start()]):
        # "基本支出增加机关事业单位养老保险、职业年金缴费等1447.63万元": the part changes, the
        # words after 增加/减少 say what in it changed
        head = p[: m.start()]
        return Cue("change", strip_comparison(head), direction=_DIRECTION_OF[m.group("word")],
                   described=p)
    m = _PRIOR_RE.search(p)
    if m:
        year = int(m.group("year")) if m.group("year") else None
        return Cue("count" if is_count else "amount", p[: m.start()], prior=True, prior_year=year)
    period_word = None
    m = _PERIOD_TAIL.search(p)
    if m:
        w = m.group(0)
        period_word = "年初预算" if "年初预算" in w else ("决算" if "决算" in w else "预算")
        p = p[: m.start()] + p[m.end():]
    return Cue("count" if is_count else "amount", p, period_word=period_word)
