"""The statistics and the weekly volume equal a recomputation from raw sets after anything that
can happen to sets, sessions and exercises: PostgreSQL's triggers keep them so."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.factories import UserFactory
from gymtracker import rls
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress.models import ExerciseStat
from sessions.factories import WorkoutSessionFactory
from sessions.models import SetType, WorkoutSet
from sessions.services import set_log

pytestmark = pytest.mark.django_db

# The statistics as they should be, computed the slow way from every raw set: every set done, not
# removed, in a live session, and not a warm-up (a warm-up counts for nothing).
EXPECTED = """
    SELECT s.user_id, lower(t.exercise_name), count(*), sum(ws.actual_reps),
           sum(ws.actual_reps * coalesce(ws.weight_kg, 0)),
           max(ws.weight_kg) FILTER (WHERE ws.actual_reps > 0),
           max(CASE WHEN ws.actual_reps > 0 AND ws.weight_kg > 0
                    THEN round(ws.weight_kg * (30 + ws.actual_reps) / 30, 2) END),  -- exact: 31/30, not 1 + 0.0333…
           max(s.date)
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id
    JOIN workout_templates t ON t.id = ws.workout_template_id
    WHERE ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL AND s.deleted_at IS NULL AND ws.set_type <> 'warmup'
    GROUP BY 1, 2 ORDER BY 1, 2
"""
ACTUAL = """
    SELECT user_id, exercise, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg, last_performed
    FROM exercise_stats ORDER BY 1, 2
"""

# The weekly volume as it should be: per member, exercise and ISO week (from Monday).
EXPECTED_WEEKS = """
    SELECT s.user_id, lower(t.exercise_name), s.date - (extract(isodow FROM s.date)::integer - 1), count(*),
           sum(ws.actual_reps), sum(ws.actual_reps * coalesce(ws.weight_kg, 0)),
           max(ws.weight_kg) FILTER (WHERE ws.actual_reps > 0),
           max(CASE WHEN ws.actual_reps > 0 AND ws.weight_kg > 0
                    THEN round(ws.weight_kg * (30 + ws.actual_reps) / 30, 2) END)
    FROM workout_sets ws
    JOIN workout_sessions s ON s.id = ws.workout_session_id
    JOIN workout_templates t ON t.id = ws.workout_template_id
    WHERE ws.completed_at IS NOT NULL AND ws.deleted_at IS NULL AND s.deleted_at IS NULL AND ws.set_type <> 'warmup'
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
"""
ACTUAL_WEEKS = """
    SELECT user_id, exercise, week, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg
    FROM weekly_volume ORDER BY 1, 2, 3
"""


def rows(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def assert_exact():
    assert rows(ACTUAL) == rows(EXPECTED)
    assert rows(ACTUAL_WEEKS) == rows(EXPECTED_WEEKS)


@pytest.fixture
def world():
    """Two members; the first has two plans where "Bench Press (Barbell)" appears twice (one exercise)."""
    ann, ben = UserFactory(username="ann"), UserFactory(username="ben")
    templates = []
    for user in (ann, ben):
        for plan in (WorkoutPlanFactory(user=user), WorkoutPlanFactory(user=user)):
            templates += [
                WorkoutTemplateFactory(plan=plan, exercise_name="Bench Press (Barbell)"),
                WorkoutTemplateFactory(plan=plan, exercise_name="Squat (Barbell)"),
            ]
    sessions = [
        WorkoutSessionFactory(user=user, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=d))
        for user in (ann, ben)
        for d in range(3)
    ]
    return {"users": [ann, ben], "templates": templates, "sessions": sessions}


def logged(session, template, reps=5, weight="100"):
    workout_set = WorkoutSet.objects.create(session=session, template=template)
    return set_log(workout_set=workout_set, actual_reps=reps, weight_kg=Decimal(weight))


def test_a_logged_set_is_counted_at_once(world):
    ann = world["users"][0]
    logged(world["sessions"][0], world["templates"][0], reps=5, weight="100")
    stat = ExerciseStat.objects.get(user=ann)
    assert (stat.exercise, stat.display_name, stat.sets, stat.reps) == (
        "bench press (barbell)",
        "Bench Press (Barbell)",
        1,
        5,
    )
    assert stat.volume_kg == Decimal("500.00")
    assert stat.best_weight_kg == Decimal("100.00")
    assert stat.best_e1rm_kg == Decimal("116.67")  # Epley: 100 x (1 + 5/30)
    assert stat.last_performed == datetime.date(2026, 1, 1)


def test_planned_sets_not_yet_done_do_not_count(world):
    WorkoutSet.objects.create(session=world["sessions"][0], template=world["templates"][0])
    assert ExerciseStat.objects.count() == 0


def test_the_same_exercise_in_two_plans_is_one_exercise(world):
    logged(world["sessions"][0], world["templates"][0])
    logged(world["sessions"][1], world["templates"][2], weight="110")
    stat = ExerciseStat.objects.get(user=world["users"][0])
    assert (stat.sets, stat.best_weight_kg) == (2, Decimal("110.00"))
    assert_exact()


def test_soft_and_hard_deletes_and_restores_keep_it_exact(world):
    first = logged(world["sessions"][0], world["templates"][0])
    second = logged(world["sessions"][1], world["templates"][0], weight="120")
    first.soft_delete()
    assert_exact()
    first.restore()
    assert_exact()
    world["sessions"][1].soft_delete()
    assert ExerciseStat.objects.get(user=world["users"][0]).best_weight_kg == Decimal("100.00")
    world["sessions"][1].restore()
    assert_exact()
    second.hard_delete()
    assert_exact()
    rows("DELETE FROM workout_sessions WHERE id = %s", [world["sessions"][0].pk])
    assert_exact()
    assert ExerciseStat.objects.filter(user=world["users"][0]).count() == 0


def test_a_purged_exercise_or_plan_takes_its_sets_out(world):
    logged(world["sessions"][0], world["templates"][0])
    logged(world["sessions"][0], world["templates"][1])
    logged(world["sessions"][1], world["templates"][2])
    rows("DELETE FROM workout_templates WHERE id = %s", [world["templates"][0].pk])
    assert_exact()
    rows("DELETE FROM workout_plans WHERE id = %s", [world["templates"][2].plan_id])
    assert_exact()


def test_a_renamed_exercise_and_a_moved_session_are_followed(world):
    logged(world["sessions"][0], world["templates"][0])
    rows(
        "UPDATE workout_templates SET exercise_name = 'Bench Press (paused)' WHERE id = %s", [world["templates"][0].pk]
    )
    assert_exact()
    assert ExerciseStat.objects.get(user=world["users"][0]).display_name == "Bench Press (paused)"
    rows("UPDATE workout_sessions SET date = '2026-06-01' WHERE id = %s", [world["sessions"][0].pk])
    assert ExerciseStat.objects.get(user=world["users"][0]).last_performed == datetime.date(2026, 6, 1)


def test_erasing_an_account_takes_its_statistics(world):
    from accounts.services import account_erase

    logged(world["sessions"][0], world["templates"][0])
    logged(world["sessions"][3], world["templates"][4])
    account_erase(user=world["users"][0])
    assert_exact()
    assert rows("SELECT count(*) FROM exercise_stats") == [(1,)]


def test_a_member_reads_only_their_own_statistics_and_cannot_write_them(world):
    ann = world["users"][0]
    logged(world["sessions"][0], world["templates"][0])
    logged(world["sessions"][3], world["templates"][4])
    with rls.user_context(ann):
        assert [s.user_id for s in ExerciseStat.objects.all()] == [ann.pk]
        assert rows("UPDATE exercise_stats SET sets = 99") == 0
        assert rows("DELETE FROM exercise_stats") == 0
        with pytest.raises(Exception, match="row-level security"), transaction.atomic():
            rows(
                "INSERT INTO exercise_stats (user_id, exercise, display_name, sets, reps, volume_kg, last_performed)"
                " VALUES (%s, 'x', 'x', 1, 1, 1, '2026-01-01')",
                [ann.pk],
            )
    assert_exact()


def test_the_trigger_functions_carry_their_own_context_and_search_path():
    found = rows(
        "SELECT p.proname, p.prosecdef, p.proconfig FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
        "WHERE p.proname LIKE 'progress\\_%%' AND l.lanname = 'plpgsql' ORDER BY p.proname"
    )
    assert found
    # The records' ways in read the caller's context to check it (progress_records_target, with
    # their rights), and progress_records_derive takes its own (test_records_incremental.py).
    callable_by_members = {"progress_set_logged", "progress_set_relogged", "progress_records_rederive"}
    for name, definer, config in found:
        if name in {*callable_by_members, "progress_records_target"}:
            assert definer == (name in callable_by_members), name
            assert any(c.startswith("search_path=") for c in config), name
            assert not any(c.startswith("app.system=") for c in config), name
        elif name.startswith(("progress_stats", "progress_s", "progress_t", "progress_records")):
            assert definer, name
            assert "app.system=exercise_stats" in config, name
            assert any(c.startswith("search_path=") for c in config), name
        elif name.startswith(("progress_week", "progress_weeks")):
            assert definer, name
            assert "app.system=weekly_volume" in config, name
            assert any(c.startswith("search_path=") for c in config), name


def test_the_rules_are_plain_sql_that_postgresql_inlines():
    """Each rule (progress/sql/functions/progress_set_*.sql and the like) is one SQL expression
    that PostgreSQL substitutes into the query that calls it: no function call per row, and the
    planner sees the conditions themselves (the partial index on live sessions still matches)."""
    rules = rows(
        "SELECT p.proname, p.prosecdef, p.proconfig, p.provolatile FROM pg_proc p "
        "JOIN pg_language l ON l.oid = p.prolang WHERE p.proname LIKE 'progress\\_%%' AND l.lanname = 'sql' "
        "AND p.proconfig IS NULL ORDER BY 1"
    )
    assert [name for name, *_ in rules] == [
        "progress_e1rm",
        "progress_records_earned",
        "progress_set_changed",
        "progress_set_counts",
        "progress_set_lifted",
        "progress_set_live",
        "progress_set_pace",
        "progress_set_volume",
        "progress_set_working",
        "progress_week",
    ]
    assert all(not definer and volatility == "i" for _, definer, _, volatility in rules)
    plan = rows(
        "EXPLAIN (VERBOSE, COSTS OFF) SELECT sum(progress_set_volume(ws.actual_reps, ws.weight_kg)) "
        "FROM workout_sets ws JOIN workout_sessions s ON s.id = ws.workout_session_id "
        "JOIN workout_templates t ON t.id = ws.workout_template_id JOIN workout_plans p ON p.id = t.workout_plan_id "
        "WHERE s.user_id = gen_random_uuid() AND progress_set_counts(ws, s, p.user_id)"
    )
    text = "\n".join(line for (line,) in plan)
    assert "progress_" not in text, text
    assert "(ws.actual_reps)::numeric * COALESCE(ws.weight_kg, '0'::numeric)" in text, text
    assert "s.deleted_at IS NULL" in text, text


def test_an_ordinary_role_as_owner_still_keeps_them_exact(world):
    """Production's owner is no superuser, so FORCE'd policies bind it: the functions' own
    `app.system` is what lets them see every set and write the statistics."""
    with rls.owner_role():
        rows(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'progress_owner_test') "
            "THEN CREATE ROLE progress_owner_test NOLOGIN NOBYPASSRLS; END IF; END $$"
        )
        rows("GRANT USAGE ON SCHEMA public TO progress_owner_test")
        rows("GRANT SELECT ON ALL TABLES IN SCHEMA public TO progress_owner_test")
        rows("GRANT INSERT, UPDATE, DELETE ON exercise_stats, weekly_volume TO progress_owner_test")
        rows("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO progress_owner_test")
        for function in [
            "progress_stats_recompute(uuid[], text[])",
            "progress_weeks_recompute(uuid[], text[], date[])",
            "progress_sets_changed()",
            "progress_sessions_changed()",
            "progress_templates_changed()",
        ]:
            rows(f"ALTER FUNCTION {function} OWNER TO progress_owner_test")
    ann = world["users"][0]
    with rls.user_context(ann):
        logged(world["sessions"][0], world["templates"][0])
        logged(world["sessions"][1], world["templates"][0], weight="90")
    assert_exact()
    assert ExerciseStat.objects.get(user=ann).sets == 2


# --- Property: any sequence of changes leaves the table equal to a recomputation --------------

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "insert",
                "insert_planned",
                "update",
                "uncomplete",
                "soft_delete_set",
                "restore_set",
                "hard_delete_set",
                "soft_delete_session",
                "restore_session",
                "move_session",
                "hard_delete_session",
                "rename_exercise",
                "hard_delete_exercise",
                "retype",
            ]
        ),
        st.integers(min_value=0, max_value=1000),
        st.integers(min_value=0, max_value=12),
        st.decimals(min_value=0, max_value=300, places=2),
        st.sampled_from(SetType.values),  # the type of a set inserted, or given to a set by "retype"
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_sequence_of_changes_leaves_the_statistics_exact(world, operations):
    sid = transaction.savepoint_create()
    try:
        _apply(world, operations)
        assert_exact()
    finally:
        transaction.savepoint_rollback(sid)


def _apply(world, operations):
    for op, pick, reps, weight, set_type in operations:
        sets = list(WorkoutSet.all_objects.all())
        sessions = rows("SELECT id, user_id FROM workout_sessions ORDER BY id")
        templates = rows(
            "SELECT t.id, p.user_id FROM workout_templates t "
            "JOIN workout_plans p ON p.id = t.workout_plan_id ORDER BY t.id"
        )
        if not sessions or not templates:
            return
        session_id, user_id = sessions[pick % len(sessions)]
        own = [t for t, u in templates if u == user_id]
        if op in ("insert", "insert_planned") and own:
            WorkoutSet.objects.create(
                session_id=session_id,
                template_id=own[pick % len(own)],
                actual_reps=reps,
                weight_kg=weight,
                set_type=set_type,
                completed_at=timezone.now() if op == "insert" else None,
            )
        elif op == "rename_exercise":
            rows(
                "UPDATE workout_templates SET exercise_name = %s WHERE id = %s",
                [
                    ["Bench Press (Barbell)", "back SQUAT", "Deadlift (Barbell)"][pick % 3],
                    templates[pick % len(templates)][0],
                ],
            )
        elif op == "hard_delete_exercise" and pick % 4 == 0:  # rarer: it takes sets with it
            rows("DELETE FROM workout_templates WHERE id = %s", [templates[pick % len(templates)][0]])
        elif op == "soft_delete_session":
            rows("UPDATE workout_sessions SET deleted_at = now() WHERE id = %s", [session_id])
        elif op == "restore_session":
            rows("UPDATE workout_sessions SET deleted_at = NULL WHERE id = %s", [session_id])
        elif op == "move_session":
            rows("UPDATE workout_sessions SET date = date + %s WHERE id = %s", [reps - 6, session_id])
        elif op == "hard_delete_session" and pick % 3 == 0:
            rows("DELETE FROM workout_sessions WHERE id = %s", [session_id])
        elif sets:
            target = sets[pick % len(sets)]
            if op == "update":
                rows(
                    "UPDATE workout_sets SET actual_reps = %s, weight_kg = %s, completed_at = now() WHERE id = %s",
                    [reps, weight, target.pk],
                )
            elif op == "uncomplete":
                rows("UPDATE workout_sets SET completed_at = NULL WHERE id = %s", [target.pk])
            elif op == "soft_delete_set":
                rows("UPDATE workout_sets SET deleted_at = now() WHERE id = %s", [target.pk])
            elif op == "restore_set":
                rows("UPDATE workout_sets SET deleted_at = NULL WHERE id = %s", [target.pk])
            elif op == "hard_delete_set":
                rows("DELETE FROM workout_sets WHERE id = %s", [target.pk])
            elif op == "retype":
                rows("UPDATE workout_sets SET set_type = %s WHERE id = %s", [set_type, target.pk])


@pytest.mark.django_db
def test_functions_on_the_logging_path_keep_plans_and_history_passes_plan_for_the_data():
    """Statements that read by key keep one plan per connection (progress migration 0010,
    workouts 0014). So do the weekly volume's and the records' passes, which read the member's
    sessions and each session's sets through their indexes whatever the range; the statistics'
    recomputation, which reads many members' exercises at once, is planned for the data at hand."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, l.lanname, c.setting FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
            "LEFT JOIN LATERAL (SELECT split_part(s, '=', 2) AS setting FROM unnest(p.proconfig) s "
            "WHERE s LIKE 'plan_cache_mode=%%') c ON true "
            "WHERE p.pronamespace = 'public'::regnamespace"
        )
        functions = {name: (language, setting) for name, language, setting in cursor.fetchall()}
    for name in (
        "progress_sets_changed",
        "member_data_changed",
        "workouts_set_log",
        "progress_set_logged",
        "progress_set_relogged",
        "progress_records_derive",
        "progress_weeks_recompute",
    ):
        assert functions[name] == ("plpgsql", "force_generic_plan"), name
    assert functions["progress_stats_recompute"][1] == "force_custom_plan"
