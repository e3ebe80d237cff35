"""One checked document as plain rows of the store's tables, built in the worker process.

Only this record crosses back to the process that writes the store: rows of plain values
(Decimals stay Decimals) and the encoded extraction.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from decimal import Decimal

from ..check import DocumentCheck, check_extraction
from ..model import Document, Finding, Table
from ..pipeline import Extraction
from .codec import encode

# DECIMAL(38, 10) holds 28 digits before the point; a larger figure (a damaged file) is kept
# as its text only.
_LIMIT = Decimal(10) ** 27
_SCALE = Decimal(10) ** -10
MAX_CONTEXT_TEXT = 600  # characters of one line kept around a finding
TO_WAN = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000),
          "千元": Decimal("0.1"), "百万元": Decimal(100)}


def content_hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def dec(v: Decimal | None) -> Decimal | None:
    """A Decimal the column can hold exactly enough, or None."""
    if v is None or not v.is_finite() or abs(v) >= _LIMIT:
        return None
    return v.quantize(_SCALE) if v.as_tuple().exponent < -10 else v


def wan(v: Decimal | None, unit: str | None) -> Decimal | None:
    factor = TO_WAN.get(unit or "")
    return dec(v * factor) if v is not None and factor is not None else None


@dataclass(slots=True)
class DocumentRecord:
    hash: str
    path: str
    document: dict
    parts: dict[str, list[dict]] = field(default_factory=dict)  # table name -> rows

    @property
    def pages(self) -> int:
        return self.document.get("pages") or 0

    @property
    def findings(self) -> int:
        return self.document["findings_count"]


def build_record(item: tuple[str, str]) -> DocumentRecord:
    """Read, extract and check one file; ``item`` is (path, content hash).

    A file that is not a disclosure (a README beside the reports) is refused as ``check``
    refuses it (``disclosure_gate``): it becomes a failure with that message, not a document
    whose every required table would be reported missing.
    """
    from ..disclosure_gate import extract_disclosure

    path, digest = item
    started = time.perf_counter()
    x = extract_disclosure(path)
    result = check_extraction(x)
    return record_of(digest, x, result, time.perf_counter() - started)


def record_of(digest: str, x: Extraction, result: DocumentCheck, seconds: float) -> DocumentRecord:
    doc, info = x.document, x.info
    parts = {
        "tables": [table_row(digest, i, t) for i, t in enumerate(x.tables)],
        "rows": [r for t in x.tables for r in row_lines(digest, t)],
        "facts": fact_rows(digest, x),
        "claims": claim_rows(digest, x),
        "findings": finding_rows(digest, result.findings, doc),
        "finding_places": place_rows(digest, result.findings),
    }
    parts["figures"] = figure_rows(digest, parts["facts"])
    document = {
        "hash": digest, "path": doc.path, "format": doc.format, "pages": doc.pages,
        "department": info.department, "department_code": info.department_code,
        "year": info.year, "kind": info.kind, "scope": info.scope, "level": info.level,
        "title": info.title, "completeness": completeness(x),
        "extraction": encode(x), "seconds": round(seconds, 3),
        **counts(x, result.findings),
    }
    return DocumentRecord(digest, doc.path, document, parts)


def counts(x: Extraction, found: list[Finding]) -> dict:
    return {
        "tables_count": len(x.tables), "facts_count": len(x.facts),
        "claims_count": len(x.claims), "findings_count": len(found),
        "errors_count": sum(f.severity == "error" for f in found),
    }


def completeness(x: Extraction) -> float | None:
    """Share of the tables required for the document's kind and year that it contains."""
    from ..rules.completeness import required_tables

    if not x.info.kind or not x.info.year:
        return None
    required = required_tables(x.info.kind, x.info.year)
    if not required:
        return None
    kinds = {t.kind for t in x.tables}
    return round(sum(r.kind in kinds for r in required) / len(required), 4)


def table_row(digest: str, ordinal: int, t: Table) -> dict:
    return {
        "document": digest, "table_id": t.id, "ordinal": ordinal, "kind": t.kind,
        "title": t.title, "number": t.number, "money_unit": t.money_unit,
        "unit_name": t.unit_name, "empty": t.empty, "page": t.location.page,
        "rows_count": len(t.rows),
    }


def _leaves(t: Table) -> list[bool]:
    """A row is a leaf when it is no total and no other row's code extends its code."""
    codes = [r.code for r in t.rows if r.code]
    out = []
    for r in t.rows:
        if r.is_total:
            out.append(False)
        elif r.code:
            out.append(not any(c != r.code and c.startswith(r.code) for c in codes))
        else:
            out.append(True)
    return out


def row_lines(digest: str, t: Table) -> list[dict]:
    lines = []
    for index, (r, leaf) in enumerate(zip(t.rows, _leaves(t), strict=True)):
        base = {
            "document": digest, "table_id": t.id, "row_index": index, "code": r.code,
            "name": r.name, "unit": r.unit, "level": r.level, "is_total": r.is_total,
            "is_leaf": leaf, "side": r.side, "page": r.location.page,
        }
        figures = [(k, a) for k, a in r.values.items() if a is not None]
        if not figures:
            lines.append({**base, "column_key": "", "value": None, "money_unit": None,
                          "value_wan": None})
        for key, a in figures:
            unit = a.unit or t.money_unit
            lines.append({**base, "column_key": key, "value": dec(a.value), "money_unit": unit,
                          "value_wan": wan(a.value, unit)})
    return lines


def fact_rows(digest: str, x: Extraction) -> list[dict]:
    out = []
    for i, f in enumerate(x.facts):
        c = f.context
        out.append({
            "document": digest, "ordinal": i, "concept": f.concept, "period": c.period,
            "basis": c.basis, "scope": c.scope, "unit": c.unit, "column_key": c.column,
            "instance": c.instance, "value": dec(f.value.value),
            "precision": dec(f.value.precision), "money_unit": f.value.unit,
            "value_wan": wan(f.value.value, f.value.unit), "text": f.value.text,
            "source": f.source, "table_kind": f.table_kind, "label": f.label,
            "page": f.location.page, "table_id": f.location.table,
        })
    return out


def figure_rows(digest: str, fact_lines: list[dict]) -> list[dict]:
    """The largest whole-department, this-year figure per concept (schema.FIGURE_FACTS)."""
    best: dict[str, Decimal] = {}
    for f in fact_lines:
        v = f["value_wan"]
        if f["period"] == "current" and f["unit"] is None and f["instance"] is None \
                and v is not None and (f["concept"] not in best or v > best[f["concept"]]):
            best[f["concept"]] = v
    return [{"document": digest, "concept": c, "value_wan": v} for c, v in best.items()]


def claim_rows(digest: str, x: Extraction) -> list[dict]:
    from ..recognize.claims_text import sentence_at

    out = []
    for i, c in enumerate(x.claims):
        out.append({
            "document": digest, "ordinal": i, "kind": c.kind, "subject": c.subject,
            "concept": c.concept, "period": c.period, "year": c.year,
            "direction": c.direction, "base": c.base, "value": dec(c.value.value),
            "precision": dec(c.value.precision), "money_unit": c.value.unit,
            "text": c.value.text, "sentence": sentence_at(c.sentence, c.offset or 0),
            "page": c.location.page, "line": c.location.line,
        })
    return out


def finding_rows(digest: str, found: list[Finding], doc: Document) -> list[dict]:
    """One line per finding with its verdict key, its quote and the lines around its places,
    read here from the Document so that a viewer never needs the document again."""
    from ..verdicts import finding_key

    return [
        {
            "document": digest, "ordinal": i, "rule": f.rule, "severity": f.severity,
            "message": f.message, "expected": f.expected, "actual": f.actual,
            "page": f.location.page, "line": f.location.line, "table_id": f.location.table,
            "row_label": f.location.row, "column_key": f.location.column,
            "finding_key": finding_key(f), "quote": finding_quote(doc, f),
            "context": json.dumps(finding_context(doc, f), ensure_ascii=False),
        }
        for i, f in enumerate(found)
    ]


def finding_quote(doc: Document, f: Finding) -> str | None:
    from ..report.quote import quote_for

    return f.quote or quote_for(doc, f.location, f.message)


def finding_context(doc: Document, f: Finding) -> list:
    """``show``'s excerpts of the finding: [title, [[label, text, flagged], ...]] each."""
    from ..show import excerpts_of

    return [[_place_title(e.title, doc.path), [[label, text[:MAX_CONTEXT_TEXT], flagged]
                                               for label, text, flagged in e.lines]]
            for e in excerpts_of(doc, f)]


def _place_title(title: str, path: str | None) -> str:
    """'A003  /srv/x.txt:382 p.4' -> 'A003 line 382 p.4': where the file is kept is no part
    of what a reader is shown."""
    rule, _, place = title.partition("  ")
    place = place.removeprefix(path or "<input>").removeprefix("<input>")
    if place.startswith(":"):
        place = "line " + place[1:]
    return f"{rule} {place.strip()}".strip()


def place_rows(digest: str, found: list[Finding]) -> list[dict]:
    """Every place of every finding: its own (place 0) and the related ones, in order."""
    out = []
    for i, f in enumerate(found):
        for n, loc in enumerate([f.location, *f.related]):
            x0, top, x1, bottom = loc.bbox if loc.bbox is not None else (None,) * 4
            out.append({
                "document": digest, "finding": i, "place": n, "page": loc.page,
                "x0": x0, "top": top, "x1": x1, "bottom": bottom, "line": loc.line,
                "end_line": loc.end_line, "sheet": loc.sheet, "cell": loc.cell,
                "table_id": loc.table, "row_label": loc.row, "column_key": loc.column,
            })
    return out
