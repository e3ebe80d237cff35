"""Rule families, loaded so that each registers its rules; a catalogue and explanations.

Families: A arithmetic inside one table, X identities across tables, L logic, U units,
N narrative vs tables, P percentages, K classification codes, C completeness, S whole
statements of the 说明 (comparison words, years, placeholders). A family
module that is not present in this installation is skipped; any other import error is
raised, because a rule pack that fails to load silently would hide its checks.

A family is registered by one line: a built-in one in ``FAMILY_MODULES``; one from another
package (a province's own rule pack) as an entry point of the group ``budgetlens.rules``
naming the module whose ``@register`` classes are its rules, e.g. in its pyproject.toml::

    [project.entry-points."budgetlens.rules"]
    guangxi = "guangxi_rules.checks"
"""

from __future__ import annotations

import importlib
import inspect
from importlib.metadata import entry_points

from .base import REGISTRY, REQUIRED_DOC_SECTIONS, Rule

ENTRY_POINT_GROUP = "budgetlens.rules"

FAMILY_MODULES = (
    "arithmetic",
    "identities",
    "logic",
    "units",
    "narrative",
    "narrative_parts",
    "narrative_breakdown",
    "narrative_balance",
    "percentages",
    "codes",
    "completeness",
    "statements",
    "dated_figures",
)

LOADED: list[str] = []
PLUGINS: dict[str, str] = {}  # entry point name -> module of the installed rule packs


def _load_families() -> None:
    for name in FAMILY_MODULES:
        full = f"{__name__}.{name}"
        try:
            importlib.import_module(full)
        except ModuleNotFoundError as e:
            if e.name != full:
                raise
            continue
        LOADED.append(name)


def load_plugins() -> None:
    """Import every installed rule pack (entry point group ``budgetlens.rules``) not yet
    loaded; a pack that fails to import raises, naming its entry point."""
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if PLUGINS.get(ep.name) == ep.value:
            continue
        try:
            ep.load()
        except Exception as e:
            raise ImportError(f"rule pack {ep.name!r} ({ep.value}) failed to load: {e}") from e
        PLUGINS[ep.name] = ep.value


_load_families()
load_plugins()


def rules_catalogue() -> list[type[Rule]]:
    """Every registered rule, by code."""
    return [REGISTRY[c] for c in sorted(REGISTRY)]


def explain(code: str) -> str:
    """The documentation of one rule (``budgetlens rules CODE``); KeyError when unknown."""
    from .engine import RULE_ERROR_CODE, RULE_ERROR_DOC

    code = code.strip().upper()
    if code == RULE_ERROR_CODE:
        return RULE_ERROR_DOC.rstrip("\n")
    if code not in REGISTRY:
        from .crossdoc import CROSS_REGISTRY

        cross = CROSS_REGISTRY[code]
        head = f"{cross.code} {cross.name} [{cross.severity}]  across documents: {cross.link}\n{cross.title}\n"
        return head + "\n" + inspect.cleandoc(cross.__doc__ or "")
    cls = REGISTRY[code]
    kinds = "、".join({"budget": "预算", "final": "决算"}[k] for k in sorted(cls.kinds))
    years = ""
    if cls.first_year or cls.last_year:
        years = f"  years: {cls.first_year or '…'}–{cls.last_year or '…'}"
    head = f"{cls.code} {cls.name} [{cls.severity}]  applies to: {kinds}{years}\n{cls.title}\n"
    return head + "\n" + inspect.cleandoc(cls.__doc__ or "")


def missing_doc_sections(cls: type[Rule]) -> list[str]:
    """Required docstring sections a rule lacks (a test keeps this empty)."""
    doc = cls.__doc__ or ""
    return [s for s in REQUIRED_DOC_SECTIONS if s not in doc]


__all__ = [
    "REGISTRY", "Rule", "explain", "load_plugins", "missing_doc_sections", "rules_catalogue",
]
