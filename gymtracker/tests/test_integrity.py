"""The database itself keeps the rules: plain SQL, with no Django model in the way."""

import uuid

import pytest
from django.db import IntegrityError, connection, transaction

pytestmark = pytest.mark.django_db


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def rejects(statement, params=()):
    """True when PostgreSQL refuses the statement with an integrity error (checked at once)."""
    try:
        with transaction.atomic():
            sql("SET CONSTRAINTS ALL IMMEDIATE")
            sql(statement, params)
    except IntegrityError:
        return True
    return False


def insert_user(username="ann", email=None):
    return sql(
        "INSERT INTO users (username, email, password, is_superuser) VALUES (%s, %s, '', false) RETURNING id",
        [username, email or f"{username}@example.com"],
    )[0][0]


def insert_plan(user_id, name="Push day"):
    return sql("INSERT INTO workout_plans (user_id, name) VALUES (%s, %s) RETURNING id", [user_id, name])[0][0]


def insert_template(plan_id, exercise="Bench press"):
    return sql(
        "INSERT INTO workout_templates (workout_plan_id, exercise_name) VALUES (%s, %s) RETURNING id",
        [plan_id, exercise],
    )[0][0]


def insert_session(user_id, date="2026-11-20"):
    return sql("INSERT INTO workout_sessions (user_id, date) VALUES (%s, %s) RETURNING id", [user_id, date])[0][0]


def insert_set(session_id, template_id):
    return sql(
        "INSERT INTO workout_sets (workout_session_id, workout_template_id) VALUES (%s, %s) RETURNING id",
        [session_id, template_id],
    )[0][0]


@pytest.fixture
def tree():
    """A member with one plan, one exercise, one session and one set, all made by plain SQL."""
    user = insert_user()
    plan = insert_plan(user)
    template = insert_template(plan)
    session = insert_session(user)
    workout_set = insert_set(session, template)
    return {"user": user, "plan": plan, "template": template, "session": session, "set": workout_set}


def test_plain_sql_inserts_get_the_database_defaults(tree):
    user_row = sql("SELECT id, created_at, created_at = now() FROM users WHERE id = %s", [tree["user"]])[0]
    assert isinstance(user_row[0], uuid.UUID)
    assert user_row[2] is True  # now(): the transaction's time, as the design says
    assert sql("SELECT created_at = now() FROM workout_plans WHERE id = %s", [tree["plan"]]) == [(True,)]
    assert sql("SELECT sets, repetitions FROM workout_templates WHERE id = %s", [tree["template"]]) == [(3, 10)]
    assert sql("SELECT actual_reps FROM workout_sets WHERE id = %s", [tree["set"]]) == [(0,)]
    assert sql("SELECT version, deleted_at FROM workout_sessions WHERE id = %s", [tree["session"]]) == [(1, None)]


@pytest.mark.parametrize(
    ("statement", "why"),
    [
        ("UPDATE workout_templates SET sets = 0", "sets > 0"),
        ("UPDATE workout_templates SET sets = -3", "sets > 0"),
        ("UPDATE workout_templates SET repetitions = 0", "repetitions > 0"),
        ("UPDATE workout_templates SET position = -1", "position >= 0"),
        ("UPDATE workout_templates SET exercise_name = '   '", "exercise name not blank"),
        ("UPDATE workout_sets SET actual_reps = -1", "actual_reps >= 0"),
        ("UPDATE workout_sets SET target_reps = 0", "target_reps > 0"),
        ("UPDATE workout_sets SET weight_kg = -2.5", "weight >= 0"),
        ("UPDATE workout_sets SET rpe = 0.5", "RPE 1-10"),
        ("UPDATE workout_sets SET rpe = 10.5", "RPE 1-10"),
        ("UPDATE workout_sets SET position = -1", "position >= 0"),
        ("UPDATE workout_plans SET name = ''", "plan name not blank"),
        ("UPDATE workout_plans SET version = -1", "version >= 0"),
        ("UPDATE users SET username = 'has space'", "username characters"),
        ("UPDATE users SET email = 'not-an-email'", "email shape"),
    ],
)
def test_check_constraints_reject_bad_values(tree, statement, why):
    assert rejects(statement), why


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE users SET username = NULL",
        "UPDATE users SET email = NULL",
        "UPDATE users SET created_at = NULL",
        "UPDATE workout_plans SET name = NULL",
        "UPDATE workout_plans SET user_id = NULL",
        "UPDATE workout_plans SET created_at = NULL",
        "UPDATE workout_templates SET exercise_name = NULL",
        "UPDATE workout_templates SET workout_plan_id = NULL",
        "UPDATE workout_templates SET sets = NULL",
        "UPDATE workout_templates SET repetitions = NULL",
        "UPDATE workout_sessions SET date = NULL",
        "UPDATE workout_sessions SET user_id = NULL",
        "UPDATE workout_sets SET workout_session_id = NULL",
        "UPDATE workout_sets SET workout_template_id = NULL",
        "UPDATE workout_sets SET actual_reps = NULL",
    ],
)
def test_not_null_columns_reject_null(tree, statement):
    assert rejects(statement)


def test_nullable_columns_of_the_design_accept_null(tree):
    assert not rejects("UPDATE workout_plans SET description = NULL")
    assert not rejects("UPDATE workout_sessions SET notes = NULL")


@pytest.mark.parametrize(
    ("username", "email"),
    [
        ("ann", "other@example.com"),  # same username
        ("ANN", "other@example.com"),  # same username but for case
        ("carl", "ann@example.com"),  # same email
        ("carl", "Ann@Example.COM"),  # same email but for case
    ],
)
def test_usernames_and_emails_are_unique_regardless_of_case(tree, username, email):
    assert rejects(
        "INSERT INTO users (username, email, password, is_superuser) VALUES (%s, %s, '', false)", [username, email]
    )


def test_foreign_keys_reject_missing_parents(tree):
    assert rejects("INSERT INTO workout_plans (user_id, name) VALUES (gen_random_uuid(), 'Orphan')")
    assert rejects(
        "INSERT INTO workout_sets (workout_session_id, workout_template_id) VALUES (%s, gen_random_uuid())",
        [tree["session"]],
    )


def test_plain_sql_delete_of_a_user_removes_their_whole_tree(tree):
    other = insert_user("dora")
    other_plan = insert_plan(other)
    sql(
        "INSERT INTO django_admin_log (action_time, user_id, object_repr, action_flag, change_message) "
        "VALUES (now(), %s, 'x', 1, '')",
        [tree["user"]],
    )

    assert sql("DELETE FROM users WHERE id = %s", [tree["user"]]) == 1
    sql("SET CONSTRAINTS ALL IMMEDIATE")

    for table in ["workout_plans", "workout_templates", "workout_sessions", "workout_sets"]:
        assert sql(f"SELECT count(*) FROM {table} WHERE id = ANY (%s)", [list(tree.values())]) == [(0,)], table
    assert sql("SELECT count(*) FROM django_admin_log") == [(0,)]
    assert sql("SELECT id FROM workout_plans") == [(other_plan,)]


def test_plain_sql_delete_of_a_plan_removes_its_templates_and_their_sets(tree):
    sql("DELETE FROM workout_plans WHERE id = %s", [tree["plan"]])
    assert sql("SELECT count(*) FROM workout_templates") == [(0,)]
    assert sql("SELECT count(*) FROM workout_sets") == [(0,)]
    assert sql("SELECT count(*) FROM workout_sessions") == [(1,)]


def test_plain_sql_delete_of_a_session_removes_its_sets(tree):
    sql("DELETE FROM workout_sessions WHERE id = %s", [tree["session"]])
    assert sql("SELECT count(*) FROM workout_sets") == [(0,)]
    assert sql("SELECT count(*) FROM workout_templates") == [(1,)]


def test_changing_a_key_cascades_to_every_reference(tree):
    new_user, new_plan, new_session = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    sql("UPDATE users SET id = %s WHERE id = %s", [new_user, tree["user"]])
    sql("UPDATE workout_plans SET id = %s WHERE id = %s", [new_plan, tree["plan"]])
    sql("UPDATE workout_sessions SET id = %s WHERE id = %s", [new_session, tree["session"]])
    sql("SET CONSTRAINTS ALL IMMEDIATE")

    assert sql("SELECT user_id FROM workout_plans") == [(new_user,)]
    assert sql("SELECT user_id FROM workout_sessions") == [(new_user,)]
    assert sql("SELECT workout_plan_id FROM workout_templates") == [(new_plan,)]
    assert sql("SELECT workout_session_id FROM workout_sets") == [(new_session,)]


def test_deleting_a_user_keeps_history_rows_but_forgets_who_made_them(tree):
    from accounts.factories import UserFactory
    from plans.factories import WorkoutPlanFactory

    editor = UserFactory(username="editor")
    plan = WorkoutPlanFactory(user=editor)
    plan.history.update(history_user=editor)
    counts = "SELECT count(*), count(history_user_id) FROM workout_plans_history WHERE id = %s"
    assert sql(counts, [plan.pk]) == [(1, 1)]

    sql("DELETE FROM users WHERE id = %s", [editor.pk])
    sql("SET CONSTRAINTS ALL IMMEDIATE")

    assert sql(counts, [plan.pk]) == [(1, 0)]
