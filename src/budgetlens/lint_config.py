"""A linter's conventions for ``budgetlens check``: configuration, baselines, failing levels.

Configuration is read from ``budgetlens.toml`` (top-level keys) or ``[tool.budgetlens]`` in
``pyproject.toml``, the first found walking up from the working directory::

    select = ["A", "P001"]          # codes, prefixes (families) or rule names
    ignore = ["C001"]
    fail-on = "error"               # or "warning"
    baseline = "budgetlens-baseline.json"
    [per-file-ignores]
    "*-final.txt" = ["K004"]
    [severity]
    C001 = "info"

Command-line options win over the file. A code or family that names no rule is an error: a
misspelt ``--select`` must not turn into a silent run with no checks. A baseline lists the
findings a bureau has accepted, per document, by the verdict key
(``budgetlens.verdicts.finding_key``): only findings not in it are reported. A version-1
baseline (written before keys named what a figure is compared with) is still read, by the
version-1 key.
"""

from __future__ import annotations

import fnmatch
import json
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import Finding

SEVERITIES = ("info", "warning", "error")
BASELINE_VERSION = 2


class ConfigError(ValueError):
    """A configuration or option that cannot be honoured; the message says which and why."""


@dataclass(frozen=True, slots=True)
class LintConfig:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, str], ...] = ()  # rule code -> severity
    baseline: str | None = None
    fail_on: str = "error"
    source: str | None = None  # the file it came from

    def ignores_for(self, path: str) -> tuple[str, ...]:
        """``ignore`` plus the per-file ignores whose pattern matches ``path``."""
        extra: list[str] = []
        posix = Path(path).as_posix()
        for pattern, codes in self.per_file_ignores:
            if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(Path(path).name, pattern) \
                    or fnmatch.fnmatch(posix, f"*/{pattern}"):
                extra.extend(codes)
        return self.ignore + tuple(extra)

    def with_options(self, **options) -> LintConfig:
        """Command-line values replace the file's, when given."""
        return replace(self, **{k: v for k, v in options.items() if v not in (None, ())})


def rule_patterns_problem(patterns: tuple[str, ...] | list[str]) -> str | None:
    """Why some of ``patterns`` name no rule (None when every one names at least one)."""
    from . import rules  # noqa: F401  (loads every rule family into the registry)
    from .rules.base import REGISTRY
    from .rules.crossdoc import CROSS_REGISTRY
    from .rules.engine import RULE_ERROR_CODE

    known = {**REGISTRY, **CROSS_REGISTRY}  # D rules run in `compare`; a shared config names them
    codes = set(known) | {RULE_ERROR_CODE}
    names = {cls.name for cls in known.values()}
    unknown = [p for p in patterns
               if p not in names and not any(c.upper().startswith(p.upper()) for c in codes)]
    if unknown:
        return ("unknown rule code or family: " + ", ".join(unknown)
                + " (budgetlens rules lists them)")
    return None


def find_config(start: str | os.PathLike | None = None) -> Path | None:
    """``budgetlens.toml``, or a ``pyproject.toml`` with ``[tool.budgetlens]``, nearest first."""
    here = Path(start or os.getcwd()).resolve()
    for d in (here, *here.parents):
        own = d / "budgetlens.toml"
        if own.is_file():
            return own
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                if "budgetlens" in tomllib.loads(py.read_text(encoding="utf-8")).get("tool", {}):
                    return py
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
                continue
    return None


def load_config(path: Path | None) -> LintConfig:
    if path is None:
        return LintConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as e:
        raise ConfigError(f"{path}: {e}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("budgetlens", {})
    return config_from_dict(data, str(path))


def _codes(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of rule codes")
    return tuple(v.strip() for v in value if v.strip())


def config_from_dict(data: dict, source: str = "<config>") -> LintConfig:
    known = {"select", "ignore", "per-file-ignores", "severity", "baseline", "fail-on"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{source}: unknown key(s) {', '.join(unknown)}")
    select = _codes(data.get("select", []), f"{source}: select")
    ignore = _codes(data.get("ignore", []), f"{source}: ignore")
    pfi = tuple((str(k), _codes(v, f"{source}: per-file-ignores.{k}"))
                for k, v in (data.get("per-file-ignores") or {}).items())
    severity = []
    for code, sev in (data.get("severity") or {}).items():
        if sev not in SEVERITIES:
            raise ConfigError(f"{source}: severity.{code} must be one of {', '.join(SEVERITIES)}")
        severity.append((str(code).upper(), sev))
    fail_on = data.get("fail-on", "error")
    if fail_on not in ("error", "warning"):
        raise ConfigError(f"{source}: fail-on must be 'error' or 'warning'")
    baseline = data.get("baseline")
    if baseline is not None:
        baseline = str(Path(source).parent / baseline) if source != "<config>" else str(baseline)
    for patterns in (select, ignore, *(c for _, c in pfi), tuple(c for c, _ in severity)):
        problem = rule_patterns_problem(patterns)
        if problem:
            raise ConfigError(f"{source}: {problem}")
    return LintConfig(select, ignore, pfi, tuple(severity), baseline, fail_on, source)


# ---------------------------------------------------------------------------
# Applying it to one document's findings
# ---------------------------------------------------------------------------


def override_severity(findings: list[Finding], severity: tuple[tuple[str, str], ...]) -> None:
    """Each finding of an overridden rule takes the bureau's severity."""
    table = dict(severity)
    for f in findings:
        if f.rule in table:
            f.severity = table[f.rule]


def fails(findings: list[Finding], fail_on: str) -> bool:
    """Whether these findings make the run exit 1: any error, or (``warning``) any warning."""
    levels = ("error",) if fail_on == "error" else ("error", "warning")
    return any(f.severity in levels for f in findings)


@dataclass(slots=True)
class Baseline:
    """Accepted findings: document path -> verdict keys (of ``version``'s key format)."""

    documents: dict[str, set[str]] = field(default_factory=dict)
    version: int = BASELINE_VERSION

    @staticmethod
    def document_key(path: str) -> str:
        return Path(os.path.normpath(path)).as_posix()

    def accepted(self, path: str) -> frozenset[str]:
        return frozenset(self.documents.get(self.document_key(path), ()))

    def accepts(self, path: str, findings: list[Finding]) -> list[bool]:
        """For each finding of the document at ``path``: whether this baseline lists it."""
        from .verdicts import finding_key, legacy_finding_key

        keys = self.accepted(path)
        key = finding_key if self.version >= 2 else legacy_finding_key
        return [key(f) in keys for f in findings]

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ConfigError(f"baseline {path}: {e}") from None
        if not isinstance(data, dict) or not isinstance(data.get("documents"), dict):
            raise ConfigError(f"baseline {path}: expected {{\"documents\": {{path: [keys]}}}}")
        version = data.get("version", 1)
        if version not in (1, BASELINE_VERSION):
            raise ConfigError(f"baseline {path}: version {version!r} is not one this budgetlens "
                              f"reads (1 or {BASELINE_VERSION})")
        return cls({k: set(v) for k, v in data["documents"].items()}, version)

    def add(self, path: str, keys: list[str]) -> None:
        self.documents.setdefault(self.document_key(path), set()).update(keys)

    def dump(self) -> str:
        return json.dumps({"version": self.version,
                           "documents": {k: sorted(v) for k, v in sorted(self.documents.items())}},
                          ensure_ascii=False, indent=2) + "\n"
