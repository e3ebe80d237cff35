"""Upload, one document's page (metadata, findings, the document with its boxes), verdicts.

Every page has a JSON twin under ``/api``; write operations (upload, verdicts) pass
``security.require_writer``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from .app import TEMPLATES
from .document_data import (
    HASH_PATTERN,
    Filters,
    FindingView,
    document_findings,
    document_row,
    public,
    store_listing,
)
from .reviews import MAX_NOTE, MAX_REVIEWER, VERDICTS, add_review, precision
from .security import remember_token, require_writer, token_required
from .upload import accept

router = APIRouter()

Digest = Annotated[str, Path(pattern=HASH_PATTERN, description="the document's sha256")]
FindingId = Annotated[int, Path(ge=0, le=10_000_000, description="the finding's number")]
Severity = Literal["error", "warning", "info"]
SEVERITY_NAMES = {"error": "错误 error", "warning": "警告 warning", "info": "提示 info"}


def _filters(severity: Severity | None, family: str | None, rule: str | None) -> Filters:
    return Filters(severity or None, (family or "").strip()[:8] or None,
                   (rule or "").strip()[:16] or None)


def _document_or_404(request: Request, digest: str) -> dict:
    doc = document_row(request.app.state.engine, digest)
    if doc is None:
        raise HTTPException(status_code=404, detail="no such document in the store (无此文件)")
    return doc


# --- the home page and the store's documents ------------------------------------------------

Limit = Annotated[int, Query(ge=1, le=10_000, description="documents listed, newest first")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, limit: Limit = 200, offset: Offset = 0):
    """The upload form and the documents in the store."""
    listing = store_listing(request.app.state.engine, limit, offset)
    return TEMPLATES.TemplateResponse(request, "home.html", {
        **listing, "limit": limit, "offset": offset, "token_required": token_required(request)})


@router.get("/api/documents", tags=["documents"])
def api_documents(request: Request, limit: Limit = 200, offset: Offset = 0) -> dict:
    """The documents in the store, newest first, with their findings by severity, and the
    files that failed with their messages."""
    return store_listing(request.app.state.engine, limit, offset)


# --- upload -------------------------------------------------------------------------------------

def _accept_all(request: Request, files: list[UploadFile]) -> list[dict]:
    settings = request.app.state.settings
    return [o.to_dict() for o in accept(request.app.state.engine, settings.upload_dir, files)]


@router.post("/upload", response_class=HTMLResponse, tags=["documents"])
def upload(request: Request, files: Annotated[list[UploadFile], File()],
           token: Annotated[str | None, Form()] = None):
    """Upload one or several files (multipart field ``files``): each is checked and stored;
    one file that is stored leads to its page, otherwise the outcome of each is shown."""
    require_writer(request, token)
    outcomes = _accept_all(request, files)
    if len(outcomes) == 1 and outcomes[0]["url"]:
        response = RedirectResponse(outcomes[0]["url"], status_code=303)
    else:
        response = TEMPLATES.TemplateResponse(request, "document_upload.html",
                                              {"outcomes": outcomes})
    remember_token(request, response, token)
    return response


@router.post("/api/documents", tags=["documents"])
def api_upload(request: Request, files: Annotated[list[UploadFile], File()]) -> dict:
    """Upload one or several files; the outcome of each: stored, skipped (already stored),
    failed (with the message of its worker) or refused (size, type)."""
    require_writer(request)
    return {"outcomes": _accept_all(request, files)}


# --- one document -------------------------------------------------------------------------------

@router.get("/documents/{digest}", response_class=HTMLResponse, tags=["documents"])
def document_page(request: Request, digest: Digest, severity: Severity | None = None,
                  family: Annotated[str | None, Query(max_length=8)] = None,
                  rule: Annotated[str | None, Query(max_length=16)] = None):
    """A document: its metadata, its findings (filtered by severity, family, rule) and the
    document itself with every flagged cell or line marked and linked to its finding."""
    from .document_view import document_view

    doc = _document_or_404(request, digest)
    every = document_findings(request.app.state.engine, digest)
    filters = _filters(severity, family, rule)
    view = document_view(doc, every, filters)
    return TEMPLATES.TemplateResponse(request, "document.html", {
        **view, "filters": filters, "verdicts": VERDICTS, "severity_names": SEVERITY_NAMES,
        "token_required": token_required(request)})


@router.get("/api/documents/{digest}", tags=["documents"])
def api_document(request: Request, digest: Digest, severity: Severity | None = None,
                 family: Annotated[str | None, Query(max_length=8)] = None,
                 rule: Annotated[str | None, Query(max_length=16)] = None) -> dict:
    """A document's metadata and its findings (filtered), each with its places, quote,
    context lines and latest verdict."""
    doc = _document_or_404(request, digest)
    filters = _filters(severity, family, rule)
    kept = [f for f in document_findings(request.app.state.engine, digest) if filters.keep(f)]
    return {"document": public(doc), "findings": [f.to_dict() for f in kept]}


@router.get("/documents/{digest}/pages/{page}.png", tags=["documents"],
            response_class=Response, responses={200: {"content": {"image/png": {}}}})
def page_image(request: Request, digest: Digest,
               page: Annotated[int, Path(ge=1, le=100_000)]):
    """Page ``page`` of a PDF document as a PNG image (the boxes are drawn over it by the
    document page)."""
    from .pages import page_png

    doc = _document_or_404(request, digest)
    if doc["format"] != "pdf" or not doc["pages"] or page > doc["pages"]:
        raise HTTPException(status_code=404, detail="no such page (无此页)")
    cache = request.app.state.settings.upload_dir / "pages"
    try:
        data = page_png(doc["path"], digest, page, cache)
    except (OSError, ValueError):  # the original moved away or damaged since it was checked
        raise HTTPException(status_code=404, detail="page cannot be drawn (无法显示此页)") from None
    return Response(data, media_type="image/png",
                    headers={"Cache-Control": "private, max-age=86400"})


# --- verdicts -----------------------------------------------------------------------------------

class VerdictIn(BaseModel):
    verdict: Literal["accepted", "false_alarm", "fixed"]
    reviewer: str = Field(min_length=1, max_length=MAX_REVIEWER)
    note: str | None = Field(default=None, max_length=MAX_NOTE)


def _finding_or_404(request: Request, digest: str, finding: int) -> FindingView:
    _document_or_404(request, digest)
    for f in document_findings(request.app.state.engine, digest):
        if f.id == finding:
            return f
    raise HTTPException(status_code=404, detail="no such finding (无此问题)")


def _record(request: Request, digest: str, finding: int, v: VerdictIn) -> dict:
    f = _finding_or_404(request, digest, finding)
    if not f.key:
        raise HTTPException(status_code=409, detail="this finding has no verdict key: run "
                                                    "budgetlens recheck")
    return add_review(request.app.state.engine, digest, f.key, f.rule, v.verdict,
                      v.reviewer.strip() or "?", v.note)


@router.post("/documents/{digest}/findings/{finding}/verdict", tags=["verdicts"],
             response_class=RedirectResponse, status_code=303)
def verdict_form(request: Request, digest: Digest, finding: FindingId,
                 verdict: Annotated[Literal["accepted", "false_alarm", "fixed"], Form()],
                 reviewer: Annotated[str, Form(min_length=1, max_length=MAX_REVIEWER)],
                 note: Annotated[str | None, Form(max_length=MAX_NOTE)] = None,
                 token: Annotated[str | None, Form()] = None):
    """Mark a finding accepted, false alarm or fixed (by whom, with a note); back to it."""
    require_writer(request, token)
    _record(request, digest, finding, VerdictIn(verdict=verdict, reviewer=reviewer, note=note))
    response = RedirectResponse(f"/documents/{digest}#finding-{finding}", status_code=303)
    remember_token(request, response, token)
    return response


@router.post("/api/documents/{digest}/findings/{finding}/verdict", tags=["verdicts"],
             status_code=201)
def api_verdict(request: Request, digest: Digest, finding: FindingId, body: VerdictIn) -> dict:
    """Record a verdict on a finding; returns it with who and when."""
    require_writer(request)
    return _record(request, digest, finding, body)


@router.get("/precision", response_class=HTMLResponse, tags=["verdicts"])
def precision_page(request: Request):
    """Precision of the findings from the stored verdicts, per rule and in all."""
    return TEMPLATES.TemplateResponse(request, "document_precision.html",
                                      {"precision": precision(request.app.state.engine)})


@router.get("/api/precision", tags=["verdicts"])
def api_precision(request: Request) -> dict:
    """Precision from the stored verdicts (true: accepted or fixed; false: false alarm), per
    rule and in all."""
    return precision(request.app.state.engine)
