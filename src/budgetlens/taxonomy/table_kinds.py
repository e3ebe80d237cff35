"""The standard table kinds, read once from table_kinds.yaml and checked as they are read.

A kind is one record (its titles, header signature, fund scope, sidedness, how its columns
give concepts, when it is required); recognition, facts and rules all ask this registry, so
adding a kind — a province's own table, 部门整体支出绩效目标表 — is one entry in a data file.
Extra kind files (a province's tables) are added with ``use_registry(load_registry(path))``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

OTHER = "other"  # the kind of every table no standard kind covers

SCOPES = frozenset({"all", "fiscal", "general", "gov_fund", "state_capital"})
COLUMN_SCHEMES = frozenset({
    "income", "expenditure", "basic_expenditure", "sangong", "procurement",
    "purchase_of_services", "performance", "admin_operating", "summary", "none",
})
CLASSIFIED = frozenset({"expenditure", "revenue"})
CLASS_SCHEMES = frozenset({"function", "economic"})
DOC_KINDS = ("budget", "final")

_KIND_KEYS = frozenset({
    "id", "name", "titles", "header", "scope", "scope_in_title", "two_sided", "columns",
    "classified", "class_scheme", "form", "per_project", "empty_topic", "required",
})
_HEADER_KEYS = frozenset({"all", "any", "none", "two_sided", "economic_codes", "priority"})
_REQUIRED_KEYS = frozenset({*DOC_KINDS, "may_be_empty", "sources"})
_YEAR_KEYS = frozenset({"title", "from", "firm_from"})


class KindSpecError(ValueError):
    """A table-kind file that does not follow the schema (the message names file and kind)."""


@dataclass(frozen=True, slots=True)
class TitlePattern:
    kind: str
    pattern: re.Pattern[str]
    priority: int


@dataclass(frozen=True, slots=True)
class HeaderSignature:
    """Conditions on a header's words; all given conditions must hold."""

    kind: str
    priority: int
    all_words: tuple[str, ...] = ()
    any_words: tuple[str, ...] = ()
    no_words: tuple[str, ...] = ()
    two_sided: bool | None = None
    economic_codes: bool | None = None

    def matches(self, text: str, two_sided: bool, economic_codes: bool) -> bool:
        return (
            (self.two_sided is None or self.two_sided == two_sided)
            and (self.economic_codes is None or self.economic_codes == economic_codes)
            and all(w in text for w in self.all_words)
            and (not self.any_words or any(w in text for w in self.any_words))
            and not any(w in text for w in self.no_words)
        )


@dataclass(frozen=True, slots=True)
class Requirement:
    """When a document must publish a kind: per document kind, title and years."""

    title: str
    start: int
    firm_from: int | None


@dataclass(frozen=True, slots=True)
class KindSpec:
    id: str
    name: str
    scope: str
    columns: str
    two_sided: bool = False
    classified: str | None = None
    class_scheme: str = "function"
    form: bool = False
    per_project: bool = False
    empty_topic: str | None = None
    scope_in_title: tuple[tuple[str, str], ...] = ()
    required: dict[str, Requirement] = field(default_factory=dict)
    may_be_empty: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class KindRegistry:
    """Every kind, and the title and header tests of all kinds ordered by priority."""

    kinds: dict[str, KindSpec]
    titles: tuple[TitlePattern, ...]
    headers: tuple[HeaderSignature, ...]

    def spec(self, kind: str | None) -> KindSpec:
        """The record of a kind; an unknown id reads as 'other' (data from an older version)."""
        return self.kinds.get(kind or OTHER) or self.kinds[OTHER]

    def ids(self, **having: object) -> frozenset[str]:
        """Kind ids whose fields have these values: ``ids(columns='expenditure')``."""
        return frozenset(
            k.id for k in self.kinds.values()
            if all(getattr(k, name) == value for name, value in having.items())
        )


# ---------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------


def _fail(where: str, message: str) -> KindSpecError:
    return KindSpecError(f"{where}: {message}")


def _words(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise _fail(where, "expected a list of words")
    return tuple(value)


def _priority(entry: dict, where: str) -> int:
    p = entry.get("priority")
    if not isinstance(p, int) or isinstance(p, bool):
        raise _fail(where, "every title and header entry needs an integer priority")
    return p


def _entries(raw: object, field: str, where: str) -> list[dict]:
    """The mappings of a list field (titles, header); an absent field is an empty list."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise _fail(where, f"{field}: expected a list of mappings")
    return raw


def _title_patterns(kid: str, raw: object, where: str) -> list[TitlePattern]:
    out = []
    for entry in _entries(raw, "titles", where):
        if set(entry) != {"pattern", "priority"}:
            raise _fail(where, f"titles: expected {{pattern, priority}}, got {entry!r}")
        try:
            pattern = re.compile(entry["pattern"])
        except (re.error, TypeError) as e:
            raise _fail(where, f"titles: bad pattern {entry['pattern']!r}: {e}") from e
        out.append(TitlePattern(kid, pattern, _priority(entry, where)))
    return out


def _header_signatures(kid: str, raw: object, where: str) -> list[HeaderSignature]:
    out = []
    for entry in _entries(raw, "header", where):
        if not set(entry) <= _HEADER_KEYS:
            raise _fail(where, f"header: unknown or missing conditions in {entry!r}")
        priority = _priority(entry, where)
        if len(entry) < 2:
            raise _fail(where, f"header: unknown or missing conditions in {entry!r}")
        for flag in ("two_sided", "economic_codes"):
            if flag in entry and not isinstance(entry[flag], bool):
                raise _fail(where, f"header: {flag} must be true or false")
        out.append(HeaderSignature(
            kind=kid,
            priority=priority,
            all_words=_words(entry["all"], where) if "all" in entry else (),
            any_words=_words(entry["any"], where) if "any" in entry else (),
            no_words=_words(entry["none"], where) if "none" in entry else (),
            two_sided=entry.get("two_sided"),
            economic_codes=entry.get("economic_codes"),
        ))
    return out


def _requirements(raw: object, where: str) -> tuple[dict[str, Requirement], bool, tuple[str, ...]]:
    if raw is None:
        return {}, False, ()
    if not isinstance(raw, dict) or not set(raw) <= _REQUIRED_KEYS:
        raise _fail(where, f"required: keys must be among {sorted(_REQUIRED_KEYS)}")
    out = {}
    for doc_kind in DOC_KINDS:
        spec = raw.get(doc_kind)
        if spec is None:
            continue
        if not isinstance(spec, dict) or not {"title", "from"} <= set(spec) <= _YEAR_KEYS:
            raise _fail(where, f"required.{doc_kind}: expected {{title, from[, firm_from]}}")
        firm = spec["firm_from"] if "firm_from" in spec else spec["from"]
        if not isinstance(spec["from"], int) or not (firm is None or isinstance(firm, int)):
            raise _fail(where, f"required.{doc_kind}: years must be integers")
        out[doc_kind] = Requirement(spec["title"], spec["from"], firm)
    sources = _words(raw.get("sources", []), where) if raw.get("sources") else ()
    return out, bool(raw.get("may_be_empty")), sources


def _kind(raw: object, where: str) -> tuple[KindSpec, list[TitlePattern], list[HeaderSignature]]:
    if not isinstance(raw, dict):
        raise _fail(where, "a kind must be a mapping")
    kid = raw.get("id")
    if not isinstance(kid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", kid):
        raise _fail(where, f"id must be a snake_case name, got {kid!r}")
    where = f"{where} ({kid})"
    unknown = set(raw) - _KIND_KEYS
    if unknown:
        raise _fail(where, f"unknown fields {sorted(unknown)}")
    for key in ("name", "scope", "columns"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise _fail(where, f"{key} is required")
    checks = (
        ("scope", raw["scope"], SCOPES),
        ("columns", raw["columns"], COLUMN_SCHEMES),
        ("classified", raw.get("classified", "expenditure"), CLASSIFIED),
        ("class_scheme", raw.get("class_scheme", "function"), CLASS_SCHEMES),
    )
    for key, value, allowed in checks:
        if value not in allowed:
            raise _fail(where, f"{key} must be one of {sorted(allowed)}, got {value!r}")
    scope_in_title = raw.get("scope_in_title") or {}
    if not isinstance(scope_in_title, dict) or not set(scope_in_title.values()) <= SCOPES:
        raise _fail(where, "scope_in_title: expected {word: scope}")
    two_sided = raw.get("two_sided", False)
    if two_sided != (raw["columns"] == "summary"):
        raise _fail(where, "two_sided tables, and only they, take columns: summary")
    required, may_be_empty, sources = _requirements(raw.get("required"), where)
    spec = KindSpec(
        id=kid,
        name=raw["name"],
        scope=raw["scope"],
        columns=raw["columns"],
        two_sided=bool(two_sided),
        classified=raw.get("classified"),
        class_scheme=raw.get("class_scheme", "function"),
        form=bool(raw.get("form", False)),
        per_project=bool(raw.get("per_project", False)),
        empty_topic=raw.get("empty_topic"),
        scope_in_title=tuple(scope_in_title.items()),
        required=required,
        may_be_empty=may_be_empty,
        sources=sources,
    )
    titles = _title_patterns(kid, raw.get("titles"), where)
    headers = _header_signatures(kid, raw.get("header"), where)
    return spec, titles, headers


def _no_ties(entries: Iterable[TitlePattern | HeaderSignature], what: str, where: str) -> None:
    """Two kinds with one priority would make the winner depend on the order of the file."""
    owner: dict[int, str] = {}
    for e in entries:
        if owner.setdefault(e.priority, e.kind) != e.kind:
            raise _fail(where, f"{what} priority {e.priority} is used by both "
                               f"{owner[e.priority]} and {e.kind}")


def parse_kinds(data: object, where: str) -> list[tuple[KindSpec, list, list]]:
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), list):
        raise _fail(where, "expected a mapping with a 'kinds' list")
    return [_kind(raw, f"{where} kinds[{i}]") for i, raw in enumerate(data["kinds"])]


def build_registry(parsed: Iterable[tuple[KindSpec, list, list]], where: str) -> KindRegistry:
    kinds: dict[str, KindSpec] = {}
    titles: list[TitlePattern] = []
    headers: list[HeaderSignature] = []
    for spec, t, h in parsed:
        if spec.id in kinds:
            raise _fail(where, f"kind {spec.id} is defined twice")
        kinds[spec.id] = spec
        titles += t
        headers += h
    if OTHER not in kinds:
        raise _fail(where, f"the kind {OTHER!r} must exist")
    _no_ties(titles, "title", where)
    _no_ties(headers, "header", where)
    return KindRegistry(
        kinds=kinds,
        titles=tuple(sorted(titles, key=lambda p: -p.priority)),
        headers=tuple(sorted(headers, key=lambda s: -s.priority)),
    )


def _read(path: Path | None) -> tuple[object, str]:
    if path is None:
        text = resources.files("budgetlens.taxonomy").joinpath("table_kinds.yaml").read_text("utf-8")
        return yaml.safe_load(text), "table_kinds.yaml"
    return yaml.safe_load(Path(path).read_text("utf-8")), str(path)


def load_registry(*extra: Path) -> KindRegistry:
    """The built-in kinds plus the kinds of each extra file (a province's own tables)."""
    parsed = []
    for path in (None, *extra):
        data, where = _read(path)
        parsed += parse_kinds(data, where)
    return build_registry(parsed, " + ".join(["table_kinds.yaml", *map(str, extra)]))


_active: KindRegistry | None = None


def registry() -> KindRegistry:
    """The registry in use: the built-in kinds unless ``use_registry`` set another."""
    global _active
    if _active is None:
        _active = load_registry()
    return _active


def use_registry(reg: KindRegistry | None) -> KindRegistry | None:
    """Make ``reg`` the registry in use (None: the built-in one again); returns the previous."""
    global _active
    previous, _active = _active, reg
    return previous


def spec(kind: str | None) -> KindSpec:
    """``registry().spec(kind)``, written out: rules ask it for every fact and row."""
    kinds = (_active if _active is not None else registry()).kinds
    return kinds.get(kind or OTHER) or kinds[OTHER]


def is_two_sided(kind: str | None) -> bool:
    return spec(kind).two_sided


def kind_name(kind: str | None) -> str:
    """The Chinese name of a kind, for messages ('收支总表')."""
    return spec(kind).name
