"""The row readers, one per app, and the `_Book` they fill: each reader turns one row (by column
key) into sets of a workout, grouped by the file's own key for a workout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NoReturn

from imports.parse.shapes import (
    DISTANCE_UNIT_WORDS,
    HEVY_TYPES,
    NO,
    OWN_TYPES,
    STRONG_MARKERS,
    STRONG_NOTE,
    STRONG_REST,
    WEIGHT_UNIT_WORDS,
    YES,
    Shape,
    _norm,
    _RowError,
)
from imports.parse.values import (
    _CLOCK,
    _NUMBER,
    _amount,
    _aware_datetime,
    _clip,
    _clock_time,
    _decimal,
    _duration,
    _hevy_datetime,
    _naive_datetime,
    _note,
    _reps,
    _rpe,
    _seconds,
    _unit,
)
from imports.parsed import (
    NORMAL,
    WARMUP,
    ParsedExercise,
    ParsedSet,
    ParsedWorkout,
    Skipped,
)

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
