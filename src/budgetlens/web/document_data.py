"""What a document's page shows, read from the store: its metadata, its findings with their
places, quotes, context lines and latest verdicts, and the boxes to draw on each PDF page."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ..model import Finding, Location
from ..render import Box, finding_boxes
from ..store.schema import documents, failures, finding_places, findings, uploads
from .reviews import latest_reviews

HASH_PATTERN = r"^[0-9a-f]{64}$"
_FAMILY = re.compile(r"[A-Z]+")
DOCUMENT_FIELDS = ("hash", "format", "pages", "department", "department_code", "year", "kind",
                   "scope", "level", "title", "tables_count", "facts_count", "claims_count",
                   "findings_count", "errors_count", "completeness", "ingested_at")


def family_of(rule: str) -> str:
    """'A003' -> 'A': the letters of a rule code name its family."""
    m = _FAMILY.match(rule or "")
    return m.group(0) if m else ""


@dataclass(slots=True)
class Place:
    number: int  # 0: the finding's own place
    page: int | None
    bbox: tuple[float, float, float, float] | None
    line: int | None
    end_line: int | None
    sheet: str | None
    cell: str | None
    table: str | None
    row: str | None
    column: str | None

    def location(self) -> Location:
        return Location(line=self.line, end_line=self.end_line, page=self.page, bbox=self.bbox,
                        sheet=self.sheet, cell=self.cell, table=self.table, row=self.row,
                        column=self.column)

    def describe(self) -> str:
        """'表 t3, 行 合计, 列 基本支出, 第4页' in the reviewer's terms."""
        parts = []
        if self.table:
            parts.append(f"表 {self.table}")
        if self.row:
            parts.append(f"行 {self.row}")
        if self.column:
            parts.append(f"列 {self.column}")
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            end = f"-{self.end_line}" if self.end_line and self.end_line != self.line else ""
            parts.append(f"第{self.line}{end}行")
        if self.sheet:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        return ", ".join(parts)

    def to_dict(self) -> dict:
        return {"place": self.number, "page": self.page,
                "bbox": list(self.bbox) if self.bbox else None, "line": self.line,
                "end_line": self.end_line, "sheet": self.sheet, "cell": self.cell,
                "table": self.table, "row": self.row, "column": self.column}


@dataclass(slots=True)
class FindingView:
    id: int  # the finding's ordinal in its document
    rule: str
    severity: str
    message: str
    expected: str | None
    actual: str | None
    key: str | None
    quote: str | None
    context: list = field(default_factory=list)  # [[title, [[label, text, flagged]]]]
    places: list[Place] = field(default_factory=list)
    review: dict | None = None

    @property
    def family(self) -> str:
        return family_of(self.rule)

    def finding(self) -> Finding:
        """As the model's Finding, for ``render.finding_boxes``."""
        own = self.places[0].location() if self.places else Location()
        return Finding(self.rule, self.severity, self.message, own,  # type: ignore[arg-type]
                       [p.location() for p in self.places[1:]], self.expected, self.actual)

    def boxes(self) -> list[Box]:
        return finding_boxes(self.finding())

    def to_dict(self) -> dict:
        return {"id": self.id, "rule": self.rule, "family": self.family,
                "severity": self.severity, "message": self.message,
                "expected": self.expected, "actual": self.actual, "key": self.key,
                "quote": self.quote, "places": [p.to_dict() for p in self.places],
                "context": [{"title": t, "lines": [{"label": a, "text": b, "flagged": c}
                                                   for a, b, c in lines]}
                            for t, lines in self.context],
                "review": self.review}


@dataclass(slots=True)
class Filters:
    severity: str | None = None
    family: str | None = None
    rule: str | None = None

    def keep(self, f: FindingView) -> bool:
        return ((not self.severity or f.severity == self.severity)
                and (not self.family or f.family == self.family)
                and (not self.rule or f.rule == self.rule))

    def active(self) -> bool:
        return bool(self.severity or self.family or self.rule)


def document_row(engine: Engine, digest: str) -> dict | None:
    cols = [documents.c[name] for name in DOCUMENT_FIELDS] + [documents.c.path, uploads.c.name]
    with engine.connect() as conn:
        row = conn.execute(select(*cols).select_from(documents.outerjoin(
            uploads, uploads.c.hash == documents.c.hash)).where(documents.c.hash == digest)).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["label"] = out.pop("name") or os.path.basename(out["path"] or "")
    return out


def public(doc: dict) -> dict:
    """The document's metadata without where the server keeps its file."""
    return {k: v for k, v in doc.items() if k != "path"}


def document_findings(engine: Engine, digest: str) -> list[FindingView]:
    with engine.connect() as conn:
        lines = conn.execute(select(findings).where(findings.c.document == digest)
                             .order_by(findings.c.ordinal)).mappings().all()
        places = conn.execute(select(finding_places).where(finding_places.c.document == digest)
                              .order_by(finding_places.c.finding, finding_places.c.place)
                              ).mappings().all()
    reviews = latest_reviews(engine, digest)
    by_finding: dict[int, list[Place]] = {}
    for p in places:
        bbox = (p["x0"], p["top"], p["x1"], p["bottom"]) if p["x0"] is not None else None
        by_finding.setdefault(p["finding"], []).append(Place(
            p["place"], p["page"], bbox, p["line"], p["end_line"], p["sheet"], p["cell"],
            p["table_id"], p["row_label"], p["column_key"]))
    out = []
    for f in lines:
        out.append(FindingView(
            f["ordinal"], f["rule"], f["severity"], f["message"] or "", f["expected"],
            f["actual"], f["finding_key"], f["quote"], json.loads(f["context"] or "[]"),
            by_finding.get(f["ordinal"], []), reviews.get(f["finding_key"])))
    return out


def store_listing(engine: Engine, limit: int = 200, offset: int = 0) -> dict:
    """Documents newest first (``limit`` of them from ``offset``) with their findings by
    severity, their total, and the files that failed."""
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(documents)).scalar()
        docs = conn.execute(
            select(documents.c.hash, documents.c.department, documents.c.year,
                   documents.c.kind, documents.c.scope, documents.c.format, documents.c.path,
                   documents.c.findings_count, documents.c.ingested_at, uploads.c.name)
            .select_from(documents.outerjoin(uploads, uploads.c.hash == documents.c.hash))
            .order_by(documents.c.ingested_at.desc(), documents.c.hash)
            .limit(limit).offset(offset)).mappings().all()
        listed = [d["hash"] for d in docs]
        counts = conn.execute(select(findings.c.document, findings.c.severity, func.count())
                              .where(findings.c.document.in_(listed))
                              .group_by(findings.c.document, findings.c.severity)).all() \
            if listed else []
        failed = conn.execute(
            select(failures.c.path, failures.c.hash, failures.c.kind, failures.c.problem,
                   failures.c.failed_at, uploads.c.name)
            .select_from(failures.outerjoin(uploads, uploads.c.hash == failures.c.hash))
            .order_by(failures.c.failed_at.desc())).mappings().all()
    by_doc: dict[str, dict[str, int]] = {}
    for document, severity, n in counts:
        by_doc.setdefault(document, {})[severity] = n
    out_docs = []
    for d in docs:
        severities = by_doc.get(d["hash"], {})
        out_docs.append({
            "hash": d["hash"], "label": d["name"] or os.path.basename(d["path"] or ""),
            "department": d["department"], "year": d["year"], "kind": d["kind"],
            "scope": d["scope"], "format": d["format"], "findings": d["findings_count"],
            "errors": severities.get("error", 0), "warnings": severities.get("warning", 0),
            "infos": severities.get("info", 0), "ingested_at": d["ingested_at"],
            "url": f"/documents/{d['hash']}",
        })
    out_failed = [{"label": f["name"] or os.path.basename(f["path"] or ""), "hash": f["hash"],
                   "kind": f["kind"], "problem": f["problem"], "failed_at": f["failed_at"]}
                  for f in failed]
    return {"total": total, "documents": out_docs, "failures": out_failed}
