"""Reading one value of a row: numbers, weights and distances, reps, durations, RPE, units, notes,
and dates and times in each app's way of writing them. A value that cannot be read raises
`_RowError`, which skips its row."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from imports.parse.shapes import MONTHS, _cached, _fold, _norm, _RowError

if TYPE_CHECKING:
    from imports.parse.readers import _Book

REPS_MAX = 1000  # more reps than this in one set is a typing slip, not a set


# ---------------------------------------------------------------------------------------------
# Values


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?")
_BIG = Decimal(10) ** 9
_TEN_PLACES = Decimal("1e-10")
_HUNDREDTH = Decimal("0.01")
_SNAP = Decimal("1e-6")


def _tidy(value: Decimal) -> Decimal:
    """Float noise rounded away: 60.000000000001 → 60, at most ten decimals, no trailing zeros."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -6:
        hundredths = value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)
        value = hundredths if abs(value - hundredths) < _SNAP else value.quantize(_TEN_PLACES, ROUND_HALF_UP)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


@_cached
def _decimal(text: str, what: str) -> Decimal | None:
    """A number as written ("62.5", "62,5" in a comma-decimal locale, "1.8e-05"); empty is None."""
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise _RowError(f"unreadable {what} “{_clip(text)}”")
    value = Decimal(text)
    if abs(value) >= _BIG:
        raise _RowError(f"{what} out of range “{_clip(text)}”")
    return _tidy(value)


def _amount(text: str, what: str) -> Decimal | None:
    """A weight, distance or similar where 0 means "not applicable"."""
    value = _decimal(text, what)
    return None if value is None or value == 0 else value


def _reps(text: str) -> int | None:
    # Reps of 0 mean none were done or the set is not counted in reps (Strong writes 0 for
    # cardio); negative counts or more than REPS_MAX are typing slips: the row is skipped.
    value = _decimal(text, "reps")
    if value is None or value == 0:
        return None
    if value != value.to_integral_value():
        raise _RowError(f"reps not a whole number “{_clip(text)}”")
    if not 0 < value <= REPS_MAX:
        raise _RowError("reps out of range")
    return int(value)


def _seconds(text: str) -> int | None:
    """Seconds from "95", "95.0", "1:35", "0:01:35", "1h 5m", "31min", "20s"; 0 or empty is None."""
    if not text:
        return None
    seconds = _duration(text)
    if seconds is None:
        raise _RowError(f"unreadable time “{_clip(text)}”")
    return seconds or None


_DURATION_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(h|hrs?|hours?|std\.?|stunden?|m|mins?|minutes?|minuten?|s|secs?|seconds?|sek\.?|sekunden?)\b",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,]\d+)?")


@_cached
def _duration(text: str) -> int | None:
    text = text.strip()
    if _NUMBER.fullmatch(text):
        value = Decimal(text)
        return int(value.to_integral_value(ROUND_HALF_UP)) if 0 <= value < _BIG else None
    if clock := _CLOCK.fullmatch(text):
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return hours * 3600 + minutes * 60 + seconds
    total = Decimal(0)
    rest = text
    for match in _DURATION_PART.finditer(text):
        amount = Decimal(match.group(1).replace(",", "."))
        unit = match.group(2).lower()
        total += amount * (3600 if unit.startswith(("h", "st")) else 60 if unit.startswith("m") else 1)
        rest = rest.replace(match.group(0), "", 1)
    if rest == text or not re.fullmatch(r"[\s.,]*", rest):
        return None
    return int(total.to_integral_value(ROUND_HALF_UP))


def _rpe(text: str, book: _Book) -> Decimal | None:
    value = _decimal(text, "RPE")
    if value is None or value == 0:
        return None
    if not 1 <= value <= 10:
        book.rpe_out_of_range += 1
        return None
    return value


def _unit(text: str, table: dict[str, str], what: str) -> str | None:
    if not text:
        return None
    unit = table.get(_norm(text))
    if unit is None:
        raise _RowError(f"unknown {what} unit “{_clip(text)}”")
    return unit


def _clip(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _note(text: str) -> str:
    """A note with its newlines, whether real or written as a literal backslash-n."""
    if not text:
        return ""
    return text.replace("\r\n", "\n").replace("\\n", "\n").strip()


_NAIVE = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?",
)


@_cached
def _naive_datetime(text: str) -> dt.datetime:
    """A naive local time from "2025-09-15 07:48:00", "2025/09/15" or "2025-09-15T07:48"."""
    match = _NAIVE.fullmatch(text)
    if match is None:
        raise _RowError(f"unreadable date “{_clip(text)}”")
    try:
        year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
        return dt.datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 - a local time
    except ValueError:
        raise _RowError(f"unreadable date “{_clip(text)}”") from None


@_cached
def _aware_datetime(text: str, *, naive_is_utc: bool) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise _RowError(f"unreadable date “{_clip(text)}”") from None
    if value.tzinfo is None:
        if not naive_is_utc:
            raise _RowError(f"unreadable date “{_clip(text)}” (no time zone)")
        value = value.replace(tzinfo=dt.UTC)
    return value


_TIME_OF_DAY = re.compile(
    r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?\s?(?:m\.?)?(?=\W|$)",
    re.IGNORECASE,
)


def _clock_time(text: str) -> tuple[dt.time, bool] | None:
    """A time of day from "7:48", "07:48", "1:01 PM", "1:01 p. m."; and whether AM/PM was given."""
    match = _TIME_OF_DAY.search(text)
    if match is None:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    half = (match.group(4) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second), bool(half)


@_cached
def _hevy_datetime(text: str) -> dt.datetime:
    """ "15 Sep 2025, 07:48", "Jun 11, 2026, 1:01 PM", "15 sept. 2025, 07:48", "15. März 2025 um 7:48"."""
    failed = _RowError(f"unreadable date “{_clip(text)}”")
    if _NAIVE.fullmatch(text):
        return _naive_datetime(text)
    clock = _clock_time(text)
    if clock is None:
        raise failed
    rest = _TIME_OF_DAY.sub(" ", text, count=1)
    year = re.search(r"\b(\d{4})\b", rest)
    if year is None:
        raise failed
    rest = rest[: year.start()] + " " + rest[year.end() :]
    day = re.search(r"\b(\d{1,2})\b", rest)
    month = next((MONTHS[w] for w in re.findall(r"[^\W\d_]+", _fold(rest)) if w in MONTHS), None)
    if day is None or month is None:
        raise failed
    try:
        return dt.datetime.combine(dt.date(int(year.group(1)), month, int(day.group(1))), clock[0])
    except ValueError:
        raise failed from None
