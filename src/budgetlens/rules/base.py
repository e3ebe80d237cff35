"""What a rule is: a stable code, a title, an explanation, a default severity, a check.

A rule class is registered with ``@register``; its docstring is its documentation and must
carry the sections *What it checks*, *Why it matters*, *Example* and *References*
(``budgetlens rules CODE`` prints it, and a test fails when a section is missing).

``check(ctx)`` yields one ``CheckResult`` per relation instance it evaluated (each row sum,
each claim), so that a document's summary can say how many checks passed, failed, did not
apply or lacked data. A rule that yields nothing is recorded as *insufficient data*: "no
findings" is never reported for a check that could not run.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..model import Finding, Outcome, Severity

if TYPE_CHECKING:
    from .context import CheckContext


Subject = str | Callable[[], str]


@dataclass(slots=True)
class CheckResult:
    """The outcome of one relation instance; ``finding`` is set exactly when it failed.

    The subject may be given as a callable that writes it: the engine only counts passed
    checks, so a subject is written only when someone reads it (tests, debugging).
    """

    outcome: Outcome
    finding: Finding | None = None
    subject_source: Subject = ""  # what was checked ("表5 2010301 合计"), or how to write it

    @property
    def subject(self) -> str:
        s = self.subject_source
        if not isinstance(s, str):
            s = self.subject_source = s()
        return s

    @classmethod
    def passed(cls, subject: Subject = "") -> CheckResult:
        return cls("pass", None, subject)

    @classmethod
    def not_applicable(cls, subject: Subject = "") -> CheckResult:
        return cls("not_applicable", None, subject)

    @classmethod
    def insufficient(cls, subject: Subject = "") -> CheckResult:
        return cls("insufficient_data", None, subject)

    @classmethod
    def failed(cls, finding: Finding, subject: Subject = "") -> CheckResult:
        return cls("fail", finding, subject)


REQUIRED_DOC_SECTIONS = ("What it checks", "Why it matters", "Example", "References")


class Rule(ABC):
    """Base class of every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]  # "A001": family letter + three digits; never reused
    name: ClassVar[str]  # "arithmetic.row-total": a readable slug
    title: ClassVar[str]  # one line, in the terms a finance officer uses
    severity: ClassVar[Severity] = "error"
    kinds: ClassVar[frozenset[str]] = frozenset({"budget", "final"})  # 预算 / 决算
    first_year: ClassVar[int | None] = None  # applicability by the document's year
    last_year: ClassVar[int | None] = None

    @property
    def family(self) -> str:
        return self.code[0]

    def applies(self, kind: str | None, year: int | None) -> bool:
        if kind is not None and kind not in self.kinds:
            return False
        if year is not None:
            if self.first_year is not None and year < self.first_year:
                return False
            if self.last_year is not None and year > self.last_year:
                return False
        return True

    @abstractmethod
    def check(self, ctx: CheckContext) -> Iterator[CheckResult]:
        """Evaluate every instance of the relation in one document."""

    # helpers so that every finding of a rule carries its code and default severity
    def finding(self, message: str, location, **kw) -> Finding:
        return Finding(rule=self.code, severity=kw.pop("severity", self.severity),
                       message=message, location=location, **kw)


REGISTRY: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry; a code can be registered only once."""
    code = cls.code
    if code in REGISTRY and REGISTRY[code] is not cls:
        raise ValueError(f"rule code {code} registered twice ({REGISTRY[code].__name__}, {cls.__name__})")
    REGISTRY[code] = cls
    return cls
