import datetime
from decimal import Decimal

from progress.charts import HEIGHT, LEFT, TOP, WIDTH, chart

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
