"""A picture of what the PDF reader saw on one page, for finding out why a table came out
the way it did: the rendered page with ruling edges (red), table cells (blue, with their
row/column), paragraphs (green) and images (orange) drawn over it.

    budgetlens debug-page FILE PAGE -o OUT.png

Needs Pillow (a dependency of the package, but the reader itself does not use it); without it
this says so instead of failing.
"""

from __future__ import annotations

import sys

from ..model import Grid, ImageBlock, Paragraph
from .pdf import PdfSettings, check_pdf_file, open_pdf, page_blocks
from .pdf_page import page_primitives

COLOURS = {
    "edge": (220, 0, 0),
    "cell": (0, 70, 220),
    "paragraph": (0, 150, 0),
    "image": (240, 140, 0),
}


def draw_page(path: str, page_no: int, out: str, scale: float = 1.5) -> str:
    """Render page ``page_no`` (1-based) of ``path`` with the reader's findings to ``out``."""
    from ..render import render_page

    check_pdf_file(path)
    image = render_page(path, page_no, scale)  # says so when Pillow is missing
    from PIL import ImageDraw

    pdf = open_pdf(path)
    try:
        page = pdf[page_no - 1]
        try:
            prims = page_primitives(page)
        finally:
            page.close()
    finally:
        pdf.close()
    blocks, _ = page_blocks(path, page_no, prims, PdfSettings(), [])
    draw = ImageDraw.Draw(image)

    def box(b, colour, width=1):
        draw.rectangle([v * scale for v in b], outline=colour, width=width)

    for e in prims.edges:
        draw.line(
            [e.x0 * scale, e.top * scale, e.x1 * scale, e.bottom * scale], fill=COLOURS["edge"]
        )
    for b in blocks:
        if isinstance(b, Grid):
            box(b.location.bbox, COLOURS["cell"], 3)
            for row in b.rows:
                for c in row:
                    box(c.location.bbox, COLOURS["cell"])
                    x0, top = c.location.bbox[:2]
                    draw.text(
                        (x0 * scale + 2, top * scale + 1), f"{c.row},{c.col}", fill=COLOURS["cell"]
                    )
        elif isinstance(b, Paragraph):
            box(b.location.bbox, COLOURS["paragraph"])
        elif isinstance(b, ImageBlock):
            box(b.location.bbox, COLOURS["image"], 2)
    image.save(out)
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or not args[1].isdigit():
        print("usage: python -m budgetlens.readers.pdf_debug FILE PAGE OUT.png", file=sys.stderr)
        return 2
    from ..errors import ReadError
    from ..render import PillowMissing

    try:
        print(draw_page(args[0], int(args[1]), args[2]))
    except (PillowMissing, ReadError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
