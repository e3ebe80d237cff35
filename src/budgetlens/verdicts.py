"""Verdicts: what a person found when reading a finding against the page.

A ledger is one YAML file per document: finding key -> ``verdict: true`` (the slip is in the
document, with the arithmetic in ``why``), ``verdict: false`` (a false alarm, with its cause)
or ``verdict: unverifiable`` (the page cannot settle it, with what is missing). Every error
finding needs a true or false verdict; warnings may carry one, because a false warning costs a
reviewer time too. Comparing a ledger with a document's findings tells which errors nobody has
verified, which known false alarms still fire (at any severity), and which verified slips are
no longer found (a miss); its counts give the precision of errors and of warnings.

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


def across_documents(key: str) -> bool:
    """A finding of the D family: only documents checked together report it, never one alone."""
    return key.startswith("D")


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


def key_changes(before: Iterable[Mapping], after: Iterable[Mapping]) -> list[tuple[str, str]]:
    """(old key, new key) of each finding found by two runs (findings as JSON) of a change
    that rewrote keys: a finding is the same when its rule, place and message are."""
    def same(f: Mapping) -> tuple:
        return f["rule"], str(sorted((f.get("location") or {}).items())), f.get("message")

    old_keys: dict[tuple, list[str]] = {}
    for f in before:
        old_keys.setdefault(same(f), []).append(finding_key_of(f))
    return [(old, finding_key_of(f)) for f in after for old in old_keys.get(same(f), [])]


UNVERIFIABLE = "unverifiable"


@dataclass(slots=True)
class Verdict:
    holds: bool | None  # true: the document has the slip; false: a false alarm; None: unverifiable
    why: str

    @property
    def label(self) -> str:
        return UNVERIFIABLE if self.holds is None else str(self.holds).lower()


@dataclass(slots=True)
class Ledger:
    document: str
    verdicts: dict[str, Verdict] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Ledger:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        verdicts = {}
        for key, entry in (data.get("findings") or {}).items():
            verdict = entry.get("verdict") if isinstance(entry, dict) else None
            if not isinstance(verdict, bool) and verdict != UNVERIFIABLE:
                raise ValueError(f"{path}: {key!r} needs 'verdict: true|false|{UNVERIFIABLE}'")
            if not str(entry.get("why") or "").strip():
                raise ValueError(f"{path}: {key!r} needs a 'why' (the arithmetic or the cause)")
            holds = verdict if isinstance(verdict, bool) else None
            verdicts[str(key)] = Verdict(holds, str(entry["why"]).strip())
        return cls(str(data.get("document") or path.stem), verdicts)

    def rekey(self, changes: Iterable[tuple[str, str]]) -> list[str]:
        """Move each verdict from a finding's old key to its new one (a key that stood for two
        findings gives its verdict to both); returns the new keys that received one."""
        moved: dict[str, Verdict] = {}
        for old, new in changes:
            if old in self.verdicts and old != new:
                moved[new] = self.verdicts[old]
        for old, new in changes:
            if old != new:
                self.verdicts.pop(old, None)
        self.verdicts.update(moved)
        return sorted(moved)

    def dump(self, path: Path) -> None:
        data = {
            "document": self.document,
            "findings": {k: {"verdict": UNVERIFIABLE if v.holds is None else v.holds, "why": v.why}
                         for k, v in sorted(self.verdicts.items())},
        }
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                        encoding="utf-8")


@dataclass(slots=True)
class Comparison:
    """The findings of one document set against its ledger: errors and warnings apart."""

    confirmed: list[str] = field(default_factory=list)  # error fires, verdict true
    false_alarms: list[str] = field(default_factory=list)  # error fires, verdict false
    false_warnings: list[str] = field(default_factory=list)  # warning or info fires, verdict false
    unverified: list[str] = field(default_factory=list)  # error fires, no true/false verdict
    missed: list[str] = field(default_factory=list)  # verdict true, no longer fires at all
    fixed: list[str] = field(default_factory=list)  # verdict false, no longer fires
    warnings: dict[str, list[str]] = field(default_factory=dict)  # rule -> warning keys
    warning_verdicts: dict[str, Verdict] = field(default_factory=dict)  # warning key -> verdict

    @property
    def errors(self) -> int:
        return len(self.confirmed) + len(self.false_alarms) + len(self.unverified)

    def warning_counts(self) -> dict[str, dict[str, int]]:
        """Per rule: warnings fired, and how many were read true, false or unverifiable."""
        out = {}
        for rule, keys in sorted(self.warnings.items()):
            row = dict(warnings=len(keys), true=0, false=0, unverifiable=0)
            for k in keys:
                if (v := self.warning_verdicts.get(k)) is not None:
                    row[v.label] += 1
            out[rule] = row
        return out


def compare(findings: Iterable[Finding], ledger: Ledger) -> Comparison:
    out = Comparison()
    findings = list(findings)
    errors = {finding_key(f) for f in findings if f.severity == "error"}
    warnings = {finding_key(f): f.rule for f in findings if f.severity == "warning"}
    fired = {finding_key(f) for f in findings}
    for key in sorted(errors):
        v = ledger.verdicts.get(key)
        (out.unverified if v is None or v.holds is None
         else out.confirmed if v.holds else out.false_alarms).append(key)
    for key, rule in sorted(warnings.items()):
        out.warnings.setdefault(rule, []).append(key)
        if (v := ledger.verdicts.get(key)) is not None:
            out.warning_verdicts[key] = v
    out.false_warnings = sorted(k for k in fired - errors
                                if (v := ledger.verdicts.get(k)) is not None and v.holds is False)
    for key, v in sorted(ledger.verdicts.items()):
        if key not in fired:
            if v.holds:
                out.missed.append(key)
            elif v.holds is False:
                out.fixed.append(key)
    return out
