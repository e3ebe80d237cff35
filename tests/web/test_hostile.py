"""Hostile input: markup and script in a document's cells and narrative, a file named
``../../x``, a 200 MB upload, a zip bomb, content of no supported type — nothing executes,
nothing is written outside the upload folder, the server answers every request (no 500)."""

from __future__ import annotations

import asyncio
import io
import re
import threading
import zipfile

import pytest

from budgetlens.web import upload as upload_module
from budgetlens.web.upload import BodyLimit
from conftest import ROOT, corpus_file

FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = ROOT / "samples" / "demo-finance-bureau-2023-final.txt"
STORED_NAME = re.compile(r"^[0-9a-f]{64}\.(pdf|xls|xlsx|docx|html|md|txt)$")


def post(client, name: str, content: bytes, path: str = "/upload"):
    return client.post(path, files=[("files", (name, content))], follow_redirects=False)


def only_hashes_in(upload_dir) -> list[str]:
    names = [p.name for p in upload_dir.iterdir() if p.is_file()]
    assert all(STORED_NAME.match(n) for n in names), names
    return names


@pytest.mark.parametrize("fixture", ["hostile-final.txt", "hostile-budget.html"])
def test_markup_in_a_document_is_shown_as_text_never_run(client, fixture):
    r = post(client, fixture, (FIXTURES / fixture).read_bytes())
    assert r.status_code == 303, r.text
    html = client.get(r.headers["location"]).text
    # the findings quote the hostile cells and narrative …
    assert "&lt;script&gt;alert(" in html
    # … as text: no element of the document's comes through, and the page has no script at all
    for element in ("<script", "<iframe", "<img", "<b ", "javascript:"):
        assert element not in html, element
    assert not re.search(r"<[a-zA-Z][^>]*\son[a-z]+=", html)  # no tag with an event handler
    found = client.get(r.headers["location"].replace("/documents/", "/api/documents/")).json()
    assert any("<script>" in f["message"] for f in found["findings"])  # JSON keeps the text


def test_the_csp_forbids_inline_script_on_the_document_page(client):
    r = post(client, "hostile-final.txt", (FIXTURES / "hostile-final.txt").read_bytes())
    page = client.get(r.headers["location"])
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_a_file_named_like_a_path_is_a_label_only(client, settings, tmp_path):
    for name in ("../../x", "..\\..\\x", "/etc/passwd", "a/../../../x.txt"):
        r = post(client, name, SAMPLE.read_bytes())
        assert r.status_code == 303, (name, r.text)
    assert only_hashes_in(settings.upload_dir) == [r.headers["location"].rsplit("/", 1)[1] + ".txt"]
    assert not (tmp_path / "x").exists() and not (tmp_path.parent / "x").exists()
    listed = client.get("/api/documents").json()["documents"]
    assert [d["label"] for d in listed] == ["../../x"]  # the first name it came under
    assert "../../x" in client.get("/").text


def test_an_upload_over_200_mb_is_refused_before_its_body_is_read(client, settings):
    sent = []

    def body():
        for _ in range(201):
            sent.append(1)
            yield b"\0" * (1024 * 1024)

    size = 201 * 1024 * 1024
    for path in ("/upload", "/api/documents"):
        r = client.post(path, content=body(), headers={
            "Content-Length": str(size),
            "Content-Type": "multipart/form-data; boundary=xyz"})
        assert r.status_code == 413 and "200 MB" in r.json()["detail"]
    assert sent == []  # not one chunk was read
    assert only_hashes_in(settings.upload_dir) == []
    assert client.get("/").status_code == 200


def test_a_body_without_length_is_cut_off_at_the_limit():
    """The streaming cap, driven as an ASGI app: the body stops being read once past the limit
    and the answer is 413."""
    reached = []

    async def app(scope, receive, send):
        while (await receive()).get("more_body"):
            pass
        reached.append(True)

    chunks = iter([b"x" * 1000] * 10)
    received = []

    async def receive():
        chunk = next(chunks)
        received.append(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    sent = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/upload",
             "headers": [(b"transfer-encoding", b"chunked")]}
    # in a thread of its own: a browser session of the same test run may own this thread's loop
    worker = threading.Thread(
        target=lambda: asyncio.run(BodyLimit(app, limit=2500)(scope, receive, send)))
    worker.start()
    worker.join(30)
    assert len(received) == 3 and not reached
    assert sent[0]["status"] == 413


def test_a_streamed_file_over_the_limit_is_refused(client, settings, monkeypatch):
    monkeypatch.setattr(upload_module, "MAX_UPLOAD_BYTES", 64 * 1024)
    r = post(client, "big.txt", SAMPLE.read_bytes() * 200, "/api/documents")
    assert r.status_code == 413
    assert only_hashes_in(settings.upload_dir) == []


def zip_bomb_docx() -> bytes:
    """A .docx whose document part inflates from kilobytes to 40 MB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w") as part:
            part.write(b'<?xml version="1.0"?><w:document>')
            for _ in range(40):
                part.write(b" " * (1024 * 1024))
            part.write(b"</w:document>")
    return buf.getvalue()


def test_a_zip_bomb_fails_with_its_message_and_the_server_goes_on(client, settings):
    bomb = zip_bomb_docx()
    assert len(bomb) < 200_000
    r = post(client, "report.docx", bomb, "/api/documents")
    assert r.status_code == 200
    outcome = r.json()["outcomes"][0]
    assert outcome["status"] == "failed" and "zip bomb" in outcome["problem"]
    home = client.get("/")
    assert home.status_code == 200 and "zip bomb" in home.text and "report.docx" in home.text
    assert client.get("/api/documents").json()["failures"][0]["label"] == "report.docx"
    r = post(client, "fine.txt", SAMPLE.read_bytes())
    assert r.status_code == 303


@pytest.mark.parametrize("name, content, problem", [
    ("empty.pdf", b"", "empty file"),
    ("random.pdf", bytes(range(256)) * 64, "content"),
    ("archive.docx", None, "neither a Word nor an Excel document"),
])
def test_content_of_no_supported_type_is_refused_by_its_content(client, settings, name, content,
                                                                 problem):
    if content is None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("notes/readme.txt", "hello")
        content = buf.getvalue()
    r = post(client, name, content)
    assert r.status_code == 200 and "拒收 refused" in r.text and problem in r.text
    assert only_hashes_in(settings.upload_dir) == []


def test_a_damaged_file_fails_in_its_worker_with_its_message(client):
    r = post(client, "cut.pdf", b"%PDF-1.7\n1 0 obj <<>> garbage")
    assert r.status_code == 200
    assert "失败 failed" in r.text and "truncated PDF" in r.text
    home = client.get("/")
    assert "truncated PDF" in home.text and "cut.pdf" in home.text


def test_a_worker_gets_its_memory_on_top_of_what_the_server_maps(client):
    """The server maps hundreds of MB (web stack, the store's engine); a PDF worker forked
    from it still has its whole default limit for the document (isolate counts only what
    the document adds), so a real PDF is stored."""
    import os

    with open("/proc/self/statm") as f:
        mapped_mb = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE") // 2**20
    assert mapped_mb > 100  # the web stack and the store's engine, at least
    pdf = corpus_file("052_shanghai-putuo_shangwuweiyuanhui_2025_yusuan-danwei.pdf")
    r = client.post("/api/documents", files=[("files", (pdf.name, pdf.read_bytes()))])
    assert r.status_code == 200 and r.json()["outcomes"][0]["status"] == "stored"
