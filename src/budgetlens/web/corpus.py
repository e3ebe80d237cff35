"""The corpus views: departments and years, a department over the years, findings by rule,
completeness. Each page is rendered on the server; its JSON twin lives under ``/api/corpus``."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from . import corpus_data as data
from . import corpus_models as m
from .amounts import amount_label
from .app import TEMPLATES
from .corpus_charts import department_charts

router = APIRouter()
SEVERITY = r"^(error|warning|info)$"
RULE_CODE = r"^[A-Z][0-9]{3}$"
# a department name part: printable text only (a NUL cannot reach PostgreSQL)
NAME_PART = r"^[^\x00-\x1f\x7f]*$"


def _engine(request: Request):
    return request.app.state.engine


def _department_or_404(request: Request, name: str) -> m.DepartmentOut:
    """The department by its name normalised, or by any spelling of it."""
    found = data.department(_engine(request), data.normalise_department(name) or name)
    if found is None:
        raise HTTPException(404, f"no stored document of department {name!r}")
    return found


def _offset():
    return Query(0, ge=0, le=10_000_000, description="where the page starts")


def _limit():
    return Query(200, ge=1, le=1000, description="how many the page lists")


def _name_part():
    return Query(None, max_length=200, pattern=NAME_PART,
                 description="a part of the department's name")


def _page(request: Request, template: str, **context) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, template, {
        "amount": amount_label, "kinds": data.KIND_LABELS, "scopes": data.SCOPE_LABELS,
        **context})


# --- JSON ---------------------------------------------------------------------------------

@router.get("/api/corpus/departments", response_model=m.DepartmentsOut, tags=["corpus"])
def api_departments(request: Request, offset: int = _offset(), limit: int = _limit(),
                    q: str | None = _name_part()) -> m.DepartmentsOut:
    """Every department (name normalised), the years and kinds stored, its documents."""
    return data.departments(_engine(request), offset, limit, q)


@router.get("/api/corpus/departments/{name:path}", response_model=m.DepartmentOut, tags=["corpus"],
            responses={404: {"model": m.NotFound, "description": "no stored document names it"}})
def api_department(request: Request, name: str) -> m.DepartmentOut:
    """A department over the years: headline figures, 功能分类 类, budget vs final, peers."""
    return _department_or_404(request, name)


@router.get("/api/corpus/findings", response_model=m.FindingsOut, tags=["corpus"])
def api_findings(request: Request, department: str | None = _name_part()) -> m.FindingsOut:
    """Findings across the corpus: counts per rule and severity, and the documents concerned."""
    return data.findings_by_rule(_engine(request), department)


@router.get("/api/corpus/findings/{rule}", response_model=m.RuleFindingsOut, tags=["corpus"])
def api_rule_findings(request: Request, rule: str = Path(pattern=RULE_CODE),
                      severity: str | None = Query(None, pattern=SEVERITY,
                                                   description="error, warning or info")
                      ) -> m.RuleFindingsOut:
    """The stored findings of one rule, with their documents."""
    return data.rule_findings(_engine(request), rule, severity)


@router.get("/api/corpus/completeness", response_model=m.CompletenessOut, tags=["corpus"])
def api_completeness(request: Request, offset: int = _offset(),
                     limit: int = _limit()) -> m.CompletenessOut:
    """Each document's share of the required tables, and the ones it lacks (lowest first)."""
    return data.completeness(_engine(request), offset, limit)


# --- pages --------------------------------------------------------------------------------

@router.get("/corpus", response_class=HTMLResponse, include_in_schema=False)
def corpus_page(request: Request, offset: int = _offset(), limit: int = _limit(),
                q: str | None = _name_part()):
    return _page(request, "corpus_departments.html", q=q,
                 corpus=data.departments(_engine(request), offset, limit, q))


@router.get("/corpus/departments/{name:path}", response_class=HTMLResponse, include_in_schema=False)
def department_page(request: Request, name: str):
    dept = _department_or_404(request, name)
    return _page(request, "corpus_department.html", dept=dept, charts=department_charts(dept))


@router.get("/corpus/findings", response_class=HTMLResponse, include_in_schema=False)
def findings_page(request: Request, department: str | None = _name_part()):
    return _page(request, "corpus_findings.html", department=department,
                 findings=data.findings_by_rule(_engine(request), department))


@router.get("/corpus/findings/{rule}", response_class=HTMLResponse, include_in_schema=False)
def rule_findings_page(request: Request, rule: str = Path(pattern=RULE_CODE),
                       severity: str | None = Query(None, pattern=SEVERITY)):
    return _page(request, "corpus_rule.html",
                 found=data.rule_findings(_engine(request), rule, severity))


@router.get("/corpus/completeness", response_class=HTMLResponse, include_in_schema=False)
def completeness_page(request: Request, offset: int = _offset(), limit: int = _limit()):
    return _page(request, "corpus_completeness.html",
                 completeness=data.completeness(_engine(request), offset, limit))
