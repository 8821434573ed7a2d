import datetime
import re
from decimal import Decimal

from progress.charts import HEIGHT, LEFT, TOP, WIDTH, chart, heat_map_svg

DAY = datetime.date(2026, 1, 5)


def test_points_span_the_plot_area_in_date_order():
    series = [(DAY + datetime.timedelta(weeks=n), Decimal(value)) for n, value in enumerate([100, 105, 102.5])]
    result = chart("c", "Best set", "kg", series)
    xs = [p.x for p in result.points]
    assert xs == sorted(xs)
    assert xs[0] == LEFT
    assert round(xs[-1]) == WIDTH - 12
    assert all(TOP <= p.y <= HEIGHT - 28 for p in result.points)
    assert result.points[1].y < result.points[0].y  # heavier is higher
    assert result.points[0].label == "05 Jan 2026: 100 kg"


def test_missing_values_are_skipped_and_an_empty_series_says_so():
    assert chart("c", "Best", "kg", [(DAY, None)]).empty
    assert len(chart("c", "Best", "kg", [(DAY, None), (DAY, Decimal(5))]).points) == 1


def test_bars_start_at_zero_and_large_numbers_get_short_labels():
    result = chart(
        "v", "Volume", "kg", [(DAY, Decimal(42000)), (DAY + datetime.timedelta(weeks=1), Decimal(21000))], bars=True
    )
    assert result.y_ticks[0].label == "0"
    assert result.y_ticks[-1].label.endswith("k")
    assert all(p.bar_height > 0 for p in result.points)


def labels(result):
    return [tick.label for tick in result.x_ticks]


def weekly(start, weeks, value=Decimal(100)):
    return [(start + datetime.timedelta(weeks=n), value) for n in range(weeks)]


def test_weekly_labels_name_a_month_once_where_it_begins():
    result = chart("v", "Volume", "kg", weekly(DAY, 12), bars=True)  # Mondays 5 Jan to 23 Mar 2026
    assert labels(result) == ["Jan 5", "19", "Feb 2", "16", "Mar 2", "16"]
    assert [tick.position for tick in result.x_ticks] == sorted(tick.position for tick in result.x_ticks)
    assert result.x_ticks[0].anchor == "start"


def test_a_short_span_labels_every_week_and_a_new_year_says_so():
    result = chart("c", "Best", "kg", weekly(datetime.date(2025, 12, 15), 4))
    assert labels(result) == ["Dec 15 2025", "22", "29", "Jan 5 2026"]
    assert result.x_ticks[-1].anchor == "end"


def test_a_long_history_is_labelled_by_month_with_the_year_where_it_changes():
    line = chart("c", "Best", "kg", weekly(datetime.date(2025, 1, 6), 70))  # to early May 2026
    assert labels(line) == ["Jan 2025", "Apr", "Jul", "Oct", "Jan 2026", "Apr"]
    bars = chart("v", "Volume", "kg", weekly(datetime.date(2025, 1, 6), 70), bars=True)
    assert labels(bars) == labels(line)
    assert len(labels(chart("c", "Best", "kg", weekly(datetime.date(2023, 1, 2), 160)))) <= 6


def test_the_heat_map_names_months_and_weekdays_once_each():
    from progress.selectors import CELL, HeatCell

    first = datetime.date(2025, 12, 1)  # a Monday
    cells = [
        HeatCell(first + datetime.timedelta(days=n), 0, 0, Decimal(0), 0, (n // 7) * CELL, (n % 7) * CELL)
        for n in range(53 * 7)
    ]
    svg = heat_map_svg(cells, width=53 * CELL, labelledby="year", volume={})
    names = re.findall(r'class="hm-label"[^>]*>([^<]+)</text>', svg)
    assert names[:3] == ["Mon", "Wed", "Fri"]
    months = names[3:]
    assert months[:3] == ["Dec 2025", "Jan 2026", "Feb"]
    assert len(months) == len(set(months)) == 13  # December to November, and the next December
    assert months[-1] == "Dec"  # 1 December 2026, in the last week, its name ending at the edge
    assert svg.count("<rect") == 53 * 7
