"""The migration that links existing plans to the library (plans 0004): every exercise of every
plan keeps its sets and gets the exercise its name means, two names of one lift become one
history with its records derived again, and a name the library does not know becomes the
member's own exercise. Nothing is lost."""

import datetime
import importlib

import pytest
from django.db import connection

from accounts.factories import UserFactory
from gymtracker import rls

# What the migration runs to link the plans (its module's name starts with a digit).
LINK = importlib.import_module("plans.migrations.0004_exercise_library").LINK


def sql(statement, params=()):
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


@pytest.mark.django_db
def test_existing_plans_are_linked_and_their_histories_merged():
    # The tables as the migration finds them (no plan exercise linked), in this test's transaction,
    # which undoes it all: the link made optional again and the trigger that links stood aside.
    member = UserFactory()
    sql("SET CONSTRAINTS ALL IMMEDIATE")
    sql("ALTER TABLE workout_templates ALTER COLUMN exercise_id DROP NOT NULL")
    sql("ALTER TABLE workout_templates DISABLE TRIGGER workout_templates_exercise")
    plans = [
        sql("INSERT INTO workout_plans (user_id, name) VALUES (%s, %s) RETURNING id", [member.pk, name])[0][0]
        for name in ("A", "B")
    ]
    names = {"Squat": plans[0], "bench press": plans[0], "Back squat": plans[1], "Tyre flip": plans[1]}
    templates = {
        name: sql(
            "INSERT INTO workout_templates (workout_plan_id, exercise_name) VALUES (%s, %s) RETURNING id", [plan, name]
        )[0][0]
        for name, plan in names.items()
    }
    sql("ALTER TABLE workout_templates ENABLE TRIGGER workout_templates_exercise")
    for day, (name, weight) in enumerate([("Squat", 100), ("Back squat", 110), ("Squat", 105), ("bench press", 80)]):
        session = sql(
            "INSERT INTO workout_sessions (user_id, date) VALUES (%s, %s) RETURNING id",
            [member.pk, datetime.date(2026, 1, 5) + datetime.timedelta(days=day)],
        )[0][0]
        sql(
            "INSERT INTO workout_sets (workout_session_id, workout_template_id, actual_reps, weight_kg, completed_at) "
            "VALUES (%s, %s, 5, %s, now())",
            [session, templates[name], weight],
        )
    for exercise in ("squat", "back squat", "bench press"):
        sql("SELECT progress_records_derive(%s, %s, NULL)", [member.pk, exercise])
    assert sorted(row[0] for row in sql("SELECT exercise FROM exercise_stats")) == [
        "back squat",
        "bench press",
        "squat",
    ]
    sets_before = sql("SELECT id, workout_template_id, actual_reps, weight_kg FROM workout_sets ORDER BY id")

    sql(LINK)

    linked = dict(sql("SELECT id, exercise_name FROM workout_templates"))
    assert {linked[templates[name]] for name in ("Squat", "Back squat")} == {"Squat (Barbell)"}
    assert linked[templates["bench press"]] == "Bench Press (Barbell)"
    assert linked[templates["Tyre flip"]] == "Tyre flip"
    assert sql(
        "SELECT e.owner_id FROM workout_templates t JOIN exercises e ON e.id = t.exercise_id WHERE t.id = %s",
        [templates["Tyre flip"]],
    ) == [(member.pk,)]
    assert sql("SELECT id, workout_template_id, actual_reps, weight_kg FROM workout_sets ORDER BY id") == sets_before
    stats = {row[0]: row[1:] for row in sql("SELECT exercise, sets, best_weight_kg FROM exercise_stats")}
    assert stats == {"squat (barbell)": (3, 110), "bench press (barbell)": (1, 80)}
    # One history, its records ranked again: 100 then 110 are records, 105 is not any more.
    records = sql("SELECT exercise, value FROM personal_records WHERE kind = 'weight' ORDER BY exercise, value")
    assert [(exercise, float(value)) for exercise, value in records] == [
        ("bench press (barbell)", 80.0),
        ("squat (barbell)", 100.0),
        ("squat (barbell)", 110.0),
    ]
