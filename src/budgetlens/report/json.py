"""Findings as JSON for programs: one object per document, every location spelled out.

Shape: {"documents": [{"path", "document", "findings": [{"rule", "severity", "message",
"location": {"line", "end_line", "table", "row", "column", …}, "related": [locations],
"expected", "actual"}], "checks": {"pass", "fail", "not_applicable",
"insufficient_data"}, "rules": {code: {"status", "checks", …}}}]}
"""

from __future__ import annotations

from collections.abc import Iterable

from ..check import DocumentCheck
from ..model import Finding, Location

LOCATION_KEYS = ("line", "end_line", "table", "row", "column")


def location_dict(loc: Location) -> dict:
    """The five keys every consumer can rely on, then whatever else the format located."""
    d = {k: getattr(loc, k) for k in LOCATION_KEYS}
    for k, v in loc.to_dict().items():
        if k not in d and k != "path":
            d[k] = list(v) if isinstance(v, tuple) else v
    return d


def finding_dict(f: Finding) -> dict:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "location": location_dict(f.location),
        "related": [location_dict(r) for r in f.related],
        "expected": f.expected,
        "actual": f.actual,
    }


def document_dict(r: DocumentCheck) -> dict:
    from ..serialize import SCHEMA_VERSION

    return {
        "schema_version": SCHEMA_VERSION,
        "path": r.path,
        "document": r.extraction.info.to_dict(),
        "findings": [finding_dict(f) for f in r.findings],
        "checks": dict(r.counts),
        "rules": {code: o.to_dict() for code, o in sorted(r.outcomes.items())},
    }


def render(results: Iterable[DocumentCheck]) -> dict:
    return {"documents": [document_dict(r) for r in results]}
