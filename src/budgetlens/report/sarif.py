"""Findings as SARIF 2.1.0, so code-scanning viewers list them beside the source.

Each rule of the catalogue is a reportingDescriptor; each finding a result with its physical
location (line for text, page as a region property for PDFs), the partial fingerprint being
the verdict key (``budgetlens.verdicts.finding_key``), stable across rewordings. File names
are written as URI references (percent-encoded: a Chinese or spaced name is not a URI as it
stands), as the OASIS schema requires.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..verdicts import finding_key_of

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "budgetlensKey/v2"  # the version of the key format (verdicts.finding_key)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _rules() -> list[dict]:
    from ..rules import rules_catalogue

    return [{
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.title},
        "defaultConfiguration": {"level": LEVELS.get(r.severity, "note")},
    } for r in rules_catalogue()]


def _uri(path: str) -> str:
    p = Path(path)
    return p.as_uri() if p.is_absolute() else quote(p.as_posix(), safe="/")


def _location(path: str, loc: dict) -> dict:
    physical: dict = {"artifactLocation": {"uri": _uri(path)}}
    if loc.get("line") is not None:
        region = {"startLine": int(loc["line"])}
        if loc.get("end_line") and int(loc["end_line"]) >= region["startLine"]:
            region["endLine"] = int(loc["end_line"])
        physical["region"] = region
    out: dict = {"physicalLocation": physical}
    extra = {k: loc[k] for k in ("page", "sheet", "cell", "table", "row", "column")
             if loc.get(k) is not None}
    if extra:
        out["properties"] = extra
    return out


def render(documents: Iterable[dict]) -> dict:
    rules = _rules()
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    artifacts = []
    for doc in documents:
        path = doc.get("path") or ""
        artifacts.append({"location": {"uri": _uri(path)}})
        for f in doc.get("findings") or []:
            result = {
                "ruleId": f["rule"],
                "level": LEVELS.get(f.get("severity"), "note"),
                "message": {"text": f.get("message") or f["rule"]},
                "locations": [_location(path, f.get("location") or {})],
                "partialFingerprints": {FINGERPRINT: finding_key_of(f)},
            }
            if f["rule"] in index:
                result["ruleIndex"] = index[f["rule"]]
            if f.get("related"):
                result["relatedLocations"] = [
                    dict(_location(path, r), id=i) for i, r in enumerate(f["related"])]
            props = {k: f[k] for k in ("expected", "actual") if f.get(k) is not None}
            if props:
                result["properties"] = props
            results.append(result)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "budgetlens",
                "version": __version__,
                "informationUri": "https://pypi.org/project/budgetlens/",
                "rules": rules,
            }},
            "artifacts": artifacts,
            "results": results,
        }],
    }
