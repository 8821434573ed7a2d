"""What reading an export file gives (`imports.parse`), whatever app wrote it: workouts of sets in
the file's own words and units, the rows left out and why. Nothing here touches the database;
`imports.services` maps the names to exercises and writes the rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# The apps whose files are read, as `Parsed.app` names them.
APPS = {
    "atomic": "Atomic Gym Tracker",
    "strong": "Strong",
    "hevy": "Hevy",
    "fitnotes": "FitNotes",
    "stronglifts": "StrongLifts 5×5",
    "liftosaur": "Liftosaur",
}

# Set types, as workout_sets.set_type spells them (sessions.models.SetType).
NORMAL, WARMUP, DROP, FAILURE = "normal", "warmup", "drop", "failure"

# Units a file may state. Weights: "kg" or "lb". Distances: "m", "km", "mi", "ft", "yd".
WEIGHT_UNITS = ("kg", "lb")
DISTANCE_UNITS = ("m", "km", "mi", "ft", "yd")


# Our own CSV export (`imports.export`), one row per set; read back by `imports.parse` as app
# "atomic", shape "v1". Weights in kilograms, exact (`Weight Unit` says so on every row, and a
# row stating "lb" is read as pounds); distances in metres; times ISO 8601 with their offset.
# Date: the session's day. Set Order: 1, 2, … within the exercise in the workout. Set Type: a
# value of sessions.models.SetType. Added Weight / Body Weight: bodyweight exercises only.
# Done: "yes" for a set logged, "no" for one planned and not done. Logged At: when it was logged.
OWN_HEADER = (
    "Date",
    "Workout Start",
    "Workout End",
    "Workout Name",
    "Workout Notes",
    "Exercise",
    "Superset",
    "Set Order",
    "Set Type",
    "Weight",
    "Added Weight",
    "Body Weight",
    "Weight Unit",
    "Reps",
    "Distance",
    "Distance Unit",
    "Seconds",
    "RPE",
    "Done",
    "Logged At",
)


class FileRefused(Exception):
    """The file cannot be read as an export: nothing of it is imported. `line` is 1-based (the
    header is line 1), or None when the fault is the whole file (not text, empty, unknown header)."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line is not None else self.message


@dataclass(frozen=True)
class Skipped:
    """A row that is not a set, with its line (1-based, the header being 1) and why, in words a
    member reads in the preview ("rest timer", "empty set", "no date", …)."""

    line: int
    reason: str


@dataclass
class ParsedSet:
    line: int  # the file's line where the set's row starts
    exercise: str  # the name as the file spells it, trimmed
    set_type: str = NORMAL
    # A weight in `weight_unit`, or None (no weight, 0 or empty: "not applicable"). weight_unit is
    # None when the file says nothing of its unit (Strong's classic shapes): the member chooses.
    weight: Decimal | None = None
    weight_unit: str | None = None
    reps: int | None = None
    # A distance in `distance_unit`; None as unit = the file says nothing: km for a member who
    # chose kg, miles for one who chose lb (as Strong does).
    distance: Decimal | None = None
    distance_unit: str | None = None
    seconds: int | None = None
    rpe: Decimal | None = None
    note: str = ""  # this set's own note (Strong's per-set Notes)
    done: bool = True  # False: planned but not done (our own export; Liftosaur's empty reps are skipped)
    # Our own export only: what the file says beyond the other apps.
    added_weight: Decimal | None = None  # bodyweight kinds: the load added (assisted: the help)
    body_weight: Decimal | None = None  # bodyweight kinds: the body weight the set counted
    logged_at: datetime.datetime | None = None  # aware


@dataclass
class ParsedExercise:
    """An exercise within a workout, in the order the workout did them."""

    name: str
    sets: list[ParsedSet] = field(default_factory=list)
    superset: int | None = None  # a number shared by the exercises done as one superset, per workout
    note: str = ""  # the exercise's note in this workout (Hevy's exercise_notes)


@dataclass
class ParsedWorkout:
    line: int  # the line of its first row
    # When it started: naive local time (every app but Liftosaur and our own), or aware.
    start: datetime.datetime
    name: str
    end: datetime.datetime | None = None  # naive or aware like `start`
    duration_seconds: int | None = None  # when the file gives a duration rather than an end
    note: str = ""  # the workout's note
    exercises: list[ParsedExercise] = field(default_factory=list)
    # Our own export only: the session's day as the member set it (it may differ from start's).
    date: datetime.date | None = None

    @property
    def sets(self) -> list[ParsedSet]:
        return [s for e in self.exercises for s in e.sets]


@dataclass
class Parsed:
    app: str  # a key of APPS
    shape: str  # which of the app's header shapes, e.g. "A", "B", "C", "legacy", "v2"
    workouts: list[ParsedWorkout]  # oldest first
    skipped: list[Skipped]
    # The unit of the file's weights when one holds for the whole file ("kg"/"lb"), "mixed" when
    # rows state their own and differ, None when the file says nothing (the member must choose).
    unit: str | None
    # When `unit` is None: the likelier unit from the values, and why, in a sentence for the
    # preview ("Most weights are multiples of 2.5 and 5 lb plates: …"), else None.
    unit_guess: str | None = None
    unit_guess_reason: str = ""
    lines: int = 0  # lines read, header included
    # Whether the file's times are naive local times (every app but Liftosaur and our own).
    naive_times: bool = True
    notices: list[str] = field(default_factory=list)  # repairs made, said to the member

    @property
    def sets(self) -> list[ParsedSet]:
        return [s for w in self.workouts for s in w.sets]
