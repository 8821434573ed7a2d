"""Bringing a member's history in from an export file: upload (`import_upload`), preview
(`import_preview`, nothing written), import (`import_run`), undo and restore.

How the rows are written: in one transaction, as the member (row-level security binds every row),
with COPY into temporary tables and one INSERT … SELECT per table, so each statement trigger runs
once per import, not once per row: the statistics and weekly volume are recomputed once for the
exercises the import touched (progress_sets_changed), and the personal records are derived once
per exercise (progress_records_rederive). Each imported session and set gets one history row
("+", the importing member, the reason naming the import), written by INSERT … SELECT from the
rows themselves, so the history holds what the tables hold (`history_insert`).

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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django.core.cache import cache
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql

from accounts.models import User
from imports.mapping import NEW, Mapped, exercises_map, kind_guess, mapping_apply
from imports.models import MAX_FILE_BYTES, Import, ImportStatus
from imports.parse import parse
from imports.parsed import APPS, FileRefused, Parsed, ParsedSet, ParsedWorkout
from plans.models import Exercise, ExerciseKind, WorkoutPlan, WorkoutTemplate
from plans.supersets import SUPERSETS_MAX
from sessions.models import (
    DISTANCE_MAX_M,
    DURATION_MAX_SECONDS,
    NOTES_MAX_LENGTH,
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


MAX_MB = MAX_FILE_BYTES // 1024 // 1024


class ImportTooLarge(FileRefused):
    pass


def _open(imp: Import) -> io.BytesIO:
    return io.BytesIO(bytes(imp.content or b""))


# --- Upload ----------------------------------------------------------------------------------------


@transaction.atomic
def import_upload(*, user: User, file: IO[bytes], file_name: str, size: int, by: User | None = None) -> Import:
    """Keep an uploaded file of `user`'s history for its preview once it reads as an export
    (FileRefused otherwise, and nothing kept); `by` uploads it (the member, or their coach)."""
    if size > MAX_FILE_BYTES:
        raise ImportTooLarge(
            f"The file is {size / 1024 / 1024:.1f} MB; at most {MAX_FILE_BYTES // 1024 // 1024} MB is taken."
        )
    content = file.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        raise ImportTooLarge(f"The file is over {MAX_MB} MB: at most {MAX_MB} MB is taken.")
    parsed = parse(io.BytesIO(content), name=file_name)
    if not parsed.workouts:
        raise FileRefused("The file holds no workout with a set to import.")
    # What the member chose for their last import from the same app, which a newer export of it
    # needs again (the same zone finds the same workouts already here).
    last = Import.objects.for_user(user).filter(app=parsed.app, status=ImportStatus.IMPORTED).first()
    return Import.objects.create(
        user=user,
        created_by=by or user,
        file_name=file_name[:255],
        file_size=len(content),
        content=content,
        app=parsed.app,
        shape=parsed.shape,
        unit=parsed.unit if parsed.unit in ("kg", "lb") else (last.unit if last else ""),
        time_zone=last.time_zone if last else user.time_zone,
    )


# --- What the file holds, in the member's terms -----------------------------------------------------


def _name_key(name: str) -> str:
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
    return start.astimezone(datetime.UTC).replace(second=0, microsecond=0), _name_key(name)


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
    present_dates: tuple[datetime.date, datetime.date] | None = None

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
    kinds = _kinds(mapping, parsed)
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


def _kinds(mapping: dict[str, Mapped], parsed: Parsed) -> dict[str, str]:
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


# --- The import -------------------------------------------------------------------------------------

Progress = Callable[[float, str], None]


def progress_key(imp: Import) -> str:
    return f"import-progress:{imp.pk}"


def _progress_to_cache(imp: Import) -> Progress:
    def report(done: float, stage: str) -> None:
        cache.set(progress_key(imp), {"done": round(done, 3), "stage": stage}, timeout=3600)

    return report


@dataclass
class Outcome:
    sessions_created: int = 0
    sets_created: int = 0
    sessions_already_present: int = 0
    sets_added_to_present: int = 0
    rows_skipped: dict[str, int] = field(default_factory=dict)


def import_run(
    imp: Import,
    *,
    by: User,
    unit: str | None = None,
    zone: str | None = None,
    choices: dict[str, str] | None = None,
    progress: Progress | None = None,
    parsed: Parsed | None = None,
) -> Outcome:
    """Import `imp` with these choices, in one transaction; FileRefused when it cannot be (a unit
    not chosen, a file that no longer reads), and then nothing is written."""
    report = progress or _progress_to_cache(imp)
    report(0.05, "Reading the file")
    with transaction.atomic():
        imp = Import.objects.select_for_update().defer("content").get(pk=imp.pk)
        if imp.status != ImportStatus.PREVIEWED:
            raise FileRefused("This file has been imported already.")
        preview = import_preview(imp, unit=unit, zone=zone, choices=choices, parsed=parsed)
        if not preview.ready:
            raise FileRefused("Choose the unit of the file's weights: the file does not say.")
        report(0.25, "Matching exercises")
        templates = _templates(preview, by)
        report(0.4, "Writing workouts")
        outcome = _write(preview, templates, by, report)
        report(0.85, "Recounting statistics and records")
        _records_rederive(preview)
        imp.unit = preview.unit
        imp.time_zone = preview.zone
        imp.mapping = {name: m.chosen.exercise_id for name, m in preview.mapping.items()}
        imp.status = ImportStatus.IMPORTED
        imp.sessions_created = outcome.sessions_created
        imp.sets_created = outcome.sets_created
        imp.sessions_already_present = outcome.sessions_already_present
        imp.rows_skipped = outcome.rows_skipped
        imp.content = None
        imp.finished_at = timezone.now()
        imp._change_reason = "Imported"  # type: ignore[attr-defined]
        imp.save()
    report(1.0, "Done")
    return outcome


def _templates(preview: Preview, by: User) -> dict[tuple[str, str], uuid.UUID]:
    """(plan name, file exercise name) → the template its sets go to: the member's plan of that
    name (made when missing) and its exercise (added when missing)."""
    user = preview.imp.user
    exercise_of = _exercises(preview, user)
    wanted: dict[str, dict[str, ParsedWorkout]] = {}
    for w in preview.workouts:
        if w.missing:
            wanted.setdefault(w.plan, {})
            for e in w.parsed.exercises:
                wanted[w.plan].setdefault(e.name, w.parsed)
    plans = {_name_key(p.name): p for p in WorkoutPlan.objects.for_user(user).filter(name__in=list(wanted))}
    for name in wanted:
        if _name_key(name) not in plans:
            # Matched case-blind: "push day" and "Push Day" are one plan.
            plans.update({_name_key(p.name): p for p in WorkoutPlan.objects.for_user(user).filter(name__iexact=name)})
    new_plans = []
    for name in wanted:
        if _name_key(name) not in plans:
            plan = WorkoutPlan(user=user, name=name, description=f"Imported from {APPS[preview.parsed.app]}.")
            plans[_name_key(name)] = plan
            new_plans.append(plan)
    _bulk_create_with_history(WorkoutPlan, new_plans, by, preview.imp)
    preview.imp.plans_created = [str(p.pk) for p in new_plans]
    templates: dict[tuple[str, str], uuid.UUID] = {}
    existing = WorkoutTemplate.objects.filter(plan__in=[p.pk for p in plans.values()]).values_list(
        "plan_id", "exercise_id", "id", "position"
    )
    by_plan: dict[uuid.UUID, dict[uuid.UUID, uuid.UUID]] = {}
    positions: Counter[uuid.UUID] = Counter()
    for plan_id, exercise_id, template_id, position in existing:
        by_plan.setdefault(plan_id, {}).setdefault(exercise_id, template_id)
        positions[plan_id] = max(positions[plan_id], position + 1)
    new_templates = []
    for plan_name_, names in wanted.items():
        plan = plans[_name_key(plan_name_)]
        supersets: dict[int, int] = {}
        for name, workout in names.items():
            exercise = exercise_of[name]
            template_id = by_plan.get(plan.pk, {}).get(exercise.pk)
            if template_id is None:
                parsed = next(e for e in workout.exercises if e.name == name)
                reps = Counter(s.reps for s in parsed.sets if s.reps).most_common(1)
                superset = None
                if parsed.superset is not None:
                    superset = supersets.setdefault(parsed.superset, len(supersets) + 1)
                template = WorkoutTemplate(
                    plan=plan,
                    exercise=exercise,
                    exercise_name=exercise.name,
                    sets=max(len([s for s in parsed.sets if s.set_type != SetType.WARMUP]), 1),
                    repetitions=max(reps[0][0] if reps else 1, 1),
                    position=positions[plan.pk],
                    superset=superset if superset is not None and superset <= SUPERSETS_MAX else None,
                )
                positions[plan.pk] += 1
                new_templates.append(template)
                by_plan.setdefault(plan.pk, {})[exercise.pk] = template.pk
                template_id = template.pk
            templates[(plan_name_, name)] = template_id
    _bulk_create_with_history(WorkoutTemplate, new_templates, by, preview.imp)
    return templates


def _exercises(preview: Preview, user: User) -> dict[str, Exercise]:
    """Each file name's exercise; a new one of the member's own where they chose so."""
    kinds = _kinds(preview.mapping, preview.parsed)
    chosen_ids = {m.chosen.exercise_id for m in preview.mapping.values() if m.chosen.how != NEW}
    found = {str(e.pk): e for e in Exercise.objects.available_to(user).filter(id__in=chosen_ids)}
    own = {_name_key(e.name): e for e in Exercise.objects.owned_by(user)}
    result = {}
    for name, entry in preview.mapping.items():
        if entry.chosen.how != NEW and entry.chosen.exercise_id in found:
            result[name] = found[entry.chosen.exercise_id]
            continue
        exercise = own.get(_name_key(entry.chosen.name))
        if exercise is None:
            exercise = Exercise.objects.create(owner=user, name=entry.chosen.name, kind=kinds[name])
            own[_name_key(exercise.name)] = exercise
        result[name] = exercise
    return result


def _bulk_create_with_history(model: type[models.Model], objs: list[Any], by: User, imp: Import) -> None:
    if not objs:
        return
    model.objects.bulk_create(objs)  # type: ignore[attr-defined]
    history_insert(model, [o.pk for o in objs], by=by, reason=_reason(imp))


def _reason(imp: Import) -> str:
    return f"Imported from {imp.app_name} ({imp.pk})"[:100]


def history_insert(
    model: type[models.Model], ids: list[Any] | None = None, *, by: User, reason: str, kind: str = "+", staged: str = ""
) -> None:
    """One history row for each row of `model` named by `ids` (or by the ids of the temporary
    table `staged`), as it is now: what django-simple-history writes for a save, written in one
    INSERT … SELECT from the rows themselves."""
    history = model.history.model  # type: ignore[attr-defined]
    columns = [
        f.column
        for f in history._meta.concrete_fields
        if f.name not in ("history_id", "history_date", "history_type", "history_user", "history_change_reason")
    ]
    names = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    which = sql.SQL("(SELECT id FROM {})").format(sql.Identifier(staged)) if staged else sql.SQL("(%s)")
    statement = sql.SQL(
        "INSERT INTO {history} ({names}, history_date, history_type, history_user_id, history_change_reason) "
        "SELECT {names}, statement_timestamp(), %s, %s, %s FROM {table} WHERE id {match} {which}"
    ).format(
        history=sql.Identifier(history._meta.db_table),
        names=names,
        table=sql.Identifier(model._meta.db_table),
        match=sql.SQL("IN") if staged else sql.SQL("= ANY"),
        which=which,
    )
    with connection.cursor() as cursor:
        params: list[Any] = [kind, by.pk, reason] if staged else [kind, by.pk, reason, list(ids or [])]
        cursor.execute(statement, params)


SESSION_COLUMNS = ("id", "user_id", "workout_plan_id", "date", "notes", "finished_at", "created_at", "import_id")
SET_COLUMNS = (
    "id",
    "workout_session_id",
    "workout_template_id",
    "kind",
    "position",
    "set_type",
    "weight_kg",
    "added_kg",
    "body_weight_kg",
    "actual_reps",
    "distance_m",
    "duration_seconds",
    "rpe",
    "completed_at",
    "created_at",
)


def _notes(w: Workout) -> str | None:
    parts = [w.parsed.note.strip()] if w.parsed.note.strip() else []
    for e in w.parsed.exercises:
        if e.note.strip():
            parts.append(f"{e.name}: {e.note.strip()}")
        for number, s in enumerate(e.sets, 1):
            if s.note.strip():
                parts.append(f"{e.name}, set {number}: {s.note.strip()}")
    text = "\n".join(parts)
    if len(text) > NOTES_MAX_LENGTH:
        text = text[: NOTES_MAX_LENGTH - 1] + "…"
    return text or None


def _write(preview: Preview, templates: dict[tuple[str, str], uuid.UUID], by: User, report: Progress) -> Outcome:
    """The new sessions (and the sets missing from those already here), with their history."""
    imp, user = preview.imp, preview.imp.user
    plans = {_name_key(p.name): p.pk for p in WorkoutPlan.objects.for_user(user)}
    outcome = Outcome(rows_skipped=dict(Counter(reason for _, reason in preview.skipped)))
    sessions: list[tuple[Any, ...]] = []
    targets: list[tuple[Workout, uuid.UUID]] = []  # each workout with sets to write, and its session
    for w in preview.workouts:
        if w.present is not None:
            outcome.sessions_already_present += 1
            if w.missing:
                targets.append((w, w.present))
                outcome.sets_added_to_present += len(w.missing)
            continue
        session_id = uuid.uuid4()
        last = max((r.logged_at for r in w.rows if r.logged_at), default=None)
        finished = w.end or last or w.start + datetime.timedelta(seconds=len(w.rows))
        sessions.append((session_id, user.pk, plans[_name_key(w.plan)], w.date, _notes(w), finished, w.start, imp.pk))
        targets.append((w, session_id))
    outcome.sessions_created = len(sessions)
    outcome.sets_created = sum(len(w.missing) for w, _ in targets)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        sessions_staged = _staged_insert(raw, WorkoutSession._meta.db_table, SESSION_COLUMNS, sessions)
        report(0.55, "Writing sets")
        # Made as COPY sends them: the file's sets are not held a third time.
        sets = _set_rows(targets, templates, _positions_after([w.present for w in preview.workouts if w.present]))
        sets_staged = _staged_insert(raw, WorkoutSet._meta.db_table, SET_COLUMNS, sets)
    report(0.75, "Writing the history")
    history_insert(WorkoutSession, by=by, reason=_reason(imp), staged=sessions_staged)
    history_insert(WorkoutSet, by=by, reason=_reason(imp), staged=sets_staged)
    return outcome


def _positions_after(sessions: list[uuid.UUID]) -> Counter[uuid.UUID]:
    """The next free position in each session already here (sets added go after its own)."""
    positions: Counter[uuid.UUID] = Counter()
    if sessions:
        tops = (
            WorkoutSet.all_objects.filter(session_id__in=sessions)
            .values("session_id")
            .annotate(top=models.Max("position"))
            .values_list("session_id", "top")
        )
        for session_id, top in tops:
            positions[session_id] = top + 1
    return positions


def _set_rows(
    targets: list[tuple[Workout, uuid.UUID]], templates: dict[tuple[str, str], uuid.UUID], positions: Counter[uuid.UUID]
) -> Iterator[tuple[Any, ...]]:
    """Each set to write as a row of SET_COLUMNS. A set done without a time of its own is logged a
    second after the one before it, from the workout's start, so that the order is kept."""
    for w, session_id in targets:
        for index, r in enumerate(w.missing):
            completed = (r.logged_at or w.start + datetime.timedelta(seconds=index + 1)) if r.done else None
            yield (
                uuid.uuid4(),
                session_id,
                templates[(w.plan, r.exercise)],
                r.kind,
                positions[session_id],
                r.set_type,
                r.weight_kg,
                r.added_kg,
                r.body_weight_kg,
                r.reps,
                r.distance_m,
                r.seconds,
                r.rpe,
                completed,
                w.start,
            )
            positions[session_id] += 1


def _staged_insert(cursor: Any, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> str:
    """COPY the rows into a temporary table shaped like `table`, then one INSERT … SELECT into it:
    COPY FROM is refused into a table whose policies bind the role, and INSERT … SELECT checks each
    row against them (and runs each statement trigger once). Returns the temporary table's name:
    it holds the rows until the transaction ends (the history is written from it)."""
    staged = f"import_{table}"
    names = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    cursor.execute(
        sql.SQL("CREATE TEMPORARY TABLE IF NOT EXISTS {} AS SELECT {} FROM {} WITH NO DATA").format(
            sql.Identifier(staged), names, sql.Identifier(table)
        )
    )
    cursor.execute(sql.SQL("TRUNCATE {}").format(sql.Identifier(staged)))
    with cursor.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(staged), names)) as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(
        sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}").format(
            sql.Identifier(table), names, names, sql.Identifier(staged)
        )
    )
    return staged


def _records_rederive(preview: Preview) -> None:
    """The personal records of every exercise the import touched, derived once each from all of
    the member's sets (progress_records_rederive, given one set of the exercise)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(progress_records_rederive(one.id))
            FROM (
                SELECT DISTINCT ON (lower(t.exercise_name)) ws.id
                FROM workout_sessions s
                JOIN workout_sets ws ON ws.workout_session_id = s.id
                JOIN workout_templates t ON t.id = ws.workout_template_id
                WHERE s.import_id = %s OR s.id = ANY (%s::uuid[])
                ORDER BY lower(t.exercise_name)
            ) one
            """,
            [preview.imp.pk, [w.present for w in preview.workouts if w.present and w.missing]],
        )


@transaction.atomic
def import_discard(imp: Import) -> bool:
    """Forget an upload that was previewed and not imported (the file with it); an import that
    ran stays (its page has the undo). Whether it was discarded."""
    return Import.objects.filter(pk=imp.pk, status=ImportStatus.PREVIEWED).delete()[0] > 0


# --- Undo and restore -------------------------------------------------------------------------------


def _sessions_mark(imp: Import, *, by: User, deleted: bool) -> int:
    """Soft-delete (or bring back) every session the import made, in one statement, with a history
    row for each; the plans it made go (and come back) with them."""
    sessions = WorkoutSession.all_objects.filter(source=imp, deleted_at__isnull=deleted)
    ids = list(sessions.values_list("id", flat=True))
    now = timezone.now()
    WorkoutSession.all_objects.filter(id__in=ids).update(
        deleted_at=now if deleted else None, updated_at=now, version=models.F("version") + 1
    )
    reason = f"{'Undone' if deleted else 'Restored'}: import {imp.pk}"[:100]
    history_insert(WorkoutSession, ids, by=by, reason=reason, kind="~")
    plans = WorkoutPlan.all_objects.filter(id__in=imp.plans_created, deleted_at__isnull=deleted)
    plan_ids = list(plans.values_list("id", flat=True))
    WorkoutPlan.all_objects.filter(id__in=plan_ids).update(
        deleted_at=now if deleted else None, updated_at=now, version=models.F("version") + 1
    )
    history_insert(WorkoutPlan, plan_ids, by=by, reason=reason, kind="~")
    return len(ids)


def _import_switch(imp: Import, *, by: User, undo: bool) -> int:
    """Undo an import (its sessions and plans to the trash) or restore an undone one; doing
    either twice changes nothing. How many sessions it moved."""
    was, becomes = (
        (ImportStatus.IMPORTED, ImportStatus.UNDONE) if undo else (ImportStatus.UNDONE, ImportStatus.IMPORTED)
    )
    imp = Import.objects.select_for_update().defer("content").get(pk=imp.pk)
    if imp.status != was:
        return 0
    count = _sessions_mark(imp, by=by, deleted=undo)
    imp.status = becomes
    imp._change_reason = "Undone" if undo else "Restored"  # type: ignore[attr-defined]
    imp.save(update_fields=["status", "updated_at"])
    return count


@transaction.atomic
def import_undo(imp: Import, *, by: User) -> int:
    """Move what the import made to the trash (restorable)."""
    return _import_switch(imp, by=by, undo=True)


@transaction.atomic
def import_restore(imp: Import, *, by: User) -> int:
    """Bring back what an undone import made."""
    return _import_switch(imp, by=by, undo=False)
