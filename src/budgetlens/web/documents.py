"""Upload, one document's page (metadata, findings, the document with its boxes), verdicts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .app import TEMPLATES

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request):
    """The upload form and the documents in the store."""
    return TEMPLATES.TemplateResponse(request, "home.html", {"documents": []})
