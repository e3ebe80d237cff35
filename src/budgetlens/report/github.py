"""Findings as GitHub Actions workflow commands (``::error file=…,line=…,title=…::message``),
so a workflow that checks disclosures annotates them in its summary."""

from __future__ import annotations

from collections.abc import Iterable

from .plain import visible

COMMANDS = {"error": "error", "warning": "warning"}


def _data(text: str) -> str:
    """Escaping of a command's message (workflow-commands toolkit rules)."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _where(loc: dict) -> list[str]:
    """What the annotation's line cannot say: the page of a PDF, the sheet and cell of a
    spreadsheet."""
    where = []
    if loc.get("page") is not None:
        where.append(f"p.{loc['page']}")
    if loc.get("sheet") is not None:
        where.append(loc["sheet"] + (f"!{loc['cell']}" if loc.get("cell") else ""))
    return where


def render(documents: Iterable[dict]) -> str:
    lines = []
    for doc in documents:
        path = doc.get("path") or ""
        for f in doc.get("findings") or []:
            loc = f.get("location") or {}
            props = [f"file={_property(path)}"]
            if loc.get("line") is not None:
                props.append(f"line={int(loc['line'])}")
                if loc.get("end_line"):
                    props.append(f"endLine={int(loc['end_line'])}")
            title = " ".join([f["rule"], *_where(loc)])
            props.append(f"title={_property(title)}")
            command = COMMANDS.get(f.get("severity"), "notice")
            lines.append(f"::{command} {','.join(props)}::{_data(f.get('message') or '')}\n")
    return "".join(lines)
