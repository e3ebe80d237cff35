"""The corpus views: departments and years, a department over the years, findings by rule."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
