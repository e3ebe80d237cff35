"""Findings drawn where they stand: a PDF page image with every involved cell and sentence boxed
and labelled with its rule code.

The geometry comes from the Document's locations (bbox in PDF points, top-left origin), never
from re-reading the page, so the same boxes serve any viewer. Needs Pillow; the reader does not.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .model import Finding, Location

SEVERITY_COLOURS = {"error": (214, 0, 0), "warning": (230, 130, 0), "info": (0, 110, 220)}
RELATED_COLOUR = (0, 110, 220)
DEFAULT_SCALE = 2.0


class PillowMissing(RuntimeError):
    """Drawing needs Pillow, which the plain install does not bring."""

    def __init__(self) -> None:
        super().__init__("drawing pages needs Pillow: pip install pillow")


def require_pillow():
    try:
        import PIL.Image  # noqa: F401
    except ImportError:
        raise PillowMissing() from None


@dataclass(frozen=True, slots=True)
class Box:
    """One rectangle to draw: a bbox in PDF points on ``page``, its label and colour."""

    page: int
    bbox: tuple[float, float, float, float]
    label: str
    colour: tuple[int, int, int]
    primary: bool = True


@dataclass(slots=True)
class PageImage:
    """A rendered page at ``scale`` pixels per point, with the boxes drawn on it."""

    page: int
    image: object  # PIL.Image.Image
    scale: float
    boxes: list[Box] = field(default_factory=list)

    def pixels(self, bbox: Sequence[float]) -> tuple[int, int, int, int]:
        """A bbox in points as the pixel rectangle drawn for it."""
        return tuple(round(v * self.scale) for v in bbox)  # type: ignore[return-value]


def finding_boxes(finding: Finding) -> list[Box]:
    """The finding's own place (its severity's colour) and every related place (blue), each
    once, for locations that carry a page and a bbox."""
    boxes: list[Box] = []
    seen: set[tuple] = set()
    colour = SEVERITY_COLOURS.get(finding.severity, RELATED_COLOUR)
    for i, loc in enumerate([finding.location, *finding.related]):
        if loc.page is None or loc.bbox is None:
            continue
        key = (loc.page, tuple(loc.bbox))
        if key in seen:
            continue
        seen.add(key)
        primary = i == 0
        boxes.append(Box(loc.page, tuple(loc.bbox), finding.rule,
                         colour if primary else RELATED_COLOUR, primary))
    return boxes


def pages_of(boxes: Iterable[Box]) -> list[int]:
    """Pages in the order their first box comes."""
    return list(dict.fromkeys(b.page for b in boxes))


def render_page(path: str, page_no: int, scale: float = DEFAULT_SCALE):
    """Page ``page_no`` (1-based) of a PDF as an RGB PIL image, ``scale`` pixels per point."""
    require_pillow()
    from .readers.pdf import open_pdf

    pdf = open_pdf(path)
    try:
        if not 1 <= page_no <= len(pdf):
            raise ValueError(f"page {page_no} is not in 1..{len(pdf)}")
        page = pdf[page_no - 1]
        try:
            image = page.render(scale=scale, rotation=0).to_pil().convert("RGB")
            if page.get_rotation() % 360:
                image = image.rotate(-page.get_rotation(), expand=True)
        finally:
            page.close()
    finally:
        pdf.close()
    return image


def draw_boxes(image, boxes: Iterable[Box], scale: float) -> None:
    """Draw each box (3 px for the finding's own place, 2 px for related ones) with its label
    above its top-left corner."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    font = label_font(max(12, round(7 * scale)))
    for b in boxes:
        x0, top, x1, bottom = (round(v * scale) for v in b.bbox)
        draw.rectangle([x0, top, x1, bottom], outline=b.colour, width=3 if b.primary else 2)
        left, t, right, bot = draw.textbbox((0, 0), b.label, font=font)
        w, h = right - left, bot - t
        y = top - h - 4 if top - h - 4 >= 0 else bottom + 1
        draw.rectangle([x0, y, x0 + w + 4, y + h + 3], fill=b.colour)
        draw.text((x0 + 2 - left, y + 1 - t), b.label, fill=(255, 255, 255), font=font)


def page_with_boxes(path: str, page_no: int, boxes: Iterable[Box],
                    scale: float = DEFAULT_SCALE) -> PageImage:
    on_page = [b for b in boxes if b.page == page_no]
    image = render_page(path, page_no, scale)
    draw_boxes(image, on_page, scale)
    return PageImage(page_no, image, scale, on_page)


def finding_pages(path: str, findings: Sequence[Finding],
                  scale: float = DEFAULT_SCALE) -> list[PageImage]:
    """Every page the findings touch, in order of first mention, each with its boxes."""
    boxes = [b for f in findings for b in finding_boxes(f)]
    return [page_with_boxes(path, p, boxes, scale) for p in pages_of(boxes)]


def stack(pages: Sequence[PageImage], gap: int = 12):
    """The page images one below the other on white; returns the image and each page's top."""
    from PIL import Image

    width = max(p.image.width for p in pages)
    height = sum(p.image.height for p in pages) + gap * (len(pages) - 1)
    out = Image.new("RGB", (width, height), (255, 255, 255))
    tops, y = [], 0
    for p in pages:
        out.paste(p.image, (0, y))
        tops.append(y)
        y += p.image.height + gap
    return out, tops


def crop_around(page: PageImage, margin: float = 36.0):
    """The part of the page holding all its boxes, ``margin`` points around them, full width
    so that a table row reads to its ends."""
    if not page.boxes:
        return page.image
    top = min(b.bbox[1] for b in page.boxes) - margin
    bottom = max(b.bbox[3] for b in page.boxes) + margin
    y0 = max(0, round(top * page.scale) - 30)  # the label sits above the box
    y1 = min(page.image.height, round(bottom * page.scale))
    return page.image.crop((0, y0, page.image.width, y1))


def label_font(size: int):
    """A font that has Chinese glyphs when the system has one, else Pillow's own."""
    from PIL import ImageFont

    for name in CJK_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "NotoSansCJK-Regular.ttc",
    "msyh.ttc",
    "simsun.ttc",
    "DejaVuSans.ttf",
)


def has_page_box(loc: Location) -> bool:
    return loc.page is not None and loc.bbox is not None
