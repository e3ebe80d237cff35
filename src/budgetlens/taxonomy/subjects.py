"""Subject phrases as written in the narrative -> concept and fund scope.

Narrative sentences name what a figure is about in many ways ("部门支出总预算",
"一般公共服务（类）支出", "公务用车购置及运行维护费"). This module turns such a phrase into a
concept of the shared vocabulary and, where the words say so, a fund scope. Classification
names are resolved to codes through the document's own tables (the ``FunctionIndex``), the
catalogue's 类 names, or the national catalogue of the document's year when the name (under
its enclosing level, when written) names exactly one code there; never by guessing a code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ..model import Table
from .codes import all_entries, function_class_codes
from .yaml_data import load_taxonomy_yaml

# ---------------------------------------------------------------------------
# Fund scope from wording
# ---------------------------------------------------------------------------

_SCOPE_WORDS: tuple[tuple[str, str], ...] = (
    ("一般公共预算", "general"),
    ("政府性基金", "gov_fund"),
    ("政府基金", "gov_fund"),
    ("国有资本经营", "state_capital"),
    ("财政拨款", "fiscal"),
    ("全口径", "all"),
)


def scope_from_words(text: str) -> str | None:
    """The fund scope the words name, the most specific first; None when they name none
    ("使用非财政拨款结余" names money that is not 财政拨款)."""
    for word, scope in _SCOPE_WORDS:
        i = text.find(word)
        while i > 0 and text[i - 1] == "非":
            i = text.find(word, i + 1)
        if i >= 0:
            return scope
    return None


def scope_from_heading(title: str) -> str | None:
    """Scope a section heading implies: 一般公共预算…说明 -> general, 部门收支… -> all."""
    s = scope_from_words(title)
    if s is not None:
        return s
    if re.search(r"部门(?:收支|收入|支出)|收支总体|收入支出|单位(?:收支|收入|支出)|收入预算|支出预算", title):
        return "all"
    return None


# ---------------------------------------------------------------------------
# Function classification (支出功能分类) names -> codes
# ---------------------------------------------------------------------------

_LEADING_ORDINAL = re.compile(r"^[\d一二三四五六七八九十]+[、.．]")


@lru_cache(maxsize=8192)
def fold_subject_name(name: str) -> str:
    """A subject phrase without spaces, a leading ordinal and trailing punctuation, brackets
    full-width, so that phrases written either way meet. (Cached: the same phrases and
    table names are folded again by each claim and rule that looks them up.)"""
    t = name.replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")
    t = _LEADING_ORDINAL.sub("", t)
    return t.strip("：:，,。 ")


def _bare(name: str) -> str:
    t = fold_subject_name(name)
    for suffix in ("支出", "类"):
        t = t.removesuffix(suffix)
    return t


@dataclass
class FunctionIndex:
    """Function-classification code by name, read from the document's own tables."""

    by_name: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # code -> name as printed
    year: int | None = None  # the document's year, for names its tables do not print
    # subject -> what ``resolve`` made of it with this index: a document's claims name the
    # same subjects again and again, and each resolution scans every concept pattern
    resolved: dict[str, Resolved] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_tables(cls, tables: list[Table], year: int | None = None) -> FunctionIndex:
        idx = cls(year=year)
        for t in tables:
            for r in t.rows:
                code = (r.code or "").replace(" ", "")
                if not code.isdigit() or len(code) not in (3, 5, 7) or not code.startswith("2"):
                    continue
                if r.scheme not in (None, "function"):
                    continue
                idx.add(code, r.name)
        return idx

    def add(self, code: str, name: str) -> None:
        self.by_name.setdefault(_bare(name), set()).add(code)
        self.names.setdefault(code, name)
        self.resolved.clear()  # a new name may resolve a subject differently

    def lookup(self, name: str, level: int, parent: str | None = None) -> str | None:
        """The code of a 类 (3) / 款 (5) / 项 (7) name; ``parent`` narrows by the enclosing code."""
        codes = {c for c in self.by_name.get(_bare(name), set()) if len(c) == level}
        if parent:
            codes = {c for c in codes if c.startswith(parent)}
        if len(codes) == 1:
            return next(iter(codes))
        if codes:
            return None
        if level == 3 and _bare(name) in function_class_codes():
            return function_class_codes()[_bare(name)]
        return catalogue_code(name, level, self.year, parent)


@cache
def _catalogue_by_name(scheme: str) -> dict[tuple[str, int], tuple]:
    """(bare name, code length) -> catalogue entries of one scheme, built once."""
    out: dict[tuple[str, int], list] = {}
    for e in all_entries(scheme):  # type: ignore[arg-type]
        out.setdefault((_bare(e.name), len(e.code)), []).append(e)
    return {k: tuple(v) for k, v in out.items()}


def catalogue_code(name: str, level: int, year: int | None, parent: str | None = None,
                   scheme: str = "function") -> str | None:
    """The one code a name has at a level in the national catalogue of ``year`` (under
    ``parent`` when given); None when the year is unknown or the name is not unique."""
    if year is None:
        return None
    codes = {e.code for e in _catalogue_by_name(scheme).get((_bare(name), level), ())
             if e.valid_in(year) and (parent is None or e.code.startswith(parent))}
    return next(iter(codes)) if len(codes) == 1 else None


_ECONOMIC_MARK = re.compile(r"^(?P<name>.+?)（(?P<level>类|款)）(?:支出)?$")


def economic_code(phrase: str, year: int | None) -> str | None:
    """'基本工资（款）' / '工资福利支出（类）' -> the 部门预算支出经济分类 code of that year, when
    the name is no function classification name (住房公积金（项）is one, （款）is not)."""
    m = _ECONOMIC_MARK.match(phrase.replace("(", "（").replace(")", "）").replace(" ", ""))
    if not m:
        return None
    width = 3 if m.group("level") == "类" else 5
    return catalogue_code(m.group("name"), width, year, scheme="econ_dept")


_LEVEL_MARK = re.compile(r"（(类|款|项)）")


def function_code(phrase: str, index: FunctionIndex) -> str | None:
    """Code for '一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）' and the like.

    Also reads '201类一般公共服务支出' (code written) and '一般公共服务类科目'/'一般公共服务（类）'.
    """
    p = phrase.replace("(", "（").replace(")", "）").replace(" ", "")
    m = re.match(r"^(\d{3}|\d{5}|\d{7})类?", p)
    if m:
        return m.group(1)
    parts = _LEVEL_MARK.split(p)
    if len(parts) >= 3:  # name, level, name, level, ...
        code: str | None = None
        pairs = [(parts[i], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
        for k, (name, level) in enumerate(pairs):
            width = {"类": 3, "款": 5, "项": 7}[level]
            found = index.lookup(name, width, code)
            if found is None and k == len(pairs) - 1 and code is None:
                found = _under_glued_parent(name, width, index)
            if found is None and k == len(pairs) - 1:
                return None  # the named level itself must be in the tables
            code = found or code  # an enclosing level only narrows the search
        return code
    m = re.match(r"^(.+?)(?:类科目|类)", p)
    if m:
        return index.lookup(m.group(1), 3)
    return None


def _under_glued_parent(name: str, width: int, index: FunctionIndex) -> str | None:
    """'人大事务行政运行（项）': the enclosing level's name written before the item's without its
    mark. Only a split of the name into a known parent and an item under it, and only one such
    split, gives a code."""
    if width == 3:
        return None
    found = set()
    for i in range(2, len(name) - 1):
        parent = index.lookup(name[:i], width - 2)
        if parent is not None:
            code = index.lookup(name[i:], width, parent)
            if code is not None:
                found.add(code)
    return found.pop() if len(found) == 1 else None


_CODE_AFTER_NAME = re.compile(r"^(?P<name>[^（]*?.+?)（(?P<code>\d{3}|\d{5}|\d{7})）(?:科目)?(?:支出)?$")
_PATH_SEPARATORS = re.compile(r"\s*[-－—–]+\s*")


def bracketed_code(phrase: str) -> str | None:
    """'小学教育（2050202）' -> '2050202': a name with its code after it in brackets (a
    function code starts with 2, a 部门经济分类 code with 3)."""
    m = _CODE_AFTER_NAME.match(phrase)
    return m.group("code") if m else None


def path_code(phrase: str, index: FunctionIndex) -> str | None:
    """'一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行科目' (the 类, 款 and 项 names
    joined by dashes, as Shanghai writes “…”科目) -> '2010301'; '卫生健康支出科目' -> '210'.
    Each name is looked up under the code of the one before it; every level must be found."""
    if not phrase.endswith("科目"):
        return None
    names = [n for n in _PATH_SEPARATORS.split(phrase.removesuffix("科目")) if n]
    if not 1 <= len(names) <= 3:
        return None
    code: str | None = None
    for name, width in zip(names, (3, 5, 7), strict=False):
        code = index.lookup(name, width, code)
        if code is None:
            return None
    return code


def parent_in_brackets(phrase: str) -> tuple[str, str] | None:
    """'行政运行（政府办公厅（室）及相关机构事务）' -> ('行政运行', '政府办公厅（室）及相关机构事务'):
    a 项 name followed by its 款 name in brackets (brackets inside the 款 name balanced)."""
    if not phrase.endswith("）"):
        return None
    depth = 0
    for i in range(len(phrase) - 1, -1, -1):
        ch = phrase[i]
        if ch == "）":
            depth += 1
        elif ch == "（":
            depth -= 1
            if depth == 0:
                head, inner = phrase[:i], phrase[i + 1: -1]
                return (head, inner) if head and inner else None
    return None


def item_under_parent(phrase: str, index: FunctionIndex) -> str | None:
    """The 项 code of '行政运行（政府办公厅（室）及相关机构事务）': the 款 in brackets must be
    found, and the 项 name must name one code under it."""
    pair = parent_in_brackets(phrase)
    if pair is None:
        return None
    name, parent = pair
    if parent in ("类", "款", "项") or "含" in parent:
        return None
    kuan = index.lookup(parent, 5)
    return index.lookup(name, 7, kuan) if kuan else None


@cache
def _function_names(year: int) -> frozenset[str]:
    """Bare 支出功能分类 names of every level valid in ``year``."""
    return frozenset(_bare(e.name) for e in all_entries("function") if e.valid_in(year))


@cache
def _economic_names(year: int) -> frozenset[str]:
    """Bare 部门预算支出经济分类 names valid in ``year``."""
    return frozenset(_bare(e.name) for e in all_entries("econ_dept") if e.valid_in(year))


@cache
def _exact_names(scheme: str, year: int) -> frozenset[str]:
    """Names of one scheme valid in ``year``, as printed (支出 suffix kept)."""
    return frozenset(fold_subject_name(e.name) for e in all_entries(scheme)  # type: ignore[arg-type]
                     if e.valid_in(year))


def _only_in(name: str, scheme: str, other: str, year: int) -> bool:
    """The name as written is one of ``scheme``'s and none of ``other``'s: '机关事业单位基本
    养老保险缴费支出' is a function 项, '机关事业单位基本养老保险缴费' an economic 款."""
    folded = fold_subject_name(name)
    return folded in _exact_names(scheme, year) and folded not in _exact_names(other, year)


def function_item_code(name: str, year: int | None) -> str | None:
    """'公务员医疗补助' -> '2101103': a 款 or 项 name that names one code of that year's
    支出功能分类 and no 经济分类 款 (or is written exactly as the function name only)."""
    if year is None:
        return None
    if _bare(name) in _economic_names(year) and not _only_in(name, "function", "econ_dept", year):
        return None
    codes = {catalogue_code(name, level, year) for level in (5, 7)} - {None}
    return codes.pop() if len(codes) == 1 else None


def economic_item_code(name: str, year: int | None) -> str | None:
    """'水费' -> '30205': a 部门预算支出经济分类 款 named without its code, only when the name
    names one 款 of that year and no 支出功能分类 code carries it (住房公积金 is both)."""
    if year is None:
        return None
    if _bare(name) in _function_names(year) and not _only_in(name, "econ_dept", "function", year):
        return None
    return catalogue_code(name, 5, year, scheme="econ_dept")


def item_code_in(name: str, year: int | None, scheme: str) -> str | None:
    """The code a name written exactly as one 款/项 of ``scheme`` ('function' or 'economic')
    has there, whether or not the other scheme carries the name too ('住房公积金' is a
    function 项 and an economic 款): for a list whose items are known to be of ``scheme``."""
    if year is None:
        return None
    written = _BUDGET_TAIL.sub("", fold_subject_name(name))
    if scheme == "economic":
        if written not in _exact_names("econ_dept", year):
            return None
        return catalogue_code(written, 5, year, scheme="econ_dept")
    if written not in _exact_names("function", year):
        return None
    codes = {catalogue_code(written, level, year) for level in (5, 7)} - {None}
    return codes.pop() if len(codes) == 1 else None


# ---------------------------------------------------------------------------
# Other subjects
# ---------------------------------------------------------------------------

def _pattern_table(name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """One ordered (pattern, concept) list of subject_patterns.yaml, compiled."""
    return tuple((re.compile(p), c) for p, c in load_taxonomy_yaml("subject_patterns.yaml")[name])


# (pattern on the normalized subject, concept). Order matters: specific before general.
_CONCEPT_PATTERNS = _pattern_table("concepts")

# revenue by source of funds: read before totals, "一般公共预算收入" is not 收入总计
_FUND_PATTERNS = _pattern_table("funds")

# concepts whose own name carries the fund: their scope is 'all' whatever the section says
FUND_CONCEPTS = frozenset({
    "revenue.fiscal", "revenue.general_budget", "revenue.gov_fund", "revenue.state_capital",
})

# the 三公 family is by definition 财政拨款 money
SANGONG_PREFIX = "sangong"


@dataclass(frozen=True, slots=True)
class Resolved:
    concept: str | None
    scope: str | None


_STRIP_HEAD = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)+|^其中[：:]?|^包括[：:]?"
)


_SUBJECT_SPACES = re.compile(r"[ \u3000\xa0\t]+")
_SUBJECT_YEAR = re.compile(r"\d{4}年(?:度)?")
# stripped in this order: the department naming itself, 各项, leading and trailing filler
_SUBJECT_FILLERS = tuple(re.compile(p) for p in (
    r"^(?:学校|本校|我校|本局|我局|本院|我院|本委|我委|本办|我办|本中心|我中心)",
    r"^各项",
    r"^(?:共|共有|全年|的)",
    r"(?:为|是|共|共计|达|合计)$",
))


@lru_cache(maxsize=8192)
def clean_subject(text: str) -> str:
    """Strip item numbers, years and filler from a subject phrase (cached: a sentence's
    subject is cleaned again for each of its figures)."""
    t = _SUBJECT_SPACES.sub("", text).strip("，,；;。、")
    prev = None
    while prev != t:
        prev = t
        t = _STRIP_HEAD.sub("", t).strip()
    t = _SUBJECT_YEAR.sub("", t)
    for w in ("本部门", "我部门", "本单位", "我单位", "部门预算中", "部门预算", "所属各预算单位"):
        t = t.replace(w, "")
    for filler in _SUBJECT_FILLERS:
        t = filler.sub("", t)
    return t.strip(" ，,；;。、：:")


def strip_owner(subject: str, owners: tuple[str, ...] = ()) -> str:
    """'江苏省高级人民法院一般公共预算拨款安排的会议费' -> '一般公共预算拨款安排的会议费': the
    department names itself at the head of the subject (``owners``: the names it gives
    itself). A budget unit's name is not stripped: its figures are the unit's part."""
    for name in owners:
        i = subject.find(name)
        if 0 <= i <= 4:
            return subject[i + len(name):]
        # its short form: "省检察院" for 江苏省人民检察院 (the head's characters in order)
        for m in _OWN_NAME_END.finditer(subject[:32]):
            if m.end() >= 3 and _abbreviates(subject[: m.end()], name):
                return subject[m.end():]
    return subject


def _abbreviates(short: str, name: str) -> bool:
    """Every character of ``short`` appears in ``name`` in the same order, ending alike."""
    if short[-1] != name[-1]:
        return False
    it = iter(name)
    return all(ch in it for ch in short)


# Concepts a department states as a whole (三公, 会议费, 培训费 of all its spending) whose names
# are also 经济分类 款 of 公用经费: "公务接待费（款）支出 16 万元" under 基本支出 is only the
# basic-expenditure part, so it is no figure of the whole.
ECONOMIC_ITEM_CONCEPTS = frozenset({
    "sangong.total", "sangong.overseas", "sangong.vehicle", "sangong.vehicle.purchase",
    "sangong.vehicle.operation", "sangong.reception", "meeting", "training",
})
_NAMES_A_CLASS = re.compile(r"（(?:类|款|项)）|^\d{3,7}类|类科目|^[^，]{2,12}类$")
_FUND_LEAD = re.compile(
    r"^(?:部门|单位)?(?:一般公共预算|财政拨款|政府性基金预算|国有资本经营预算)*(?:财政拨款|拨款)?(?:安排的?)?"
)
_BUDGET_TAIL = re.compile(r"(?:预算|决算)$")


def resolve(subject: str, index: FunctionIndex | None = None) -> Resolved:
    """Concept and scope for a cleaned subject phrase (scope None when the words give none).

    Each subject is resolved once per index (and once without one): the answer depends on
    nothing else, and ``Resolved`` is immutable, so it is shared."""
    if index is None:
        return _resolve_without_index(subject)
    found = index.resolved.get(subject)
    if found is None:
        found = index.resolved[subject] = _resolve(subject, index)
    return found


@lru_cache(maxsize=4096)
def _resolve_without_index(subject: str) -> Resolved:
    return _resolve(subject, None)


def _resolve(subject: str, index: FunctionIndex | None) -> Resolved:
    s = fold_subject_name(subject).replace("“", "").replace("”", "").replace('"', "")
    scope = scope_from_words(s)
    if "全口径" in s:
        scope = "all"
    if index is not None:
        code = bracketed_code(s)
        if code is None and s.endswith("科目"):
            code = path_code(s, index)
        if code is not None:
            scheme = "function" if code.startswith("2") else "economic"
            return Resolved(f"expenditure.{scheme}.{code}", scope)
    if index is not None and _NAMES_A_CLASS.search(s):
        code = function_code(s, index)
        if code:
            return Resolved(f"expenditure.function.{code}", scope)
        code = economic_code(s, index.year)
        if code:
            return Resolved(f"expenditure.economic.{code}", scope)
    for pattern, concept in _FUND_PATTERNS:
        if pattern.search(s):
            return Resolved(concept, "all")
    total = _total_concept(s)
    if total is not None:
        return Resolved(total, scope)
    core = _FUND_LEAD.sub("", s)
    economic_item = "（款）" in s  # "会议费（款）": the 经济分类 款 of 基本支出, not the whole
    for candidate in (s, core):
        for pattern, concept in _CONCEPT_PATTERNS:
            if candidate and pattern.search(candidate):
                if economic_item and concept in ECONOMIC_ITEM_CONCEPTS:
                    return Resolved(None, scope)
                if concept in FUND_CONCEPTS:
                    return Resolved(concept, "all")
                return Resolved(concept, scope)
    owned = _total_after_own_name(s, index)
    if owned is not None:
        return Resolved(owned.concept, owned.scope if owned.scope is not None else scope)
    if index is not None:
        bare = _bare(_BUDGET_TAIL.sub("", s))
        econ = catalogue_code(bare, 3, index.year, scheme="econ_dept")
        if econ and bare not in function_class_codes():  # 工资福利支出: names only a 类 carries
            return Resolved(f"expenditure.economic.{econ}", scope)
        for level in (3, 5, 7):
            codes = {c for c in index.by_name.get(bare, set()) if len(c) == level}
            if len(codes) == 1:
                return Resolved(f"expenditure.function.{next(iter(codes))}", scope)
        lei = function_class_codes().get(bare)
        if lei is not None:
            return Resolved(f"expenditure.function.{lei}", scope)
        code = item_under_parent(s, index)
        if code is not None:
            return Resolved(f"expenditure.function.{code}", scope)
        written = _BUDGET_TAIL.sub("", s)
        code = economic_item_code(written, index.year)
        if code is not None:
            return Resolved(f"expenditure.economic.{code}", scope)
        code = function_item_code(written, index.year)
        if code is not None:
            return Resolved(f"expenditure.function.{code}", scope)
    return Resolved(None, scope)


# "江苏省高级人民法院收入预算总计", "省检察院财政拨款收入总预算": a department's own name in
# front of a total. Only totals and fund revenues are read through it: "电子政务中心项目支出"
# names a unit's part, not the department's 项目支出.
_OWN_NAME_END = re.compile(
    r"(?:人民法院|人民检察院|检察院|法院|办公厅|委员会|办公室|办事处|工作部|中心|学校|大学|局|厅|委|办|院|部)"
)
_TOTAL_CONCEPTS = frozenset({
    "revenue.total", "revenue.current", "expenditure.total", "expenditure.current",
    "revenue.fiscal", "revenue.general_budget", "revenue.gov_fund", "revenue.state_capital",
})


def _total_after_own_name(s: str, index: FunctionIndex | None) -> Resolved | None:
    """The total a phrase names after an organisation's name, None when it names none."""
    s = re.sub(r"^[─—\-]\d+[─—\-]", "", s)  # a page number run into the text: "─9─"
    if re.search(r"其中|所属|下属|各", s[:12]):
        return None
    for m in _OWN_NAME_END.finditer(s[:32]):
        rest = s[m.end():]
        if m.end() < 3 or not rest:
            continue
        r = resolve(rest, index)
        if r.concept in _TOTAL_CONCEPTS:
            return r
    return None


_TOTALS = _pattern_table("totals")


_NAMES_FUND = re.compile(r"一般公共预算|财政拨款|政府性?基金|国有资本经营")
_FUND_WORDS = re.compile(
    r"部门|单位|本级|一般公共预算|财政拨款|政府性?基金预算|政府性?基金|国有资本经营预算|拨款"
)
_SPENDING_ONLY = re.compile(r"(?:(?:决算|预算)?支出)?(?:决算|预算)?(?:支出)?(?:数)?")


def _total_concept(subject: str) -> str | None:
    """Totals only when the whole phrase names one: '部门一般公共预算拨款支出' yes,
    '工资福利支出预算' or '一般公共预算安排采购支出预算' no."""
    had_fund = bool(_NAMES_FUND.search(subject))
    core = _FUND_WORDS.sub("", subject)
    core = core.replace("年初", "").strip()
    if had_fund and _SPENDING_ONLY.fullmatch(core):
        return "expenditure.current"  # 一般公共预算（财政拨款）支出: this year's spending of that fund
    for pattern, concept in _TOTALS:
        if pattern.pattern == "" and not had_fund:
            continue
        if pattern.fullmatch(core):
            return concept
    return None


def resolve_base(base: str) -> Resolved:
    """The whole a share is taken of: '支出总预算' -> expenditure.total, '政府采购预算' -> procurement.total."""
    b = fold_subject_name(base).removesuffix("的")
    if re.search(r"三公", b):
        return Resolved("sangong.total", scope_from_words(b))
    if re.search(r"政府采购", b):
        return Resolved("procurement.total", None)
    if re.search(r"基本支出", b):
        return Resolved("expenditure.basic", scope_from_words(b))
    if re.search(r"项目支出", b):
        return Resolved("expenditure.project", scope_from_words(b))
    if re.search(r"本年支出", b):
        return Resolved("expenditure.current", scope_from_words(b))
    if re.search(r"本年收入", b):
        return Resolved("revenue.current", scope_from_words(b))
    if re.search(r"收入", b):
        return Resolved("revenue.total", scope_from_words(b))
    if re.search(r"支出|^(?:一般公共预算|财政拨款|政府性基金预算)$|总预算", b):
        return Resolved("expenditure.total", scope_from_words(b) or ("all" if "总" in b else None))
    if re.search(r"年初预算|^预算", b):
        return Resolved(None, None)
    return Resolved(None, scope_from_words(b))
