"""The JSON output contract of ``budgetlens extract`` (and the document part of ``check``).

Numbers are JSON numbers. Precision, unit and the text as written travel beside
the value in facts and claims, so a consumer can rebuild every interval.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .model import Amount, Claim, Fact, Table
from .pipeline import Extraction
from .recognize.claims_text import sentence_at


def number(d: Decimal | None) -> Any:
    """A JSON number. Python floats print the shortest round-trip form, so every figure of
    up to 15 significant digits comes out as written (trailing zeros aside: the written
    text and precision travel beside it)."""
    return None if d is None else float(d)


def amount_dict(a: Amount) -> dict:
    return {
        "value": number(a.value),
        "precision": number(a.precision),
        "unit": a.unit,
        "text": a.text,
    }


def table_dict(t: Table) -> dict:
    return {
        "id": t.id,
        "kind": t.kind,
        "title": t.title,
        "number": t.number,
        "money_unit": t.money_unit,
        "unit_name": t.unit_name,
        "empty": t.empty,
        "empty_note": t.empty_note,
        "location": t.location.to_dict(),
        "columns": [{"key": c.key, "path": list(c.path), "side": c.side} for c in t.columns],
        "rows": [
            {
                "code": r.code,
                "name": r.name,
                "unit": r.unit,
                "level": r.level,
                "is_total": r.is_total,
                "side": r.side,
                "values": {k: number(v.value) if v is not None else None for k, v in r.values.items()},
                **({"texts": r.texts} if r.texts else {}),
                **({"placements": r.placements} if r.placements else {}),
                **(
                    {"alternatives": {k: list(v) for k, v in r.alternatives.items()}}
                    if r.alternatives
                    else {}
                ),
                "location": r.location.to_dict(),
            }
            for r in t.rows
        ],
        "notes": t.notes,
    }


def claim_dict(c: Claim) -> dict:
    return {
        "kind": c.kind,
        "subject": c.subject,
        "concept": c.concept,
        "period": c.period,
        "year": c.year,
        "direction": c.direction,
        "base": c.base,
        "base_concept": c.base_concept,
        **amount_dict(c.value),
        "location": c.location.to_dict(),
        "sentence": sentence_at(c.sentence, c.offset or 0),
    }


def fact_dict(f: Fact) -> dict:
    ctx = f.context
    return {
        "concept": f.concept,
        "context": {
            "period": ctx.period,
            "basis": ctx.basis,
            "scope": ctx.scope,
            "unit": ctx.unit,
            "column": ctx.column,
            "instance": ctx.instance,
        },
        **amount_dict(f.value),
        "source": f.source,
        "table_kind": f.table_kind,
        "label": f.label,
        "location": f.location.to_dict(),
    }


def extraction_dict(x: Extraction) -> dict:
    doc = x.document
    return {
        "path": doc.path,
        "format": doc.format,
        "encoding": doc.encoding,
        "pages": doc.pages,
        "warnings": doc.warnings,
        "placeholder_only": doc.placeholder_only,
        "document": x.info.to_dict(),
        "tables": [table_dict(t) for t in x.tables],
        "claims": [claim_dict(c) for c in x.claims],
        "facts": [fact_dict(f) for f in x.facts],
    }


def dumps(obj: Any) -> str:
    """Indented JSON that is always valid UTF-8: lone surrogates (a broken PDF text map, an
    undecodable byte in a file name) come out as U+FFFD."""
    from .report.plain import visible

    return visible(json.dumps(obj, ensure_ascii=False, indent=2))
