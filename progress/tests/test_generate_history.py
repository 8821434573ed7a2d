"""The history generator against the database: counts, repeatability, the schema's rules,
row-level security, the two ways rows go in (straight into empty tables with the keys added back
after, or through the policies into tables that hold data), and the progress app's derived tables
(statistics, personal records, weekly volume), which the database's own functions make.

What is drawn, without a database: test_generator_draw.py."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import User
from gymtracker import rls
from plans.models import WorkoutPlan, WorkoutTemplate
from progress.generator import load
from progress.tests.test_statistics import ACTUAL, ACTUAL_WEEKS, EXPECTED, EXPECTED_WEEKS
from sessions.models import WorkoutSession, WorkoutSet

END = datetime.date(2026, 6, 30)
PASSWORD = "generated-history-password"


@pytest.fixture(autouse=True)
def _known_password(monkeypatch):
    monkeypatch.setenv("GENERATE_HISTORY_PASSWORD", PASSWORD)


def generate(**options):
    out = io.StringIO()
    call_command("generate_history", quiet=True, end_date=END, stdout=out, **options)
    # Foreign keys are deferred to commit, which a test never reaches: check them now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return out.getvalue()


def rows(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


RECORDS = """
    SELECT user_id, workout_set_id, exercise, kind, weight_kg, reps, value, date
    FROM personal_records ORDER BY workout_set_id, kind
"""


def snapshot(prefix):
    users = User.objects.filter(username__startswith=prefix)
    sets = WorkoutSet.all_objects.filter(session__user__in=users)
    return {
        "records": rows(
            # Records are the database's rows, with ids of its own: the set they mark is what repeats.
            "SELECT pr.workout_set_id, pr.kind, pr.weight_kg, pr.reps, pr.value, pr.date FROM personal_records pr "
            "JOIN users u ON u.id = pr.user_id WHERE u.username LIKE %s ORDER BY pr.workout_set_id, pr.kind",
            [f"{prefix}%"],
        ),
        "users": list(users.order_by("username").values_list("id", "username", "email", "weight_unit")),
        "sessions": list(
            WorkoutSession.all_objects.filter(user__in=users).order_by("id").values_list("id", "date", "notes")
        ),
        "sets": list(
            sets.order_by("id").values_list("id", "template_id", "actual_reps", "target_reps", "weight_kg", "rpe")
        ),
    }


def test_small_history_has_members_plans_sessions_and_completed_sets(db):
    output = generate(members=2, years=0.25)

    users = User.objects.filter(username__startswith="gen1_")
    assert users.count() == 2
    assert all(user.groups.filter(name="member").exists() for user in users)
    plans = WorkoutPlan.all_objects.filter(user__in=users)
    assert 4 <= plans.count() <= 6
    for plan in plans:
        assert 4 <= plan.templates.count() <= 8
    sessions = WorkoutSession.all_objects.filter(user__in=users)
    weeks = 91 / 7
    assert 2 * 3 * weeks * 0.8 <= sessions.count() <= 2 * 5 * weeks
    assert sessions.filter(date__gt=END).count() == 0
    assert sessions.filter(finished_at__isnull=True).count() == 0
    sets = WorkoutSet.all_objects.filter(session__in=sessions)
    assert sets.count() > sessions.count() * 4
    assert sets.filter(completed_at__isnull=True).count() == 0
    assert f"{sets.count():,} sets" in output


def test_sizes_name_members_and_years_which_options_override(db):
    output = generate(size="single", years=0.1)
    assert User.objects.filter(username__startswith="gen1_").count() == 1
    assert "Generated 1 members" in output
    with pytest.raises(CommandError, match="positive"):
        generate(size="small", members=0)


def test_same_seed_gives_the_same_rows(db):
    generate(members=2, years=0.2, seed=7, prefix="a_")
    generate(members=2, years=0.2, seed=7, prefix="b_")
    first, second = snapshot("a_"), snapshot("b_")
    # Same draws; the ids differ only because both runs are in one database: compare values.
    assert [row[2:] for row in first["sets"]] == [row[2:] for row in second["sets"]]
    assert [row[1:] for row in first["records"]] == [row[1:] for row in second["records"]]
    assert [row[1:] for row in first["sessions"]] == [row[1:] for row in second["sessions"]]


def test_same_seed_gives_the_same_ids_across_databases(db):
    generate(members=1, years=0.1, seed=11)
    first = snapshot("gen11_")
    WorkoutSession.all_objects.filter(user__username__startswith="gen11_").delete()
    User.objects.filter(username__startswith="gen11_").delete()
    generate(members=1, years=0.1, seed=11)
    assert snapshot("gen11_") == first


def test_another_seed_gives_other_rows(db):
    generate(members=1, years=0.2, seed=1)
    generate(members=1, years=0.2, seed=2)
    assert snapshot("gen1_")["sets"] != snapshot("gen2_")["sets"]


def test_rows_satisfy_the_schema_and_progress(db):
    generate(members=1, years=1)
    sets = WorkoutSet.all_objects.filter(session__user__username="gen1_00000")
    for workout_set in sets.select_related("session")[:2000]:
        assert workout_set.actual_reps >= 0
        assert workout_set.target_reps > 0
        assert workout_set.weight_kg is None or workout_set.weight_kg >= 0
        assert workout_set.rpe is None or 1 <= workout_set.rpe <= 10
        assert workout_set.completed_at.date() == workout_set.session.date
    # Weights go up over the year for the same exercise.
    template = WorkoutTemplate.all_objects.filter(
        plan__user__username="gen1_00000", workout_sets__weight_kg__gt=0
    ).first()
    weights = list(
        WorkoutSet.all_objects.filter(template=template).order_by("session__date").values_list("weight_kg", flat=True)
    )
    assert weights[-1] > weights[0]


def test_notes_are_searchable_words(db):
    generate(members=1, years=0.5)
    found = WorkoutSession.all_objects.filter(notes_search="shoulder").count()
    assert found > 0


def test_members_can_sign_in_with_the_shared_password(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    generate(members=2, years=0.05)
    member = User.objects.get(username="gen1_00001")
    assert member.check_password(PASSWORD)
    assert not member.check_password("another password")


def test_rows_are_written_under_row_level_security(db):
    generate(members=1, years=0.1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, row_security_active('workout_sets')")
        role, active = cursor.fetchone()
    assert role == rls.app_role()
    assert active is True
    member = User.objects.get(username="gen1_00000")
    with rls.database_context(rls.Context(user_id=str(member.pk))):
        assert WorkoutSet.all_objects.count() == WorkoutSet.all_objects.filter(session__user=member).count() > 0
    with rls.database_context(rls.NOBODY):
        assert WorkoutSession.all_objects.count() == 0


def test_running_twice_with_the_same_prefix_is_refused(db):
    generate(members=1, years=0.05)
    with pytest.raises(CommandError, match="exist already"):
        generate(members=1, years=0.05)


def test_history_tables_get_no_rows(db):
    generate(members=1, years=0.05)
    assert WorkoutSet.history.count() == 0


# The derived tables, less `records_lag` (bookkeeping of the incremental log path: 0 once the
# records are derived, NULL when unknown; not a statistic).
DERIVED = {
    "statistics": "SELECT user_id, exercise, display_name, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg, "
    "last_performed FROM exercise_stats ORDER BY 1, 2",
    "weeks": "SELECT * FROM weekly_volume ORDER BY 1, 2, 3",
    "records": "SELECT user_id, workout_set_id, exercise, kind, weight_kg, reps, value, date FROM personal_records "
    "ORDER BY workout_set_id, kind",
}


def derived():
    return {name: rows(statement) for name, statement in DERIVED.items()}


def test_derived_tables_are_what_the_database_derives_from_scratch(db):
    generate(members=2, years=1)  # into empty tables
    generate(members=2, years=0.5, seed=2)  # into tables that hold data: the other way
    generated = derived()
    assert {row[3] for row in generated["records"]} == {"weight", "reps", "e1rm"}
    assert len(generated["statistics"]) >= 4 * 4
    assert rows(ACTUAL) == rows(EXPECTED)
    assert rows(ACTUAL_WEEKS) == rows(EXPECTED_WEEKS)
    # Empty the derived tables and have the database's functions derive them again, as logging
    # does: the statistics and weeks rebuilt per member, the records per member and exercise.
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM personal_records; DELETE FROM exercise_stats; DELETE FROM weekly_volume")
        cursor.execute(
            "SELECT progress_stats_recompute(array_agg(id), '{}'), progress_weeks_recompute(array_agg(id), '{}', '{}') "
            "FROM users"
        )
        cursor.execute(
            "SELECT progress_records_rederive(one_set) FROM ("
            "  SELECT (array_agg(ws.id))[1] AS one_set FROM workout_sets ws"
            "  JOIN workout_templates t ON t.id = ws.workout_template_id"
            "  JOIN workout_plans p ON p.id = t.workout_plan_id GROUP BY p.user_id, lower(t.exercise_name)"
            ") exercises"
        )
    assert derived() == generated


def test_body_weight_exercises_get_reps_records_at_weight_zero(db):
    # The first member of seed 1 does push-ups and pull-ups (no weight): their records are reps.
    generate(members=1, years=1)
    body_weight = rows(
        "SELECT DISTINCT pr.kind FROM personal_records pr JOIN workout_sets ws ON ws.id = pr.workout_set_id "
        "WHERE ws.weight_kg IS NULL"
    )
    assert body_weight == [("reps",)]


def test_the_weekly_volume_counts_every_generated_set_when_the_load_commits(db):
    generate(members=2, years=0.25)
    assert rows("SELECT sum(sets) FROM weekly_volume") == [(WorkoutSet.all_objects.count(),)]
    by_week = rows(
        "SELECT s.user_id, lower(t.exercise_name), s.date - (extract(isodow FROM s.date)::integer - 1), count(*), "
        "sum(ws.actual_reps * coalesce(ws.weight_kg, 0)) FROM workout_sets ws "
        "JOIN workout_sessions s ON s.id = ws.workout_session_id "
        "JOIN workout_templates t ON t.id = ws.workout_template_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )
    assert rows("SELECT user_id, exercise, week, sets, volume_kg FROM weekly_volume ORDER BY 1, 2, 3") == by_week


# What a load into empty tables drops and must put back as it was, with what it must not touch.
CATALOG = """
    SELECT 'constraint', conrelid::regclass::text, conname,
           concat_ws(' ', pg_get_constraintdef(oid), convalidated, obj_description(oid, 'pg_constraint'))
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'index', t.relname, i.relname, concat_ws(' ', pg_get_indexdef(i.oid), obj_description(i.oid, 'pg_class'))
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relnamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'policy', tablename, policyname, concat_ws(' ', permissive, roles, cmd, qual, with_check)
    FROM pg_policies WHERE schemaname = 'public'
    UNION ALL
    SELECT 'row-level security', relname, '', concat_ws(' ', relrowsecurity, relforcerowsecurity)
    FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
    UNION ALL
    SELECT 'trigger', tgrelid::regclass::text, tgname, concat_ws(' ', pg_get_triggerdef(oid), tgenabled)
    FROM pg_trigger WHERE NOT tgisinternal
    ORDER BY 1, 2, 3
"""
SETS_KEYS = "SELECT count(*) FROM pg_constraint WHERE conrelid = 'workout_sets'::regclass AND contype = 'f'"


def catalog():
    with rls.owner_role():
        return rows(CATALOG)


def test_a_load_into_empty_tables_drops_the_keys_and_puts_every_one_back(db, monkeypatch):
    before = catalog()
    keys_while_copying = []
    copy = load.rows_copy

    def copy_and_look(cursor, target, values, **kwargs):
        if target is load.SETS:
            cursor.execute(SETS_KEYS)
            keys_while_copying.append(cursor.fetchone()[0])
        copy(cursor, target, values, **kwargs)

    monkeypatch.setattr(load, "rows_copy", copy_and_look)
    output = generate(members=2, years=0.25, batch=1)
    assert "into empty tables" in output
    assert keys_while_copying == [0, 0]
    assert rows(SETS_KEYS) == [(2,)]
    assert catalog() == before


def test_tables_that_hold_data_keep_their_keys_while_loading(db, monkeypatch):
    generate(members=1, years=0.1)
    before = catalog()
    keys_while_copying = []
    insert = load.staged_insert

    def insert_and_look(cursor, table, columns, rows, **kwargs):
        if table == load.SETS.table:
            cursor.execute(SETS_KEYS)
            keys_while_copying.append(cursor.fetchone()[0])
        insert(cursor, table, columns, rows, **kwargs)

    monkeypatch.setattr(load, "staged_insert", insert_and_look)
    output = generate(members=1, years=0.1, seed=2)
    assert "into empty tables" not in output
    assert keys_while_copying == [2]
    assert catalog() == before


@pytest.mark.django_db(transaction=True)
def test_two_jobs_load_empty_tables_and_put_every_key_back():
    before = catalog()
    output = generate(members=4, years=0.25, batch=1, jobs=2)
    assert "Generated 4 members" in output
    assert "into empty tables" in output
    assert catalog() == before
    with rls.system_context("tests"):
        assert rows(ACTUAL) == rows(EXPECTED)
        assert rows(ACTUAL_WEEKS) == rows(EXPECTED_WEEKS)
        assert rows("SELECT count(DISTINCT user_id) FROM personal_records") == [(4,)]


def test_a_failed_load_into_empty_tables_leaves_the_keys_and_no_bulk_load_behind(db, monkeypatch):
    before = catalog()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(load, "rows_copy", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        generate(members=1, years=0.05)
    assert rows("SELECT coalesce(current_setting('app.bulk_load', true), '')") == [("",)]
    assert catalog() == before
    assert not User.objects.filter(username__startswith="gen1_").exists()
