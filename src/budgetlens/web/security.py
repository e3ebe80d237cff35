"""Who may write: with ``settings.token`` set, an upload or a verdict needs that token, sent as
``Authorization: Bearer <token>``, as the form field ``token`` or in the cookie ``TOKEN_COOKIE``
(set once a form carried the right token). Reading needs nothing."""

from __future__ import annotations

import hmac
from urllib.parse import quote, unquote

from fastapi import HTTPException, Request
from fastapi.responses import Response

TOKEN_COOKIE = "budgetlens_token"


def presented_token(request: Request, form_token: str | None = None) -> str | None:
    header = request.headers.get("authorization") or ""
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    cookie = request.cookies.get(TOKEN_COOKIE)
    return form_token or (unquote(cookie) if cookie else None)


def require_writer(request: Request, form_token: str | None = None) -> None:
    """Raise 401 unless the request carries the access token (when one is set)."""
    expected = request.app.state.settings.token
    if not expected:
        return
    given = presented_token(request, form_token) or ""
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(status_code=401, detail="access token required (需要访问令牌)",
                            headers={"WWW-Authenticate": "Bearer"})


def remember_token(request: Request, response: Response, form_token: str | None) -> None:
    """After a form carried the right token, keep it in a cookie for the next forms (quoted:
    a header carries Latin-1 only)."""
    if form_token and token_required(request):
        response.set_cookie(TOKEN_COOKIE, quote(form_token, safe=""), httponly=True,
                            samesite="strict")


def token_required(request: Request) -> bool:
    return bool(request.app.state.settings.token)
