"""The application factory: one store, one template environment, the routers, the safety headers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))  # autoescape on for .html

# Document text is untrusted: no script may run but our own files, no inline script or style
# from data, no frame, no form posting elsewhere, nothing loaded from another origin.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


@dataclass
class Settings:
    """What one running app serves: the store, where uploads are kept, who may write."""

    db: str
    upload_dir: Path
    token: str | None = None  # required for write operations when set


def create_app(settings: Settings) -> FastAPI:
    """A FastAPI app on the store ``settings.db`` (opened and migrated once, here)."""
    from ..store.db import open_store

    app = FastAPI(title="budgetlens", version=__version__,
                  description="Findings of budgetlens on budget and final-account disclosures.")
    settings.upload_dir.mkdir(parents=True, exist_ok=True)
    app.state.settings = settings
    app.state.engine = open_store(settings.db)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.middleware("http")
    async def safety_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    from . import corpus, documents
    from .upload import BodyLimit

    app.add_middleware(BodyLimit)  # an upload over the limit is refused before it is read

    app.include_router(documents.router)
    app.include_router(corpus.router)
    return app
