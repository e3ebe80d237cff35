"""The check API: a document's findings and the outcome of every check.

``check_path`` reads and extracts a file, then runs the rules; ``check_extraction`` runs the
rules on an extraction already made (tests build one by hand; a batch reuses one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .gcpause import collector_paused
from .model import Finding
from .pipeline import Extraction
from .rules.engine import RuleOutcome, run_rules, total_counts


@dataclass(slots=True)
class DocumentCheck:
    extraction: Extraction
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # checks per outcome, all rules
    outcomes: dict[str, RuleOutcome] = field(default_factory=dict)  # per rule code

    @property
    def path(self) -> str:
        return self.extraction.path

    def by_rule(self, code: str) -> list[Finding]:
        return [f for f in self.findings if f.rule == code]


def check_extraction(
    x: Extraction, select: list[str] | None = None, ignore: list[str] | None = None
) -> DocumentCheck:
    """Run the selected rules over an extraction."""
    from . import rules  # noqa: F401  (loads every rule family into the registry)
    from .rules.context import CheckContext

    with collector_paused():
        findings, outcomes = run_rules(CheckContext(x), select, ignore)
    return DocumentCheck(x, findings, total_counts(outcomes), outcomes)


def check_path(
    path: str,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    fmt: str | None = None,
) -> DocumentCheck:
    """Read, extract and check one file; raises ``ReadError`` naming the file when unreadable."""
    from .pipeline import extract

    with collector_paused():
        return check_extraction(extract(path, fmt), select, ignore)
