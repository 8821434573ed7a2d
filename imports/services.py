"""Bringing a member's history in from an export file: upload (`import_upload`), import
(`import_run`, after its preview, imports.preview), undo and restore.

How the rows are written: in one transaction, as the member (row-level security binds every row),
with COPY into temporary tables and one INSERT … SELECT per table, so each statement trigger runs
once per import, not once per row: the statistics and weekly volume are recomputed once for the
exercises the import touched (progress_sets_changed), and the personal records are derived once
per exercise (progress_records_rederive). Each imported session and set gets one history row
("+", the importing member, the reason naming the import), written by INSERT … SELECT from the
rows themselves, so the history holds what the tables hold (`history_insert`).
"""

from __future__ import annotations

import datetime
import io
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.cache import cache
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql

from accounts.models import User
from gymtracker.db import staged_insert
from imports.mapping import NEW
from imports.models import MAX_FILE_BYTES, Import, ImportStatus
from imports.parse import parse
from imports.parsed import APPS, FileRefused, Parsed, ParsedWorkout
from imports.preview import Preview, Workout, import_preview, kinds_of, name_key
from plans.models import Exercise, WorkoutPlan, WorkoutTemplate
from plans.supersets import SUPERSETS_MAX
from sessions.models import (
    NOTES_MAX_LENGTH,
    SetType,
    WorkoutSession,
    WorkoutSet,
)

MAX_MB = MAX_FILE_BYTES // 1024 // 1024


class ImportTooLarge(FileRefused):
    pass


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
    # The member's live plans, read once and matched as workouts are (name_key: "push day" and
    # "Push  Day" are one plan).
    plans = {name_key(p.name): p for p in WorkoutPlan.objects.for_user(user)}
    new_plans = []
    for name in wanted:
        if name_key(name) not in plans:
            plan = WorkoutPlan(user=user, name=name, description=f"Imported from {APPS[preview.parsed.app]}.")
            plans[name_key(name)] = plan
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
        plan = plans[name_key(plan_name_)]
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
    kinds = kinds_of(preview.mapping, preview.parsed)
    chosen_ids = {m.chosen.exercise_id for m in preview.mapping.values() if m.chosen.how != NEW}
    found = {str(e.pk): e for e in Exercise.objects.available_to(user).filter(id__in=chosen_ids)}
    own = {name_key(e.name): e for e in Exercise.objects.owned_by(user)}
    result = {}
    for name, entry in preview.mapping.items():
        if entry.chosen.how != NEW and entry.chosen.exercise_id in found:
            result[name] = found[entry.chosen.exercise_id]
            continue
        exercise = own.get(name_key(entry.chosen.name))
        if exercise is None:
            exercise = Exercise.objects.create(owner=user, name=entry.chosen.name, kind=kinds[name])
            own[name_key(exercise.name)] = exercise
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
    plans = {name_key(p.name): p.pk for p in WorkoutPlan.objects.for_user(user)}
    outcome = Outcome(rows_skipped=dict(Counter(reason for _, reason in preview.skipped)))
    sessions: list[tuple[Any, ...]] = []
    targets: list[tuple[Workout, uuid.UUID]] = []  # each workout with sets to write, and its session
    for w in preview.workouts:
        if w.present is not None:
            outcome.sessions_already_present += 1
            if w.missing:
                targets.append((w, w.present))
            continue
        session_id = uuid.uuid4()
        last = max((r.logged_at for r in w.rows if r.logged_at), default=None)
        finished = w.end or last or w.start + datetime.timedelta(seconds=len(w.rows))
        sessions.append((session_id, user.pk, plans[name_key(w.plan)], w.date, _notes(w), finished, w.start, imp.pk))
        targets.append((w, session_id))
    outcome.sessions_created = len(sessions)
    outcome.sets_created = sum(len(w.missing) for w, _ in targets)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        sessions_staged = _staged(raw, WorkoutSession, SESSION_COLUMNS, sessions)
        report(0.55, "Writing sets")
        # Made as COPY sends them: the file's sets are not held a third time.
        sets = _set_rows(targets, templates, _positions_after([w.present for w in preview.workouts if w.present]))
        sets_staged = _staged(raw, WorkoutSet, SET_COLUMNS, sets)
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


def _staged(cursor: Any, model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> str:
    """The rows written (gymtracker.db.staged_insert); the temporary table that still holds them."""
    staged = f"import_{model._meta.db_table}"
    staged_insert(cursor, model._meta.db_table, columns, rows, staged=staged)
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
