"""The corpus as the pages show it, read from the store: departments, a department over the
years, peers, findings by rule, completeness.

A department is its name normalised as ``link.py`` does (``中共江苏省委办公厅`` and
``江苏省委办公厅`` are one), so the documents of one department are found whatever spelling each
prints. Figures come from the store's ``figures`` table (one headline figure per document and
concept, in 万元) and the named views of ``store/views.py``.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache

from sqlalchemy.engine import Engine

from .. import link
from ..store import views
from . import corpus_models as m
from .amounts import amount_text

KIND_LABELS = {"budget": "预算", "final": "决算"}
SCOPE_LABELS = {"department": "部门", "unit": "单位"}

HEADLINE = ("expenditure.total", "revenue.total", "expenditure.basic", "expenditure.project",
            "sangong.total", "sangong.overseas", "sangong.vehicle", "sangong.reception",
            "admin_operating", "meeting", "training", "procurement.total")
# concept -> the named view ranking the peers on it
PEER_VIEWS = {"sangong.total": ("peers", "sangong.total"), "admin_operating": ("peers", "admin_operating")}
_FUNCTION_CLASS = re.compile(r"^expenditure\.function\.(\d{3})$")


@lru_cache(maxsize=1 << 16)
def normalise_department(name: str | None) -> str | None:
    """The department's one spelling (``link.normalise_department``), remembered per name."""
    return link.normalise_department(name)


def concept_label(concept: str) -> str:
    from ..taxonomy.concepts import label

    return label(concept)


def class_name(code: str, year: int | None) -> str:
    """The 功能分类 类 name valid in the year ('204' -> '公共安全支出')."""
    from ..taxonomy.codes import lookup, names_for

    entry = lookup(code, year) if year else None
    if entry is not None:
        return entry.name
    names = names_for(code, year or 2024, "function")
    return names[0] if names else code


def year_kind_label(year: int | None, kind: str | None) -> str:
    return f"{year if year is not None else '年度不明'} {KIND_LABELS.get(kind or '', '类别不明')}"


def document_ref(d: dict) -> m.DocumentRef:
    return m.DocumentRef(
        hash=d["hash"], file_name=os.path.basename(d["path"] or ""), department=d["department"],
        year=d["year"], kind=d["kind"], scope=d["scope"], level=d["level"],
        completeness=d["completeness"], findings=d["findings_count"] or 0,
        errors=d["errors_count"] or 0)


def _by_department(docs: list[dict]) -> tuple[dict[str, list[dict]], list[dict]]:
    named: dict[str, list[dict]] = defaultdict(list)
    unnamed = []
    for d in docs:
        name = normalise_department(d["department"])
        (named[name] if name else unnamed).append(d)
    return dict(sorted(named.items())), unnamed


def _year_kinds(docs: list[dict]) -> dict[tuple[int | None, str | None], list[dict]]:
    out: dict[tuple[int | None, str | None], list[dict]] = defaultdict(list)
    for d in sorted(docs, key=lambda d: (d["year"] or 0, d["kind"] or "", d["path"] or "")):
        out[(d["year"], d["kind"])].append(d)
    return out


def departments(engine: Engine, offset: int = 0, limit: int = 200,
                query: str | None = None) -> m.DepartmentsOut:
    """One page of the departments (by name), those whose name contains ``query`` when given."""
    named, unnamed = _by_department(views.stored_documents(engine))
    if query:
        named = {n: ds for n, ds in named.items()
                 if query in n or any(query in (d["department"] or "") for d in ds)}
    out = []
    for name, docs in list(named.items())[offset:offset + limit]:
        out.append(m.DepartmentSummary(
            name=name, spellings=sorted({d["department"] for d in docs}),
            years=[m.YearKind(year=y, kind=k, label=year_kind_label(y, k),
                              scopes=sorted({d["scope"] for d in ds if d["scope"]}),
                              documents=[d["hash"] for d in ds])
                   for (y, k), ds in _year_kinds(docs).items()],
            documents=[document_ref(d) for d in docs],
            findings=sum(d["findings_count"] or 0 for d in docs),
            errors=sum(d["errors_count"] or 0 for d in docs)))
    return m.DepartmentsOut(total=len(named), offset=offset, limit=limit, departments=out,
                            unnamed=[document_ref(d) for d in unnamed] if not query else [])


def department_documents(engine: Engine, name: str) -> list[dict]:
    return [d for d in views.stored_documents(engine)
            if normalise_department(d["department"]) == name]


def _whole_department(docs: list[dict]) -> list[dict]:
    """The documents speaking for the whole department in a year: its 部门 disclosure (or a
    file that does not say, such as a table file), 单位 ones only when there is nothing else."""
    whole = [d for d in docs if d["scope"] != "unit"]
    return whole or docs


def merged_figures(docs: list[dict], figures: dict[str, dict[str, Decimal]]) -> dict[str, Decimal]:
    """One year's figures over its documents (a split disclosure's narrative and tables): the
    largest stated per concept, as the figures table itself chooses within one document."""
    out: dict[str, Decimal] = {}
    for d in _whole_department(docs):
        for concept, v in figures.get(d["hash"], {}).items():
            if concept not in out or v > out[concept]:
                out[concept] = v
    return out


def department(engine: Engine, name: str) -> m.DepartmentOut | None:
    docs = department_documents(engine, name)
    if not docs:
        return None
    figures = views.document_figures(engine, [d["hash"] for d in docs])
    years = []
    for (year, kind), ds in _year_kinds(docs).items():
        f = merged_figures(ds, figures)
        classes = sorted((match.group(1), v) for c, v in f.items()
                         if (match := _FUNCTION_CLASS.match(c)))
        years.append(m.DepartmentYear(
            year=year, kind=kind, label=year_kind_label(year, kind),
            documents=[d["hash"] for d in ds],
            figures=[m.Figure(concept=c, label=concept_label(c), value_wan=amount_text(f.get(c)))
                     for c in HEADLINE],
            function_classes=[m.FunctionClass(code=code, name=class_name(code, year),
                                              value_wan=amount_text(v)) for code, v in classes]))
    return m.DepartmentOut(
        name=name, spellings=sorted({d["department"] for d in docs}),
        documents=[document_ref(d) for d in docs], years=years,
        budget_vs_final=budget_vs_final(years), peers=peers(engine, name, docs))


def budget_vs_final(years: list[m.DepartmentYear]) -> list[m.BudgetFinal]:
    """支出总计 of each year's budget beside that of the same year's final account."""
    totals: dict[int, dict[str, str | None]] = defaultdict(dict)
    for y in years:
        if y.year is None or y.kind not in KIND_LABELS:
            continue
        total = next(f.value_wan for f in y.figures if f.concept == "expenditure.total")
        totals[y.year][y.kind] = total
    return [m.BudgetFinal(year=year, budget_wan=t.get("budget"), final_wan=t.get("final"))
            for year, t in sorted(totals.items())]


def peers(engine: Engine, name: str, docs: list[dict]) -> list[m.PeerRanking]:
    """The department among the documents of the same year and kind, ranked by the named views
    on 三公经费 and 机关运行经费; one line per department (its highest document)."""
    own = {(d["year"], d["kind"]) for d in docs}
    mine = {d["hash"] for d in docs}
    out = []
    for concept, (view, view_concept) in PEER_VIEWS.items():
        cols, rows = views.ranked_among(engine, view, own, view_concept)
        groups: dict[tuple[int, str], list[dict]] = defaultdict(list)
        for row in rows:
            r = dict(zip(cols, row, strict=True))
            groups[(r["year"], r["kind"])].append(r)
        for (year, kind), rs in sorted(groups.items()):
            ranked = _peer_rows(rs, name, mine)
            out.append(m.PeerRanking(concept=concept, label=concept_label(concept), year=year,
                                     kind=kind, total=len(ranked), rows=_around_self(ranked)))
    return out


PEERS_TOP, PEERS_AROUND = 10, 2


def _around_self(rows: list[m.PeerRow]) -> list[m.PeerRow]:
    """The first ones, and the department with its neighbours wherever it stands."""
    near = {i for i, r in enumerate(rows) if r.is_self}
    keep = set(range(PEERS_TOP)) | {j for i in near
                                    for j in range(i - PEERS_AROUND, i + PEERS_AROUND + 1)}
    return [r for i, r in enumerate(rows) if i in keep]


def _peer_rows(rows: list[dict], name: str, mine: set[str]) -> list[m.PeerRow]:
    seen: set[str] = set()
    out: list[m.PeerRow] = []
    for r in rows:  # the view orders them by rank
        dept = normalise_department(r["department"]) or "（未识别部门）"
        if dept in seen:
            continue
        seen.add(dept)
        tied = out and Decimal(out[-1].value_wan) == r["value_wan"]
        out.append(m.PeerRow(
            position=len(out) + 1, rank=out[-1].rank if tied else len(out) + 1,
            department=dept, value_wan=amount_text(r["value_wan"]), document=r["document"],
            is_self=dept == name or r["document"] in mine))
    return out


def findings_by_rule(engine: Engine, department: str | None = None) -> m.FindingsOut:
    cols, rows = views.run_view(engine, "findings-by-rule", department=department)
    rules = [dict(zip(cols, r, strict=True)) for r in rows]
    return m.FindingsOut(
        total=sum(r["findings"] for r in rules),
        rules=[m.RuleCount(rule=r["rule"], title=rule_title(r["rule"]), severity=r["severity"],
                           findings=r["findings"], documents=r["documents"]) for r in rules])


def rule_title(code: str) -> str:
    from ..rules import REGISTRY
    from ..rules.crossdoc import CROSS_REGISTRY
    from ..rules.engine import RULE_ERROR_CODE

    if code in REGISTRY:
        return REGISTRY[code].title
    if code in CROSS_REGISTRY:
        return CROSS_REGISTRY[code].title
    if code == RULE_ERROR_CODE:
        return "规则运行出错 a rule failed on this document"
    return ""


FINDINGS_LIMIT = 1000


def rule_findings(engine: Engine, rule: str, severity: str | None = None) -> m.RuleFindingsOut:
    rows = views.findings_of_rule(engine, rule, severity, limit=FINDINGS_LIMIT + 1)
    return m.RuleFindingsOut(
        rule=rule, title=rule_title(rule), severity=severity, truncated=len(rows) > FINDINGS_LIMIT,
        findings=[m.FindingRef(
            document=r["document"], file_name=os.path.basename(r["path"] or ""),
            department=r["department"], year=r["year"], kind=r["kind"], ordinal=r["ordinal"],
            severity=r["severity"], message=r["message"], expected=r["expected"],
            actual=r["actual"], page=r["page"], line=r["line"]) for r in rows[:FINDINGS_LIMIT]])


def completeness(engine: Engine, offset: int = 0, limit: int = 200) -> m.CompletenessOut:
    """Each document's completeness score and the required tables it lacks, lowest first."""
    from ..rules.completeness import required_tables

    docs = sorted(views.stored_documents(engine),
                  key=lambda d: (d["completeness"] is None, d["completeness"] or 0, d["path"]))
    page = docs[offset:offset + limit]
    held = views.stored_table_kinds(engine, [d["hash"] for d in page])
    out = []
    for d in page:
        required = required_tables(d["kind"], d["year"]) if d["kind"] and d["year"] else None
        missing = None
        if required:
            present = held.get(d["hash"], set())
            missing = [m.MissingTable(kind=r.kind, title=r.title)
                       for r in required if r.kind not in present]
        out.append(m.CompletenessRow(document=document_ref(d),
                                     required=len(required) if required else None,
                                     missing=missing))
    return m.CompletenessOut(total=len(docs), offset=offset, limit=limit, documents=out)
