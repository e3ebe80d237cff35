"""The corpus API's response models: what ``/api/corpus/…`` returns, described in the OpenAPI.

Amounts are decimal strings in 万元 (``"17996.68"``), as the JSON output writes them: never a
binary float.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

Amount = str  # a decimal string in 万元, at least two decimals ("0.00")


class DocumentRef(BaseModel):
    """One stored document, as the corpus lists it (its page is /documents/{hash})."""

    hash: str
    file_name: str
    department: str | None = Field(description="the name as the document prints it")
    year: int | None
    kind: str | None = Field(description="budget 预算 / final 决算")
    scope: str | None = Field(description="department 部门 / unit 单位 / none when not stated")
    level: str | None
    completeness: float | None = Field(description="share of the required tables present")
    findings: int
    errors: int


class YearKind(BaseModel):
    year: int | None
    kind: str | None
    label: str = Field(description="'2017 预算', '2018 决算'")
    scopes: list[str] = Field(description="department 部门 / unit 单位, as the documents state")
    documents: list[str] = Field(description="hashes of the documents of this year and kind")


class DepartmentSummary(BaseModel):
    name: str = Field(description="the department's name normalised (中共 dropped, short forms)")
    spellings: list[str] = Field(description="the names the documents print")
    years: list[YearKind]
    documents: list[DocumentRef]
    findings: int
    errors: int


class DepartmentsOut(BaseModel):
    total: int = Field(description="departments matching, of which this page lists some")
    offset: int
    limit: int
    departments: list[DepartmentSummary]
    unnamed: list[DocumentRef] = Field(description="documents that name no department")


class Figure(BaseModel):
    concept: str
    label: str
    value_wan: Amount | None


class FunctionClass(BaseModel):
    code: str = Field(description="支出功能分类 类 code, e.g. 204")
    name: str
    value_wan: Amount


class DepartmentYear(BaseModel):
    year: int | None
    kind: str | None
    label: str
    documents: list[str]
    figures: list[Figure] = Field(description="headline figures, in 万元")
    function_classes: list[FunctionClass] = Field(description="expenditure by 功能分类 类")


class BudgetFinal(BaseModel):
    year: int
    budget_wan: Amount | None = Field(description="支出总计 of the year's budget")
    final_wan: Amount | None = Field(description="支出总计 of the year's final account")


class PeerRow(BaseModel):
    position: int = Field(description="place in the ranking, 1 for the first (ties share a rank)")
    rank: int
    department: str
    value_wan: Amount
    document: str
    is_self: bool


class PeerRanking(BaseModel):
    concept: str
    label: str
    year: int
    kind: str
    total: int = Field(description="departments ranked")
    rows: list[PeerRow] = Field(description="the first ones and those around the department")


class NotFound(BaseModel):
    detail: str


class DepartmentOut(BaseModel):
    name: str
    spellings: list[str]
    documents: list[DocumentRef]
    years: list[DepartmentYear]
    budget_vs_final: list[BudgetFinal]
    peers: list[PeerRanking]


class RuleCount(BaseModel):
    rule: str
    title: str
    severity: str
    findings: int
    documents: int


class FindingsOut(BaseModel):
    total: int
    rules: list[RuleCount]


class FindingRef(BaseModel):
    document: str
    file_name: str
    department: str | None
    year: int | None
    kind: str | None
    ordinal: int
    severity: str
    message: str | None
    expected: str | None
    actual: str | None
    page: int | None
    line: int | None


class RuleFindingsOut(BaseModel):
    rule: str
    title: str
    severity: str | None
    findings: list[FindingRef]
    truncated: bool = Field(description="more findings are stored than listed")


class MissingTable(BaseModel):
    kind: str
    title: str


class CompletenessRow(BaseModel):
    document: DocumentRef
    required: int | None = Field(description="tables required for its kind and year")
    missing: list[MissingTable] | None = Field(
        description="required tables not found; null when the store cannot tell (no kind or year)")


class CompletenessOut(BaseModel):
    total: int = Field(description="documents stored, of which this page lists some")
    offset: int
    limit: int
    documents: list[CompletenessRow]
