"""Charts drawn on the server as SVG (no script): a line chart of an indicator's series with the
ambition line and comparison lines. Lines differ in colour AND dash pattern AND carry their name in
the legend, so colour is never the only carrier; every chart on a page has a table next to it."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 36
DASHES = ["", "6 4", "2 3", "10 3 2 3", "1 5"]
MARKERS = ["circle", "square", "diamond", "triangle", "none"]
_ids = itertools.count(1)


@dataclass
class Line:
    label: str
    points: list[tuple[int, float]]
    colour: str = "#01689b"
    dash: str = ""
    marker: str = "circle"
    width: float = 2.5


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    if math.isclose(low, high):
        low, high = low - 1, high + 1
    span = high - low
    step = 10 ** math.floor(math.log10(span / count))
    for factor in (1, 2, 2.5, 5, 10):
        if span / (step * factor) <= count:
            step *= factor
            break
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _format(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009")


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}"/>'
    if kind == "diamond":
        return f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} {y + 5:.1f}L{x - 5:.1f} {y:.1f}Z" fill="{colour}"/>'
    if kind == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y + 4:.1f}L{x - 5:.1f} {y + 4:.1f}Z" fill="{colour}"/>'
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>'
    return ""


def line_chart(lines: list[Line], *, title: str, unit: str = "", decimals: int = 1, width: int = WIDTH, height: int = HEIGHT) -> str:
    """An accessible SVG (role="img" with a title naming what it shows); empty string without data."""
    lines = [line for line in lines if line.points]
    if not lines:
        return ""
    years = [y for line in lines for y, _v in line.points]
    values = [v for line in lines for _y, v in line.points]
    y_low, y_high = min(values), max(values)
    if y_low >= 0 and y_low < (y_high - y_low):
        y_low = 0.0
    ticks = _nice_ticks(y_low, y_high)
    y_low, y_high = min(ticks[0], y_low), max(ticks[-1], y_high)
    x_low, x_high = min(years), max(years)
    if x_low == x_high:
        x_low, x_high = x_low - 1, x_high + 1
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM

    def x(year):
        return LEFT + (year - x_low) / (x_high - x_low) * plot_w

    def y(value):
        return TOP + plot_h - (value - y_low) / ((y_high - y_low) or 1) * plot_h

    chart_id = f"chart-title-{next(_ids)}"
    parts = [
        f'<svg class="monitor-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{chart_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
    ]
    for tick in ticks:
        parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#d0d5da" stroke-width="1"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" fill="#333">{escape(_format(tick, decimals if abs(ticks[1] - ticks[0]) < 1 else 0))}</text>'
        )
    step = max(1, math.ceil((x_high - x_low) / 10))
    for year in range(x_low, x_high + 1, step):
        parts.append(f'<text x="{x(year):.1f}" y="{height - BOTTOM + 18}" text-anchor="middle" font-size="12" fill="#333">{year}</text>')
    parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#333" stroke-width="1"/>')
    if unit:
        parts.append(f'<text x="4" y="{TOP - 4 if TOP > 12 else 12}" font-size="11" fill="#333">{escape(unit)}</text>')
    for line in lines:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x(yr):.1f} {y(v):.1f}" for i, (yr, v) in enumerate(sorted(line.points)))
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        parts.append(f'<path d="{path}" fill="none" stroke="{line.colour}" stroke-width="{line.width}"{dash}/>')
        for yr, v in line.points:
            parts.append(_marker(line.marker, x(yr), y(v), line.colour))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def legend(lines: list[Line]) -> list[dict]:
    """For the HTML legend under the chart: label and a small SVG sample of the line."""
    result = []
    for line in lines:
        if not line.points:
            continue
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        sample = f'<svg width="36" height="12" aria-hidden="true" focusable="false"><line x1="0" x2="36" y1="6" y2="6" stroke="{line.colour}" stroke-width="{line.width}"{dash}/>{_marker(line.marker, 18, 6, line.colour)}</svg>'
        result.append({"label": line.label, "sample": mark_safe(sample)})  # noqa: S308 - no user text in it
    return result
