"""Narrative claims: every figure in the prose, with what it is about.

"一般公共服务支出3,487.74万元，占支出总预算76.56%，同比增加89.97万元，同比增长2.65%" gives
four claims about one subject: an amount, a share of 支出总预算, a change (+89.97) and a
growth rate (+2.65). A clause without a subject of its own ("同比增加182.38万元") speaks
of the subject before it in the same paragraph. Years, dates, item numbers, phone and law
numbers carry no unit and are never read as figures; a unit written wrongly ("同比减少134.6元"
where 万元 is meant) is kept as written, for the unit checks to see.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import fields

from ..model import Amount, Claim, Document, DocumentInfo, Location, Table
from ..numbers import BARE_MONEY_FOLLOWERS, parse_number
from ..taxonomy.subjects import (
    FUND_CONCEPTS,
    SANGONG_PREFIX,
    FunctionIndex,
    clean_subject,
    item_code_in,
    resolve,
    resolve_base,
    scope_from_words,
    strip_owner,
)
from .claims_cues import Cue, read_cue, strip_comparison
from .claims_text import Unit, prose_units

_FIGURE_RE = re.compile(
    r"(?<![\d.,A-Za-z０-９\-－])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>亿\s*元|万\s*元|元|(?:万|亿)" + BARE_MONEY_FOLLOWERS
    + r"|%|％|人次|批次|团组|人|名|辆|个)"
)
_MONEY = {"亿元", "万元", "元", "万", "亿"}
_UNIT_NAMES = {"％": "%", "万": "万元", "亿": "亿元"}
_CLAUSE_BREAK = "，,；;。：:！？!?"
# A clause longer than this is not one a figure's words come from (a table flattened into one
# line, a page of numbers without a comma): looking further back only makes every figure of
# a long paragraph rescan it, quadratic in the paragraph's length.
MAX_CLAUSE = 300
_COUNT_CONCEPTS = {"辆": "count.vehicles", "人次": "count.persons", "批次": "count.receptions"}
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")  # the comma of "490,808.40" breaks no clause
_GENERIC_AFTER_COLON = re.compile(r"(?:支出|预算|决算|预算支出|支出预算|金额)(?:数)?(?:为)?")
_ITEM_NO = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)+")


def extract_claims(doc: Document, info: DocumentInfo, tables: list[Table]) -> list[Claim]:
    """All claims of a document's prose, in document order."""
    kind = info.kind or _guess_kind(doc)
    year = info.year or _guess_year(doc)
    index = FunctionIndex.from_tables(tables, year)
    owners = (info.department,) if info.department else ()
    claims: list[Claim] = []
    listing = _Listing()
    for unit in prose_units(doc):
        claims.extend(_UnitReader(unit, index, kind, year, owners, listing).read())
    return claims


class _Listing:
    """The classification scheme of the items listed under the current heading: a name both
    schemes carry ('住房公积金') in a list of 支出功能分类 items is the function item, in a
    list of 经济分类 items the economic one."""

    def __init__(self) -> None:
        self.heading: str | None = None
        self.scheme: str | None = None

    def note(self, heading: str | None, concept: str | None) -> None:
        for scheme in ("function", "economic"):
            if (concept or "").startswith(f"expenditure.{scheme}."):
                self.heading, self.scheme = heading, scheme

    def scheme_under(self, heading: str | None) -> str | None:
        return self.scheme if heading == self.heading else None


class _UnitReader:
    """Reads one prose unit left to right, carrying the subject from clause to clause."""

    def __init__(self, unit: Unit, index: FunctionIndex, kind: str | None, year: int | None,
                 owners: tuple[str, ...] = (), listing: _Listing | None = None):
        self.unit = unit
        self.listing = listing or _Listing()
        self.owners = owners
        self.index = index
        self.doc_kind = kind
        self.doc_year = year
        self.subjects: list[str] = []  # the subject(s) the next bare clause speaks of
        self.carried: list[str] = []  # the subjects of the sentence before
        self.saved: list[list[str]] = []  # subjects outside an open parenthesis
        self.scanned = 0
        self.prev_end = -1
        self.list_pos = 0
        self.last_cue: Cue | None = None

    def read(self) -> list[Claim]:
        out: list[Claim] = []
        text = self.unit.text
        for m in _FIGURE_RE.finditer(text):
            if self._excluded(text, m):
                continue
            self._track_parentheses(text, m.start())
            out.extend(self._claims_for(text, m))
            self.prev_end = m.end()
        return out

    # -- helpers -----------------------------------------------------------------------
    @staticmethod
    def _excluded(text: str, m: re.Match) -> bool:
        before = text[max(0, m.start() - 1): m.start()]
        after = text[m.end(): m.end() + 2]
        if before == "第":
            return True
        if m.group("unit") in ("个", "名", "人") and after.startswith("指标"):
            return True
        if m.group("unit") == "个" and text[m.end(): m.end() + 3] == "百分点":
            return True  # "提高2个百分点" is a difference of rates, not a count
        return False

    def _track_parentheses(self, text: str, upto: int) -> None:
        for ch in text[self.scanned: upto]:
            if ch in "（(":
                self.saved.append(list(self.subjects))
            elif ch in "）)" and self.saved:
                self.subjects = self.saved.pop()
        self.scanned = upto

    def _clause_start(self, text: str, pos: int) -> int:
        i, stop = pos - 1, max(pos - MAX_CLAUSE, 0)
        closed = 0  # brackets closed between here and the figure
        while i >= stop:
            ch = text[i]
            if (ch in _CLAUSE_BREAK and not _THOUSANDS.match(text, i - 1)
                    and not (closed and ch in "，,")):
                break  # (a comma inside a closed aside, "比2022年（上一年度，下同）", breaks nothing)
            if ch == "、" and i > 0 and text[i - 1] in "元万%％人辆个次":
                break  # "一般公共服务支出3,487.74万元、社会保障和就业支出550.43万元"
            if ch in "）)":
                closed += 1
            elif ch in "（(":
                if not closed:
                    break  # "490,808.40万元（本年预算收入390,140.45万元）": the aside's own subject
                closed -= 1
            i -= 1
        return i + 1

    def _claims_for(self, text: str, m: re.Match) -> list[Claim]:
        unit_word = _unit_word(m)
        is_percent = unit_word in ("%", "％")
        is_money = unit_word in _MONEY
        is_count = not is_percent and not is_money
        start = m.start()
        in_list = start > 0 and text[start - 1] == "、" and self.prev_end == start - 1
        self.list_pos = self.list_pos + 1 if in_list else 0
        # a figure's clause never reaches back over the figure before it: "（二）公用经费
        # 1,131.92 万元商品和服务支出（类）1,131.92万元" is two lines run together
        cstart = max(self._clause_start(text, start), self.prev_end)
        pre = text[cstart:start]
        if cstart > 0 and text[cstart - 1] in "：:" and _GENERIC_AFTER_COLON.fullmatch(pre.strip()):
            # "1.住房公积金(项):支出 1,073.77万元": the name before the colon is the subject
            cstart = self._clause_start(text, cstart - 1)
            pre = text[cstart:start]
        if in_list:
            pre = ""
        if "。" in text[max(self.prev_end, 0): cstart]:
            if self.subjects:
                self.carried = self.subjects
            self.subjects = []  # a new sentence names its own subject, or the clause before
        cue = self.last_cue if in_list and self.last_cue is not None else read_cue(pre, is_percent, is_count)
        if cue is None:
            return []
        if cue.described is not None and (
                not resolve(clean_subject(_own_subject(cue.subject)), self.index).concept
                or _MORE_OF_THE_SAME.match(text, m.end())):
            # "一是某单位增加开发…维护145万元": the words before 增加 name no part of the budget;
            # "项目支出增加A专项100万元、B专项200万元": 100 is one item of the part's change
            cue = Cue("amount", cue.described, bound=False)
        self.last_cue = cue
        listed = in_list or (text[m.end(): m.end() + 1] == "、" and bool(re.match(r"\d", text[m.end() + 1: m.end() + 2])))
        subjects = self._subjects_for(cue, text, cstart, listed)
        amount = self._amount(m, unit_word)
        if amount is None:
            return []
        return [self._claim(cue, s, amount, m, text) for s in subjects]

    def _subjects_for(self, cue: Cue, text: str, cstart: int, listed: bool) -> list[str]:
        own = _own_subject(cue.subject)
        if own:
            self.subjects = split_respectively(own)
        elif _NET_OF_PARTS.match(cue.subject.strip()):
            # "…，增减相抵后增加123.67万元": the net change of the item the reasons explain
            self.subjects = list(self.carried)
        elif cue.kind == "amount" and _OPENS_BREAKDOWN.search(text, max(cstart - 4, 0), cstart):
            # "收入预算合计17996.68万元，其中：17981.68万元，占…": a part whose name is not
            # where it should be (a spaced-out name the text layer put elsewhere) is no
            # figure of the whole before it
            self.subjects = []
            return [""]
        elif not self.subjects:
            # "…支出预算10528.33万元，主要用于…发展项目支出。与上年相比减少17.89万元": a
            # comparison opening a sentence speaks of the sentence before, not of its last words
            compares = bool(self.carried) and (cue.kind in ("change", "growth") or cue.prior)
            prev = _previous_clause(text, cstart, within_sentence=compares)
            if prev:
                self.subjects = split_respectively(prev)
            elif self.carried and (cue.kind in ("change", "growth") or cue.prior
                                   or "执行数" in cue.subject):
                # "…支出2,154.41万元。与上年相比增加…" / "2022年预算执行数为…": the figure
                # compares or dates the subject of the sentence before
                self.subjects = list(self.carried)
            elif cue.kind == "amount" and resolve(clean_subject(cue.subject)).concept:
                # nothing before to speak of: "支出预算16497.86万元，其中：…" names the total
                self.subjects = [cue.subject]
            elif cue.kind == "amount" and cstart == 0 and not cue.subject.strip():
                # "（二）支出预算总计" / "21,955.35 万元。包括：": the figure opens the paragraph
                # under a heading that names what it is
                heading = self.unit.heading or ""
                if resolve(clean_subject(heading), self.index).concept:
                    self.subjects = [heading]
        if not self.subjects:
            return [""]
        if len(self.subjects) > 1 and listed:
            # "收、支总决算1480.66万元、1404.09万元": one figure per listed subject
            return [self.subjects[min(self.list_pos, len(self.subjects) - 1)]]
        return list(self.subjects)

    def _amount(self, m: re.Match, unit_word: str) -> Amount | None:
        unit = _UNIT_NAMES.get(unit_word, unit_word)
        a = parse_number(m.group("num"), unit)
        if a is None:
            return None
        return Amount(a.value, a.precision, m.group("num") + unit_word, unit)

    def _claim(self, cue: Cue, subject_raw: str, amount: Amount, m: re.Match, text: str) -> Claim:
        subject = clean_subject(subject_raw)
        resolved = resolve(subject, self.index)
        if resolved.concept is None:
            own = strip_owner(subject, self.owners)
            if own and own != subject:
                resolved = resolve(own, self.index)
        concept = resolved.concept if cue.bound else None
        scheme = self.listing.scheme_under(self.unit.heading) if cue.bound else None
        if concept is None and scheme and cue.kind != "count":
            code = item_code_in(_ITEM_NO.sub("", subject), self.doc_year, scheme)
            if code is not None:
                concept = f"expenditure.{scheme}.{code}"
        if concept is not None and _is_part_of_row(text, m.start(), concept):
            concept = None
        if cue.kind == "amount":
            self.listing.note(self.unit.heading, concept)
        scope = resolved.scope
        if scope is None:
            scope = scope_from_words(subject_raw)
        if concept in FUND_CONCEPTS:
            scope = "all"
        if scope is None:
            scope = self.unit.scope
        if scope is None:
            scope = "general" if (concept or "").startswith(SANGONG_PREFIX) else "all"
        kind = cue.kind
        if kind == "count":
            concept = _count_concept(subject, amount.unit)
        period = self._period(cue, subject_raw)
        base = cue.base
        base_concept = None
        if kind == "share" and base:
            rb = resolve_base(base)
            base_concept = rb.concept
        line = self.unit.line_at(m.start())
        last = self.unit.last_line
        place = self.unit.place_at(m.start()) or Location(path=self.unit.path)
        loc = _at_lines(place, place.path or self.unit.path, line,
                        last if last is not None and line is not None and last > line else None)
        year = cue.prior_year or _year_in(cue.subject) or _year_in(subject_raw) or self.doc_year
        return Claim(kind=kind, subject=subject, value=amount, location=loc, sentence=text,
                     period=period, concept=concept, base=base, base_concept=base_concept,
                     direction=cue.direction, year=year, scope=scope, offset=m.start())

    def _period(self, cue: Cue, subject_raw: str) -> str:
        if cue.kind not in ("amount", "count"):
            return "current"
        if cue.prior:
            return "prior"
        y = _year_in(cue.subject) or _year_in(subject_raw)  # '2022年预算执行数为' dates the figure
        if y is not None and self.doc_year is not None and y < self.doc_year:
            return "prior"
        if self.doc_kind == "final" and cue.period_word in ("预算", "年初预算"):
            return "budget"
        return "current"


# ---------------------------------------------------------------------------


def _at_lines(place: Location, path: str | None, line: int | None, end_line: int | None) -> Location:
    """``place`` with its path and lines set: ``dataclasses.replace`` without its per-call
    field walk, which cost more than the rest of a claim's location."""
    return Location(path, line, end_line, place.page, place.bbox, place.sheet, place.cell,
                    place.table, place.row, place.column)


assert [f.name for f in fields(Location)] == [  # _at_lines passes them in this order
    "path", "line", "end_line", "page", "bbox", "sheet", "cell", "table", "row", "column",
]


def _unit_word(m: re.Match) -> str:
    """The unit as one word: "万 元" split by a line break or a space is 万元."""
    return "".join(m.group("unit").split())


def _own_subject(text: str) -> str:
    """The subject words a clause carries itself ('' when it only says 同比/年初预算)."""
    t = strip_comparison(text.strip())
    t = _OWN_LEAD.sub("", t)
    if _USE_CLAUSE.match(t):
        return ""  # "主要用于人员支出" says what the money is for, not what the figure is
    cleaned = clean_subject(t)
    if _PERIOD_ONLY.fullmatch(cleaned):
        return ""
    return t


_NET_OF_PARTS = re.compile(r"^增减相抵后$")
# the next clause lists another figure without a change word of its own
_MORE_OF_THE_SAME = re.compile(
    r"\s*[、，,]\s*(?:(?!增加|减少|增长|下降|压减|调减|增|减)[^、，,；;。\d])*\d[\d,.]*\s*(?:万元|亿元|元|万)"
)
_OPENS_BREAKDOWN = re.compile(r"其中[：:]\s*$")
# words that open a clause before its subject: "主要原因是基本支出增加…", "其中：…"
_OWN_LEAD = re.compile(
    r"^(?:(?:主要)?原因(?:是|为)?|主要是|主要|其中|包括|即|与上年相比|增减相抵后)[：:，,]?"
)

# subject words that only name a period or basis: the figure is about the subject before
_PERIOD_ONLY = re.compile(
    r"(?:年初)?(?:预算|决算)?(?:安排)?数?|实际支出|(?:本|今)年(?:预算|决算)?数?|支出(?:年初)?(?:预算|决算|合计)(?:合计)?数?|"
    r"(?:年初)?(?:预算|决算)支出(?:合计)?数?|(?:当年)?(?:预算)?执行数"
)
_USE_CLAUSE = re.compile(r"^(?:主要)?用于")


def _previous_clause(text: str, cstart: int, within_sentence: bool = False) -> str:
    """The clause a bare one speaks of: '（一）收入预算：2024年年初预算数4683.35万元'.

    Looks back over the clauses before it (none carrying a figure): a classification name
    ('…行政运行（项）') wins; a clause saying what money is used for ('主要用于：…') never
    names the subject; a clause of comparison words only ("与上年相比，") names nothing.
    ``within_sentence``: no further back than the start of the sentence.
    """
    clauses: list[tuple[str, int]] = []  # (clause, where the text before it ends)
    end = cstart - 1
    if within_sentence and end >= 0 and text[end] in _SENTENCE_STOP:
        return ""
    while end > 0 and len(clauses) < 4:
        i, stop = end - 1, max(end - 1 - MAX_CLAUSE, -1)
        depth = 0  # an aside in brackets is part of its clause, breaks and all
        while i > stop and (depth or text[i] not in _CLAUSE_BREAK or _THOUSANDS.match(text, i - 1)):
            depth += (text[i] in "）)") - (text[i] in "（(" and depth > 0)
            i -= 1
        if i == stop and stop >= 0:
            break  # no clause break within reach
        clause = text[i + 1: end]
        clause = _without_asides(clause)  # "…与2016年度相比（2016年度…为8,648.07万元）"
        if _FIGURE_RE.search(clause):
            break
        clause = clause.strip()
        if strip_comparison(clause) and not _ONLY_COMPARES.match(clause):
            clauses.append((strip_comparison(clause), i + 1))
        end = i
        if within_sentence and i >= 0 and text[i] in _SENTENCE_STOP:
            break
    for clause, _ in clauses:
        if re.search(r"（(?:类|款|项)）", clause):
            return clause
    for clause, head_end in clauses:
        if (clause.strip() and not _USE_CLAUSE.match(clause.strip())
                and not _SAYS_WHAT_FOLLOWS.search(_tail_before(text, head_end))):
            return strip_comparison(clause)  # "…预算安排与2016年度相比" names 预算安排
    return ""


_SENTENCE_STOP = "。！？!?"
_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")


def _without_asides(clause: str) -> str:
    """The clause without the asides in brackets that state a figure of their own; level marks
    and codes ("（项）", "（2050202）") stay."""
    return _ASIDE.sub(lambda m: "" if _FIGURE_RE.search(m.group(0)) else m.group(0), clause)
# "按与上年统计口径一致相比": a comparison, whatever its wording, names no subject
_ONLY_COMPARES = re.compile(r"^按?(?:与|和|同|比|较)[^，。；]{0,20}相比$")
_SAYS_WHAT_FOLLOWS = re.compile(r"(?:用于|包括|原因(?:是|为)?)[：:]?$")


def _tail_before(text: str, end: int) -> str:
    """The few characters before ``end``, colons and spaces at its end left out: enough for
    ``_SAYS_WHAT_FOLLOWS`` without copying the text before a clause."""
    while end > 0 and text[end - 1] in "：: ":
        end -= 1
    return text[max(end - 8, 0): end]


def split_respectively(subject: str) -> list[str]:
    """'财政拨款收、支总决算' -> ['财政拨款收入总决算', '财政拨款支出总决算']; others unchanged."""
    m = re.search(r"收入?、支出?", subject)
    if not m:
        return [subject]
    head, tail = subject[: m.start()], subject[m.end():]
    return [f"{head}收入{tail}", f"{head}支出{tail}"]


def _is_part_of_row(text: str, pos: int, concept: str) -> bool:
    """'行政运行（项）支出2,154.41万元，其中：基本支出预算1,960.81万元' is a column of that row.

    A 基本支出/项目支出 figure given as part of a classification row or of anything other
    than a total is not the department's 基本支出, so it gets no concept.
    """
    if concept not in ("expenditure.basic", "expenditure.project"):
        return False
    k = text.rfind("其中", 0, pos)
    if k < 0:
        return False
    return bool(re.search(r"（项）|（款）|（类）|\d{7}", text[max(k - 80, 0): k]))


def _count_concept(subject: str, unit: str | None) -> str | None:
    if "团组" in subject or unit == "团组":
        return "count.delegations"
    if "批次" in subject:
        return "count.receptions"
    return _COUNT_CONCEPTS.get(unit or "")


def _year_in(text: str) -> int | None:
    ys = re.findall(r"(20\d{2}|19\d{2})\s*年", text)
    return int(ys[-1]) if ys else None


def _guess_kind(doc: Document) -> str | None:
    text = "".join(p.text for p in doc.paragraphs()[:400])
    final = len(re.findall(r"(?:部门|单位)决算", text))
    budget = len(re.findall(r"(?:部门|单位)预算", text))
    if final == budget:
        return None
    return "final" if final > budget else "budget"


def _guess_year(doc: Document) -> int | None:
    text = "".join(p.text for p in doc.paragraphs()[:200])
    m = re.search(r"(20\d{2})年度?(?:部门|单位)(?:预算|决算)", text)
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in re.findall(r"(20\d{2})年", text))
    if not years:
        return None
    return years.most_common(1)[0][0]
