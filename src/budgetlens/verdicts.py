"""Verdicts: what a person found when reading a finding against the page.

A ledger is one YAML file per document: finding key -> ``verdict: true`` (the slip is in the
document, with the arithmetic in ``why``) or ``verdict: false`` (a false alarm, with its
cause). Comparing a ledger with a document's error findings tells which findings nobody has
verified, which known false alarms still fire, and which verified slips are no longer found
(a miss); its counts give the precision of error findings.

The key names the rule, the place and the stated value, never the message wording, so that
rewording a message does not orphan a verdict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import Finding

PLACE_FIELDS = ("line", "page", "sheet", "table", "row", "column")


def finding_key(f: Finding) -> str:
    """``"A003 line=382 table=t3 row=合计 column=基本支出 | [888.405, 888.415]"``."""
    loc = f.location
    place = " ".join(f"{k}={v}" for k in PLACE_FIELDS if (v := getattr(loc, k)) is not None)
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
