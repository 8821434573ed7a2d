"""Server-rendered SVG charts: the geometry and the markup are made here (a page draws hundreds
of points and heat-map days, which Python strings render many times faster than template loops).
No JavaScript; every chart has a table alternative on its page. Presentation attributes and
classes only (no style attributes), so the markup passes the CSP; all text is escaped."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from typing import Protocol

from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 28


@dataclass
class Point:
    x: float
    y: float
    label: str
    bar_x: float = 0
    bar_height: float = 0


@dataclass
class Tick:
    position: float
    label: str
    anchor: str = "middle"


@dataclass
class Chart:
    id: str
    title: str
    unit: str
    points: list[Point] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    bars: bool = False
    bar_width: float = 0
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM
    right_x: int = WIDTH - RIGHT

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def empty(self) -> bool:
        return not self.points

    def svg(self) -> SafeString:
        """The chart's <svg> element, labelled by the caption `{id}-title` of its figure."""
        out = [
            f'<svg viewBox="0 0 {self.width} {self.height}" role="img" aria-labelledby="{escape(self.id)}-title" '
            'focusable="false" class="chart-svg">'
        ]
        for tick in self.y_ticks:
            y = f"{tick.position:.1f}"
            out.append(f'<line x1="{self.left}" x2="{self.right_x}" y1="{y}" y2="{y}" class="chart-grid"/>')
            out.append(
                f'<text x="{self.left - 6}" y="{y}" class="chart-label" text-anchor="end" '
                f'dominant-baseline="middle">{escape(tick.label)}</text>'
            )
        for tick in self.x_ticks:
            out.append(
                f'<text x="{tick.position:.1f}" y="{self.height - 8}" class="chart-label" '
                f'text-anchor="{tick.anchor}">{escape(tick.label)}</text>'
            )
        out.append(
            f'<line x1="{self.left}" x2="{self.right_x}" y1="{self.bottom_y}" y2="{self.bottom_y}" class="chart-axis"/>'
        )
        if self.bars:
            out.extend(
                f'<rect x="{p.bar_x:.1f}" y="{p.y:.1f}" width="{self.bar_width:.1f}" height="{p.bar_height:.1f}" '
                f'class="chart-bar"><title>{escape(p.label)}</title></rect>'
                for p in self.points
            )
        else:
            out.append(f'<polyline points="{self.polyline}" class="chart-line" fill="none"/>')
            out.extend(
                f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="3" class="chart-dot">'
                f"<title>{escape(p.label)}</title></circle>"
                for p in self.points
            )
        out.append("</svg>")
        return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703 - numbers and escaped text only


class HeatDay(Protocol):
    date: datetime.date
    sessions: int
    sets: int
    level: int
    x: int
    y: int


def heat_map_svg(
    cells: Iterable[HeatDay], *, width: int, labelledby: str, volume: dict[datetime.date, str]
) -> SafeString:
    """The calendar heat map: one 10 px square a day, its level as a class, its totals as a
    tooltip (`volume` holds each training day's volume, formatted in the reader's unit)."""
    out = [
        f'<svg viewBox="0 0 {width} 84" class="heatmap" role="img" aria-labelledby="{escape(labelledby)}" '
        'focusable="false">'
    ]
    for cell in cells:
        day = f"{cell.date:%a} {cell.date.day} {cell.date:%b %Y}"
        if cell.sessions:
            plural = "" if cell.sessions == 1 else "s"
            text = f"{day}: {cell.sessions} session{plural}, {cell.sets} sets, {volume[cell.date]}"
        else:
            text = f"{day}: rest"
        out.append(
            f'<rect x="{cell.x}" y="{cell.y}" width="10" height="10" rx="2" class="hm-{cell.level}">'
            f"<title>{escape(text)}</title></rect>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703 - numbers and escaped text only


def _short(value: float) -> str:
    """Axis labels that fit: 12500 as "12.5k"."""
    return f"{value / 1000:g}k" if abs(value) >= 10000 else f"{value:g}"


def _nice_step(span: float) -> float:
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000):
        if span / step <= 5:
            return float(step)
    return span / 5


def chart(
    id: str, title: str, unit: str, series: list[tuple[datetime.date, Decimal | None]], *, bars: bool = False
) -> Chart:
    """A line (or bar) chart of dated values, scaled to the plot area; missing values are skipped."""
    data = [(day, float(value)) for day, value in series if value is not None]
    result = Chart(id=id, title=title, unit=unit, bars=bars)
    if not data:
        return result
    low = 0.0 if bars else min(v for _, v in data)
    high = max(v for _, v in data)
    step = _nice_step(max(high - low, 1.0))
    low = (low // step) * step
    high = max(low + step, -(-high // step) * step)
    first, last = data[0][0], data[-1][0]
    days = max((last - first).days, 1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    if bars:
        result.bar_width = max(2.0, plot_w / max(len(data), 1) * 0.7)

    position = {day: i for i, (day, _) in enumerate(data)}

    def x_of(day: datetime.date) -> float:
        if bars:
            return LEFT + (position[day] + 0.5) * plot_w / len(data)
        return LEFT + (day - first).days * plot_w / days

    def y_of(value: float) -> float:
        return TOP + plot_h - (value - low) * plot_h / (high - low)

    result.points = [Point(x_of(day), y_of(value), f"{day:%d %b %Y}: {value:g} {unit}") for day, value in data]
    for point in result.points:
        point.bar_x = point.x - result.bar_width / 2
        point.bar_height = max(TOP + plot_h - point.y, 0)
    tick = low
    while tick <= high + 1e-9:
        result.y_ticks.append(Tick(y_of(tick), _short(tick)))
        tick += step
    marks = [data[0][0], data[len(data) // 2][0], data[-1][0]] if len(data) > 2 else [d for d, _ in data]
    result.x_ticks = [Tick(x_of(day), f"{day:%b %Y}") for day in dict.fromkeys(marks)]
    # The first and last labels sit inside the plot, not half outside it.
    result.x_ticks[0].anchor = "start"
    if len(result.x_ticks) > 1:
        result.x_ticks[-1].anchor = "end"
    return result
