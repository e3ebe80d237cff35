"""Classification codes by year: 支出功能分类 (类/款/项), 部门预算支出经济分类 and 政府预算支出经济分类.

The catalogue is data (``taxonomy/data/*.csv``, provenance in ``SOURCES.md``). It is known to be
incomplete below the 类 level, so every answer says how sure it is: a verdict separates
"known wrong for that year" (the catalogue is confident and the pair contradicts it) from
"not in our catalogue" (we simply do not know). Rules raise errors only on the first.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

Scheme = Literal["function", "econ_dept", "econ_gov"]
Confidence = Literal["high", "medium", "low"]

SCHEMES: tuple[Scheme, ...] = ("function", "econ_dept", "econ_gov")
_FILES: dict[Scheme, str] = {
    "function": "function_codes.csv",
    "econ_dept": "economic_codes_dept.csv",
    "econ_gov": "economic_codes_gov.csv",
}
_RANK: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
_LEVELS: dict[Scheme, dict[int, str]] = {
    "function": {3: "类", 5: "款", 7: "项"},
    "econ_dept": {3: "类", 5: "款"},
    "econ_gov": {3: "类", 5: "款"},
}
_FIRST_DIGIT: dict[Scheme, str] = {"function": "2", "econ_dept": "3", "econ_gov": "5"}
SCHEME_LABEL: dict[Scheme, str] = {
    "function": "支出功能分类",
    "econ_dept": "部门预算支出经济分类",
    "econ_gov": "政府预算支出经济分类",
}


@dataclass(frozen=True, slots=True)
class CodeEntry:
    """One name a code carried over a span of years, with how sure the catalogue is of it."""

    scheme: Scheme
    code: str
    name: str
    level: str
    parent: str | None
    valid_from: int
    valid_to: int | None  # None: still valid
    confidence: Confidence
    source: str
    note: str = ""

    def valid_in(self, year: int) -> bool:
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)

    def period(self) -> str:
        return f"{self.valid_from}–{self.valid_to}" if self.valid_to else f"{self.valid_from}起"


# ---------------------------------------------------------------------------
# Loading (once per process)
# ---------------------------------------------------------------------------


def _data_text(name: str) -> str:
    return resources.files("budgetlens.taxonomy").joinpath("data", name).read_text("utf-8")


@cache
def _catalogue() -> dict[tuple[Scheme, str], tuple[CodeEntry, ...]]:
    index: dict[tuple[Scheme, str], list[CodeEntry]] = {}
    for scheme, fname in _FILES.items():
        for row in csv.DictReader(_data_text(fname).splitlines()):
            entry = CodeEntry(
                scheme=scheme,
                code=row["code"],
                name=row["name"],
                level=row["level"],
                parent=row["parent"] or None,
                valid_from=int(row["valid_from"]),
                valid_to=int(row["valid_to"]) if row["valid_to"] else None,
                confidence=row["confidence"],  # type: ignore[arg-type]
                source=row["source"],
                note=row.get("note") or "",
            )
            index.setdefault((scheme, entry.code), []).append(entry)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _complete_levels() -> tuple[tuple[str, str, str | None, int, int | None, str], ...]:
    rows = csv.DictReader(_data_text("complete_levels.csv").splitlines())
    return tuple(
        (r["scheme"], r["level"], r.get("parent") or None, int(r["valid_from"]),
         int(r["valid_to"]) if r["valid_to"] else None, r["confidence"])
        for r in rows
    )


def all_entries(scheme: Scheme | None = None) -> list[CodeEntry]:
    """Every catalogue row (for coverage reports and tests)."""
    return [e for (s, _), es in _catalogue().items() if scheme in (None, s) for e in es]


@cache
def function_class_codes() -> dict[str, str]:
    """支出功能分类 类 names of every year, without their 支出 suffix -> code
    ('卫生健康' and '医疗卫生与计划生育' -> '210'): to bind a 类 named without its code."""
    out: dict[str, str] = {}
    for e in all_entries("function"):
        if e.level == "类":
            out.setdefault(e.name.removesuffix("支出"), e.code)
    return out


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------

_DROPPED = re.compile(r"[\s“”\"'‘’「」]+")  # whitespace and quotes, removed in one pass


# Full-width ASCII forms and the ideographic space: each decomposes (NFKD) to one ASCII
# character, so putting that character in first leaves NFKC's result unchanged, and text
# that then has nothing else to fold passes NFKC's quick check instead of being decomposed
# and recomposed character by character (paragraphs are full of ，：（）).
_WIDTH_FOLD = {c: unicodedata.normalize("NFKD", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)}
assert all(len(v) == 1 and v.isascii() for v in _WIDTH_FOLD.values())


@lru_cache(maxsize=16384)
def catalogue_name_key(name: str) -> str:
    """Fold width (（ → (), drop whitespace, quotes and leading indentation marks.

    Cached: the code rules fold the same catalogue names and paragraphs many times over."""
    if not unicodedata.is_normalized("NFKC", name):
        name = name.translate(_WIDTH_FOLD)
    return _DROPPED.sub("", unicodedata.normalize("NFKC", name))


@cache
def _entries_by_name() -> dict[str, tuple[CodeEntry, ...]]:
    """Every catalogue entry under its normalized name, in catalogue order (built once)."""
    index: dict[str, list[CodeEntry]] = {}
    for es in _catalogue().values():
        for e in es:
            index.setdefault(catalogue_name_key(e.name), []).append(e)
    return {k: tuple(v) for k, v in index.items()}


def _within_one_edit(a: str, b: str) -> bool:
    """True when one insertion, deletion or substitution (or none) turns ``a`` into ``b``.

    A linear scan: only "at most one edit" is ever asked, so no full edit distance is needed.
    """
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


_BRACKETED = re.compile(r"(.)\(([^()]+)\)")


def bracket_readings(name: str) -> set[str]:
    """A normalized catalogue name with a bracketed alternative, read every way it is
    written: 维修(护)费 -> 维修费, 维护费; 退职(役)费 -> 退职费, 退役费."""
    m = _BRACKETED.search(name)
    if m is None:
        return set()
    head, tail = name[: m.start()], name[m.end():]
    return {head + m.group(1) + tail, head + m.group(2) + tail}


def is_name_variant(printed: str, expected: str) -> bool:
    """True when two names differ only as writing variants of one name.

    Covers a cell cut by a line wrap (a prefix), a dropped or added 支出/费 suffix, a
    bracketed alternative read one way (维修费 for 维修（护）费), and a one-character slip
    (工会费 / 工会经费). "其他X" is never a variant of "X", nor "未X" (未归口管理的行政单位离退休,
    2080504) of "X" (归口管理的…, 2080501): each is a different line of the catalogue.
    """
    a, b = catalogue_name_key(printed), catalogue_name_key(expected)
    if a == b or a in bracket_readings(b):
        return True
    if not a or not b:
        return False
    if any(a.startswith(w) != b.startswith(w) for w in ("其他", "未")):
        return False
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and long_.startswith(short):
        return True
    for suffix in ("支出", "费用", "费"):
        if a.removesuffix(suffix) == b.removesuffix(suffix):
            return True
    if len(short) >= 3 and _within_one_edit(a, b):
        return True
    return len(short) >= 4 and short in long_ and len(short) * 2 >= len(long_)


# ---------------------------------------------------------------------------
# Lookups
# ---------------------------------------------------------------------------


def scheme_of(code: str, hint: str | None = None) -> Scheme | None:
    """The scheme a code belongs to, from its first digit (and a table's 'function'/'economic')."""
    if not code or not code.isdigit():
        return None
    first = code[0]
    if hint == "function":
        return "function"
    if first == "2":
        return "function" if hint in (None, "function") else None
    if first == "3":
        return "econ_dept"
    if first == "5":
        return "econ_gov"
    return None


def entries(code: str, year: int | None = None, scheme: Scheme | None = None) -> list[CodeEntry]:
    """Catalogue rows for a code (valid in ``year`` when given), best confidence first."""
    scheme = scheme or scheme_of(code)
    if scheme is None:
        return []
    found = _catalogue().get((scheme, code), ())
    if year is not None:
        found = tuple(e for e in found if e.valid_in(year))
    return sorted(found, key=lambda e: -_RANK[e.confidence])


def lookup(code: str, year: int, scheme: Scheme | None = None) -> CodeEntry | None:
    """The most confident catalogue entry for a code in a year, or None if we have none."""
    found = entries(code, year, scheme)
    return found[0] if found else None


def names_for(code: str, year: int, scheme: Scheme | None = None) -> list[str]:
    """Every name the catalogue accepts for a code in a year (several around a rename)."""
    out: list[str] = []
    for e in entries(code, year, scheme):
        if e.name not in out:
            out.append(e.name)
    return out


def codes_named(name: str, year: int, scheme: Scheme | None = None,
                level: str | None = None) -> list[CodeEntry]:
    """Entries whose name in that year is exactly ``name`` (after normalization)."""
    return [e for e in _entries_by_name().get(catalogue_name_key(name), ())
            if scheme in (None, e.scheme) and e.valid_in(year) and level in (None, e.level)]


def level_complete(scheme: Scheme, level: str, year: int, code: str | None = None) -> Confidence | None:
    """How sure we are that the catalogue lists every code of this level in this year, or,
    given a code, every code of its level under its parent (the 款 of 类 301, the 项 of a 款)."""
    best: Confidence | None = None
    for s, lv, parent, start, end, conf in _complete_levels():
        if parent is not None and (code is None or not code.startswith(parent)):
            continue
        if s == scheme and lv == level and start <= year and (end is None or year <= end):
            if best is None or _RANK[conf] > _RANK[best]:
                best = conf  # type: ignore[assignment]
    return best


# ---------------------------------------------------------------------------
# Verdicts
# ---------------------------------------------------------------------------

NameStatus = Literal["valid", "variant", "renamed", "mismatch", "unknown_code", "no_year"]


@dataclass(frozen=True, slots=True)
class NameVerdict:
    """How a printed (code, name) pair compares with the catalogue for one year.

    - ``valid``: the name is one the catalogue accepts for the code that year.
    - ``variant``: a writing variant of an accepted name (cut cell, 支出 suffix, one slip).
    - ``renamed``: the name is the code's name in *another* period (e.g. 医疗卫生与计划生育支出
      in 2024).
    - ``mismatch``: a different name altogether.
    - ``unknown_code``: the catalogue has no entry for the code that year: we cannot judge.
    - ``no_year``: the document's year is unknown.

    ``confidence`` is the catalogue's best confidence for the code in that year; a verdict is
    *known invalid* only for renamed/mismatch with high confidence.
    """

    status: NameStatus
    code: str
    name: str
    year: int | None
    scheme: Scheme | None
    expected: tuple[str, ...] = ()
    confidence: Confidence | None = None
    other_periods: tuple[CodeEntry, ...] = ()  # entries of this code whose name matches, other years
    same_name: tuple[CodeEntry, ...] = ()  # entries of other codes carrying the printed name that year

    @property
    def names_another_code(self) -> bool:
        """An economic code printed with the name another code of its level carries that year
        (30301 printed 生活补助, the name of 30305): economic names are unique in a year, so
        the pair is wrong whatever the catalogue knows of the printed code itself."""
        return self.status == "mismatch" and self.scheme in ECONOMIC_SCHEMES and any(
            e.confidence == "high" for e in self.same_name)

    @property
    def known_invalid(self) -> bool:
        return self.status in ("renamed", "mismatch") and (
            self.confidence == "high" or self.names_another_code)


ECONOMIC_SCHEMES: frozenset[str] = frozenset({"econ_dept", "econ_gov"})


def _other_codes_named(code: str, name: str, year: int, scheme: Scheme | None) -> tuple[CodeEntry, ...]:
    """Entries of other codes of the same level carrying the printed name that year."""
    level = _LEVELS.get(scheme, {}).get(len(code)) if scheme else None
    return tuple(e for e in codes_named(name, year, scheme, level) if e.code != code)


def check_name(code: str, name: str, year: int | None, scheme: Scheme | None = None) -> NameVerdict:
    """Compare a printed name with the catalogue's names for that code and year."""
    scheme = scheme or scheme_of(code)
    if year is None:
        return NameVerdict("no_year", code, name, year, scheme)
    current = entries(code, year, scheme)
    target = catalogue_name_key(name)
    if not current:
        # an economic code we do not list that year, printed with the name of another code
        # (30105 伙食补助费 in 2017, where 伙食补助费 is 30106) is still a wrong pair, unless
        # the pair itself is the code's name in another year (a neighbouring year's catalogue)
        same = _other_codes_named(code, name, year, scheme) if scheme in ECONOMIC_SCHEMES else ()
        own_elsewhere = any(catalogue_name_key(e.name) == target for e in entries(code, None, scheme))
        if same and not own_elsewhere:
            return NameVerdict("mismatch", code, name, year, scheme, (), None, (), same)
        return NameVerdict("unknown_code", code, name, year, scheme)
    expected = tuple(dict.fromkeys(e.name for e in current))
    conf = current[0].confidence
    if any(catalogue_name_key(n) == target for n in expected):
        return NameVerdict("valid", code, name, year, scheme, expected, conf)
    others = tuple(e for e in entries(code, None, scheme)
                   if not e.valid_in(year) and catalogue_name_key(e.name) == target)
    same = tuple(e for e in codes_named(name, year, scheme) if e.code != code)
    if others:
        return NameVerdict("renamed", code, name, year, scheme, expected, conf, others, same)
    # 离休费 for 退休费 is one character off, but 退休费 is the name of another line: for
    # economic codes (unique names) that is a wrong code, not a writing variant
    names_other = scheme in ECONOMIC_SCHEMES and _other_codes_named(code, name, year, scheme)
    if not names_other and any(is_name_variant(name, n) for n in expected):
        return NameVerdict("variant", code, name, year, scheme, expected, conf, (), same)
    return NameVerdict("mismatch", code, name, year, scheme, expected, conf, (), same)


def is_known_invalid(code: str, name: str, year: int | None, scheme: Scheme | None = None) -> bool:
    """True only when the catalogue is confident the pair is wrong for that year.

    False for a valid pair *and* for a code we do not know: "not in our catalogue" is never
    "wrong".
    """
    return check_name(code, name, year, scheme).known_invalid


CodeStatus = Literal["known", "malformed", "other_years", "absent", "unknown", "no_year"]


@dataclass(frozen=True, slots=True)
class CodeVerdict:
    """Whether a code can exist in a year.

    - ``known``: in the catalogue for that year.
    - ``malformed``: cannot be a code of the scheme at all (length, leading digit).
    - ``other_years``: the catalogue has it, but only for other years (``entries``).
    - ``absent``: not in the catalogue, and the catalogue claims to list every code of that
      level (or of its 类) for the year; ``confidence`` says how sure that claim is.
    - ``unknown``: not in the catalogue, which is incomplete there: no judgement.
    """

    status: CodeStatus
    code: str
    year: int | None
    scheme: Scheme | None
    confidence: Confidence | None = None
    entries: tuple[CodeEntry, ...] = ()
    reason: str = ""


def check_code(code: str, year: int | None, scheme: Scheme | None = None,
               hint: str | None = None) -> CodeVerdict:
    """Can this code exist in this year? ``hint`` is a table's 'function'/'economic'."""
    raw = code
    code = (code or "").strip()
    scheme = scheme or scheme_of(code, hint)
    if not code.isdigit():
        return CodeVerdict("malformed", raw, year, scheme, "high", reason="科目编码应为数字")
    if scheme is None:
        scheme = "function" if hint == "function" else None
    if scheme is None:
        if hint == "economic":
            return CodeVerdict("malformed", code, year, None, "high",
                               reason="经济分类科目编码应以3（部门预算）或5（政府预算）开头")
        return CodeVerdict("unknown", code, year, None)
    lengths = _LEVELS[scheme]
    if len(code) not in lengths:
        allowed = "/".join(str(n) for n in lengths)
        return CodeVerdict("malformed", code, year, scheme, "high",
                           reason=f"{SCHEME_LABEL[scheme]}科目编码应为{allowed}位，此处为{len(code)}位")
    if not code.startswith(_FIRST_DIGIT[scheme]):
        return CodeVerdict("malformed", code, year, scheme, "high",
                           reason=f"{SCHEME_LABEL[scheme]}科目编码应以{_FIRST_DIGIT[scheme]}开头")
    for end, level in ((5, "款"), (7, "项")):
        if len(code) >= end and code[end - 2: end] == "00":
            # 款 and 项 are numbered from 01 under their parent: "2010031" has 款 "00"
            return CodeVerdict("malformed", code, year, scheme, "high",
                               reason=f"{level}级编码（第{end - 1}–{end}位）为00，科目编号从01起")
    if year is None:
        return CodeVerdict("no_year", code, year, scheme)
    if entries(code, year, scheme):
        return CodeVerdict("known", code, year, scheme)
    level = lengths[len(code)]
    elsewhere = tuple(entries(code, None, scheme))
    complete = level_complete(scheme, level, year, code)
    lei = code[:3]
    if len(code) > 3 and not entries(lei, year, scheme):
        lei_complete = level_complete(scheme, "类", year)
        if lei_complete:
            return CodeVerdict("absent", code, year, scheme, lei_complete, elsewhere,
                               reason=f"其所属类{lei}不在{year}年{SCHEME_LABEL[scheme]}中")
    if elsewhere:
        return CodeVerdict("other_years", code, year, scheme, complete, elsewhere)
    if complete:
        return CodeVerdict("absent", code, year, scheme, complete,
                           reason=f"{year}年{SCHEME_LABEL[scheme]}没有此{level}级科目")
    return CodeVerdict("unknown", code, year, scheme)
