"""PDF pages as PNG images for the document page, rendered once and kept on disk.

The image is the plain page (``render.render_page``); the boxes are drawn over it by the browser
(SVG rectangles linked to their findings), placed in PDF points on the page's size, so that they
scale with the image. PDFium is not safe to call from two threads at once: one lock.
"""

from __future__ import annotations

import io
import os
import threading
from functools import lru_cache
from pathlib import Path

PAGE_SCALE = 1.5  # pixels per point: a table's figures stay legible on a laptop screen
PDFIUM_LOCK = threading.Lock()


def page_png(pdf_path: str, digest: str, page_no: int, cache_dir: Path) -> bytes:
    """Page ``page_no`` of the PDF as PNG bytes; ValueError when there is no such page."""
    cached = cache_dir / digest / f"{page_no}.png"
    if cached.exists():
        return cached.read_bytes()
    from ..render import render_page

    with PDFIUM_LOCK:
        image = render_page(pdf_path, page_no, PAGE_SCALE)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    data = buf.getvalue()
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, cached)
    return data


@lru_cache(maxsize=64)
def page_sizes(pdf_path: str) -> tuple[tuple[float, float], ...]:
    """Each page's width and height in points as displayed (rotation applied)."""
    from ..readers.pdf import open_pdf

    with PDFIUM_LOCK:
        pdf = open_pdf(pdf_path)
        try:
            sizes = []
            for i in range(len(pdf)):
                page = pdf[i]
                try:
                    w, h = page.get_size()
                    if page.get_rotation() % 180:
                        w, h = h, w
                finally:
                    page.close()
                sizes.append((round(w, 2), round(h, 2)))
        finally:
            pdf.close()
    return tuple(sizes)
