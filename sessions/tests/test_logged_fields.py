"""What a member logs for a set comes from one place, WorkoutSet.LOGGED_FIELDS: the set form is made
from it (with the model's limits), the page writes the form's inputs, and the database's log
function writes whatever columns the form cleaned and copies the whole row into history. So a
column added to workout_sets (and, by the same migration, to its history table) reaches the log
without a change to the function."""

import json
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


def test_the_log_function_writes_a_column_it_does_not_name_and_keeps_it_in_history(db, session, member):
    workout_set = first_set(session)
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the session's deferred checks, done
        # What the migration adding a logged column does to the two tables.
        cursor.execute("ALTER TABLE workout_sets ADD COLUMN tempo text")
        cursor.execute("ALTER TABLE workout_sets_history ADD COLUMN tempo text")
        values = {"actual_reps": 5, "weight_kg": "82.5", "tempo": "3-1-1"}
        cursor.execute(
            "SELECT logged, done_sets FROM workouts_set_log(%s, %s, %s, %s::jsonb, NULL, NULL, %s, NULL, NULL)",
            [workout_set.pk, session.pk, member.pk, json.dumps(values), uuid.uuid4()],
        )
        assert cursor.fetchone() == (True, 1)
        cursor.execute("SELECT actual_reps, weight_kg, tempo FROM workout_sets WHERE id = %s", [workout_set.pk])
        assert cursor.fetchone() == (5, Decimal("82.50"), "3-1-1")
        cursor.execute(
            "SELECT actual_reps, weight_kg, tempo, history_type FROM workout_sets_history "
            "WHERE id = %s ORDER BY history_id DESC LIMIT 1",
            [workout_set.pk],
        )
        assert cursor.fetchone() == (5, Decimal("82.50"), "3-1-1", "~")


def test_a_log_cannot_write_a_sets_keys_or_times(db, session, member):
    workout_set = first_set(session)
    for column in ["workout_session_id", "deleted_at", "log_key"]:
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
