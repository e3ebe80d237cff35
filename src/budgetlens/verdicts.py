"""Verdicts: what a person found when reading a finding against the page.

A ledger is one YAML file per document: finding key -> ``verdict: true`` (the slip is in the
document, with the arithmetic in ``why``) or ``verdict: false`` (a false alarm, with its
cause). Comparing a ledger with a document's error findings tells which findings nobody has
verified, which known false alarms still fire, and which verified slips are no longer found
(a miss); its counts give the precision of error findings.

The key names the rule, the place, the stated value and what it is compared with, never the
message wording nor an ordinal, so that rewording a message or a new finding elsewhere does not
orphan a verdict, and two findings of one document never share a key (a baseline accepts
exactly the findings it lists).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import Finding

PLACE_FIELDS = ("line", "page", "sheet", "cell", "table", "row", "column")
LEGACY_PLACE_FIELDS = ("line", "page", "sheet", "table", "row", "column")  # version-1 keys


def place_of(location: Mapping) -> str:
    """``"line=382 table=t3 row=合计 column=基本支出"``; a PDF sentence adds its height on the
    page (``y=441``, the top of its box in points), as a text line adds its line number, so
    that two sentences of one page are two places."""
    parts = []
    for k in PLACE_FIELDS:
        if (v := location.get(k)) is not None and (k != "cell" or location.get("sheet")):
            parts.append(f"{k}={v}")  # a cell is a place in a sheet ("B7"), not a grid index
        if k == "page" and v is not None and location.get("line") is None \
                and location.get("table") is None and location.get("bbox"):
            parts.append(f"y={round(float(location['bbox'][1]))}")
    return " ".join(parts)


def key_of(rule: str, location: Mapping, actual: str | None, expected: str | None) -> str:
    """The key of a finding from its parts (a Finding, or a finding as JSON)."""
    key = f"{rule} {place_of(location)}".rstrip()
    if actual is not None:
        key += f" | {actual}"
    if expected is not None:
        key += (" vs " if actual is not None else " | vs ") + expected
    return key


def finding_key(f: Finding) -> str:
    """``"A003 line=382 table=t3 row=合计 column=基本支出 | [888.405, 888.415] vs [880.1, 880.2]"``:
    rule, place, stated value (``actual``) and what it is compared with (``expected``)."""
    return key_of(f.rule, f.location.to_dict(), f.actual, f.expected)


def finding_key_of(finding: Mapping) -> str:
    """``finding_key`` of a finding as JSON (``Finding.to_dict``)."""
    return key_of(finding["rule"], finding.get("location") or {}, finding.get("actual"),
                  finding.get("expected"))


def legacy_finding_key(f: Finding) -> str:
    """The version-1 key (rule, place, stated value), by which older baselines list findings;
    several findings could share one."""
    loc = f.location
    place = " ".join(f"{k}={v}" for k in LEGACY_PLACE_FIELDS if (v := getattr(loc, k)) is not None)
    key = f"{f.rule} {place}".rstrip()
    return f"{key} | {f.actual}" if f.actual is not None else key


@dataclass(slots=True)
class Verdict:
    holds: bool  # true: the document has the slip; false: a false alarm
    why: str


@dataclass(slots=True)
class Ledger:
    document: str
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Ledger:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        verdicts = {}
        for key, entry in (data.get("findings") or {}).items():
            if not isinstance(entry, dict) or not isinstance(entry.get("verdict"), bool):
                raise ValueError(f"{path}: {key!r} needs 'verdict: true|false'")
            if not str(entry.get("why") or "").strip():
                raise ValueError(f"{path}: {key!r} needs a 'why' (the arithmetic or the cause)")
            verdicts[str(key)] = Verdict(entry["verdict"], str(entry["why"]).strip())
        return cls(str(data.get("document") or path.stem), verdicts)

    def dump(self, path: Path) -> None:
        data = {
            "document": self.document,
            "findings": {k: {"verdict": v.holds, "why": v.why} for k, v in sorted(self.verdicts.items())},
        }
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")


@dataclass(slots=True)
class Comparison:
    """Error findings of one document set against its ledger."""

    confirmed: list[str] = field(default_factory=list)  # fire, verdict true
    false_alarms: list[str] = field(default_factory=list)  # fire, verdict false
    unverified: list[str] = field(default_factory=list)  # fire, no verdict
    missed: list[str] = field(default_factory=list)  # verdict true, no longer fires
    fixed: list[str] = field(default_factory=list)  # verdict false, no longer fires

    @property
    def errors(self) -> int:
        return len(self.confirmed) + len(self.false_alarms) + len(self.unverified)


def compare(findings: Iterable[Finding], ledger: Ledger) -> Comparison:
    out = Comparison()
    fired = {finding_key(f) for f in findings if f.severity == "error"}
    for key in sorted(fired):
        v = ledger.verdicts.get(key)
        (out.unverified if v is None else out.confirmed if v.holds else out.false_alarms).append(key)
    for key, v in sorted(ledger.verdicts.items()):
        if key not in fired:
            (out.missed if v.holds else out.fixed).append(key)
    return out
