"""Uploads: a file from the browser kept by its content hash, checked in an isolated worker.

The client's file name is a label and nothing more: the file is written as
``upload_dir/<sha256><suffix>``, the suffix told by the content (PDF magic, an OLE or ZIP
container and its members, text that decodes), never by the name. The size is capped twice: a
``Content-Length`` over the limit is refused before a byte of the body is read
(``BodyLimit``), and a body without one is counted as it streams in. Reading and checking run
as ``budgetlens ingest`` runs them (``store.ingest``: a forked worker under time and memory
limits), so a damaged file or a zip bomb ends as a failure with its message, not as a crash of
the server.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from ..errors import ReadError

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_LABEL = 200  # characters of a client's file name kept as the label
UPLOAD_PATHS = ("/upload", "/api/documents")
_CHUNK = 1 << 20
_SNIFF = 256 * 1024
TEXT_SAMPLE = 8 * 1024 * 1024  # a text file up to this size is decoded whole to be sniffed

# One document checked at a time: the store has one writer, and the machine's cores are
# better spent on one worker than shared by several.
INGEST_LOCK = threading.Lock()


class TooLarge(Exception):
    """The request body passed MAX_UPLOAD_BYTES while streaming in."""


class BodyLimit:
    """ASGI middleware: a request to an upload path whose body is over ``limit`` bytes gets
    413, decided on its Content-Length before reading, or as soon as the streamed body passes
    the limit when it has none."""

    def __init__(self, app, limit: int | None = None) -> None:
        self.app = app
        self.limit = limit  # None: MAX_UPLOAD_BYTES

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "POST" \
                or scope.get("path") not in UPLOAD_PATHS:
            await self.app(scope, receive, send)
            return
        limit = self.limit or MAX_UPLOAD_BYTES
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                too_large = int(declared) > limit
            except ValueError:
                too_large = False
            if too_large:
                await _refuse(send, limit)
                return
        received = 0
        started = False

        async def counted_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise TooLarge()
            return message

        async def watched_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except TooLarge:
            if not started:
                await _refuse(send, limit)


async def _refuse(send, limit: int) -> None:
    body = (f'{{"detail": "file too large: the limit is {limit // (1024 * 1024)} MB '
            f'(文件过大)"}}').encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


@dataclass(slots=True)
class Outcome:
    """What became of one uploaded file."""

    name: str  # the client's file name, a label
    status: str  # stored, skipped (already in the store), failed, refused
    hash: str | None = None
    problem: str | None = None

    def to_dict(self) -> dict:
        url = f"/documents/{self.hash}" if self.status in ("stored", "skipped") else None
        return {"name": self.name, "status": self.status, "hash": self.hash,
                "problem": self.problem, "url": url}


def label_of(name: str | None) -> str:
    """The client's file name as a one-line label of bounded length (never a path used)."""
    text = " ".join((name or "").split()) or "(unnamed)"
    return text[:MAX_LABEL]


def sniff_suffix(path: str, name: str) -> str:
    """The suffix the content calls for: .pdf, .xls (OLE: the reader tells .doc from its
    content), .docx/.xlsx (by the ZIP's members, read from its directory only), .html, .md or
    .txt (text that decodes; the name only tells markdown from plain text). ReadError when the
    content is none of these."""
    from ..readers.office_zip import member_names
    from ..readers.text_decode import decode_bytes

    with open(path, "rb") as f:
        head = f.read(_SNIFF)
    if not head:
        raise ReadError(name, "empty file: nothing to read (空文件)")
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return ".pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".xls"
    if head.startswith(b"PK\x03\x04"):
        names = member_names(path)
        if "word/document.xml" in names:
            return ".docx"
        if any(n.startswith("xl/") for n in names):
            return ".xlsx"
        raise ReadError(name, "ZIP archive that is neither a Word nor an Excel document")
    text, _ = decode_bytes(_text_sample(path, head), name)
    lowered = text.lstrip("\ufeff").lstrip().lower()
    if lowered.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in lowered \
            or "<table" in lowered:
        return ".html"
    return ".md" if name.lower().endswith(".md") else ".txt"


def _text_sample(path: str, head: bytes) -> bytes:
    """Enough of the file to tell its encoding: all of it up to TEXT_SAMPLE bytes, else its
    start cut after a line end (so that no character is cut in two)."""
    if len(head) < _SNIFF:
        return head
    with open(path, "rb") as f:
        data = f.read(TEXT_SAMPLE + 1)
    if len(data) <= TEXT_SAMPLE:
        return data
    data = data[:TEXT_SAMPLE]
    for end in (b"\n\x00", b"\x00\n", b"\n"):  # UTF-16 LE, UTF-16 BE, the others
        at = data.rfind(end)
        if at > 0:
            return data[: at + len(end)]
    return data


def receive_file(upload, upload_dir: Path, name: str) -> tuple[Path, str]:
    """Copy an uploaded file into ``upload_dir`` under its content hash; (path, hash).
    Refuses (ReadError) a file over the limit or of no supported type."""
    upload_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp = tempfile.mkstemp(dir=upload_dir, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := upload.file.read(_CHUNK):
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise ReadError(name, f"file too large: the limit is "
                                          f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB (文件过大)")
                digest.update(chunk)
                out.write(chunk)
        suffix = sniff_suffix(tmp, name)
        final = upload_dir / f"{digest.hexdigest()}{suffix}"
        if final.exists():
            os.unlink(tmp)
        else:
            os.replace(tmp, final)
        return final, digest.hexdigest()
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def check_files(engine: Engine, paths: list[str]) -> dict[str, tuple[str, str | None]]:
    """Store the files as ``budgetlens ingest`` does, in one run; path -> (event, problem)
    with event 'stored', 'skipped' (already stored) or 'failed'."""
    from ..isolate import Limits
    from ..store.ingest import ingest

    events: dict[str, tuple[str, str | None]] = {}

    def listener(event: str, path: str, detail) -> None:
        events.setdefault(path, (event, getattr(detail, "problem", None)))

    with INGEST_LOCK:
        # ingest's own limits: a forked worker's memory cap counts only what its document adds
        # to the address space it inherits from this server (isolate.py)
        ingest(engine, paths, Limits(), listener=listener)
    return events


def remember_label(engine: Engine, digest: str, name: str, size: int) -> None:
    """Keep the first name a content was uploaded under, as its label."""
    from ..store.db import now
    from ..store.schema import uploads

    with engine.begin() as conn:
        if conn.execute(select(uploads.c.hash).where(uploads.c.hash == digest)).first():
            return
        conn.execute(uploads.insert(), [{"hash": digest, "name": name, "size": size,
                                         "uploaded_at": now()}])


def accept(engine: Engine, upload_dir: Path, files: list) -> list[Outcome]:
    """Uploaded files from receipt to the store, checked in one run; never raises for a bad
    file: each ends as an Outcome in the order given."""
    outcomes: list[Outcome | None] = []
    received: list[tuple[int, str, Path, str]] = []
    for upload in files:
        name = label_of(upload.filename)
        try:
            path, digest = receive_file(upload, upload_dir, name)
        except ReadError as e:
            outcomes.append(Outcome(name, "refused", None, e.problem))
            continue
        remember_label(engine, digest, name, path.stat().st_size)
        received.append((len(outcomes), name, path, digest))
        outcomes.append(None)
    events = check_files(engine, [str(path) for _, _, path, _ in received]) if received else {}
    for index, name, path, digest in received:
        event, problem = events.get(str(path), ("skipped", None))
        outcomes[index] = Outcome(name, event, digest, problem if event == "failed" else None)
    return [o for o in outcomes if o is not None]
