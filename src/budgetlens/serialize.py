"""The JSON output contract of ``budgetlens extract`` (and the document part of ``check``).

Every amount is a decimal string with its written precision ("0.00" stays "0.00", never the
float 0.0), so no figure changes on its way through JSON; precision, unit and the text as
written travel beside the value in facts and claims, so a consumer can rebuild every interval.
Facts say whether their column was ``certain``. ``schema_version`` names the shape, published
as a JSON Schema (``budgetlens schema``).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from .model import Amount, Claim, Fact, Table
from .pipeline import Extraction
from .recognize.claims_text import sentence_at

SCHEMA_VERSION = "1.0"


def number(d: Decimal | None) -> str | None:
    """A decimal as a string in fixed notation, exactly as the Decimal holds it."""
    return None if d is None else format(d, "f")


def amount_text(a: Amount | None) -> str | None:
    """The value with as many decimals as were written: 0.00 -> "0.00", 18 -> "18"."""
    if a is None:
        return None
    value, precision = a.value, a.precision
    try:
        if precision and precision.as_tuple().exponent <= 0 and precision <= 1:
            value = value.quantize(Decimal(1).scaleb(precision.normalize().as_tuple().exponent))
    except InvalidOperation:
        pass
    return format(value, "f")


def amount_dict(a: Amount) -> dict:
    return {
        "value": amount_text(a),
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
                "values": {k: amount_text(v) for k, v in r.values.items()},
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
        "certain": f.certain,
        "measure": f.measure,
        "source": f.source,
        "table_kind": f.table_kind,
        "label": f.label,
        "location": f.location.to_dict(),
    }


def extraction_dict(x: Extraction) -> dict:
    doc = x.document
    return {
        "schema_version": SCHEMA_VERSION,
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
