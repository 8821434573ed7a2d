"""Migrations keep data: reversing migrations and applying them again leaves every table as it
was. Derived tables (statistics, records, weekly volume) are made again and group assignments
survive. Only the values of a column that the reversal drops are lost: that is what reversing
the migration that added it means."""

import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from gymtracker import rls
from plans.models import WorkoutPlan

APPS = ["accounts", "plans", "workouts", "coaching", "progress"]


# Derived rows made again get new surrogate keys and times: their other columns are compared.
# member_data_versions only counts up (a rise tells cached pages to be made again), so its rows
# are compared without the counter. An exercise's `records_lag` goes from unknown (NULL) to 0
# when its records are derived again: both give the same records, which are compared.
NOT_COMPARED = {
    "personal_records": {"id", "created_at"},
    "member_data_versions": {"version", "changed_at"},
    "exercise_stats": {"id", "records_lag"},
    # The library is loaded again under the same keys (plans.library), at another time.
    "exercises": {"created_at", "updated_at"},
    # The role sync after `migrate` (accounts.roles) gives the same links back, under new keys.
    "auth_group_permissions": {"id"},
}


def columns() -> dict[str, set[str]]:
    """{table: {column, …}} of the public schema, django_migrations aside."""
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'django_migrations' "
            "AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')"
        )
        tables: dict[str, set[str]] = {}
        for table, column in cursor.fetchall():
            tables.setdefault(table, set()).add(column)
        return tables


def table_rows():
    """{table: [row as a dict, …]}, read as the owner past row-level security."""
    tables = sorted(columns())
    with rls.owner_role(), connection.cursor() as cursor:
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT to_jsonb(t)::text FROM {table} t")  # nosec B608
            rows[table] = [json.loads(row[0]) for row in cursor.fetchall()]
    return rows


def fingerprints(rows, skipped):
    """{table: (row count, checksum of every row)}, leaving out the columns in NOT_COMPARED and
    in `skipped` ({table: {column, …}})."""
    prints = {}
    for table, table_rows in rows.items():
        left_out = NOT_COMPARED.get(table, set()) | skipped.get(table, set())
        lines = sorted(
            json.dumps({k: v for k, v in row.items() if k not in left_out}, sort_keys=True) for row in table_rows
        )
        prints[table] = (len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest())
    return prints


def group_assignments():
    with rls.owner_role(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT ug.user_id, g.name FROM users_groups ug JOIN auth_group g ON g.id = ug.group_id ORDER BY 1, 2"
        )
        return cursor.fetchall()


def previous(app_label):
    """The migration before the app's last one (the target that reverses only the last)."""
    graph = MigrationLoader(connection).graph
    last = next(name for app, name in graph.leaf_nodes() if app == app_label)
    parents = [parent for app, parent in graph.node_map[(app_label, last)].parents if app == app_label]
    return parents[0] if parents else "zero"


@pytest.mark.django_db(transaction=True)
def test_reversing_migrations_and_applying_them_again_keeps_every_row(monkeypatch):
    monkeypatch.setenv("GENERATE_HISTORY_PASSWORD", "round-trip-password")
    call_command("generate_history", quiet=True, members=3, years=0.25, stdout=io.StringIO())
    with rls.system_context("tests"):
        # Generated history writes no history rows: an edit of each plan makes some.
        for plan in WorkoutPlan.objects.all():
            plan.name = f"{plan.name} (edited)"
            plan.save(update_fields=["name", "updated_at"])
    whole = columns()
    assignments = group_assignments()
    before = table_rows()
    assert before["personal_records"]
    assert before["workout_plans_history"]
    assert assignments

    dropped: dict[str, set[str]] = {}
    for app_label, target in [(app, previous(app)) for app in APPS]:
        call_command("migrate", app_label, target, verbosity=0)
        reversed_to = columns()
        # Columns the reversal dropped lose their values (for the later steps too); tables it
        # dropped must come back whole.
        for table in whole:
            if table in reversed_to:
                dropped[table] = dropped.get(table, set()) | (whole[table] - reversed_to[table])
        call_command("migrate", verbosity=0)
        expected, found = fingerprints(before, dropped), fingerprints(table_rows(), dropped)
        changed = sorted(table for table in {*expected, *found} if expected.get(table) != found.get(table))
        assert changed == [], f"migrate {app_label} {target} and back changed {changed}"
        assert group_assignments() == assignments
