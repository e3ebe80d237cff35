"""Linking documents: which disclosures belong to one department, year, kind and scope.

A reviewer hands over a folder of files; the cross-document rules (family D) need to know
which file is last year's budget of the same department, which is the 决算 of a 预算, which
is a unit of which department, and which two files are one split disclosure (a narrative PDF
and its separate table PDF). Everything here works on ``Extraction`` objects, so a store can
call it with extractions rebuilt from its rows as well as with freshly read files.

A department is recognised by its code when both documents print one, else by its name
normalised (``中共江苏省委办公厅`` = ``中国共产党江苏省委员会办公厅`` = ``江苏省委办公厅``). A table
file that names no department is matched to a narrative of the same year and kind by its
figures: most amounts the narrative states must be printed in its tables.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .pipeline import Extraction

# Long official forms and the short forms disclosures also use, longest first.
_NAME_FORMS = (
    ("中国共产党", ""),
    ("人民代表大会常务委员会", "人大常委会"),
    ("政治协商会议", "政协"),
    ("委员会", "委"),
)
_LEADING_PARTY = re.compile(r"^中共")
_PUNCTUATION = re.compile(r"[\s（）()·、\"“”]")

# a figure matching needs at least this many stated amounts found in the tables …
MIN_MATCHED_FIGURES = 8
# … and this share of all the narrative's amounts that name a table concept
MIN_MATCHED_SHARE = Decimal("0.4")


def normalise_department(name: str | None) -> str | None:
    """One spelling per department: party prefix dropped, long forms shortened."""
    if not name:
        return None
    s = _PUNCTUATION.sub("", name)
    for long, short in _NAME_FORMS:
        s = s.replace(long, short)
    s = _LEADING_PARTY.sub("", s)
    return s or None


@dataclass(frozen=True, slots=True)
class DocumentKey:
    """What links two documents: department (normalised, code when printed), year, kind, scope."""

    department: str | None
    code: str | None
    year: int | None
    kind: str | None  # 'budget' 预算 / 'final' 决算
    scope: str | None  # 'department' 部门 / 'unit' 单位 / None when the file does not say

    def same_department(self, other: DocumentKey) -> bool:
        if self.code and other.code:
            return self.code == other.code
        return self.department is not None and self.department == other.department


def key_of(x: Extraction) -> DocumentKey:
    i = x.info
    return DocumentKey(normalise_department(i.department), i.department_code, i.year, i.kind, i.scope)


def is_narrative_only(x: Extraction) -> bool:
    """A 说明 without its tables (the tables were published as a separate file)."""
    return not any(t.rows for t in x.tables) and bool(x.claims)


def is_tables_only(x: Extraction) -> bool:
    """A file of report tables with no prose figures (the tables half of a split disclosure)."""
    return any(t.rows for t in x.tables) and not x.claims


@dataclass(slots=True)
class Split:
    """One disclosure published as two files: the narrative and its tables."""

    narrative: Extraction
    tables: Extraction
    by_figures: bool = False  # linked by matching figures, the table file naming no department
    matched: int = 0  # narrative amounts found in the tables
    stated: int = 0  # narrative amounts that name a table concept


@dataclass(slots=True)
class Links:
    """How a set of documents relate; every pair is (earlier or wider, later or narrower)."""

    disclosures: list[Extraction] = field(default_factory=list)  # one per disclosure, splits merged
    splits: list[Split] = field(default_factory=list)
    series: list[tuple[Extraction, Extraction]] = field(default_factory=list)  # (year − 1, year)
    budget_final: list[tuple[Extraction, Extraction]] = field(default_factory=list)  # (预算, 决算)
    department_unit: list[tuple[Extraction, Extraction]] = field(default_factory=list)  # (部门, 单位)
    versions: list[tuple[Extraction, Extraction]] = field(default_factory=list)  # same key twice
    unlinked: list[Extraction] = field(default_factory=list)


def figure_match(narrative: Extraction, tables: Extraction) -> tuple[int, int]:
    """(matched, stated): narrative amounts with a table concept, and how many of them the
    table file prints, same concept and same figure as written."""
    printed: dict[str, set[Decimal]] = defaultdict(set)
    for f in tables.facts:
        if f.source == "table" and f.context.period == "current":
            printed[f.concept].add(f.value.in_wanyuan().value)
    stated = matched = 0
    for c in narrative.claims:
        if c.kind != "amount" or c.period != "current" or not c.concept or c.value.unit is None:
            continue
        stated += 1
        if c.value.in_wanyuan().value in printed.get(c.concept, ()):
            matched += 1
    return matched, stated


def _figures_agree(matched: int, stated: int) -> bool:
    return matched >= MIN_MATCHED_FIGURES and matched >= MIN_MATCHED_SHARE * stated


def find_splits(docs: list[Extraction]) -> list[Split]:
    """Pair each narrative-only file with the tables-only file of its disclosure: same
    department, year and kind; a table file naming no department by its figures."""
    narratives = [x for x in docs if is_narrative_only(x)]
    table_files: dict[tuple, list[Extraction]] = defaultdict(list)  # by year and kind
    for x in docs:
        if is_tables_only(x):
            table_files[(x.info.year, x.info.kind)].append(x)
    splits: list[Split] = []
    used: set[int] = set()
    for n in narratives:
        kn = key_of(n)
        best: tuple[int, int, Extraction, bool] | None = None
        for t in table_files.get((kn.year, kn.kind), ()):
            if id(t) in used:
                continue
            kt = key_of(t)
            named = kt.department is not None or kt.code is not None
            if named and not kn.same_department(kt):
                continue
            matched, stated = figure_match(n, t)
            if not named and not _figures_agree(matched, stated):
                continue
            if best is None or matched > best[0]:
                best = (matched, stated, t, not named)
        if best is not None:
            matched, stated, t, by_figures = best
            used.add(id(t))
            splits.append(Split(n, t, by_figures, matched, stated))
    return splits


def merge_split(split: Split) -> Extraction:
    """One extraction of a split disclosure: the narrative's prose and the table file's tables,
    claims re-read against those tables, facts rebuilt, so that every single-document rule
    (N, P, C …) checks the narrative against its own tables. Locations keep their own file."""
    from .facts import build_facts
    from .recognize.claims import extract_claims

    n, t = split.narrative, split.tables
    doc = replace(n.document, blocks=list(n.document.blocks) + list(t.document.blocks),
                  pages=(n.document.pages or 0) + (t.document.pages or 0) or None,
                  warnings=list(n.document.warnings) + list(t.document.warnings))
    info = replace(n.info, units=n.info.units or t.info.units,
                   department_code=n.info.department_code or t.info.department_code)
    tables = list(t.tables)
    claims = extract_claims(doc, info, tables)
    return Extraction(document=doc, info=info, tables=tables, claims=claims,
                      facts=build_facts(info, tables, claims))


def link(docs: list[Extraction]) -> Links:
    """Group documents into disclosures and relate the disclosures to one another."""
    out = Links()
    out.splits = find_splits(docs)
    in_split = {id(s.narrative) for s in out.splits} | {id(s.tables) for s in out.splits}
    out.disclosures = [merge_split(s) for s in out.splits]
    out.disclosures += [x for x in docs if id(x) not in in_split]
    keys = {id(x): key_of(x) for x in out.disclosures}
    linked: set[int] = set()

    def add(pairs: list, a: Extraction, b: Extraction) -> None:
        pairs.append((a, b))
        linked.update((id(a), id(b)))

    # one bucket per department and year, so that a store's thousands of documents are not
    # compared each with each
    same_year: dict[tuple, list[Extraction]] = defaultdict(list)
    by_unit_name: dict[tuple, list[Extraction]] = defaultdict(list)  # 部门 documents by unit names
    for x in out.disclosures:
        k = keys[id(x)]
        if k.year is None:
            continue
        same_year[(k.department or k.code, k.year)].append(x)
        if k.scope == "department":
            names = {normalise_department(u.name) for u in x.info.units} | {k.department}
            for name in names - {None}:
                by_unit_name[(name, k.year, k.kind)].append(x)
    for xs in same_year.values():
        for i, a in enumerate(xs):
            for b in xs[i + 1:]:
                ka, kb = keys[id(a)], keys[id(b)]
                if not ka.same_department(kb) or not _scopes_agree(ka, kb) or {ka.scope, kb.scope} == {
                        "department", "unit"}:
                    continue
                if ka.kind == kb.kind:
                    add(out.versions, a, b)
                elif ka.kind == "budget" and kb.kind == "final":
                    add(out.budget_final, a, b)
                elif ka.kind == "final" and kb.kind == "budget":
                    add(out.budget_final, b, a)
    for b in out.disclosures:
        kb = keys[id(b)]
        if kb.scope != "unit" or kb.year is None:
            continue
        for a in by_unit_name.get((kb.department, kb.year, kb.kind), ()):
            add(out.department_unit, a, b)  # its department, or the department it is the 本级 of
    for a, b in _series(out.disclosures, keys):
        add(out.series, a, b)
    out.unlinked = [x for x in out.disclosures if id(x) not in linked]
    return out


def _scopes_agree(a: DocumentKey, b: DocumentKey) -> bool:
    """Same scope, or one file does not say (a table file rarely prints 部门/单位)."""
    return a.scope is None or b.scope is None or a.scope == b.scope


def _series(docs: list[Extraction], keys: dict[int, DocumentKey]) -> list[tuple[Extraction, Extraction]]:
    """Consecutive disclosures of one department and kind, by year (a year may be missing:
    the rules then say the prior year is not at hand)."""
    groups: dict[tuple, list[Extraction]] = defaultdict(list)
    for x in docs:
        k = keys[id(x)]
        if k.year is None or (k.department is None and k.code is None):
            continue
        groups[(k.code or k.department, k.kind, k.scope == "unit")].append(x)
    pairs = []
    for _, xs in sorted(groups.items(), key=lambda kv: str(kv[0])):
        xs.sort(key=lambda x: keys[id(x)].year)
        pairs += [(a, b) for a, b in zip(xs, xs[1:], strict=False)
                  if keys[id(a)].year < keys[id(b)].year]
    return pairs
