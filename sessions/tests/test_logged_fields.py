"""What a member logs for a set comes from one place, WorkoutSet.LOGGED_FIELDS: the set form is made
from it (with the model's limits), the page writes the form's inputs, and the database's log
function writes those columns (its list held equal to them here; it refuses any other) and copies
the whole row into history. So a logged column is added by one migration: the field, its history
column, and the function file's list, applied by the migration's SyncSql."""

import json
import re
import uuid
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from gymtracker import rls
from sessions.forms import SetLogForm
from sessions.models import WorkoutSet
from sessions.tests.helpers import first_set


def test_the_set_form_is_made_from_the_logged_fields_and_the_models_limits():
    # Each kind of set records some of the logged fields, in their order; every field is some kind's.
    for kind, names in WorkoutSet.KIND_FIELDS.items():
        form = SetLogForm(unit="kg", kind=kind)
        assert [name for name in form.fields if name in WorkoutSet.LOGGED_FIELDS] == list(names)
        assert list(names) == [name for name in WorkoutSet.LOGGED_FIELDS if name in names]
    assert {name for names in WorkoutSet.KIND_FIELDS.values() for name in names} == set(WorkoutSet.LOGGED_FIELDS)
    form = SetLogForm(unit="kg")
    assert (form.fields["actual_reps"].min_value, form.fields["actual_reps"].max_value) == (0, 1000)
    assert (form.fields["rpe"].min_value, form.fields["rpe"].max_value) == (1, 10)
    bad = SetLogForm({"actual_reps": "1001", "rpe": "0.5"}, unit="kg")
    assert not bad.is_valid()
    assert set(bad.errors) == {"actual_reps", "rpe"}


def test_the_log_function_writes_the_logged_fields_and_no_other_column(db, session, member):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_functiondef('workouts_set_log'::regproc)")
        source = cursor.fetchone()[0]
    listed = re.search(r"NOT IN \(([^)]*)\)", source)
    assert listed is not None
    assert [name.strip(" '") for name in listed.group(1).split(",")] == list(WorkoutSet.LOGGED_FIELDS)
    for name in WorkoutSet.LOGGED_FIELDS:
        assert f"{name} = v.{name}" in source

    workout_set = first_set(session)
    values = {"actual_reps": 5, "weight_kg": "82.5", "rpe": "8.5"}
    with rls.user_context(member), connection.cursor() as cursor:
        cursor.execute(
            "SELECT logged FROM workouts_set_log(%s, %s, %s, %s::jsonb, NULL, NULL, NULL, NULL, NULL)",
            [workout_set.pk, session.pk, member.pk, json.dumps(values)],
        )
        assert cursor.fetchone() == (True,)
    workout_set.refresh_from_db()
    assert (workout_set.actual_reps, workout_set.weight_kg, workout_set.rpe) == (5, Decimal("82.5"), Decimal("8.5"))


def test_the_history_row_copies_a_column_the_function_does_not_name(db, session, member):
    workout_set = first_set(session)
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the session's deferred checks, done
        # A column of the set that is not logged (kept by other means): its history has it too.
        cursor.execute("ALTER TABLE workout_sets ADD COLUMN tempo text")
        cursor.execute("ALTER TABLE workout_sets_history ADD COLUMN tempo text")
        cursor.execute("UPDATE workout_sets SET tempo = '3-1-1' WHERE id = %s", [workout_set.pk])
        cursor.execute(
            "SELECT logged, done_sets FROM workouts_set_log(%s, %s, %s, %s::jsonb, NULL, NULL, %s, NULL, NULL)",
            [workout_set.pk, session.pk, member.pk, json.dumps({"actual_reps": 5}), uuid.uuid4()],
        )
        assert cursor.fetchone() == (True, 1)
        cursor.execute(
            "SELECT actual_reps, tempo, history_type FROM workout_sets_history "
            "WHERE id = %s ORDER BY history_id DESC LIMIT 1",
            [workout_set.pk],
        )
        assert cursor.fetchone() == (5, "3-1-1", "~")


def test_a_log_cannot_write_a_sets_keys_or_times(db, session, member):
    workout_set = first_set(session)
    for column in ["workout_session_id", "deleted_at", "log_key", "tempo"]:
        values = json.dumps({"actual_reps": 5, column: None})
        with (
            rls.user_context(member),
            pytest.raises(DatabaseError, match="not its keys or times"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "SELECT logged FROM workouts_set_log(%s, %s, %s, %s::jsonb, NULL, NULL, NULL, NULL, NULL)",
                [workout_set.pk, session.pk, member.pk, values],
            )
    workout_set.refresh_from_db()
    assert workout_set.completed_at is None
