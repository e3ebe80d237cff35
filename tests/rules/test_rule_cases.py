"""Rule cases as data: tests/rules/cases/<CODE>.yaml, run by one parametrised test.

Each case is a small document typed from a real page (hand-built tables, narrative claims,
facts; the ``source`` says where the figures were read) and what the rule must report on it:
its findings (every field given must match, in order) and, where given, its outcome counts.
A case with ``findings: []`` and at least one passed check is a passing case; a case with
findings is a failing case. Every registered rule needs both.

The format (all keys but ``name`` and ``findings`` optional)::

    rule: A001
    cases:
      - name: 合计 = 基本支出 + 项目支出 within rounding
        source: liuzhou-gov-office-2024-budget.md line 317
        document: {kind: budget, year: 2024}   # also department, placeholder_only
        tables:
          - kind: expenditure            # a kind id of taxonomy/table_kinds.yaml
            columns: [合计, 基本支出, {key: 金额, path: [收入, 金额], side: income}]
            rows:
              - {name: 合计, line: 317, values: {合计: "4,555.35", 基本支出: "3,830.34"}}
        paragraphs: [第一部分：概况, …]   # the narrative, one paragraph a line; images: 8
        claims:
          - {kind: share, subject: 集中采购, value: "27.5%", sentence: …, line: 201}
        facts:
          - {concept: sangong.reception, period: budget, scope: general, value: "450.30", line: 1050}
          # also unit (a budget unit's code), measure, label, table (its id), certain: false
        outcomes: {pass: 1}
        findings:
          - {severity: error, line: 317, column: 合计, message: ["4,555.35 ≠"], expected: …}

A case may instead be one ``text``: a whole text document (a heading that gives the kind and
year, then the sentences or tables as printed), read and recognised by the pipeline itself, for
rules that check what recognition reads from prose (item sentences, notes, headings)::

    text: |
      上海市普陀区万里街道办事处2023年部门预算

      部门预算编制说明

      8. “公共安全支出（类）司法（款）公共法律服务（项）”15.00万元，…

Figures are strings as printed ("0.00" written as a YAML number would lose its precision); a
table may also be ``empty`` with an ``empty_note``, or carry the ``notes`` printed under its grid; YAML anchors and merge keys (``<<: *t``)
repeat a table or a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from budgetlens.check import check_extraction
from budgetlens.model import (
    Amount,
    Claim,
    Context,
    Document,
    Fact,
    ImageBlock,
    Location,
    Paragraph,
)
from budgetlens.numbers import parse_number
from budgetlens.pipeline import Extraction, extract
from budgetlens.rules import REGISTRY
from budgetlens.structure import analyze
from rule_kit import col, extraction, table, trow

CASES_DIR = Path(__file__).parent / "cases"
PATH = "hand-built.txt"


_CASE_KEYS = {
    "name", "source", "document", "paragraphs", "images", "tables", "claims", "facts", "outcomes",
    "findings", "text",
}
# a ``text`` case is a whole document: read and recognised by the pipeline, nothing built by hand
_TEXT_CASE_KEYS = {"name", "source", "text", "outcomes", "findings"}
_FINDING_FIELDS = {"severity", "message", "message_is", "expected", "actual"}
_PLACE_FIELDS = {"line", "page", "table", "row", "column"}


@dataclass(frozen=True)
class Case:
    rule: str
    file: Path
    data: dict

    @property
    def name(self) -> str:
        return self.data["name"]

    @property
    def failing(self) -> bool:
        return bool(self.data["findings"])

    @property
    def passing(self) -> bool:
        return self.data["findings"] == [] and self.data.get("outcomes", {}).get("pass", 0) >= 1


def load_cases() -> list[Case]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        assert isinstance(data, dict) and set(data) == {"rule", "cases"}, f"{path}: rule, cases"
        assert data["rule"] == path.stem, f"{path}: the file is named after its rule"
        for case in data["cases"]:
            assert {"name", "findings"} <= set(case) <= _CASE_KEYS, f"{path}: {case.get('name')}"
            if "text" in case:
                assert set(case) <= _TEXT_CASE_KEYS, f"{path}: {case['name']}: text alone"
            out.append(Case(data["rule"], path, case))
    return out


CASES = load_cases()


# ---------------------------------------------------------------------------
# Building the document of a case
# ---------------------------------------------------------------------------


def _figure(text: object, where: str) -> str | None:
    if text is None:
        return None
    assert isinstance(text, str), f"{where}: write figures as quoted strings ({text!r})"
    return text


def _column(spec: str | dict):
    if isinstance(spec, str):
        return col(spec)
    return col(spec["key"], *spec.get("path", ()), side=spec.get("side"))


def _row(spec: dict, where: str):
    values = {k: _figure(v, where) for k, v in (spec.get("values") or {}).items()}
    code = spec.get("code")
    unit = spec.get("unit")
    row = trow(
        spec.get("name", ""),
        values,
        code=None if code is None else str(code),
        unit=None if unit is None else str(unit),
        level=spec.get("level"),
        line=spec.get("line", 1),
        side=spec.get("side"),
        placements=spec.get("placements"),
        scheme=spec.get("scheme"),
        is_total=spec.get("is_total", False),
    )
    row.texts = dict(spec.get("texts") or {})  # descriptive cells: {采购品目大类: 一、货物A}
    return row


def _table(spec: dict, n: int, where: str):
    t = table(
        spec["kind"],
        [_column(c) for c in spec.get("columns", ())],
        [_row(r, where) for r in spec.get("rows", ())],
        id=spec.get("id", f"t{n}"),
        number=spec.get("number", f"表{n}"),
        title=spec.get("title", ""),
        money_unit=spec.get("money_unit", "万元"),
    )
    t.empty = spec.get("empty", False)
    t.empty_note = spec.get("empty_note")
    t.notes = list(spec.get("notes", ()))  # the 注/说明 lines printed under the grid
    return t


def _amount(text: str) -> Amount:
    """A figure with its written unit: '77.80万元', '27.5%', '134.6元'."""
    unit = next((u for u in ("万元", "元", "%") if text.endswith(u)), None)
    a = parse_number(text.removesuffix(unit or ""), unit)
    assert a is not None, text
    return Amount(a.value, a.precision, text, unit)


def _claim(spec: dict, where: str) -> Claim:
    value = _figure(spec["value"], where)
    sentence = spec["sentence"]
    offset = -1
    for _ in range(spec.get("nth", 0) + 1):  # the nth time the figure is written
        offset = sentence.find(value, offset + 1)
        assert offset >= 0, f"{where}: {value!r} not in {sentence!r} (quote text with ASCII commas)"
    return Claim(
        kind=spec["kind"],
        subject=spec["subject"],
        value=_amount(value),
        location=Location(path=PATH, line=spec["line"]),
        sentence=sentence,
        period=spec.get("period", "current"),
        concept=spec.get("concept"),
        base=spec.get("base"),
        base_concept=spec.get("base_concept"),
        direction=spec.get("direction"),
        scope=spec.get("scope", "all"),
        offset=offset,
    )


def _fact(spec: dict, where: str) -> Fact:
    unit = spec.get("unit")  # a budget unit's code: the fact is that unit's row
    return Fact(
        spec["concept"],
        context=Context(period=spec.get("period", "current"), scope=spec.get("scope", "all"),
                        unit=None if unit is None else str(unit)),
        value=_amount(_figure(spec["value"], where)),
        location=Location(path=PATH, line=spec.get("line", 1), table=spec.get("table")),
        label=spec.get("label", ""),
        certain=spec.get("certain", True),
        measure=spec.get("measure"),
    )


def _with_text(x: Extraction, paragraphs: list[str], images: int) -> Extraction:
    """The narrative of a case: paragraphs on lines 1, 2, …, images after them; the document's
    parts and sections read by ``structure.analyze`` (kind and year stay the case's)."""
    blocks: list = [Paragraph(t, Location(path=PATH, line=i + 1)) for i, t in enumerate(paragraphs)]
    blocks += [ImageBlock(f"图片{i + 1}", Location(path=PATH, line=900 + i)) for i in range(images)]
    x.document = Document(path=PATH, format="text", blocks=blocks)
    info = analyze(x.document)
    info.kind, info.year = x.info.kind, x.info.year
    x.info = info
    return x


def build(case: Case, tmp_path: Path) -> Extraction:
    where = f"{case.file.name}: {case.name}"
    d = case.data
    if "text" in d:
        path = tmp_path / f"{case.rule}.txt"
        path.write_text(d["text"], encoding="utf-8")
        return extract(str(path))
    doc = d.get("document") or {}
    x = extraction(
        [_table(t, i + 1, where) for i, t in enumerate(d.get("tables") or ())],
        [_claim(c, where) for c in d.get("claims") or ()],
        kind=doc.get("kind", "budget"),
        year=doc.get("year", 2024),
    )
    x.facts.extend(_fact(f, where) for f in d.get("facts") or ())
    if "paragraphs" in d or "images" in d:
        x = _with_text(x, d.get("paragraphs") or [], d.get("images", 0))
    if "department" in doc:
        x.info.department = doc["department"]
    x.document.placeholder_only = doc.get("placeholder_only", False)
    return x


# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------


def _mismatches(finding, expected: dict) -> list[str]:
    unknown = set(expected) - _FINDING_FIELDS - _PLACE_FIELDS
    assert not unknown, f"unknown finding fields {sorted(unknown)}"
    out = []
    for key, want in expected.items():
        if key == "message":
            fragments = [want] if isinstance(want, str) else want
            out += [f"message lacks {w!r}" for w in fragments if w not in finding.message]
            continue
        got = (
            finding.message if key == "message_is"
            else getattr(finding.location, key) if key in _PLACE_FIELDS
            else getattr(finding, key)
        )
        if got != want:
            out.append(f"{key}: {got!r} != {want!r}")
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}-{c.name}")
def test_rule_case(case: Case, tmp_path: Path):
    result = check_extraction(build(case, tmp_path), select=[case.rule])
    found = [f for f in result.findings if f.rule == case.rule]
    expected = case.data["findings"]
    messages = "\n".join(f"  {f.severity} line={f.location.line} {f.message}" for f in found)
    assert len(found) == len(expected), f"{len(found)} findings, {len(expected)} expected:\n{messages}"
    for f, want in zip(found, expected, strict=True):
        problems = _mismatches(f, want)
        assert not problems, f"{f.message}\n" + "\n".join(problems)
    counts = result.outcomes[case.rule].counts
    for outcome, n in (case.data.get("outcomes") or {}).items():
        assert counts.get(outcome, 0) == n, f"{outcome}: {counts}"


def test_every_case_names_a_registered_rule():
    assert {c.rule for c in CASES} <= set(REGISTRY)


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_every_rule_has_a_failing_and_a_passing_case(code):
    cases = [c for c in CASES if c.rule == code]
    assert any(c.failing for c in cases), f"{code}: no failing case in {CASES_DIR}/{code}.yaml"
    assert any(c.passing for c in cases), f"{code}: no passing case in {CASES_DIR}/{code}.yaml"
