"""``budgetlens compare``: documents linked, split disclosures checked as one, D rules run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..check import DocumentCheck, check_extraction
from ..link import Links, link
from ..pipeline import Extraction
from ..rules.crossdoc import CrossCheck, run_cross_rules


@dataclass
class TogetherCheck:
    links: Links
    checks: list[DocumentCheck] = field(default_factory=list)  # one per disclosure
    cross: CrossCheck = field(default_factory=CrossCheck)

    @property
    def has_error(self) -> bool:
        return any(f.severity == "error" for c in self.checks for f in c.findings) or any(
            f.severity == "error" for f in self.cross.all_findings())


def check_together(docs: list[Extraction]) -> TogetherCheck:
    """Link the documents, check every disclosure (splits merged) and run the D rules."""
    links = link(docs)
    return TogetherCheck(links, [check_extraction(x) for x in links.disclosures], run_cross_rules(links))


def _name(x: Extraction) -> str:
    return Path(x.path).name


def _loc(f) -> str:
    where = [Path(f.location.path).name] if f.location.path else []
    if f.location.page:
        where.append(f"p.{f.location.page}")
    if f.location.line:
        where.append(f"l.{f.location.line}")
    return " ".join(where)


def together_dict(r: TogetherCheck) -> dict:
    from .json import finding_dict

    pairs = {k: [[_name(a), _name(b)] for a, b in getattr(r.links, k)]
             for k in ("series", "budget_final", "department_unit", "versions")}
    from ..versions import compare_versions

    return {
        "changes": [{"old": _name(a), "new": _name(b), "changes": len(compare_versions(a, b))}
                    for a, b in r.links.versions],
        "splits": [{"narrative": _name(s.narrative), "tables": _name(s.tables), "by_figures": s.by_figures,
                    "matched": s.matched, "stated": s.stated} for s in r.links.splits],
        **pairs,
        "unlinked": [_name(x) for x in r.links.unlinked],
        "documents": [{"path": c.path, "counts": c.counts, "findings": [finding_dict(f) for f in c.findings]}
                      for c in r.checks],
        "crossdoc": {"outcomes": {k: o.to_dict() for k, o in r.cross.outcomes.items()},
                     "findings": [finding_dict(f) for f in r.cross.all_findings()]},
    }


def render_together(r: TogetherCheck, fmt: str, echo: Callable[[str], None]) -> None:
    if fmt == "json":
        from ..serialize import dumps

        echo(dumps(together_dict(r)))
        return
    for s in r.links.splits:
        how = f"按数字匹配 {s.matched}/{s.stated}" if s.by_figures else "按部门、年度"
        echo(f"合并公开: {_name(s.narrative)} + {_name(s.tables)} ({how})")
    for label, key in (("上下年度", "series"), ("预算-决算", "budget_final"), ("部门-单位", "department_unit"),
                       ("版本", "versions")):
        for a, b in getattr(r.links, key):
            echo(f"{label}: {_name(a)} → {_name(b)}")
    if r.links.versions:
        from ..versions import compare_versions

        for a, b in r.links.versions:
            echo(f"版本差异: {_name(a)} → {_name(b)}: {len(compare_versions(a, b))} figures changed"
                 " (budgetlens compare --versions lists them)")
    for c in r.checks:
        errors = sum(f.severity == "error" for f in c.findings)
        echo(f"\n{_name(c.extraction)}: {len(c.findings)} findings ({errors} errors)")
        for f in c.findings:
            echo(f"  {f.severity:<7} {f.rule} {_loc(f)}  {f.message}")
    echo("\n跨文件检查 (D):")
    for code, o in r.cross.outcomes.items():
        echo(f"  {code} {o.title}: {o.status} {dict(o.counts)}")
    for f in r.cross.all_findings():
        echo(f"  {f.severity:<7} {f.rule} {_loc(f)}  {f.message}")


def render_versions(docs: list[Extraction], fmt: str, echo: Callable[[str], None]) -> None:
    """Each file against the one before it, figure by figure."""
    from ..versions import compare_versions

    out = []
    for old, new in zip(docs, docs[1:], strict=False):
        changes = compare_versions(old, new)
        out.append({"old": _name(old), "new": _name(new), "changes": [
            {"what": c.what, "change": c.change, "before": c.before, "after": c.after,
             "where": _loc_of(c.location)} for c in changes]})
    if fmt == "json":
        from ..serialize import dumps

        echo(dumps({"versions": out}))
        return
    for v in out:
        echo(f"{v['old']} → {v['new']}: {len(v['changes'])} figures changed")
        for c in v["changes"]:
            echo(f"  {c['change']} {c['what']}: {c['before'] or '—'} → {c['after'] or '—'}  ({c['where']})")


def _loc_of(loc) -> str:
    if loc is None:
        return ""
    return " ".join(x for x in (Path(loc.path).name if loc.path else "", f"p.{loc.page}" if loc.page else "") if x)
