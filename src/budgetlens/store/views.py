"""Named views over the store: plain SQL that DuckDB and PostgreSQL both run.

Money is compared in 万元 (``value_wan``), whatever unit each document printed, through the
``figures`` table (one headline figure per document and concept).
"""

from __future__ import annotations

from dataclasses import dataclass

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
                   d.year, d.kind, d.department, f.value_wan, d.path
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
