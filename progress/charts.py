"""Server-rendered SVG charts and the rows of their tables: the geometry and the markup are made
here (a page draws hundreds of points, heat-map days and table rows, which Python strings render
many times faster than template loops). No JavaScript; every chart has a table alternative on its
page. Presentation attributes and classes only (no style attributes), so the markup passes the
CSP; all text is escaped."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
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


# Names as the templates' `date` filter writes them in English, looked up rather than formatted
# with strftime (several times slower): the heat map names every day of a year, the exercise
# page's charts every week of its history.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day_label(day: datetime.date) -> str:
    """The date as `date:"j M Y"` writes it: 5 Jan 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_label(day: datetime.date) -> str:
    """The month as `date:"F Y"` writes it: January 2026."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def table_rows(rows: Iterable[tuple[str, ...]]) -> SafeString:
    """`<tr>`s of a chart's table alternative: each row's first value a row header, the others
    numbers (class "num"), every value escaped."""
    out = []
    for head, *cells in rows:
        out.append(f'<tr><th scope="row">{escape(head)}</th>')
        out.extend(f'<td class="num">{escape(cell)}</td>' for cell in cells)
        out.append("</tr>")
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703 - escaped text only


HEAT_LEFT, HEAT_TOP = 30, 16  # room for the weekday and month labels, in the map's units
HEAT_DAY_LABELS = {0: "Mon", 2: "Wed", 4: "Fri"}


def heat_map_svg(
    cells: Iterable[HeatDay], *, width: int, labelledby: str, volume: dict[datetime.date, str]
) -> SafeString:
    """The calendar heat map: one 10 px square a day (weeks across, Monday to Sunday down), its
    level as a class, its totals as a tooltip (`volume` holds each training day's volume,
    formatted in the reader's unit); month names above the week each month begins in, and
    Mon/Wed/Fri beside their rows, so the map reads without its tooltips (which phones lack)."""
    cells = list(cells)
    out = [
        f'<svg viewBox="0 0 {HEAT_LEFT + width} {HEAT_TOP + 84}" class="heatmap" role="img" '
        f'aria-labelledby="{escape(labelledby)}" focusable="false">'
    ]
    for row, name in HEAT_DAY_LABELS.items():
        out.append(
            f'<text x="{HEAT_LEFT - 4}" y="{HEAT_TOP + row * 12 + 9}" class="hm-label" text-anchor="end">{name}</text>'
        )
    for x, name in _month_labels(cells):
        # A name too near the right edge to fit ends at the edge instead (about 6 units a letter).
        anchor = "end" if x + _text_width(name) > width else "start"
        left = width if anchor == "end" else x
        out.append(
            f'<text x="{HEAT_LEFT + left}" y="{HEAT_TOP - 5}" class="hm-label" '
            f'text-anchor="{anchor}">{escape(name)}</text>'
        )
    out.append(f'<g transform="translate({HEAT_LEFT} {HEAT_TOP})">')
    for cell in cells:
        date = cell.date
        day = f"{WEEKDAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]} {date.year}"
        if cell.sessions:
            plural = "" if cell.sessions == 1 else "s"
            text = escape(f"{day}: {cell.sessions} session{plural}, {cell.sets} sets, {volume[date]}")
        else:
            text = f"{day}: rest"  # names and numbers only: nothing to escape
        out.append(
            f'<rect x="{cell.x}" y="{cell.y}" width="10" height="10" rx="2" class="hm-{cell.level}">'
            f"<title>{text}</title></rect>"
        )
    out.append("</g></svg>")
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703 - numbers and escaped text only


def _month_labels(cells: list[HeatDay]) -> list[tuple[int, str]]:
    """(x, name) for each month, over the week it begins in, with the year on January's name and
    on the first; a month that began before the map is named at its left edge. A name that would
    run into the next one loses its year, or makes way."""
    starts = [(cell.x, cell.date) for cell in cells if cell.date.day == 1]
    if cells and (not starts or starts[0][0] > 0):
        starts.insert(0, (0, cells[0].date))
    labels: list[tuple[int, str]] = []
    for index, (x, day) in enumerate(starts):
        name = f"{day:%b} {day.year}" if index == 0 or day.month == 1 else f"{day:%b}"
        if labels and labels[-1][0] + _text_width(labels[-1][1]) > x:
            previous_x, previous = labels.pop()
            shorter = previous.split()[0]
            if previous_x + _text_width(shorter) <= x:
                labels.append((previous_x, shorter))
        labels.append((x, name))
    return labels


def _text_width(text: str) -> int:
    """Room a label takes in the heat map's units (9-unit type, .hm-label), with a gap after it."""
    return round(5.6 * len(text)) + 3


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

    result.points = [
        Point(x_of(day), y_of(value), f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}: {value:g} {unit}")
        for day, value in data
    ]
    for point in result.points:
        point.bar_x = point.x - result.bar_width / 2
        point.bar_height = max(TOP + plot_h - point.y, 0)
    tick = low
    while tick <= high + 1e-9:
        result.y_ticks.append(Tick(y_of(tick), _short(tick)))
        tick += step
    result.x_ticks = date_ticks([day for day, _ in data], x_of, continuous=not bars)
    return result


MAX_X_TICKS = 6  # labels that still fit side by side when a phone shrinks the chart to 390 px
WEEK_LABELS_UP_TO = datetime.timedelta(weeks=16)  # longer spans are labelled by month


def date_ticks(days: list[datetime.date], x_of: Callable[[datetime.date], float], *, continuous: bool) -> list[Tick]:
    """Labels for a date axis that say each thing once: a month's name where the month changes
    ("Jan 5, 12, 19, 26, Feb 2"), a year where the year changes, and months alone ("Oct, Jan 2027,
    Apr") when the span is too long for weeks. `continuous`: a line chart, whose axis has every
    date (ticks on the 1st of a month); otherwise bars, one per day in `days` (ticks on bars)."""
    if not days:
        return []
    first, last = days[0], days[-1]
    spans_years = first.year != last.year
    if last - first <= WEEK_LABELS_UP_TO:
        step = -(-len(days) // MAX_X_TICKS)
        marks = days[::step]
        ticks, previous = [], None
        for day in marks:
            if previous is None or (day.year, day.month) != (previous.year, previous.month):
                label = f"{day:%b} {day.day}"
                if (previous is None and spans_years) or (previous is not None and day.year != previous.year):
                    label += f" {day.year}"
            else:
                label = str(day.day)
            ticks.append(Tick(x_of(day), label))
            previous = day
        return _anchored(ticks)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next((n for n in (1, 2, 3, 6, 12) if months / n <= MAX_X_TICKS), -(-months // MAX_X_TICKS))
    marks = []
    if continuous:
        month = datetime.date(first.year, first.month, 1)
        while month <= last:
            if (month.year * 12 + month.month - 1) % step == 0:
                marks.append(max(month, first))  # the first month's tick where its data begins
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    else:
        seen = set()
        for day in days:
            key = (day.year, day.month)
            if (day.year * 12 + day.month - 1) % step == 0 and key not in seen:
                seen.add(key)
                marks.append(day)
    ticks, previous = [], None
    for day in marks:
        label = f"{day:%b}"
        if previous is None or day.year != previous.year:
            label += f" {day.year}"
        ticks.append(Tick(x_of(day), label))
        previous = day
    return _anchored(ticks)


def _anchored(ticks: list[Tick]) -> list[Tick]:
    """Labels near either end of the plot are anchored to stay inside it, not half outside."""
    for tick in ticks:
        if tick.position - LEFT < 24:
            tick.anchor = "start"
        elif WIDTH - RIGHT - tick.position < 24:
            tick.anchor = "end"
    return ticks
