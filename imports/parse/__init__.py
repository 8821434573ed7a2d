"""Reading a workout-history CSV export (Strong, Hevy, FitNotes, StrongLifts, Liftosaur or our own)
into `imports.parsed.Parsed`, without touching the database.

Modules, each importing at run time only those listed before it:

- `shapes`: the shapes of the exports (`SHAPES`, their column aliases), the units column names
  state, and the word tables for units, set markers, yes and no, and month names.
- `values`: one value of a row read: numbers, reps, durations, RPE, units, dates and times.
- `readers`: the row readers, one per app, and the `_Book` of workouts they fill.
- `text`: encodings, lines, the header matched to a shape, the CSV rows read and repaired, and
  the refusals of a file that cannot be read.
- this module: `parse`, and the finishing over the whole file: workouts kept, units decided,
  notices.

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

import csv
from decimal import ROUND_HALF_UP, Decimal
from typing import BinaryIO

from imports.parse.readers import _Book
from imports.parse.text import (
    MAX_LINE,
    _cp1252_readable,
    _encoding,
    _first_bad_utf8_line,
    _header,
    _Lines,
    _read_rows,
    _text,
)
from imports.parse.values import _HUNDREDTH, _SNAP, _tidy
from imports.parsed import FileRefused, Parsed, ParsedSet, ParsedWorkout

NOTICE_LINES_MAX = 20  # repairs named one by one; beyond this they are counted


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
