"""Server-rendered SVG charts: the geometry is worked out here, the template draws it. No
JavaScript; every chart has a table alternative on its page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

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
