"""Reading a workout-history CSV export (Strong, Hevy, FitNotes, StrongLifts, Liftosaur or our own)
into `imports.parsed.Parsed`, without touching the database.

Design:

- Text. The bytes are read as UTF-8 (with or without BOM) or UTF-16 with a BOM, streamed through a
  text wrapper into `csv.reader`; a file that is not UTF-8 is read again as Windows-1252 when every
  byte means a printable character there (with a notice), and refused otherwise. NUL and other
  control bytes mean the file is not text at all.
- Header. The delimiter (`,` or `;`) is the one whose split of the header line names the columns of
  a known shape. Columns are matched by NAME through `SHAPES`, one alias table per app and shape,
  after folding case and dropping spaces and punctuation ("Weight (kg)" = "weight_kg"); a shape
  fits when every column it requires is present, and the fit naming the most required columns
  wins (so Strong's classic "A" beats its 2025 "A2025", which lacks the notes). A column's name
  can state a unit (`UNIT_IN_NAME`): Strong's legacy `kg`, Hevy's `weight_lbs`, FitNotes'
  `Weight (kgs)`, StrongLifts' `Set 1 (LB)`.
- Rows. Each app has a row reader that turns one row (by column name) into sets of a workout; a
  row that is not a set (a rest timer, a note, a set not done, an unreadable date) becomes a
  `Skipped` with its line. Line numbers are the physical lines where rows start, so a note with
  newlines does not shift the lines after it. A malformed file (a row with too many or too few
  fields, a quote left open at the end, a line over 1 MB) is refused as a whole, naming the line:
  importing part of a damaged file would lose sets without saying so.
- Numbering. Sets are numbered by their position within the exercise in the workout (the order of
  the file's rows), never by the file's own set numbers: Strong's are 0- or 1-based by version,
  interleave markers such as `W` that carry no number, and two versions order a workout
  differently. Rows of one exercise name in a workout form one exercise, in order of first
  appearance.
- Units. Where the file states the unit (in a column name or on each row) it is kept as stated.
  Strong's classic shapes state none: `unit` is None and `unit_guess` says which unit the
  values suggest (2.5-kg steps and a 20-kg bar, or 5-lb steps ending in 5 such as 45, 135, 225,
  and weights too heavy for kilograms). Strong's 2025 shape "C" writes every weight in kilograms,
  converted from pounds for members who log pounds: when nearly every weight is a whole hundredth
  of a pound and not of a kilogram, the file is read as pounds and rounded back.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import BinaryIO, NoReturn

from imports.parsed import (
    APPS,
    DROP,
    FAILURE,
    NORMAL,
    OWN_HEADER,
    WARMUP,
    FileRefused,
    Parsed,
    ParsedExercise,
    ParsedSet,
    ParsedWorkout,
    Skipped,
)

MAX_LINE = 1 << 20  # characters; also the csv field limit while a file is read
APP_LIST = ", ".join(v for k, v in APPS.items() if k != "atomic") + " or " + APPS["atomic"]
REPS_MAX = 1000  # more reps than this in one set is a typing slip, not a set
NOTICE_LINES_MAX = 20  # repairs named one by one; beyond this they are counted


# Values repeat down a file (a workout's date and duration on each of its rows, the same weights
# and reps): reading each distinct text once keeps 50,000 rows well under a second.
_cached = functools.lru_cache(maxsize=4096)


class _RowError(Exception):
    """A row that cannot be a set: it is skipped with this reason, the rest of the file is read."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@_cached
def _norm(name: str) -> str:
    """A column name or a marker without case, spaces or punctuation ("Weight (kg)" → "weightkg")."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name).casefold())


# ---------------------------------------------------------------------------------------------
# Shapes: which columns each export has. Keys are the names the row readers use; values are the
# column names that mean them. Columns in `optional` are read when present.


@dataclass(frozen=True)
class Shape:
    app: str
    name: str
    columns: Mapping[str, tuple[str, ...]]
    optional: frozenset[str] = frozenset()
    set_columns: bool = False  # StrongLifts' `Set N (Reps)` / `Set N (KG)` pairs

    def required(self) -> set[str]:
        return set(self.columns) - self.optional


_STRONG_A = {
    "date": ("Date",),
    "workout": ("Workout Name",),
    "duration": ("Duration",),
    "exercise": ("Exercise Name",),
    "order": ("Set Order",),
    "weight": ("Weight",),
    "reps": ("Reps",),
    "distance": ("Distance",),
    "seconds": ("Seconds",),
    "notes": ("Notes",),
    "workout_notes": ("Workout Notes",),
    "rpe": ("RPE",),
}
_STRONG_B = {
    **_STRONG_A,
    "duration": ("Workout Duration",),
    "weight_unit": ("Weight Unit",),
    "distance_unit": ("Distance Unit",),
}

SHAPES: tuple[Shape, ...] = (
    Shape(
        "atomic",
        "v1",
        {_norm(c): (c,) for c in OWN_HEADER},
        frozenset(_norm(c) for c in OWN_HEADER)
        - {"workoutstart", "workoutname", "exercise", "settype", "weight"}
        - {"weightunit", "reps", "done"},
    ),
    Shape(
        "strong",
        "legacy",
        {
            "date": ("Date",),
            "workout": ("Workout Name",),
            "exercise": ("Exercise Name",),
            "order": ("Set Order",),
            "weight": ("kg", "kgs", "lb", "lbs"),
            "reps": ("Reps",),
            "distance": ("km", "mi", "miles", "m"),
            "seconds": ("Seconds",),
            "notes": ("Notes",),
        },
        frozenset({"notes", "distance", "seconds"}),
    ),
    Shape("strong", "A", _STRONG_A, frozenset({"rpe"})),
    Shape("strong", "A2025", _STRONG_A, frozenset({"rpe", "notes", "workout_notes", "duration"})),
    Shape(
        "strong",
        "A-de",
        {
            "date": ("Datum",),
            "workout": ("Workout-Name", "Trainingsname"),
            "duration": ("Dauer", "Workout-Dauer"),
            "exercise": ("Name der Übung", "Übungsname", "Übung"),
            "order": ("Reihenfolge festlegen", "Satzreihenfolge", "Reihenfolge"),
            "weight": ("Gewicht",),
            "reps": ("Wiederh.", "Wiederholungen", "Wdh."),
            "distance": ("Entfernung", "Distanz"),
            "seconds": ("Sekunden",),
            "notes": ("Notizen",),
            "workout_notes": ("Workout-Notizen",),
            "rpe": ("RPE",),
        },
        frozenset({"rpe", "notes", "workout_notes", "duration", "distance", "seconds"}),
    ),
    Shape("strong", "B", _STRONG_B, frozenset({"rpe", "notes", "workout_notes"})),
    Shape(
        "strong",
        "B-noduration",
        {k: v for k, v in _STRONG_B.items() if k != "duration"},
        frozenset({"rpe", "notes", "workout_notes"}),
    ),
    Shape(
        "strong",
        "C",
        {
            "number": ("Workout #", "Workout Number"),
            "date": ("Date",),
            "workout": ("Workout Name",),
            "duration": ("Duration (sec)", "Duration (seconds)", "Duration"),
            "exercise": ("Exercise Name",),
            "order": ("Set Order",),
            "weight": ("Weight (kg)", "Weight (kgs)", "Weight (lbs)", "Weight (lb)"),
            "reps": ("Reps",),
            "rpe": ("RPE",),
            "distance": ("Distance (meters)", "Distance (m)", "Distance (km)", "Distance (miles)"),
            "seconds": ("Seconds",),
            "notes": ("Notes",),
            "workout_notes": ("Workout Notes",),
        },
        frozenset({"rpe", "notes", "workout_notes", "duration", "distance", "seconds"}),
    ),
    Shape(
        "hevy",
        "v1",
        {
            "title": ("title",),
            "start": ("start_time",),
            "end": ("end_time",),
            "description": ("description",),
            "exercise": ("exercise_title",),
            "superset": ("superset_id",),
            "exercise_notes": ("exercise_notes",),
            "index": ("set_index",),
            "type": ("set_type",),
            "weight": ("weight_kg", "weight_lbs", "weight_lb"),
            "reps": ("reps",),
            "distance": ("distance_km", "distance_miles", "distance_mi", "distance_meters"),
            "seconds": ("duration_seconds",),
            "rpe": ("rpe",),
        },
        frozenset({"end", "description", "superset", "exercise_notes", "index", "type", "distance", "seconds", "rpe"}),
    ),
    Shape(
        "fitnotes",
        "v1",
        {
            "date": ("Date",),
            "exercise": ("Exercise",),
            "category": ("Category",),
            "weight": ("Weight (kgs)", "Weight (lbs)", "Weight (kg)", "Weight (lb)"),
            "reps": ("Reps",),
            "distance": ("Distance",),
            "distance_unit": ("Distance Unit",),
            "time": ("Time",),
            "comment": ("Comment",),
        },
        frozenset({"distance", "distance_unit", "time", "comment"}),
    ),
    Shape(
        "fitnotes",
        "v2",
        {
            "date": ("Date",),
            "exercise": ("Exercise",),
            "category": ("Category",),
            "weight": ("Weight",),
            "weight_unit": ("Weight Unit",),
            "reps": ("Reps",),
            "distance": ("Distance",),
            "distance_unit": ("Distance Unit",),
            "time": ("Time",),
            "comment": ("Comment",),
        },
        frozenset({"distance", "distance_unit", "time", "comment"}),
    ),
    Shape(
        "stronglifts",
        "v1",
        {
            "date": ("Date (yyyy/mm/dd)", "Date"),
            "workout": ("Workout",),
            "workout_name": ("Workout Name",),
            "program": ("Program Name",),
            "exercise": ("Exercise",),
            "sets_reps": ("Sets×Reps", "Sets x Reps"),
            "sets_time": ("Sets×Time", "Sets x Time"),
            "duration": ("Duration (hours)", "Duration"),
            "start": ("Start Time (h:mm)", "Start Time"),
            "end": ("End Time (h:mm)", "End Time"),
            "notes": ("Notes",),
        },
        frozenset({"workout", "workout_name", "program", "sets_time", "duration", "start", "end", "notes"}),
        set_columns=True,
    ),
    Shape(
        "liftosaur",
        "v1",
        {
            "datetime": ("Workout DateTime",),
            "program": ("Program",),
            "day": ("Day Name",),
            "exercise": ("Exercise",),
            "warmup": ("Is Warmup Set?",),
            "reps": ("Completed Reps",),
            "rpe": ("Completed RPE",),
            "weight": ("Completed Weight Value",),
            "weight_unit": ("Completed Weight Unit",),
            "reps_time": ("Completed Reps Time",),
            "notes": ("Notes",),
        },
        frozenset({"program", "day", "warmup", "rpe", "weight_unit", "reps_time", "notes"}),
    ),
)

# The unit a column's own name states (normalized names).
UNIT_IN_NAME = {
    "kg": "kg",
    "kgs": "kg",
    "lb": "lb",
    "lbs": "lb",
    "weightkg": "kg",
    "weightkgs": "kg",
    "weightlb": "lb",
    "weightlbs": "lb",
    "km": "km",
    "mi": "mi",
    "miles": "mi",
    "m": "m",
    "distancekm": "km",
    "distancemiles": "mi",
    "distancemi": "mi",
    "distancemeters": "m",
    "distancem": "m",
}
WEIGHT_UNIT_WORDS = {"kg": "kg", "kgs": "kg", "kilograms": "kg", "lb": "lb", "lbs": "lb", "pounds": "lb"}
DISTANCE_UNIT_WORDS = {
    "m": "m",
    "meters": "m",
    "metres": "m",
    "km": "km",
    "kms": "km",
    "kilometers": "km",
    "kilometres": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
    "ft": "ft",
    "feet": "ft",
    "yd": "yd",
    "yds": "yd",
    "yards": "yd",
}
STRONG_MARKERS = {
    "w": WARMUP,
    "warmup": WARMUP,
    "d": DROP,
    "drop": DROP,
    "dropset": DROP,
    "f": FAILURE,
    "failure": FAILURE,
    "fail": FAILURE,
}
STRONG_REST = {"resttimer", "rest", "ruhezeit", "pausentimer"}
STRONG_NOTE = {"note", "notes", "notiz", "notizen"}
HEVY_TYPES = {"normal": NORMAL, "warmup": WARMUP, "failure": FAILURE, "dropset": DROP, "drop": DROP}
OWN_TYPES = {NORMAL: NORMAL, WARMUP: WARMUP, DROP: DROP, FAILURE: FAILURE}
YES = {"yes", "y", "true", "1", "ja", "oui", "si", "sí"}
NO = {"no", "n", "false", "0", "nein", "non", ""}

# Month names as Hevy writes them in its languages: every prefix of three letters or more that
# names one month only is accepted ("sept", "févr.", "déc", "paź", "сент"), accents ignored.
_MONTH_NAMES = (
    "january february march april may june july august september october november december",
    "januar februar marz april mai juni juli august september oktober november dezember",
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre",
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro",
    "januari februari maart april mei juni juli augustus september oktober november december",
    "januari februari mars april maj juni juli augusti september oktober november december",
    "styczen luty marzec kwiecien maj czerwiec lipiec sierpien wrzesien pazdziernik listopad grudzien",
    "stycznia lutego marca kwietnia maja czerwca lipca sierpnia wrzesnia pazdziernika listopada grudnia",
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "ocak subat mart nisan mayis haziran temmuz agustos eylul ekim kasim aralik",
)
_MONTH_EXTRA = {"mrz": 3, "mrt": 3}  # abbreviations that are not prefixes


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _month_table() -> dict[str, int]:
    seen: dict[str, set[int]] = {}
    for line in _MONTH_NAMES:
        for number, word in enumerate(_fold(line).split(), start=1):
            for end in range(3, len(word) + 1):
                seen.setdefault(word[:end], set()).add(number)
    table = {prefix: months.pop() for prefix, months in seen.items() if len(months) == 1}
    table.update(_MONTH_EXTRA)
    return table


MONTHS = _month_table()


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


# ---------------------------------------------------------------------------------------------
# Collecting workouts


@dataclass
class _Book:
    """What the rows have given so far: workouts by the file's own grouping key."""

    shape: Shape
    column_unit: str | None
    workouts: dict[object, ParsedWorkout] = field(default_factory=dict)
    exercises: dict[tuple[object, str], ParsedExercise] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    units: set[str] = field(default_factory=set)  # weight units rows stated
    rows: int = 0
    date_failures: int = 0
    first_date_failure: tuple[int, str] | None = None
    rpe_out_of_range: int = 0
    short_rows: list[int] = field(default_factory=list)
    repaired: list[int] = field(default_factory=list)
    twelve_hour_guess: int = 0
    exercise_notes: dict[tuple[object, str], list[str]] = field(default_factory=dict)

    def workout(self, key: object, line: int, start: dt.datetime, name: str) -> ParsedWorkout:
        workout = self.workouts.get(key)
        if workout is None:
            workout = self.workouts[key] = ParsedWorkout(line=line, start=start, name=name)
        return workout

    def exercise(self, key: object, name: str) -> ParsedExercise:
        exercise = self.exercises.get((key, name))
        if exercise is None:
            exercise = self.exercises[(key, name)] = ParsedExercise(name=name)
            self.workouts[key].exercises.append(exercise)
        return exercise

    def add_exercise_note(self, key: object, name: str, note: str) -> None:
        if note:
            notes = self.exercise_notes.setdefault((key, name), [])
            if note not in notes:
                notes.append(note)

    def skip(self, line: int, reason: str) -> None:
        self.skipped.append(Skipped(line, reason))


def _set_workout_details(
    workout: ParsedWorkout, *, note: str = "", duration: int | None = None, end: dt.datetime | None = None
) -> None:
    # The details repeat on every row of a workout; the first row that has one gives it.
    if note and not workout.note:
        workout.note = note
    if duration is not None and workout.duration_seconds is None:
        workout.duration_seconds = duration
    if end is not None and workout.end is None and end >= workout.start:
        workout.end = end


def _exercise_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise _RowError("no exercise name")
    return name


def _date_error(book: _Book, line: int, error: _RowError) -> NoReturn:
    book.date_failures += 1
    if book.first_date_failure is None:
        book.first_date_failure = (line, error.reason)
    raise error


# ---------------------------------------------------------------------------------------------
# Row readers, one per app: (row by column key, line, book, column units).

Row = dict[str, str]


@dataclass(frozen=True)
class _Columns:
    """The header as matched: each key's column index, and the unit a column's name states."""

    index: dict[str, int]
    units: dict[str, str]
    set_pairs: tuple[tuple[int, int, str | None], ...] = ()  # StrongLifts: (reps, weight, unit)
    set_times: tuple[int, ...] = ()


def _strong_row(row: Row, line: int, book: _Book, cols: _Columns) -> None:
    try:
        start = _naive_datetime(row["date"])
    except _RowError as error:
        _date_error(book, line, error)
    name = row["workout"]
    key: object = ("#", row["number"]) if row.get("number") else (start, name)
    workout = book.workout(key, line, start, name)
    _set_workout_details(
        workout,
        note=_note(row.get("workout_notes", "")),
        duration=_strong_duration(row.get("duration", "")),
    )
    exercise_text = row["exercise"]
    order = _norm(row.get("order", ""))
    if order in STRONG_REST or _norm(exercise_text) in STRONG_REST:
        raise _RowError("rest timer")
    if _norm(exercise_text) in STRONG_NOTE:
        _set_workout_details(workout, note=_note(row.get("notes", "")))
        raise _RowError("note")
    exercise_name = _exercise_name(exercise_text)
    if order in STRONG_NOTE:
        book.exercise(key, exercise_name)
        book.add_exercise_note(key, exercise_name, _note(row.get("notes", "")))
        raise _RowError("note")
    parsed = _strong_set(row, line, book, cols, exercise_name, STRONG_MARKERS.get(order, NORMAL))
    book.exercise(key, exercise_name).sets.append(parsed)


def _strong_duration(text: str) -> int | None:
    return _duration(text) or None if text else None


def _strong_set(row: Row, line: int, book: _Book, cols: _Columns, name: str, set_type: str) -> ParsedSet:
    weight = _amount(row["weight"], "weight")
    distance = _amount(row.get("distance", ""), "distance")
    weight_unit = cols.units.get("weight")
    if "weight_unit" in row:
        weight_unit = _unit(row["weight_unit"], WEIGHT_UNIT_WORDS, "weight") if weight is not None else None
        if weight_unit:
            book.units.add(weight_unit)
    distance_unit = cols.units.get("distance")
    if "distance_unit" in row:
        distance_unit = _unit(row["distance_unit"], DISTANCE_UNIT_WORDS, "distance") if distance is not None else None
    parsed = ParsedSet(
        line=line,
        exercise=name,
        set_type=set_type,
        weight=weight,
        weight_unit=weight_unit if weight is not None else None,
        reps=_reps(row["reps"]),
        distance=distance,
        distance_unit=distance_unit if distance is not None else None,
        seconds=_seconds(row.get("seconds", "")),
        rpe=_rpe(row.get("rpe", ""), book),
        note=_note(row.get("notes", "")),
    )
    if parsed.weight is None and parsed.reps is None and parsed.distance is None and parsed.seconds is None:
        raise _RowError("empty set")
    return parsed


def _hevy_row(row: Row, line: int, book: _Book, cols: _Columns) -> None:
    try:
        start = _hevy_datetime(row["start"])
    except _RowError as error:
        _date_error(book, line, error)
    title = row["title"]
    key = (start, title)
    workout = book.workout(key, line, start, title)
    end = _optional_date(row.get("end", ""), _hevy_datetime)
    _set_workout_details(workout, note=_note(row.get("description", "")), end=end)
    name = _exercise_name(row["exercise"])
    exercise = book.exercise(key, name)
    if exercise.superset is None and row.get("superset"):
        exercise.superset = _superset(row["superset"])
    book.add_exercise_note(key, name, _note(row.get("exercise_notes", "")))
    weight = _amount(row["weight"], "weight")
    distance = _amount(row.get("distance", ""), "distance")
    parsed = ParsedSet(
        line=line,
        exercise=name,
        set_type=HEVY_TYPES.get(_norm(row.get("type", "")), NORMAL),
        weight=weight,
        weight_unit=cols.units.get("weight") if weight is not None else None,
        reps=_reps(row["reps"]),
        distance=distance,
        distance_unit=cols.units.get("distance") if distance is not None else None,
        seconds=_seconds(row.get("seconds", "")),
        rpe=_rpe(row.get("rpe", ""), book),
    )
    if parsed.weight is None and parsed.reps is None and parsed.distance is None and parsed.seconds is None:
        raise _RowError("empty set")
    exercise.sets.append(parsed)


def _optional_date(text: str, read: Callable[[str], dt.datetime]) -> dt.datetime | None:
    # An end time that cannot be read loses only the end, not the sets.
    if not text:
        return None
    try:
        return read(text)
    except _RowError:
        return None


def _superset(text: str) -> int | None:
    try:
        return int(Decimal(text))
    except (InvalidOperation, ValueError, OverflowError):
        return None


def _fitnotes_row(row: Row, line: int, book: _Book, cols: _Columns) -> None:
    try:
        start = _naive_datetime(row["date"])
    except _RowError as error:
        _date_error(book, line, error)
    key = start.date()
    book.workout(key, line, dt.datetime.combine(key, dt.time()), "")
    name = _exercise_name(row["exercise"])
    weight = _amount(row["weight"], "weight")
    weight_unit = cols.units.get("weight")
    if "weight_unit" in row and weight is not None:
        weight_unit = _unit(row["weight_unit"], WEIGHT_UNIT_WORDS, "weight")
        if weight_unit:
            book.units.add(weight_unit)
    distance = _amount(row.get("distance", ""), "distance")
    parsed = ParsedSet(
        line=line,
        exercise=name,
        weight=weight,
        weight_unit=weight_unit if weight is not None else None,
        reps=_reps(row["reps"]),
        distance=distance,
        distance_unit=_unit(row.get("distance_unit", ""), DISTANCE_UNIT_WORDS, "distance") if distance else None,
        seconds=_seconds(row.get("time", "")),
        note=_note(row.get("comment", "")),
    )
    if parsed.weight is None and parsed.reps is None and parsed.distance is None and parsed.seconds is None:
        raise _RowError("empty set")
    book.exercise(key, name).sets.append(parsed)


def _stronglifts_row(row: Row, line: int, book: _Book, cols: _Columns) -> None:
    # One row per exercise, its sets in `Set N` column pairs. A set column holding a time
    # ("0:45", "45s") is a timed set; plain numbers in an exercise logged by time (`Sets×Time`
    # filled, `Sets×Reps` empty) are read as seconds too.
    try:
        day = _naive_datetime(row["date"])
    except _RowError as error:
        _date_error(book, line, error)
    start, end = _stronglifts_times(row, day, book)
    name = row.get("workout_name") or row.get("workout", "")
    key = (start, name)
    workout = book.workout(key, line, start, name)
    hours = _decimal(row.get("duration", ""), "duration")
    duration = int((hours * 3600).to_integral_value(ROUND_HALF_UP)) if hours and hours > 0 else None
    _set_workout_details(workout, duration=duration, end=end)
    exercise_name = _exercise_name(row["exercise"])
    timed = bool(row.get("sets_time")) and not row.get("sets_reps")
    sets = [_stronglifts_set(row, line, exercise_name, pair, timed) for pair in cols.set_pairs]
    sets.extend(_stronglifts_timed(row, line, exercise_name, index) for index in cols.set_times)
    filled = [s for s in sets if s is not None]
    if not filled:
        raise _RowError("no sets")
    book.exercise(key, exercise_name).sets.extend(filled)
    book.add_exercise_note(key, exercise_name, _note(row.get("notes", "")))


def _stronglifts_set(
    row: Row, line: int, name: str, pair: tuple[int, int, str | None], timed: bool
) -> ParsedSet | None:
    reps_text, weight_text = row[f"#{pair[0]}"], row[f"#{pair[1]}"] if pair[1] >= 0 else ""
    if not reps_text and not weight_text:
        return None
    weight = _amount(weight_text, "weight")
    seconds = None
    reps: int | None = None
    if timed or not _NUMBER.fullmatch(reps_text):
        seconds = _seconds(reps_text)
    else:
        reps = _reps(reps_text)
    if weight is None and reps is None and seconds is None:
        return None
    return ParsedSet(
        line=line, exercise=name, weight=weight, weight_unit=pair[2] if weight else None, reps=reps, seconds=seconds
    )


def _stronglifts_timed(row: Row, line: int, name: str, index: int) -> ParsedSet | None:
    seconds = _seconds(row[f"#{index}"])
    return ParsedSet(line=line, exercise=name, seconds=seconds) if seconds else None


def _stronglifts_times(row: Row, day: dt.datetime, book: _Book) -> tuple[dt.datetime, dt.datetime | None]:
    # Times are 12-hour "h:mm" with AM/PM, but some files drop the AM/PM: such a time is read as
    # written (a 24-hour time, "7:30" as 07:30) and the member is told once.
    start = end = None
    for key in ("start", "end"):
        clock = _clock_time(row.get(key, ""))
        if clock is None:
            continue
        if not clock[1] and 1 <= clock[0].hour <= 12:
            book.twelve_hour_guess += 1
        when = dt.datetime.combine(day.date(), clock[0])
        if key == "start":
            start = when
        else:
            end = when
    if start is None:
        return day, None
    if end is not None and end < start:
        end += dt.timedelta(days=1)  # a workout across midnight
    return start, end


def _liftosaur_row(row: Row, line: int, book: _Book, cols: _Columns) -> None:
    try:
        start = _aware_datetime(row["datetime"], naive_is_utc=True)
    except _RowError as error:
        _date_error(book, line, error)
    program, day = row.get("program", ""), row.get("day", "")
    name = f"{program} – {day}" if program and day else program or day
    key = (start, name)
    book.workout(key, line, start, name)
    exercise_name = _exercise_name(row["exercise"])
    if not row["reps"]:
        raise _RowError("not done")
    weight = _amount(row["weight"], "weight")
    weight_unit = _unit(row.get("weight_unit", ""), WEIGHT_UNIT_WORDS, "weight") if weight is not None else None
    if weight_unit:
        book.units.add(weight_unit)
    seconds, logged_at = _liftosaur_time(row.get("reps_time", ""))
    parsed = ParsedSet(
        line=line,
        exercise=exercise_name,
        set_type=WARMUP if _norm(row.get("warmup", "")) in YES else NORMAL,
        weight=weight,
        weight_unit=weight_unit,
        reps=_reps(row["reps"]),
        seconds=seconds,
        rpe=_rpe(row.get("rpe", ""), book),
        logged_at=logged_at,
    )
    book.exercise(key, exercise_name).sets.append(parsed)
    book.add_exercise_note(key, exercise_name, _note(row.get("notes", "")))


def _liftosaur_time(text: str) -> tuple[int | None, dt.datetime | None]:
    # `Completed Reps Time` is when the set was done (ISO or epoch milliseconds), or, for a timed
    # set, how long it lasted; a number under a day is a duration.
    if not text:
        return None, None
    if _NUMBER.fullmatch(text):
        value = Decimal(text)
        if 0 < value < 86400:
            return int(value.to_integral_value(ROUND_HALF_UP)), None
        if 10**11 < value < 10**14:
            return None, dt.datetime.fromtimestamp(float(value) / 1000, tz=dt.UTC)
        return None, None
    if _CLOCK.fullmatch(text):
        return _duration(text), None
    try:
        return None, _aware_datetime(text, naive_is_utc=True)
    except _RowError:
        return None, None


def _own_row(row: Row, line: int, book: _Book, cols: _Columns) -> None:
    try:
        start = _aware_datetime(row["workoutstart"], naive_is_utc=False)
        day = _naive_datetime(row["date"]).date() if row.get("date") else None
    except _RowError as error:
        _date_error(book, line, error)
    name = row["workoutname"]
    key = (start, name)
    workout = book.workout(key, line, start, name)
    workout.date = workout.date or day
    end = _optional_date(row.get("workoutend", ""), lambda text: _aware_datetime(text, naive_is_utc=False))
    _set_workout_details(workout, note=_note(row.get("workoutnotes", "")), end=end)
    exercise_name = _exercise_name(row["exercise"])
    exercise = book.exercise(key, exercise_name)
    if exercise.superset is None and row.get("superset"):
        exercise.superset = _superset(row["superset"])
    weight = _amount(row["weight"], "weight")
    added = _decimal(row.get("addedweight", ""), "added weight")
    body = _amount(row.get("bodyweight", ""), "body weight")
    loaded = weight is not None or added is not None or body is not None
    unit = _unit(row["weightunit"], WEIGHT_UNIT_WORDS, "weight") if loaded else None
    if unit:
        book.units.add(unit)
    distance = _amount(row.get("distance", ""), "distance")
    done = _norm(row["done"])
    if done not in YES and done not in NO:
        raise _RowError(f"unreadable Done “{_clip(row['done'])}”")
    logged = _optional_date(row.get("loggedat", ""), lambda text: _aware_datetime(text, naive_is_utc=False))
    exercise.sets.append(
        ParsedSet(
            line=line,
            exercise=exercise_name,
            set_type=OWN_TYPES.get(_norm(row["settype"]), NORMAL),
            weight=weight,
            weight_unit=unit,
            reps=_reps(row["reps"]),
            distance=distance,
            distance_unit=_unit(row.get("distanceunit", ""), DISTANCE_UNIT_WORDS, "distance") if distance else None,
            seconds=_seconds(row.get("seconds", "")),
            rpe=_rpe(row.get("rpe", ""), book),
            done=done in YES,
            added_weight=added,
            body_weight=body,
            logged_at=logged,
        )
    )


READERS: dict[str, Callable[[Row, int, _Book, _Columns], None]] = {
    "strong": _strong_row,
    "hevy": _hevy_row,
    "fitnotes": _fitnotes_row,
    "stronglifts": _stronglifts_row,
    "liftosaur": _liftosaur_row,
    "atomic": _own_row,
}


# ---------------------------------------------------------------------------------------------
# Units decided over the whole file


_LB = Decimal("0.45359237")


def _strong_c_units(sets: list[ParsedSet]) -> str:
    """Strong's shape C writes kilograms; a member logging pounds gets them converted with float
    noise. The file is pounds when nearly all weights (90 %) are whole hundredths of a pound and
    fewer are whole hundredths of a kilogram; then every weight is rounded back to pounds."""
    weights = [s.weight for s in sets if s.weight is not None]
    if not weights:
        return "kg"
    as_lb = [w / _LB for w in weights]
    lb_share = sum(abs(v - v.quantize(_HUNDREDTH)) < _SNAP for v in as_lb) / len(weights)
    kg_share = sum(w == w.quantize(_HUNDREDTH) for w in weights) / len(weights)
    unit = "lb" if lb_share >= 0.9 and lb_share > kg_share else "kg"
    for s in sets:
        if s.weight is not None:
            if unit == "lb":
                s.weight = _tidy((s.weight / _LB).quantize(_HUNDREDTH, ROUND_HALF_UP))
            s.weight_unit = unit
        if s.distance is not None:
            s.distance_unit = s.distance_unit or "m"
    return unit


def _unit_guess(weights: list[Decimal]) -> tuple[str | None, str]:
    """The likelier unit of a file that does not say, and why, in a sentence for the member."""
    if not weights:
        return None, "The file has no weights to tell kilograms from pounds."
    count = len(weights)
    halves = sum(w % 5 == Decimal("2.5") for w in weights)  # 22.5, 62.5: 1.25-kg plates
    fives = sum(w % 10 == 5 for w in weights)  # 45, 135, 225: a 45-lb bar and 45-lb plates
    bar_kg = any(w == 20 for w in weights)
    bar_lb = any(w == 45 for w in weights)
    heaviest = max(weights)
    kg_score = 2 * halves / count + (0.3 if bar_kg else 0)
    lb_score = fives / count + (0.3 if bar_lb else 0) + (0.5 if heaviest > 350 else 0)
    guess = "lb" if lb_score > kg_score else "kg"
    word = "pounds" if guess == "lb" else "kilograms"
    reason = (
        f"{round(100 * halves / count)}% of the weights fall between multiples of 5 by 2.5 (as 1.25 kg plates give), "
        f"{round(100 * fives / count)}% end in 5 like 45, 135 or 225 (as 45 lb plates give), "
        f"and the heaviest is {heaviest}: {word} are likelier."
    )
    return guess, reason


# ---------------------------------------------------------------------------------------------
# Reading the text


_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BINARY = "This is not a CSV file: it holds binary data."


class _Lines:
    """The file's physical lines, counted, each one checked for length and control characters;
    the lines of the row being read are kept to say where an open quote began."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text = text
        self.count = 0
        self.row: list[str] = []

    def __iter__(self) -> Iterator[str]:
        readline, row = self.text.readline, self.row
        while line := readline(MAX_LINE + 1):
            self.count += 1
            if len(line) > MAX_LINE:
                raise FileRefused(
                    f"Line {self.count} is longer than 1 MB: an export has short lines, one set each.",
                    line=self.count,
                )
            if _CONTROL.search(line):
                raise FileRefused(f"{_BINARY} Line {self.count} has a control character.", line=self.count)
            row.append(line)
            yield line


def _encoding(data: BinaryIO) -> str:
    head = data.read(4096)
    data.seek(0)
    if not head:
        raise FileRefused("The file is empty.")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _CONTROL_BYTES.search(head):
        raise FileRefused(_BINARY)
    return "utf-8"


def _cp1252_readable(data: BinaryIO) -> bool:
    data.seek(0)
    decoder = codecs.getincrementaldecoder("cp1252")()
    try:
        while chunk := data.read(1 << 16):
            if _CONTROL.search(decoder.decode(chunk)):
                return False
    except UnicodeDecodeError:
        return False
    return True


def _first_bad_utf8_line(data: BinaryIO) -> int:
    data.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    while chunk := data.read(1 << 16):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            return line + chunk[: error.start].count(b"\n")
        line += chunk.count(b"\n")
    return line


def _text(data: BinaryIO, encoding: str) -> io.TextIOWrapper:
    data.seek(0)
    return io.TextIOWrapper(data, encoding=encoding, newline="")


# ---------------------------------------------------------------------------------------------
# The header


def _match_header(fields: list[str]) -> tuple[Shape, _Columns] | None:
    names = [_norm(f) for f in fields]
    position: dict[str, int] = {}
    for i, name in enumerate(names):
        if name:
            position.setdefault(name, i)
    best: tuple[tuple[int, int], Shape, _Columns] | None = None
    for shape in SHAPES:
        columns = _shape_columns(shape, position)
        if columns is None:
            continue
        score = (len(shape.required()), len(columns.index))
        if best is None or score > best[0]:
            best = (score, shape, columns)
    return (best[1], best[2]) if best else None


def _shape_columns(shape: Shape, position: dict[str, int]) -> _Columns | None:
    index: dict[str, int] = {}
    units: dict[str, str] = {}
    for key, aliases in shape.columns.items():
        for alias in aliases:
            normal = _norm(alias)
            if normal in position:
                index[key] = position[normal]
                if normal in UNIT_IN_NAME:
                    units[key] = UNIT_IN_NAME[normal]
                break
        else:
            if key not in shape.optional:
                return None
    if not shape.set_columns:
        return _Columns(index, units)
    pairs, times = _set_columns(position)
    return _Columns(index, units, pairs, times) if pairs or times else None


_SET_COLUMN = re.compile(r"set(\d+)(reps|kg|kgs|lb|lbs|time|sec|secs|seconds)")


def _set_columns(position: dict[str, int]) -> tuple[tuple[tuple[int, int, str | None], ...], tuple[int, ...]]:
    found: dict[int, dict[str, int]] = {}
    for name, i in position.items():
        if match := _SET_COLUMN.fullmatch(name):
            kind = match.group(2)
            kind = {"kgs": "kg", "lbs": "lb", "sec": "time", "secs": "time", "seconds": "time"}.get(kind, kind)
            found.setdefault(int(match.group(1)), {})[kind] = i
    pairs = []
    times = []
    for number in sorted(found):
        kinds = found[number]
        unit = "kg" if "kg" in kinds else "lb" if "lb" in kinds else None
        if "reps" in kinds:
            pairs.append((kinds["reps"], kinds[unit] if unit else -1, unit))
        if "time" in kinds:
            times.append(kinds["time"])
    return tuple(pairs), tuple(times)


def _header(lines: Iterator[str], counter: _Lines) -> tuple[str, list[str], Shape, _Columns]:
    """The delimiter, header fields, shape and columns, from the first line that is not blank
    (after an Excel `sep=;` line if there is one)."""
    forced = None
    for line in lines:
        text = line.strip("\r\n\ufeff")
        if not text.strip():
            continue
        if forced is None and (sep := re.fullmatch(r"sep=(.)", text.strip())):
            forced = sep.group(1)
            continue
        for delimiter in [forced] if forced else [",", ";"]:
            fields = next(csv.reader([text], delimiter=delimiter), [])
            matched = _match_header(fields)
            if matched:
                return delimiter, fields, *matched
        raise FileRefused(_unknown_header(text), line=counter.count)
    raise FileRefused("The file holds no rows, not even a header.")


def _unknown_header(text: str) -> str:
    seen = max(["\t", ";", ",", "|"], key=text.count)
    names = {"\t": "tabs", ";": "semicolons", ",": "commas", "|": "vertical bars"}
    fields = [f.strip().strip('"') for f in text.split(seen)] if text.count(seen) else [text]
    start = ", ".join(_clip(f, 30) for f in fields[:4]) + (", …" if len(fields) > 4 else "")
    message = f"The header does not match an export of {APP_LIST}. It starts: {start}"
    if seen not in ",;" and text.count(seen):
        message += f" (its fields are separated by {names[seen]}, where these apps use commas or semicolons)"
    elif not text.count(",") and not text.count(";"):
        message += " (it is one field: no commas or semicolons separate its columns)"
    return message + "."


# ---------------------------------------------------------------------------------------------
# Rows


def _open_quote_line(lines: list[str], delimiter: str, first: int) -> int:
    """The line where the quoted field left open at the end of the file begins."""
    state, opened = "start", first
    ends = (delimiter, "\r", "\n")
    for offset, line in enumerate(lines):
        for char in line:
            if state == "quoted":
                state = "quote" if char == '"' else state
            elif state == "quote":  # a quote inside a quoted field: doubled, or the closing one
                state = "quoted" if char == '"' else "start" if char in ends else "field"
            elif char in ends:
                state = "start"
            elif state == "start" and char == '"':
                state, opened = "quoted", first + offset
            else:
                state = "field"
    return opened


def _fit_row(row: list[str], header: int, width: int, line: int, cols: _Columns, book: _Book) -> list[str]:
    """The row with the header's `width` of named fields, or a refusal naming the line. `header`
    counts the header's fields including empty ones after a trailing delimiter."""
    if len(row) == width:
        return row
    if len(row) > width:
        if len(row) <= header and not any(row[width:]):
            return row[:width]  # the header's own trailing delimiter
        # Extra empty fields at the end are not dropped otherwise: an unquoted comma in a name
        # followed by empty columns looks the same, and dropping them would shift the columns.
        if book.shape.app == "fitnotes" and (repaired := _fitnotes_repair(row, width, cols)) is not None:
            book.repaired.append(line)
            return repaired
        raise FileRefused(
            f"Line {line} has {len(row)} fields where the header has {width}: is a name with a comma not quoted?",
            line=line,
        )
    if len(row) == width - 1:
        book.short_rows.append(line)
        return [*row, ""]
    raise FileRefused(
        f"Line {line} has {len(row)} fields where the header has {width}: was the line cut short?", line=line
    )


_FITNOTES_NUMERIC = ("weight", "reps", "distance")


def _fitnotes_repair(row: list[str], width: int, cols: _Columns) -> list[str] | None:
    # FitNotes leaves commas in exercise names unquoted: the name took as many fields as the row
    # has too many. It is joined back only when every numeric column then reads as a number.
    extra = len(row) - width
    at = cols.index["exercise"]
    candidate = [*row[:at], ",".join(row[at : at + extra + 1]), *row[at + extra + 1 :]]
    try:
        for key in _FITNOTES_NUMERIC:
            if key in cols.index:
                _decimal(candidate[cols.index[key]].strip(), key)
        if "time" in cols.index:
            _seconds(candidate[cols.index["time"]].strip())
        _naive_datetime(candidate[cols.index["date"]].strip())
        if "category" in cols.index and _NUMBER.fullmatch(candidate[cols.index["category"]].strip()):
            return None  # a category is a word: a number here means the columns shifted
        if "weight_unit" in cols.index:
            _unit(candidate[cols.index["weight_unit"]].strip(), WEIGHT_UNIT_WORDS, "weight")
    except _RowError:
        return None
    return candidate


def _read_rows(
    lines: _Lines, source: Iterator[str], header: tuple[str, list[str], Shape, _Columns], book: _Book
) -> None:
    delimiter, fields, shape, cols = header
    width = len(fields)
    while width and not fields[width - 1].strip():
        width -= 1
    read = READERS[shape.app]
    keys = list(cols.index.items())
    keys += [(f"#{i}", i) for pair in cols.set_pairs for i in pair[:2] if i >= 0]
    keys += [(f"#{i}", i) for i in cols.set_times]
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    ended = lines.count
    lines.row.clear()
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _csv_refusal(error, lines, delimiter, ended + 1) from None
        line, ended = ended + 1, lines.count
        lines.row.clear()
        if not any(field.strip() for field in row):
            continue
        row = _fit_row(row, len(fields), width, line, cols, book)
        book.rows += 1
        try:
            read({key: row[i].strip() for key, i in keys}, line, book, cols)
        except _RowError as error:
            book.skip(line, error.reason)


def _csv_refusal(error: csv.Error, lines: _Lines, delimiter: str, line: int) -> FileRefused:
    text = str(error)
    if "unexpected end of data" in text or "EOF" in text:
        opened = _open_quote_line(lines.row, delimiter, line)
        return FileRefused(
            f"The file ends inside a quoted field that starts on line {opened}: was it cut short?", line=opened
        )
    if "field larger" in text:
        return FileRefused(f"Line {line} has a field longer than 1 MB: an export has short fields.", line=line)
    return FileRefused(
        f"Line {line} has a quote inside a field where a field must end after its closing quote "
        f'(a quote within a field is written "").',
        line=line,
    )


# ---------------------------------------------------------------------------------------------
# The whole file


def parse(data: BinaryIO, *, name: str = "") -> Parsed:
    """Read an export; raise FileRefused when the file cannot be imported at all. `name` is the
    file's name, for messages only."""
    encoding = _encoding(data)
    try:
        return _parse_text(data, encoding, name)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            raise FileRefused(_not_text(name, None)) from None
    if not _cp1252_readable(data):
        line = _first_bad_utf8_line(data)
        raise FileRefused(_not_text(name, line), line=line) from None
    parsed = _parse_text(data, "cp1252", name)
    parsed.notices.insert(0, "The file is not UTF-8: it was read as Windows-1252 (check accented letters in names).")
    return parsed


def _not_text(name: str, line: int | None) -> str:
    where = f" on line {line}" if line else ""
    return f"The file{' ' + name if name else ''} is not UTF-8 text: it has bytes{where} that are not letters in UTF-8."


def _parse_text(data: BinaryIO, encoding: str, name: str) -> Parsed:
    text = _text(data, encoding)
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_LINE)
    try:
        lines = _Lines(text)
        source = iter(lines)
        header = _header(source, lines)
        book = _Book(shape=header[2], column_unit=header[3].units.get("weight"))
        _read_rows(lines, source, header, book)
        return _finish(book, lines.count)
    finally:
        csv.field_size_limit(limit)
        text.detach()


def _finish(book: _Book, line_count: int) -> Parsed:
    if book.rows and book.date_failures == book.rows and book.first_date_failure:
        line, reason = book.first_date_failure
        raise FileRefused(
            f"No row has a date that can be read: line {line} has an {reason}; expected a date such as "
            f"{_EXPECTED_DATES[book.shape.app]}.",
            line=line,
        )
    for (key, exercise_name), notes in book.exercise_notes.items():
        book.exercises[(key, exercise_name)].note = "\n".join(notes)
    workouts = _workouts(book)
    parsed = Parsed(
        app=book.shape.app,
        shape=book.shape.name,
        workouts=workouts,
        skipped=sorted(book.skipped, key=lambda s: s.line),
        unit=None,
        lines=line_count,
        naive_times=book.shape.app not in ("liftosaur", "atomic"),
        notices=_notices(book),
    )
    _decide_units(parsed, book)
    return parsed


_EXPECTED_DATES = {
    "strong": "2025-09-15 07:48:00",
    "hevy": "15 Sep 2025, 07:48",
    "fitnotes": "2025-09-15",
    "stronglifts": "2025/09/15",
    "liftosaur": "2025-09-15T07:48:00.000Z",
    "atomic": "2025-09-15T07:48:00+02:00",
}


def _workouts(book: _Book) -> list[ParsedWorkout]:
    if book.shape.app == "stronglifts":
        _stronglifts_notes(book)
    kept = []
    for workout in book.workouts.values():
        workout.exercises = [e for e in workout.exercises if e.sets]
        if workout.exercises:
            kept.append(workout)
    kept.sort(key=lambda w: (w.start, w.line))
    return kept


def _stronglifts_notes(book: _Book) -> None:
    # StrongLifts repeats a workout's note on each exercise's row: one note throughout is the
    # workout's; notes that differ belong to their exercises.
    for workout in book.workouts.values():
        notes = {e.note for e in workout.exercises if e.note}
        if len(notes) == 1:
            workout.note = notes.pop()
            for exercise in workout.exercises:
                exercise.note = ""


def _decide_units(parsed: Parsed, book: _Book) -> None:
    shape = book.shape
    if shape.app == "strong" and shape.name == "C":
        parsed.unit = _strong_c_units(parsed.sets)
        return
    stated = {s.weight_unit for s in parsed.sets if s.weight_unit} | book.units
    if book.column_unit:
        stated.add(book.column_unit)
    if stated:
        parsed.unit = stated.pop() if len(stated) == 1 else "mixed"
        return
    if shape.app == "strong" and shape.name in ("A", "A2025", "A-de"):
        parsed.unit_guess, parsed.unit_guess_reason = _unit_guess(
            [s.weight for s in parsed.sets if s.weight is not None]
        )


def _notices(book: _Book) -> list[str]:
    notices = list(book.notices)
    if book.repaired:
        notices.extend(
            f"Line {line}: an exercise name with a comma was not quoted; its parts were joined back into one name."
            for line in book.repaired[:NOTICE_LINES_MAX]
        )
        if len(book.repaired) > NOTICE_LINES_MAX:
            notices.append(f"… and {len(book.repaired) - NOTICE_LINES_MAX} more lines repaired so.")
    if book.short_rows:
        notices.append(
            f"{_count(len(book.short_rows), 'row')} lacked the last field (first on line {book.short_rows[0]}): "
            "it was read as empty."
        )
    if book.rpe_out_of_range:
        were = "was" if book.rpe_out_of_range == 1 else "were"
        notices.append(f"{_count(book.rpe_out_of_range, 'RPE value')} outside 1 to 10 {were} left out.")
    if book.twelve_hour_guess:
        notices.append(
            f"{_count(book.twelve_hour_guess, 'start or end time')} without AM or PM "
            f"{'was' if book.twelve_hour_guess == 1 else 'were'} read as 24-hour times (7:30 as morning): "
            "check those workouts' times."
        )
    return notices


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
