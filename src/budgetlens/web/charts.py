"""Charts drawn on the server as SVG: bars (grouped or stacked) and lines from named series.

No chart library and no script: the page must render offline and under a CSP that allows only
our own files. Colours are SVG presentation attributes (not ``style``), every text is escaped,
and every bar or point carries its exact figure (``data-value``, a decimal string in 万元) and a
``<title>`` that a browser shows on hover and a test can read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from .amounts import amount_label, amount_text

WIDTH, PLOT_HEIGHT = 720, 240  # the plot area; the legend's rows are added below it
LEFT, RIGHT, TOP, AXIS = 76, 16, 28, 30
LEGEND_ROW = 16
PALETTE = ("#1f5fa8", "#c2570c", "#2e7d32", "#8e24aa", "#b3261e", "#00838f", "#6d4c41",
           "#546e7a", "#ad1457", "#9e9d24")


@dataclass(frozen=True, slots=True)
class Series:
    """One named line of figures, one value (万元, or None when not stated) per category."""

    name: str
    values: Sequence[Decimal | None]


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series],
              stacked: bool = False) -> Markup:
    """Bars per category: side by side, or stacked when the series are parts of one whole."""
    plot = _Plot(title, categories, series, stacked)
    if plot.empty:
        return plot.no_data()
    parts = plot.frame()
    n = len(series)
    band = plot.band
    width = band * 0.7 / (1 if stacked else n)
    for ci, category in enumerate(categories):
        base = Decimal(0)
        for si, s in enumerate(series):
            v = s.values[ci]
            if v is None:
                continue
            if stacked:
                y0, y1 = plot.y(base), plot.y(base + v)
                base += v
                x = plot.x0(ci) + band * 0.15
            else:
                y0, y1 = plot.y(Decimal(0)), plot.y(v)
                x = plot.x0(ci) + band * 0.15 + si * width
            top, height = min(y0, y1), abs(y0 - y1)
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" '
                f'height="{max(height, 0.5):.1f}" fill="{PALETTE[si % len(PALETTE)]}"'
                f'{_data(s.name, category, v)}>{_title(s.name, category, v)}</rect>')
    parts.extend(plot.legend())
    return plot.close(parts)


def line_chart(title: str, categories: Sequence[str], series: Sequence[Series]) -> Markup:
    """One line per series across the categories (a trend over years); gaps where not stated."""
    plot = _Plot(title, categories, series, stacked=False)
    if plot.empty:
        return plot.no_data()
    parts = plot.frame()
    for si, s in enumerate(series):
        colour = PALETTE[si % len(PALETTE)]
        run: list[str] = []
        for ci, v in enumerate(s.values):
            if v is None:
                parts.extend(_polyline(run, colour))
                run = []
                continue
            cx, cy = plot.x0(ci) + plot.band / 2, plot.y(v)
            run.append(f"{cx:.1f},{cy:.1f}")
        parts.extend(_polyline(run, colour))
        for ci, v in enumerate(s.values):
            if v is None:
                continue
            cx, cy = plot.x0(ci) + plot.band / 2, plot.y(v)
            parts.append(
                f'<circle class="point" cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}"'
                f'{_data(s.name, categories[ci], v)}>{_title(s.name, categories[ci], v)}</circle>')
    parts.extend(plot.legend())
    return plot.close(parts)


def _polyline(points: list[str], colour: str) -> list[str]:
    if len(points) < 2:
        return []
    return [f'<polyline class="line" points="{" ".join(points)}" fill="none" '
            f'stroke="{colour}" stroke-width="2"/>']


def _data(series: str, category: str, v: Decimal) -> str:
    return (f' data-series="{escape(series)}" data-category="{escape(category)}" '
            f'data-value="{amount_text(v)}"')


def _title(series: str, category: str, v: Decimal) -> str:
    return f"<title>{escape(category)} {escape(series)}: {amount_label(v)} 万元</title>"


def nice_step(span: Decimal, ticks: int = 5) -> Decimal:
    """A round tick step (1, 2 or 5 × 10ⁿ) giving about ``ticks`` intervals over ``span``."""
    if span <= 0:
        return Decimal(1)
    raw = span / ticks
    power = Decimal(10) ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def _legend_places(names: Sequence[str]) -> list[tuple[float, int]]:
    """Where each legend entry goes: (x, row), wrapping before the right edge."""
    places, x, row = [], float(LEFT), 0
    for name in names:
        width = 24 + sum(6 if c.isascii() else 11 for c in name)
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, row = float(LEFT), row + 1
        places.append((x, row))
        x += width
    return places


class _Plot:
    """The frame shared by every chart: scale, axes with 万元 ticks, category labels, legend."""

    def __init__(self, title: str, categories: Sequence[str], series: Sequence[Series],
                 stacked: bool) -> None:
        self.title, self.categories, self.series = title, list(categories), list(series)
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"series {s.name!r} has {len(s.values)} values for "
                                 f"{len(self.categories)} categories")
        values = [v for s in self.series for v in s.values if v is not None]
        self.empty = not values or not self.categories
        if stacked and values:
            top = max(sum((s.values[i] or Decimal(0) for s in self.series), Decimal(0))
                      for i in range(len(self.categories)))
        else:
            top = max(values, default=Decimal(0))
        low = min([Decimal(0), *values])
        self.step = nice_step(max(top, Decimal(0)) - low)
        self.low = (low / self.step).to_integral_value(rounding="ROUND_FLOOR") * self.step
        self.high = max((top / self.step).to_integral_value(rounding="ROUND_CEILING") * self.step,
                        self.low + self.step)
        self.band = (WIDTH - LEFT - RIGHT) / max(len(self.categories), 1)
        self.legend_places = _legend_places([s.name for s in self.series])
        rows = 1 + max((row for _, row in self.legend_places), default=0)
        self.bottom = TOP + PLOT_HEIGHT
        self.height = self.bottom + AXIS + rows * LEGEND_ROW + 6

    def y(self, v: Decimal) -> float:
        share = float((v - self.low) / (self.high - self.low))
        return TOP + (1 - share) * PLOT_HEIGHT

    def x0(self, index: int) -> float:
        return LEFT + index * self.band

    def open(self) -> str:
        return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
                f'viewBox="0 0 {WIDTH} {self.height}" width="{WIDTH}" height="{self.height}" '
                f'aria-label="{escape(self.title)}"><title>{escape(self.title)}</title>')

    def no_data(self) -> Markup:
        return Markup(f'{self.open()}<text x="{WIDTH / 2}" y="{self.height / 2}" text-anchor="middle" '
                      f'fill="#666">无数据 no figures stored</text></svg>')

    def frame(self) -> list[str]:
        parts = [self.open()]
        bottom = self.bottom
        tick = self.low
        while tick <= self.high:
            y = self.y(tick)
            parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                         f'stroke="#e2e2e2"/>')
            parts.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
                         f'font-size="11" fill="#444">{amount_label(tick)}</text>')
            tick += self.step
        parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#888"/>')
        parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" '
                     f'stroke="#888"/>')
        parts.append(f'<text class="unit" x="{LEFT - 6}" y="{TOP - 10}" text-anchor="end" '
                     f'font-size="12" fill="#444">万元</text>')
        for ci, category in enumerate(self.categories):
            x = self.x0(ci) + self.band / 2
            parts.append(f'<text class="category" x="{x:.1f}" y="{bottom + 16}" '
                         f'text-anchor="middle" font-size="12" fill="#222">{escape(category)}</text>')
        return parts

    def legend(self) -> list[str]:
        parts = []
        for si, (s, (x, row)) in enumerate(zip(self.series, self.legend_places, strict=True)):
            y = self.bottom + AXIS + row * LEGEND_ROW + 10
            parts.append(f'<rect x="{x:.1f}" y="{y - 9}" width="10" height="10" '
                         f'fill="{PALETTE[si % len(PALETTE)]}"/>')
            parts.append(f'<text class="legend" x="{x + 14:.1f}" y="{y}" font-size="11" '
                         f'fill="#222">{escape(s.name)}</text>')
        return parts

    def close(self, parts: list[str]) -> Markup:
        return Markup("".join(parts) + "</svg>")
