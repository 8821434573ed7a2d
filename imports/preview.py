"""What an import would do, before it does it (`import_preview`): the file read again
(`import_read`), each name's exercise (imports.mapping), each set as it would be written for its
exercise's kind (`set_row`), and which workouts are here already. Reads only; the writes are
imports.services.

Which workouts are new: a workout is the one already here when a live session of the member
started in the same minute (created_at, read in the import's time zone) under a plan of the same
name (case and spacing aside); its sets are then compared as a multiset and only the sets the file
has more of are added. Importing a file again, or a newer export holding the old workouts, adds
only what is new.
"""

from __future__ import annotations

import datetime
import io
import uuid
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from imports.mapping import NEW, Mapped, exercises_map, kind_guess, mapping_apply
from imports.models import Import
from imports.parse import parse
from imports.parsed import APPS, FileRefused, Parsed, ParsedSet, ParsedWorkout
from plans.models import ExerciseKind
from sessions.models import (
    DISTANCE_MAX_M,
    DURATION_MAX_SECONDS,
    TIMED_KINDS,
    SetType,
    WorkoutSession,
    WorkoutSet,
)

WEIGHT_MAX_KG = Decimal(1000)  # the set form's bound (gymtracker.units.WeightField)
REPS_MAX = 1000
KG_PER_LB = Decimal("0.45359237")
METRES = {
    "m": Decimal(1),
    "km": Decimal(1000),
    "mi": Decimal("1609.344"),
    "ft": Decimal("0.3048"),
    "yd": Decimal("0.9144"),
}
BODYWEIGHT_KINDS = (ExerciseKind.WEIGHTED_BODYWEIGHT, ExerciseKind.ASSISTED_BODYWEIGHT)
SET_TYPES = frozenset(SetType.values)
UNLOADED_KINDS = (ExerciseKind.DURATION, ExerciseKind.DISTANCE_DURATION, ExerciseKind.BODYWEIGHT_REPS)


def _open(imp: Import) -> io.BytesIO:
    return io.BytesIO(bytes(imp.content or b""))


# --- What the file holds, in the member's terms -----------------------------------------------------


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def plan_name(workout: ParsedWorkout, app: str) -> str:
    """The plan an imported workout belongs to: the workout's name, or one named after the app
    for files without names (FitNotes: a day is a workout)."""
    return " ".join(workout.name.split())[:200] or f"{APPS[app]} workout"


def _aware(moment: datetime.datetime, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    if timezone.is_aware(moment):
        return moment
    # fold=0: a time that occurs twice (the autumn change) is read as the first.
    return moment.replace(tzinfo=zone)


def workout_key(start: datetime.datetime, name: str) -> tuple[datetime.datetime, str]:
    """What identifies a workout: its start to the minute (in UTC) and its plan's name."""
    return start.astimezone(datetime.UTC).replace(second=0, microsecond=0), name_key(name)


@dataclass
class Row:
    """One set as it will be written."""

    line: int
    exercise: str  # the file's name
    kind: str  # its exercise's (sent with the row: workout_sets_kind then has nothing to look up)
    set_type: str
    weight_kg: Decimal | None
    added_kg: Decimal | None
    body_weight_kg: Decimal | None
    reps: int
    distance_m: Decimal | None
    seconds: int | None
    rpe: Decimal | None
    done: bool
    logged_at: datetime.datetime | None

    def same(self, exercise: str) -> tuple[Any, ...]:
        """What two sets must share to be the same set (the multiset comparison); `exercise` is
        the id of the exercise the file's name goes to."""
        load = self.added_kg if self.added_kg is not None else self.weight_kg
        return (
            exercise,
            self.set_type,
            None if load is None else load.normalize(),
            self.reps,
            None if self.distance_m is None else self.distance_m.normalize(),
            self.seconds,
            None if self.rpe is None else self.rpe.normalize(),
        )


def _kg(value: Decimal | None, unit: str) -> Decimal | None:
    if value is None:
        return None
    kg = value if unit == "kg" else value * KG_PER_LB
    return kg.quantize(Decimal("1E-10"), rounding=ROUND_HALF_UP)


def set_row(s: ParsedSet, kind: str, unit: str) -> Row | str:
    """The set as written for an exercise of `kind`, or why it cannot be (a reason for the preview)."""
    weight_unit = s.weight_unit or unit
    weight = _kg(s.weight, weight_unit if weight_unit in ("kg", "lb") else unit)
    added = _kg(s.added_weight, weight_unit if weight_unit in ("kg", "lb") else unit)
    body = _kg(s.body_weight, weight_unit if weight_unit in ("kg", "lb") else unit)
    distance = None
    if s.distance is not None:
        per = METRES.get(s.distance_unit or ("km" if unit == "kg" else "mi"))
        if per is None:
            return "unknown distance unit"
        distance = (s.distance * per).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if distance <= 0:
            distance = None
    for value in (weight, added, body):
        if value is not None and value > WEIGHT_MAX_KG:
            return "weight out of range"
    if s.reps is not None and not 0 <= s.reps <= REPS_MAX:
        return "reps out of range"
    if distance is not None and distance > DISTANCE_MAX_M:
        return "distance out of range"
    if s.seconds is not None and not 0 < s.seconds <= DURATION_MAX_SECONDS:
        return "time out of range"
    if kind in BODYWEIGHT_KINDS:
        # The file's weight is the load added (or, assisted, the help), as Strong and Hevy log it.
        added = added if added is not None else weight
        weight = None
    elif kind in UNLOADED_KINDS:
        weight, added = None, None
    else:
        added, body = None, None
    if s.done and kind in TIMED_KINDS and s.seconds is None:
        return "no time for a timed exercise"
    if s.done and kind == ExerciseKind.DISTANCE_DURATION and distance is None:
        return "no distance for a distance exercise"
    return Row(
        line=s.line,
        exercise=s.exercise,
        kind=kind,
        set_type=s.set_type if s.set_type in SET_TYPES else SetType.NORMAL,
        weight_kg=weight,
        added_kg=added,
        body_weight_kg=body if kind in (*BODYWEIGHT_KINDS, ExerciseKind.BODYWEIGHT_REPS) else None,
        reps=s.reps or 0,
        distance_m=distance,
        seconds=s.seconds,
        rpe=s.rpe if s.rpe is not None and Decimal(1) <= s.rpe <= Decimal(10) else None,
        done=s.done,
        logged_at=s.logged_at,
    )


@dataclass
class Workout:
    """A workout of the file as it will be written."""

    parsed: ParsedWorkout
    start: datetime.datetime  # aware
    end: datetime.datetime | None
    date: datetime.date
    plan: str
    rows: list[Row]
    present: uuid.UUID | None = None  # the session already here

    @property
    def warmups(self) -> int:
        return sum(1 for r in self.rows if r.set_type == SetType.WARMUP)

    @property
    def exercises(self) -> int:
        return len({r.exercise for r in self.rows})

    missing: list[Row] = field(default_factory=list)  # rows to add (all of them, when new)


@dataclass
class Preview:
    """What an import would do, before it does it."""

    imp: Import
    parsed: Parsed
    unit: str  # "" until the member chooses, when the file does not say
    zone: str
    mapping: dict[str, Mapped]
    workouts: list[Workout]
    skipped: list[tuple[int, str]]  # (line, reason) for every row left out

    @property
    def unit_needed(self) -> bool:
        return self.parsed.unit is None

    @property
    def new_workouts(self) -> list[Workout]:
        return [w for w in self.workouts if w.present is None]

    @property
    def newest_new(self) -> list[Workout]:
        """The ten newest workouts the import would add, newest first (what the preview lists)."""
        return sorted(self.new_workouts, key=lambda w: w.start, reverse=True)[:10]

    @property
    def workouts_present(self) -> int:
        return sum(1 for w in self.workouts if w.present is not None)

    @property
    def sets_new(self) -> int:
        return sum(len(w.missing) for w in self.workouts)

    @property
    def sets_total(self) -> int:
        return sum(len(w.rows) for w in self.workouts)

    @property
    def first_date(self) -> datetime.date | None:
        return min((w.date for w in self.workouts), default=None)

    @property
    def last_date(self) -> datetime.date | None:
        return max((w.date for w in self.workouts), default=None)

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        return dict(Counter(reason for _, reason in self.skipped).most_common())

    @property
    def ready(self) -> bool:
        return bool(self.unit)


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def import_read(imp: Import) -> Parsed:
    """The uploaded file, read again (FileRefused when it no longer can be: it was emptied by its
    import)."""
    if imp.content is None:
        raise FileRefused("This file has been imported already.")
    return parse(_open(imp), name=imp.file_name)


def exercise_names(parsed: Parsed) -> list[str]:
    """The file's exercise names, in the order the preview lists them."""
    return sorted({s.exercise for s in parsed.sets})


def import_preview(
    imp: Import,
    *,
    unit: str | None = None,
    zone: str | None = None,
    choices: dict[str, str] | None = None,
    parsed: Parsed | None = None,
) -> Preview:
    """What importing `imp` would do with these choices: the unit, the zone, and for names of the
    file the exercise typed for them (`imports.mapping.mapping_apply`). Reads the file (unless
    given it read) and the member's sessions; writes nothing."""
    parsed = parsed or import_read(imp)
    unit = unit if unit in ("kg", "lb") else (imp.unit or "")
    if parsed.unit in ("kg", "lb"):
        unit = parsed.unit
    zone_name = zone or imp.time_zone
    tz = _zone(zone_name)
    counts = Counter(s.exercise for w in parsed.workouts for s in w.sets)
    mapping = exercises_map(imp.user, dict(counts))
    mapping_apply(mapping, choices or {}, imp.user)
    skipped = [(s.line, s.reason) for s in parsed.skipped]
    kinds = kinds_of(mapping, parsed)
    workouts = []
    for w in parsed.workouts:
        rows = []
        for s in w.sets:
            row = set_row(s, kinds[s.exercise], unit or "kg")
            if isinstance(row, str):
                skipped.append((s.line, row))
            else:
                rows.append(row)
        if not rows:
            continue
        start = _aware(w.start, tz)
        end = _aware(w.end, tz) if w.end is not None else None
        if end is None and w.duration_seconds:
            end = start + datetime.timedelta(seconds=w.duration_seconds)
        date = w.date or start.astimezone(tz).date()
        workouts.append(Workout(w, start, end, date, plan_name(w, parsed.app), rows, missing=rows))
    skipped.sort()
    preview = Preview(imp, parsed, unit, zone_name, mapping, workouts, skipped)
    _find_present(preview)
    return preview


def kinds_of(mapping: dict[str, Mapped], parsed: Parsed) -> dict[str, str]:
    """The kind each name's sets are written as: its exercise's, or for a new exercise what its
    sets record."""
    records: dict[str, list[bool]] = {}  # name -> [weight, reps, time, distance] seen
    for s in parsed.sets:
        seen = records.setdefault(s.exercise, [False, False, False, False])
        seen[0] |= bool(s.weight)
        seen[1] |= bool(s.reps)
        seen[2] |= bool(s.seconds)
        seen[3] |= bool(s.distance)
    kinds = {}
    for name, entry in mapping.items():
        if entry.chosen.how != NEW and entry.chosen.kind:
            kinds[name] = entry.chosen.kind
        else:
            weight, reps, time, distance = records.get(name, [False] * 4)
            kinds[name] = kind_guess(has_weight=weight, has_reps=reps, has_time=time, has_distance=distance)
    return kinds


def _find_present(preview: Preview) -> None:
    """Mark the workouts already here, and which of their sets are not."""
    if not preview.workouts:
        return
    first = min(w.start for w in preview.workouts) - datetime.timedelta(minutes=1)
    last = max(w.start for w in preview.workouts) + datetime.timedelta(minutes=1)
    sessions = (
        WorkoutSession.objects.for_user(preview.imp.user)
        .filter(created_at__gte=first, created_at__lte=last)
        .select_related("plan")
        .only("id", "created_at", "plan__name")
    )
    here = {workout_key(s.created_at, s.plan.name if s.plan else ""): s.id for s in sessions}
    matched = {}
    for w in preview.workouts:
        session_id = here.get(workout_key(w.start, w.plan))
        if session_id is not None:
            w.present = session_id
            matched[session_id] = w
    if not matched:
        return
    existing: dict[uuid.UUID, Counter[tuple[Any, ...]]] = {k: Counter() for k in matched}
    for s in (
        WorkoutSet.objects.filter(session_id__in=list(matched))
        .select_related("template")
        .only(*(f.name for f in WorkoutSet._meta.concrete_fields), "template__exercise_id")
    ):
        existing[s.session_id][_same_of(s)] += 1
    for session_id, w in matched.items():
        have = existing[session_id]
        missing = []
        for row in w.rows:
            same = row.same(preview.mapping[row.exercise].chosen.exercise_id or f"new:{row.exercise}")
            if have[same] > 0:
                have[same] -= 1
            else:
                missing.append(row)
        w.missing = missing


def _same_of(s: WorkoutSet) -> tuple[Any, ...]:
    weight = s.added_kg if s.kind in BODYWEIGHT_KINDS else (None if s.kind in UNLOADED_KINDS else s.weight_kg)
    return (
        str(s.template.exercise_id),
        s.set_type,
        None if weight is None else weight.normalize(),
        s.actual_reps,
        None if s.distance_m is None else s.distance_m.normalize(),
        s.duration_seconds,
        None if s.rpe is None else s.rpe.normalize(),
    )
