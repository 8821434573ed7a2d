"""The files under `<app>/sql/` are what runs: every function, trigger and policy of the migrated
database is the one its file defines, text for text as PostgreSQL prints it, and nothing runs that
no file defines (gymtracker.dbobjects)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from gymtracker import dbobjects, rls


class Rollback(Exception):
    pass


def running():
    return {(kind, name): definition for kind, name, definition in dbobjects.objects(connection)}


def running_after_applying_the_files():
    """What would run after applying every file again, from scratch (undone afterwards)."""
    try:
        with rls.owner_role(), transaction.atomic():
            dbobjects.apply(connection, dbobjects.sources())
            after = running()
            raise Rollback
    except Rollback:
        return after


def defined_by_files():
    names = set()
    for source in dbobjects.sources():
        names |= {("function", name) for name in source.functions}
        names |= {("trigger", f"{table}.{name}") for name, table in source.triggers}
        names |= {("policy", f"{table}.{name}") for name, table in source.policies}
    return names


def test_every_file_parses_into_objects():
    found = dbobjects.sources()
    assert {source.app_label for source in found} == {
        "accounts",
        "plans",
        "workouts",
        "coaching",
        "progress",
        "imports",
    }
    for source in found:
        assert source.functions or source.policies, f"{source.name} defines nothing"
    assert ("trigger", "workout_sets.progress_sets_updated") in defined_by_files()


def test_the_database_runs_exactly_what_the_files_define(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace GROUP BY 1 HAVING count(*) > 1"
        )
        assert cursor.fetchall() == []  # one function per name: a changed signature drops the old one
    now = running()
    assert {key for key in now if key[0] != "row level security"} == defined_by_files()
    assert running_after_applying_the_files() == now


def test_a_changed_definition_is_noticed_by_the_drift_check(db):
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION progress_e1rm(weight_kg numeric, reps integer) RETURNS numeric "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT weight_kg $$"
        )
    changed = running()
    assert running_after_applying_the_files() != changed


def test_migrate_applies_a_file_whose_object_changed_and_leaves_the_rest_alone(db):
    with rls.owner_role():
        assert dbobjects.sync() == []  # nothing changed: no policy is re-made (that locks its table)
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute("DROP POLICY workout_sets_coach ON workout_sets")
        cursor.execute(
            "CREATE OR REPLACE FUNCTION progress_e1rm(weight_kg numeric, reps integer) RETURNS numeric "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT weight_kg $$"
        )
    with rls.owner_role():
        applied = {source.name for source in dbobjects.sync()}
    assert applied == {"sql/functions/progress_e1rm.sql", "sql/tables/workout_sets.sql"}
    assert running() == running_after_applying_the_files()
    with connection.cursor() as cursor:
        cursor.execute("SELECT progress_e1rm(100, 5)")
        assert cursor.fetchone()[0] == Decimal("116.67")


def test_a_policy_its_file_no_longer_names_is_dropped_by_the_sync(db):
    with rls.owner_role(), connection.cursor() as cursor:
        # What a database made before the policy's rename holds.
        cursor.execute("ALTER POLICY workout_sets_owner ON workout_sets RENAME TO workout_sets_access")
    with rls.owner_role():
        applied = {source.name for source in dbobjects.sync()}
    assert applied == {"sql/tables/workout_sets.sql"}
    assert ("policy", "workout_sets.workout_sets_access") not in running()
    assert running() == running_after_applying_the_files()


def test_the_role_is_named_by_the_settings_not_the_files(settings):
    source = next(s for s in dbobjects.sources("progress") if s.name.endswith("progress_set_logged.sql"))
    assert dbobjects.ROLE_VARIABLE in source.text
    settings.DATABASE_APP_ROLE = "another_role"
    assert "TO another_role;" in source.sql()
    settings.DATABASE_APP_ROLE = "bad-role; DROP TABLE users"
    with pytest.raises(ValueError, match="identifier"):
        source.sql()


def test_a_migrate_with_nothing_to_apply_brings_a_changed_function_back_to_its_file(db):
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION progress_e1rm(weight_kg numeric, reps integer) RETURNS numeric "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT weight_kg $$"
        )
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT progress_e1rm(100, 5)")
        assert cursor.fetchone()[0] == Decimal("116.67")
    assert running() == running_after_applying_the_files()
