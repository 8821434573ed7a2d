"""Writes on workout sessions and sets. Keyword-only and atomic."""

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from gymtracker.db import write_once
from plans import supersets
from plans.models import WorkoutPlan, WorkoutTemplate
from plans.services import ExerciseSpec, exercise_create
from sessions.models import EXTRA_EXERCISES_PLAN, SET_HISTORY, SetType, WorkoutSession, WorkoutSet


@transaction.atomic
def session_start(*, user: User, plan: WorkoutPlan, date: datetime.date, notes: str | None = None) -> WorkoutSession:
    """Create a session and its planned sets: each exercise's `sets` × `repetitions` as targets,
    in the order they are done. A superset's go round by round (plans.supersets.interleaved:
    A1's first set, A2's first, A1's second, …), so the session's next set is the one to do next."""
    if plan.user_id != user.pk:
        raise WorkoutPlan.DoesNotExist
    session = WorkoutSession.objects.create(user=user, plan=plan, date=date, notes=notes)
    planned: list[WorkoutSet] = []
    templates = plan.templates.order_by("position", "created_at")
    for group in supersets.grouped(templates, key=lambda template: template.superset):
        for template in supersets.interleaved([[t] * t.sets for t in group.members]):
            planned.append(
                WorkoutSet(session=session, template=template, target_reps=template.repetitions, position=len(planned))
            )
    bulk_create_with_history(planned, WorkoutSet)
    return session


@dataclass(frozen=True)
class Logged:
    logged_at: datetime.datetime
    changed_at: datetime.datetime
    upcoming: UUID | None  # the session's next set still to do
    replayed: bool = False  # the log was sent before (its key): nothing was written
    stale: bool = False  # the set changed since the form was read (`read_at`): nothing was written
    records: tuple[str, ...] = ()  # the kinds of personal record the set holds now
    planned_sets: int = 0  # the session's totals, after the log
    done_sets: int = 0
    total_reps: int = 0
    tonnage: Decimal = Decimal(0)


_SET_LOG = (
    "SELECT logged, replayed, stale, logged_at, changed_at, upcoming, records, planned_sets, done_sets, total_reps, "
    "tonnage FROM workouts_set_log(%s::uuid, %s::uuid, %s::uuid, %s::jsonb, %s::timestamptz, %s::uuid, %s::uuid, "
    "%s::timestamptz, %s::text)"
)


def _columns(values: Mapping[str, Any]) -> str:
    """{field name: value} as the JSON object of {column: value} the log function takes."""
    columns = {field.name: field.column for field in WorkoutSet._meta.concrete_fields}
    return json.dumps({columns[name]: value for name, value in values.items()}, cls=DjangoJSONEncoder)


def set_log_in_session(
    *,
    session_id: UUID,
    set_id: UUID,
    member: User | None,
    values: Mapping[str, Any],
    completed_at: datetime.datetime | None = None,
    key: UUID | None = None,
    read_at: datetime.datetime | None = None,
    kind: str | None = None,
) -> Logged | None:
    """Log what was done in a set (`values`: WorkoutSet field name to value, the logged fields),
    again for a set logged before, with its history row and records, in one database call
    (workouts_set_log). Only a live set of the live session, and of `member`'s when given; None
    when there is no such set. A `key` the set was logged with before makes this a no-op that
    answers as the first log did (`replayed`). With `read_at` (the set's `updated_at` when the
    form was shown), a set changed since is left as it is (`stale`), unless it holds these very
    values already (`replayed`). With `kind`, only a set of that kind is logged (the values are
    that kind's fields)."""
    history_user = SET_HISTORY.get_history_user(WorkoutSet(pk=set_id))
    with connection.cursor() as cursor:
        cursor.execute(
            _SET_LOG,
            [
                set_id,
                session_id,
                member.pk if member else None,
                _columns(values),
                completed_at,
                history_user.pk if history_user else None,
                key,
                read_at,
                kind,
            ],
        )
        row = cursor.fetchone()
    logged, replayed, stale, logged_at, changed_at, upcoming, records, planned, done, reps, tonnage = row
    if not logged:
        return None
    return Logged(
        logged_at=logged_at,
        changed_at=changed_at,
        upcoming=upcoming,
        replayed=replayed,
        stale=bool(stale),
        records=tuple(records),
        planned_sets=planned,
        done_sets=done,
        total_reps=reps,
        tonnage=tonnage,
    )


def set_log(*, workout_set: WorkoutSet, completed_at: datetime.datetime | None = None, **values: Any) -> WorkoutSet:
    """set_log_in_session for a set at hand (`values`: e.g. actual_reps=8, weight_kg=…), which
    takes what was written."""
    logged = set_log_in_session(
        session_id=workout_set.session_id,
        set_id=workout_set.pk,
        member=None,
        values=values,
        completed_at=completed_at,
    )
    if logged is None:
        raise WorkoutSet.DoesNotExist("No such live set in a live session.")
    for name, value in values.items():
        setattr(workout_set, name, value)
    workout_set.completed_at, workout_set.updated_at = logged.logged_at, logged.changed_at
    return workout_set


def _next_position(session: WorkoutSession) -> int:
    last = WorkoutSet.all_objects.filter(session=session).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def set_add(*, session: WorkoutSession, template: WorkoutTemplate) -> WorkoutSet:
    """One more set of an exercise, after the session's last set."""
    # Lock the session so two quick taps cannot take the same position.
    WorkoutSession.objects.select_for_update().filter(pk=session.pk).first()
    return WorkoutSet.objects.create(
        session=session, template=template, target_reps=template.repetitions, position=_next_position(session)
    )


@transaction.atomic
def set_type_change(*, workout_set: WorkoutSet, set_type: SetType) -> WorkoutSet:
    """Make a set a warm-up, a drop set, a set to failure or a working set again. The statistics
    and weekly volume follow by their trigger (a type is a change that counts:
    progress_set_changed). The personal records of a logged set's exercise are derived again
    here, in the same transaction (progress_records_rederive): a type change can give a record to
    a set or take one away from it and from the sets after it, and the page shows the records in
    its answer. A set not yet logged counts for nothing either way; it keeps its type when it is
    logged (the log writes only the logged fields).

    The same type again (a second tap, a form sent twice) changes nothing."""
    if workout_set.set_type == set_type:
        return workout_set
    workout_set.set_type = set_type
    workout_set.save(update_fields=["set_type", "updated_at"])
    if workout_set.completed_at is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT progress_records_rederive(%s)", [workout_set.pk])
    return workout_set


@transaction.atomic
def set_remove(*, workout_set: WorkoutSet) -> None:
    workout_set.soft_delete()


@transaction.atomic
def set_restore(*, workout_set: WorkoutSet) -> None:
    workout_set.restore()


@transaction.atomic
def exercise_add(
    *, session: WorkoutSession, exercise_name: str, sets: int, repetitions: int, add_to_plan: bool
) -> WorkoutTemplate:
    """An exercise the plan does not have. Every set needs an exercise (a template) to belong to:
    it joins the session's plan when the member wants it there next time, and otherwise their own
    "Extra exercises" plan, which collects one-off exercises and can be reused like any plan."""
    plan = None
    if add_to_plan and session.plan_id is not None:
        # Locked and read afresh: adding an exercise is not an edit made from a version the
        # member saw, so two adds at once (two taps, two tabs) both land, one after the other,
        # each at its own position.
        plan = WorkoutPlan.objects.select_for_update().filter(pk=session.plan_id).first()
    if plan is None:
        plan = WorkoutPlan.objects.filter(user=session.user, name=EXTRA_EXERCISES_PLAN).first() or (
            WorkoutPlan.objects.create(
                user=session.user,
                name=EXTRA_EXERCISES_PLAN,
                description="Exercises added during sessions, outside their plans.",
            )
        )
    position = (plan.templates.aggregate(last=Max("position"))["last"] or -1) + 1
    template = exercise_create(
        plan=plan, spec=ExerciseSpec(exercise_name=exercise_name, sets=sets, repetitions=repetitions), position=position
    )
    if plan.pk == session.plan_id:
        plan.save(update_fields=["updated_at"])  # the plan changed: its version moves on
    WorkoutSession.objects.select_for_update().filter(pk=session.pk).first()
    first = _next_position(session)
    bulk_create_with_history(
        [
            WorkoutSet(session=session, template=template, target_reps=repetitions, position=first + i)
            for i in range(sets)
        ],
        WorkoutSet,
    )
    return template


@transaction.atomic
def session_update(*, session: WorkoutSession, version: int, date: datetime.date, notes: str | None) -> WorkoutSession:
    """Raises StaleVersionError if the session changed since `version` was read."""
    session.version = version
    session.date = date
    session.notes = notes or None
    session.save(update_fields=["date", "notes", "updated_at"])
    return session


def _finish(session: WorkoutSession) -> None:
    session.finished_at = timezone.now()
    session.save(update_fields=["finished_at", "updated_at"])


@transaction.atomic
def session_finish(*, session: WorkoutSession) -> WorkoutSession:
    """Finishing a finished session (a double click) changes nothing."""
    return write_once(session, reached=lambda s: s.finished_at is not None, write=_finish)


@transaction.atomic
def session_soft_delete(*, session: WorkoutSession) -> WorkoutSession:
    """Deleting a deleted session (a double click) changes nothing."""
    return write_once(session, reached=lambda s: s.is_deleted, write=WorkoutSession.soft_delete)


@transaction.atomic
def session_restore(*, session: WorkoutSession) -> WorkoutSession:
    """Bring a session back from the trash with its sets as they were (they are never touched
    by a soft delete). PostgreSQL's triggers count the sets again in the statistics and weekly
    figures; its personal records were never removed, only hidden while it was deleted.

    Restoring a session that is back (from another tab, or by a second tap) changes nothing."""
    return write_once(session, reached=lambda s: not s.is_deleted, write=WorkoutSession.restore)
