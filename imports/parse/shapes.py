"""The shapes of the exports a file can be: which columns each app and version writes (`SHAPES`,
matched by name), the units a column's name states, and the word tables rows are read with (unit
words, Strong's set markers, Hevy's set types, yes and no, month names). Also what every module
of the package shares: the cache of values read, the row error, and how names are folded."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from imports.parsed import (
    DROP,
    FAILURE,
    NORMAL,
    OWN_HEADER,
    WARMUP,
)

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
