"""Logging a set brings the records (and the statistics) up to date from that set alone when it is
the latest of its exercise and nothing else changed the exercise since its records were derived
(migration 0006). Whatever happened before, the result must equal a full re-derivation."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.factories import WorkoutSessionFactory
from sessions.models import SetType, WorkoutSession, WorkoutSet
from sessions.services import set_log, set_remove, set_type_change

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 1)
RECORDS = """
    SELECT user_id, workout_set_id, exercise, kind, weight_kg, reps, value, date
    FROM personal_records ORDER BY workout_set_id, kind
"""
STATISTICS = """
    SELECT user_id, exercise, display_name, sets, reps, volume_kg, best_weight_kg, best_e1rm_kg, last_performed
    FROM exercise_stats ORDER BY user_id, exercise
"""


def rows(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def rederived(workout_set):
    """The records table after a full re-derivation of the set's exercise, left as it was."""
    sid = transaction.savepoint_create()
    try:
        rows("SELECT progress_records_rederive(%s)", [workout_set.pk])
        return rows(RECORDS)
    finally:
        transaction.savepoint_rollback(sid)


def short_path(workout_set):
    """What logging a set for the first time runs once the set is written (workouts_set_log calls
    progress_set_logged): True when the set's own records sufficed, False after a full
    re-derivation. Called here on sets written without it, to see which path was taken."""
    return rows("SELECT progress_set_logged(%s)", [workout_set.pk])[0][0]


def recomputed():
    """The statistics after recomputing every member from raw sets, left as they were."""
    sid = transaction.savepoint_create()
    try:
        with rls.owner_role():
            rows("SELECT progress_stats_recompute(array_agg(id), array_agg(NULL::text)) FROM users")
        return rows(STATISTICS)
    finally:
        transaction.savepoint_rollback(sid)


@pytest.fixture
def gym():
    """ann trains "Bench Press (Barbell)" from two plans (one spelled "bench PRESS": one exercise) and a
    squat; ben trains the bench press too, so another member's sets are around."""
    ann, ben = UserFactory(username="ann"), UserFactory(username="ben")
    push, pull = WorkoutPlanFactory(user=ann), WorkoutPlanFactory(user=ann)
    templates = [
        WorkoutTemplateFactory(plan=push, exercise_name="Bench Press (Barbell)"),
        WorkoutTemplateFactory(plan=pull, exercise_name="bench PRESS"),
        WorkoutTemplateFactory(plan=push, exercise_name="Squat (Barbell)"),
    ]
    bens = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=ben), exercise_name="Bench Press (Barbell)")
    return {"ann": ann, "ben": ben, "templates": templates, "bens": bens}


def log_new(user, template, reps, weight, *, day, set_type=SetType.NORMAL):
    session = WorkoutSession.objects.filter(user=user, date=DAY + datetime.timedelta(days=day)).first()
    session = session or WorkoutSessionFactory(user=user, date=DAY + datetime.timedelta(days=day))
    workout_set = WorkoutSet.objects.create(session=session, template=template, set_type=set_type)
    return set_log(workout_set=workout_set, actual_reps=reps, weight_kg=weight)


# --- The common case takes the short path ---------------------------------------------------------


def test_sets_logged_one_after_another_take_one_statement_each_after_the_first(gym):
    ann, bench = gym["ann"], gym["templates"][0]
    first = log_new(ann, bench, 5, Decimal("100"), day=0)
    paths = []
    for day, (reps, weight) in enumerate([(5, "100"), (6, "100"), (3, "110"), (0, "120"), (8, "0")], start=1):
        workout_set = WorkoutSet.objects.create(
            session=WorkoutSessionFactory(user=ann, date=DAY + datetime.timedelta(days=day)), template=bench
        )
        workout_set.actual_reps, workout_set.weight_kg = reps, Decimal(weight)
        workout_set.completed_at = datetime.datetime.now(tz=datetime.UTC)
        workout_set.save(update_fields=["actual_reps", "weight_kg", "completed_at", "updated_at"])
        expected = rederived(workout_set)
        paths.append(short_path(workout_set))
        assert rows(RECORDS) == expected
    assert paths == [True] * 5
    assert rows(STATISTICS) == recomputed()
    # The first set of an exercise has no statistics row to add to: it derived its records fully.
    assert rows("SELECT kind FROM personal_records WHERE workout_set_id = %s ORDER BY kind", [first.pk]) == [
        ("e1rm",),
        ("weight",),
    ]


def test_logging_the_latest_set_is_one_statement(gym):
    ann, bench = gym["ann"], gym["templates"][0]
    log_new(ann, bench, 5, Decimal("100"), day=0)
    session = WorkoutSessionFactory(user=ann, date=DAY + datetime.timedelta(days=1))
    workout_set = WorkoutSet.objects.create(session=session, template=bench)
    _, _, sql = queries_of(lambda: set_log(workout_set=workout_set, actual_reps=6, weight_kg=Decimal("100")))
    # The update, its history row and the records, in one call (workouts migration 0012).
    assert len(sql) == 1, "\n".join(sql)
    assert "workouts_set_log(" in sql[0]
    assert rows("SELECT kind FROM personal_records WHERE workout_set_id = %s ORDER BY kind", [workout_set.pk]) == [
        ("e1rm",),
        ("reps",),
    ]


def lag(user, exercise="bench press (barbell)"):
    found = rows("SELECT records_lag FROM exercise_stats WHERE user_id = %s AND exercise = %s", [user.pk, exercise])
    return found[0][0]


def relog(workout_set, reps, weight):
    """An edit as the logging page makes it: new values, stamped with the time of the edit."""
    rows(
        "UPDATE workout_sets SET actual_reps = %s, weight_kg = %s, completed_at = clock_timestamp() WHERE id = %s",
        [reps, weight, workout_set.pk],
    )
    return rows("SELECT progress_set_relogged(%s)", [workout_set.pk])[0][0]


def test_an_edit_of_todays_set_takes_the_difference_and_rederives_from_that_day(gym):
    ann, bench = gym["ann"], gym["templates"][0]
    for day, weight in enumerate(["100", "110", "105"]):
        log_new(ann, bench, 5, Decimal(weight), day=day)
    first = log_new(ann, bench, 5, Decimal("112.5"), day=3)
    log_new(ann, bench, 5, Decimal("112.5"), day=3)
    assert lag(ann) == 0
    # A typo put right, a heavier one, one more rep: the statistics took the difference (a
    # recomputation would leave the lag unknown) and the records are derived from that day on.
    for reps, weight in [(5, "115"), (6, "115"), (8, "120")]:
        assert relog(first, reps, Decimal(weight)) is True
        assert rows(RECORDS) == rederived(first)
        assert rows(STATISTICS) == recomputed()
        assert lag(ann) == 0
    # Lowering the best: the statistics' maximum must be found again, by a recomputation.
    rows(
        "UPDATE workout_sets SET weight_kg = 90, completed_at = clock_timestamp() WHERE id = %s",
        [first.pk],
    )
    assert lag(ann) is None
    assert rows("SELECT progress_set_relogged(%s)", [first.pk]) == [(False,)]
    assert rows(RECORDS) == rederived(first)
    assert rows(STATISTICS) == recomputed()


def test_an_edit_of_an_older_session_recomputes(gym):
    ann, bench = gym["ann"], gym["templates"][0]
    older = log_new(ann, bench, 5, Decimal("100"), day=0)
    log_new(ann, bench, 5, Decimal("110"), day=1)
    assert relog(older, 6, Decimal("100")) is False  # not the latest set afterwards
    assert rows(RECORDS) == rederived(older)
    assert rows(STATISTICS) == recomputed()


def test_a_set_logged_into_an_older_session_takes_the_full_path(gym):
    ann, bench = gym["ann"], gym["templates"][0]
    log_new(ann, bench, 5, Decimal("100"), day=0)
    log_new(ann, bench, 5, Decimal("110"), day=5)
    older = WorkoutSet.objects.create(session=WorkoutSessionFactory(user=ann, date=DAY), template=bench)
    older.actual_reps, older.weight_kg = 6, Decimal("100")
    older.completed_at = datetime.datetime.now(tz=datetime.UTC)
    older.save(update_fields=["actual_reps", "weight_kg", "completed_at", "updated_at"])
    assert short_path(older) is False
    # 6 x 100 kg after 5 x 100 kg on the same day: more reps at that weight, and a better 1RM.
    assert rows("SELECT kind FROM personal_records WHERE workout_set_id = %s ORDER BY kind", [older.pk]) == [
        ("e1rm",),
        ("reps",),
    ]


def test_a_removed_record_is_not_left_behind_by_the_next_log(gym):
    """Removing a set re-derives nothing; the next log must, as a full re-derivation would."""
    ann, bench = gym["ann"], gym["templates"][0]
    log_new(ann, bench, 5, Decimal("100"), day=0)
    log_new(ann, bench, 5, Decimal("90"), day=1)
    heavy = log_new(ann, bench, 5, Decimal("140"), day=2)
    middle = log_new(ann, bench, 5, Decimal("120"), day=3)
    set_remove(workout_set=heavy)
    latest = log_new(ann, bench, 5, Decimal("110"), day=4)
    assert rows(RECORDS) == rederived(latest)
    assert rows("SELECT kind FROM personal_records WHERE workout_set_id = %s ORDER BY kind", [middle.pk]) == [
        ("e1rm",),
        ("weight",),
    ]


def test_an_edit_made_outside_the_logging_is_repaired_by_the_next_log(gym):
    """An admin or bulk edit that logs a set without its records leaves the exercise's records
    behind; the next log may not take the short path past it."""
    ann, bench = gym["ann"], gym["templates"][0]
    log_new(ann, bench, 5, Decimal("100"), day=0)
    unrecorded = WorkoutSet.objects.create(
        session=WorkoutSessionFactory(user=ann, date=DAY + datetime.timedelta(days=1)), template=bench
    )
    rows(
        "UPDATE workout_sets SET actual_reps = 5, weight_kg = 150, completed_at = clock_timestamp() WHERE id = %s",
        [unrecorded.pk],
    )
    latest = log_new(ann, bench, 5, Decimal("120"), day=2)
    assert rows(RECORDS) == rederived(latest)
    assert rows("SELECT count(*) FROM personal_records WHERE workout_set_id = %s", [unrecorded.pk]) == [(2,)]


@pytest.mark.parametrize("function", ["progress_set_logged", "progress_set_relogged", "progress_records_rederive"])
def test_only_the_member_or_a_privileged_context_derives_records(gym, function):
    ann, ben = gym["ann"], gym["ben"]
    logged = log_new(ann, gym["templates"][0], 5, Decimal("100"), day=0)
    rows("DELETE FROM personal_records")
    with rls.owner_role():  # the records are no longer known to be derived: each function derives them
        rows("UPDATE exercise_stats SET records_lag = NULL")
    # Another member (here with the owner's sight of every row, as in development) is refused.
    with rls.user_context(ben), pytest.raises(Exception, match="derived by their member"), transaction.atomic():
        rows(f"SELECT {function}(%s)", [logged.pk])
    assert rows(RECORDS) == []
    with rls.user_context(ann):
        rows(f"SELECT {function}(%s)", [logged.pk])
        assert len(rows(RECORDS)) == 2
        # The writing context lasted for the call only.
        assert rows("SELECT coalesce(current_setting('app.system', true), '')") == [("",)]
        assert rows("UPDATE exercise_stats SET sets = 99") == 0


def test_a_set_nobody_can_see_is_left_alone(gym):
    ann = gym["ann"]
    log_new(ann, gym["templates"][0], 5, Decimal("100"), day=0)
    before = rows(RECORDS)
    with rls.user_context(ann):
        assert rows("SELECT progress_set_logged(gen_random_uuid())") == [(False,)]
        rows("SELECT progress_records_rederive(gen_random_uuid())")
    assert rows(RECORDS) == before


def test_an_ordinary_role_as_owner_derives_records_for_the_member_only(gym):
    """Production's owner is no superuser, so FORCE'd policies bind it inside the functions too:
    the set is found only if the caller may see it, and the writing context the functions take
    is what lets them write the records and reset `records_lag`."""
    ann, ben, bench = gym["ann"], gym["ben"], gym["templates"][0]
    with rls.owner_role():
        rows(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'records_owner_test') "
            "THEN CREATE ROLE records_owner_test NOLOGIN NOBYPASSRLS; END IF; END $$"
        )
        rows("GRANT USAGE ON SCHEMA public TO records_owner_test")
        rows("GRANT SELECT ON ALL TABLES IN SCHEMA public TO records_owner_test")
        rows("GRANT INSERT, UPDATE, DELETE ON personal_records, exercise_stats TO records_owner_test")
        for function in [
            "progress_set_logged(uuid)",
            "progress_set_relogged(uuid)",
            "progress_records_rederive(uuid)",
            "progress_records_target(uuid)",
            "progress_records_derive(uuid, text, date)",
        ]:
            rows(f"ALTER FUNCTION {function} OWNER TO records_owner_test")
    with rls.user_context(ann):
        first = log_new(ann, bench, 5, Decimal("100"), day=0)
        latest = WorkoutSet.objects.create(
            session=WorkoutSessionFactory(user=ann, date=DAY + datetime.timedelta(days=1)), template=bench
        )
        latest.actual_reps, latest.weight_kg = 6, Decimal("100")
        latest.completed_at = datetime.datetime.now(tz=datetime.UTC)
        latest.save(update_fields=["actual_reps", "weight_kg", "completed_at", "updated_at"])
        assert short_path(latest) is True
    assert rows(RECORDS) == rederived(latest)
    assert set(rows("SELECT workout_set_id, kind FROM personal_records")) == {
        (first.pk, "e1rm"),
        (first.pk, "weight"),
        (latest.pk, "e1rm"),
        (latest.pk, "reps"),
    }
    # Another member's set is out of the owner's sight in their context: nothing happens.
    with rls.user_context(ben):
        assert rows("SELECT progress_set_logged(%s)", [latest.pk]) == [(False,)]
        rows("SELECT progress_records_rederive(%s)", [latest.pk])
    assert len(rows(RECORDS)) == 4


# --- Property: whatever happens, each log leaves what a full re-derivation would -----------------

# Few values, so that ties (same weight, same reps, same 1RM) come up often.
WEIGHTS = [None, Decimal("0"), Decimal("60"), Decimal("60.5"), Decimal("100"), Decimal("100")]
OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "log_latest",
                "log_latest",
                "log_latest",
                "log_latest",
                "log_same_day",
                "log_older",
                "relog",
                "remove",
                "restore",
                "hard_delete",
                "delete_session",
                "restore_session",
                "move_session",
                "rename",
                "log_unrecorded",
                "log_other_member",
                "retype",
            ]
        ),
        st.integers(min_value=0, max_value=1000),
        st.integers(min_value=0, max_value=4),
        st.sampled_from(WEIGHTS),
        # Mostly working sets, as at the gym; a warm-up counts for nothing, the others alike.
        st.sampled_from([SetType.NORMAL, SetType.NORMAL, SetType.WARMUP, SetType.DROP, SetType.FAILURE]),
    ),
    min_size=5,
    max_size=30,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_every_log_leaves_the_records_a_full_rederivation_would(gym, operations):
    sid = transaction.savepoint_create()
    try:
        _apply(gym, operations)
    finally:
        transaction.savepoint_rollback(sid)


def _apply(gym, operations):
    ann, templates = gym["ann"], gym["templates"]
    day = 10
    for op, pick, reps, weight, set_type in operations:
        template = templates[pick % len(templates)]
        sets = list(WorkoutSet.all_objects.filter(session__user=ann).order_by("created_at"))
        sessions = list(WorkoutSession.all_objects.filter(user=ann).order_by("date", "created_at"))
        logged = None
        if op == "log_latest":
            day += pick % 2
            logged = log_new(ann, template, reps, weight, day=day, set_type=set_type)
        elif op == "log_same_day":
            logged = log_new(ann, template, reps, weight, day=day, set_type=set_type)
        elif op == "log_older":
            logged = log_new(ann, template, reps, weight, day=day - 1 - pick % 10, set_type=set_type)
        elif op == "log_other_member":
            log_new(gym["ben"], gym["bens"], reps, weight, day=day + 1)
        elif op == "rename":
            # Spelling only: a rename to another exercise leaves records under the old name that
            # clash with the new exercise's (a known gap of the full re-derivation too).
            rows(
                "UPDATE workout_templates SET exercise_name = %s WHERE id = %s",
                [[template.exercise_name.upper(), template.exercise_name.lower()][pick % 2], template.pk],
            )
        elif op == "log_unrecorded" and sessions:  # as an admin edit would: no records derived
            unrecorded = WorkoutSet.objects.create(session=sessions[-1], template=template)
            rows(
                "UPDATE workout_sets SET actual_reps = %s, weight_kg = %s, completed_at = clock_timestamp() "
                "WHERE id = %s",
                [reps, weight, unrecorded.pk],
            )
        elif op in ("delete_session", "restore_session", "move_session") and sessions:
            session = sessions[pick % len(sessions)]
            if op == "delete_session":
                rows("UPDATE workout_sessions SET deleted_at = now() WHERE id = %s", [session.pk])
            elif op == "restore_session":
                rows("UPDATE workout_sessions SET deleted_at = NULL WHERE id = %s", [session.pk])
            else:
                rows("UPDATE workout_sessions SET date = date + %s WHERE id = %s", [reps - 4, session.pk])
        elif sets:
            target = sets[pick % len(sets)]
            # Only a live set of a live session can be logged (the page of a deleted one is gone).
            live = WorkoutSet.objects.filter(pk=target.pk, session__deleted_at__isnull=True).exists()
            if op == "relog" and live:
                logged = set_log(workout_set=target, actual_reps=reps, weight_kg=weight)
            elif op == "retype" and live:  # as the session page changes a set's type
                # A set given the type it has is not written, so nothing is derived: the records
                # may still wait for the next log (after a moved session, say), as they would.
                target.refresh_from_db(fields=["set_type"])
                changed = target.set_type != set_type
                set_type_change(workout_set=target, set_type=set_type)
                logged = target if changed else None
            elif op == "remove" and target.deleted_at is None:
                set_remove(workout_set=target)
            elif op == "restore":
                rows("UPDATE workout_sets SET deleted_at = NULL WHERE id = %s", [target.pk])
            elif op == "hard_delete":
                rows("DELETE FROM workout_sets WHERE id = %s", [target.pk])
        if logged is not None:
            assert rows(RECORDS) == rederived(logged), (op, reps, weight)
        assert rows(STATISTICS) == recomputed(), (op, reps, weight)
