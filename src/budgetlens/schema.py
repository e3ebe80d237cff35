"""The published JSON Schema of ``extract`` and ``check`` output (``budgetlens schema``).

One schema (draft 2020-12) for both commands' ``--format json`` object, each ``jsonl`` line
being one of its documents. It fixes what consumers rely on: amounts are decimal strings as
written, facts say whether they are ``certain``, every document carries ``schema_version``.
Objects stay open to added keys, so a consumer written for 1.x keeps working.
"""

from __future__ import annotations

from .serialize import SCHEMA_VERSION

SCHEMA_ID = f"https://budgetlens.invalid/schema/{SCHEMA_VERSION}/output.json"

_DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
            "description": "A decimal as written: '0.00' keeps its two places."}
_INT = {"type": "integer"}
_STR_OR_NULL = {"type": ["string", "null"]}
_INT_OR_NULL = {"type": ["integer", "null"]}


def _amount_properties() -> dict:
    return {
        "value": _DECIMAL,
        "precision": _DECIMAL,
        "unit": _STR_OR_NULL,
        "text": {"type": "string"},
    }


def output_schema() -> dict:
    location = {
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "line": _INT_OR_NULL, "end_line": _INT_OR_NULL, "page": _INT_OR_NULL,
            "bbox": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
            "sheet": _STR_OR_NULL, "cell": _STR_OR_NULL, "table": _STR_OR_NULL,
            "row": _STR_OR_NULL, "column": _STR_OR_NULL,
        },
    }
    info = {
        "type": "object",
        "required": ["title", "department", "year", "kind", "units", "sections"],
        "properties": {
            "title": _STR_OR_NULL, "department": _STR_OR_NULL, "department_code": _STR_OR_NULL,
            "year": _INT_OR_NULL,
            "kind": {"enum": ["budget", "final", None]},
            "scope": _STR_OR_NULL, "level": _STR_OR_NULL, "sector": _STR_OR_NULL,
            "units": {"type": "array", "items": {
                "type": "object", "required": ["name"],
                "properties": {"code": _STR_OR_NULL, "name": _STR_OR_NULL}}},
            "sections": {"type": "array", "items": {
                "type": "object", "required": ["title", "level"],
                "properties": {"number": _STR_OR_NULL, "title": _STR_OR_NULL, "level": _INT,
                               "line": _INT_OR_NULL, "page": _INT_OR_NULL}}},
        },
    }
    table = {
        "type": "object",
        "required": ["id", "kind", "title", "columns", "rows", "location"],
        "properties": {
            "id": {"type": "string"}, "kind": {"type": "string"}, "title": _STR_OR_NULL,
            "money_unit": _STR_OR_NULL, "empty": {"type": "boolean"},
            "location": {"$ref": "#/$defs/location"},
            "columns": {"type": "array", "items": {
                "type": "object", "required": ["key", "path"],
                "properties": {"key": {"type": "string"},
                               "path": {"type": "array", "items": {"type": "string"}},
                               "side": _STR_OR_NULL}}},
            "rows": {"type": "array", "items": {
                "type": "object", "required": ["name", "values", "location"],
                "properties": {
                    "code": _STR_OR_NULL, "name": _STR_OR_NULL, "unit": _STR_OR_NULL,
                    "is_total": {"type": "boolean"},
                    "values": {"type": "object",
                               "additionalProperties": {"anyOf": [_DECIMAL, {"type": "null"}]}},
                    "location": {"$ref": "#/$defs/location"},
                }}},
        },
    }
    claim = {
        "type": "object",
        "required": ["kind", "subject", "value", "precision", "unit", "text", "location"],
        "properties": {"kind": {"type": "string"}, "subject": _STR_OR_NULL,
                       "concept": _STR_OR_NULL, "year": _INT_OR_NULL,
                       **_amount_properties(), "location": {"$ref": "#/$defs/location"},
                       "sentence": _STR_OR_NULL},
    }
    fact = {
        "type": "object",
        "required": ["concept", "context", "value", "precision", "unit", "text", "certain",
                     "source", "location"],
        "properties": {"concept": {"type": "string"}, "context": {"type": "object"},
                       **_amount_properties(), "certain": {"type": "boolean"},
                       "measure": _STR_OR_NULL, "source": {"enum": ["table", "claim"]},
                       "table_kind": _STR_OR_NULL, "label": {"type": "string"},
                       "location": {"$ref": "#/$defs/location"}},
    }
    finding = {
        "type": "object",
        "required": ["rule", "severity", "message", "location", "related", "expected", "actual"],
        "properties": {
            "rule": {"type": "string", "pattern": "^[A-Z][0-9]{3}$"},
            "severity": {"enum": ["error", "warning", "info"]},
            "message": {"type": "string"},
            "location": {"$ref": "#/$defs/location"},
            "related": {"type": "array", "items": {"$ref": "#/$defs/location"}},
            "expected": _STR_OR_NULL, "actual": _STR_OR_NULL,
        },
    }
    common = {"schema_version": {"type": "string", "pattern": r"^1\.[0-9]+$"},
              "path": {"type": "string"}, "document": {"$ref": "#/$defs/info"}}
    extract_document = {
        "type": "object",
        "required": ["schema_version", "path", "format", "document", "tables", "claims", "facts"],
        "properties": {**common, "format": {"type": "string"},
                       "pages": _INT_OR_NULL,
                       "warnings": {"type": "array", "items": {"type": "string"}},
                       "tables": {"type": "array", "items": {"$ref": "#/$defs/table"}},
                       "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
                       "facts": {"type": "array", "items": {"$ref": "#/$defs/fact"}}},
    }
    counts = {"type": "object", "additionalProperties": _INT}
    check_document = {
        "type": "object",
        "required": ["schema_version", "path", "document", "findings", "checks", "rules"],
        "properties": {**common,
                       "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
                       "checks": counts,
                       "rules": {"type": "object", "additionalProperties": {
                           "type": "object", "required": ["code", "status", "checks"],
                           "properties": {"status": {"enum": [
                               "error", "fail", "pass", "not_applicable", "insufficient_data"]},
                               "checks": counts}}}},
    }
    failure = {"type": "object", "required": ["path", "error"],
               "properties": {"path": {"type": "string"}, "error": {"type": "string"}}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"budgetlens output {SCHEMA_VERSION}",
        "description": "The --format json object of budgetlens extract and check; each "
                       "--format jsonl line is one of its documents or errors.",
        "type": "object",
        "required": ["documents", "errors"],
        "properties": {
            "documents": {"type": "array", "items": {"$ref": "#/$defs/document"}},
            "errors": {"type": "array", "items": {"$ref": "#/$defs/failure"}},
        },
        "$defs": {
            "document": {"oneOf": [{"$ref": "#/$defs/extract_document"},
                                   {"$ref": "#/$defs/check_document"}]},
            "extract_document": extract_document,
            "check_document": check_document,
            "failure": failure,
            "finding": finding,
            "fact": fact,
            "claim": claim,
            "table": table,
            "info": info,
            "location": location,
        },
    }
