"""Named views over the store: plain SQL that DuckDB and PostgreSQL both run.

Money is compared in 万元 (``value_wan``), whatever unit each document printed, through the
``figures`` table (one headline figure per document and concept).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.engine import Engine

# A document's headline figure for a concept (the figures table).
_FIGURE = "SELECT document, value_wan FROM figures WHERE concept = :concept"

@dataclass(frozen=True, slots=True)
class View:
    name: str
    title: str
    sql: str
    params: tuple[str, ...] = ()


VIEWS = {
    v.name: v
    for v in [
        View(
            "department-years",
            "A department over the years: total expenditure and 三公经费 (万元) per document",
            f"""
            SELECT d.department, d.year, d.kind, d.scope, e.value_wan AS expenditure_wan,
                   s.value_wan AS sangong_wan, d.findings_count, d.path
            FROM documents d
            LEFT JOIN ({_FIGURE.replace(':concept', "'expenditure.total'")}) e
                   ON e.document = d.hash
            LEFT JOIN ({_FIGURE.replace(':concept', "'sangong.total'")}) s
                   ON s.document = d.hash
            WHERE (CAST(:department AS VARCHAR) IS NULL OR d.department LIKE :department)
            ORDER BY d.department, d.year, d.kind, d.path
            """,
            ("department",),
        ),
        View(
            "peers",
            "Peers ranked on a figure (--concept sangong.total, admin_operating …), 万元",
            f"""
            SELECT RANK() OVER (PARTITION BY d.year, d.kind ORDER BY f.value_wan DESC) AS rank,
                   d.year, d.kind, d.department, f.value_wan, d.path, d.hash AS document
            FROM documents d JOIN ({_FIGURE}) f ON f.document = d.hash
            WHERE (CAST(:department AS VARCHAR) IS NULL OR d.department LIKE :department)
            ORDER BY d.year, d.kind, rank, d.department
            """,
            ("concept", "department"),
        ),
        View(
            "findings-by-rule",
            "Findings by rule across the store",
            """
            SELECT f.rule, f.severity, COUNT(*) AS findings,
                   COUNT(DISTINCT f.document) AS documents
            FROM findings f JOIN documents d ON d.hash = f.document
            WHERE (CAST(:department AS VARCHAR) IS NULL OR d.department LIKE :department)
            GROUP BY f.rule, f.severity
            ORDER BY findings DESC, f.rule, f.severity
            """,
            ("department",),
        ),
        View(
            "completeness",
            "Completeness per document: share of the required tables present",
            """
            SELECT d.path, d.department, d.year, d.kind, d.completeness, d.tables_count,
                   d.errors_count, d.findings_count
            FROM documents d
            WHERE (CAST(:department AS VARCHAR) IS NULL OR d.department LIKE :department)
            ORDER BY d.completeness, d.path
            """,
            ("department",),
        ),
    ]
}

DEFAULT_PEER_CONCEPT = "sangong.total"


def run_view(engine: Engine, name: str, department: str | None = None,
             concept: str | None = None) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a named view; ``department`` is a LIKE pattern or a name part."""
    view = VIEWS[name]
    params: dict = {}
    if "department" in view.params:
        params["department"] = f"%{department}%" if department and "%" not in department \
            else department
    if "concept" in view.params:
        params["concept"] = concept or DEFAULT_PEER_CONCEPT
    return run_sql(engine, view.sql, params)


def run_sql(engine: Engine, sql: str, params: dict | None = None) -> tuple[list[str], list[tuple]]:
    with engine.connect() as conn:
        res = conn.execute(text(sql), params or {})
        return list(res.keys()), [tuple(r) for r in res]


# ---------------------------------------------------------------------------
# Reads for the corpus pages of the web app (plain rows; the pages shape them)
# ---------------------------------------------------------------------------

DOCUMENT_COLUMNS = ("hash", "path", "format", "pages", "department", "department_code", "year",
                    "kind", "scope", "level", "title", "tables_count", "findings_count",
                    "errors_count", "completeness")


def stored_documents(engine: Engine) -> list[dict]:
    """Every stored document's metadata and counts (never its extraction)."""
    cols = ", ".join(DOCUMENT_COLUMNS)
    _, rows = run_sql(engine, f"SELECT {cols} FROM documents ORDER BY department, year, kind, path")
    return [dict(zip(DOCUMENT_COLUMNS, r, strict=True)) for r in rows]


def document_figures(engine: Engine, hashes: list[str]) -> dict[str, dict[str, Decimal]]:
    """The headline figures (万元) of the documents named: hash -> concept -> value."""
    out: dict[str, dict[str, Decimal]] = {h: {} for h in hashes}
    if not hashes:
        return out
    names = {f"h{i}": h for i, h in enumerate(hashes)}
    sql = (f"SELECT document, concept, value_wan FROM figures "
           f"WHERE document IN ({', '.join(':' + k for k in names)})")
    for document, concept, value in run_sql(engine, sql, names)[1]:
        out[document][concept] = value
    return out


def stored_table_kinds(engine: Engine, hashes: list[str]) -> dict[str, set[str]]:
    """The standard table kinds each of the documents named holds: hash -> kinds."""
    out: dict[str, set[str]] = {h: set() for h in hashes}
    if not hashes:
        return out
    names = {f"h{i}": h for i, h in enumerate(hashes)}
    sql = (f"SELECT DISTINCT document, kind FROM tables WHERE kind IS NOT NULL "
           f"AND document IN ({', '.join(':' + k for k in names)})")
    for document, kind in run_sql(engine, sql, names)[1]:
        out[document].add(kind)
    return out


FINDING_COLUMNS = ("document", "ordinal", "rule", "severity", "message", "expected", "actual",
                   "page", "line", "row_label", "path", "department", "year", "kind")


def findings_of_rule(engine: Engine, rule: str, severity: str | None = None,
                     limit: int = 1000) -> list[dict]:
    """The stored findings of one rule (and severity), with their documents, at most ``limit``."""
    sql = f"""
        SELECT f.document, f.ordinal, f.rule, f.severity, f.message, f.expected, f.actual,
               f.page, f.line, f.row_label, d.path, d.department, d.year, d.kind
        FROM findings f JOIN documents d ON d.hash = f.document
        WHERE f.rule = :rule AND (CAST(:severity AS VARCHAR) IS NULL OR f.severity = :severity)
        ORDER BY d.department, d.year, d.path, f.ordinal
        LIMIT {int(limit)}
    """
    rows = run_sql(engine, sql, {"rule": rule, "severity": severity})[1]
    return [dict(zip(FINDING_COLUMNS, r, strict=True)) for r in rows]


def ranked_among(engine: Engine, name: str, year_kinds: set[tuple[int, str]],
                 concept: str | None = None) -> tuple[list[str], list[tuple]]:
    """A ranking view (``peers``) over the whole store, keeping the rows of
    the years and kinds named: the ranks are those among all documents of each year and kind."""
    known = sorted((y, k) for y, k in year_kinds if y is not None and k is not None)
    view = VIEWS[name]
    if not known:
        return [], []
    params: dict = {"department": None}
    if "concept" in view.params:
        params["concept"] = concept or DEFAULT_PEER_CONCEPT
    where = []
    for i, (year, kind) in enumerate(known):
        where.append(f"(v.year = :y{i} AND v.kind = :k{i})")
        params[f"y{i}"], params[f"k{i}"] = year, kind
    sql = (f"SELECT * FROM ({view.sql}) v WHERE {' OR '.join(where)} "
           f"ORDER BY v.year, v.kind, v.rank, v.department")
    return run_sql(engine, sql, params)
