"""Every migration that locks workout_sets or workout_sessions out of writes says it was reviewed
(gymtracker.migration_locks); and the check itself tells the locking statements from the others."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

from gymtracker.migration_locks import locking

pytestmark = pytest.mark.django_db


def test_every_migration_that_locks_a_hot_table_says_why_that_is_acceptable():
    # A connection outside the test's transaction: a migration that is not atomic (CREATE INDEX
    # CONCURRENTLY) refuses to be written out inside one. Writing SQL out runs none of it.
    outside = connections.create_connection(DEFAULT_DB_ALIAS)
    unreviewed = []
    try:
        loader = MigrationLoader(outside)
        for key, migration in sorted(loader.disk_migrations.items()):
            statements = loader.collect_sql([(migration, False)])
            locks = sorted({found for statement in statements if (found := locking(statement))})
            if locks and not getattr(migration, "locks_reviewed", "").strip():
                unreviewed.append(f"{key[0]}.{key[1]}: {', '.join(locks)}")
    finally:
        outside.close()
    assert unreviewed == [], (
        'These migrations lock the hottest tables without `locks_reviewed = "why"` on their Migration '
        "class (README, Zero-downtime migrations):\n" + "\n".join(unreviewed)
    )


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        ('ALTER TABLE "workout_sets" ADD COLUMN "tempo" text NULL;', "ALTER TABLE on workout_sets"),
        ('ALTER TABLE "workout_sessions" ALTER COLUMN "notes" TYPE varchar(20);', "ALTER TABLE on workout_sessions"),
        ('ALTER TABLE "workout_sets" VALIDATE CONSTRAINT "workout_sets_kind_valid";', None),
        ('CREATE INDEX "x" ON "workout_sets" ("rpe");', "CREATE INDEX without CONCURRENTLY on workout_sets"),
        ('CREATE INDEX CONCURRENTLY "x" ON "workout_sets" ("rpe");', None),
        (
            'CREATE UNIQUE INDEX "x" ON public.workout_sessions (id);',
            "CREATE INDEX without CONCURRENTLY on workout_sessions",
        ),
        ('ALTER TABLE "workout_sets_history" ADD COLUMN "tempo" text NULL;', None),
        ('CREATE INDEX "x" ON "workout_templates" ("plan_id");', None),
        ("TRUNCATE workout_sets;", "a table lock on workout_sets"),
        ("LOCK TABLE workout_sessions IN ACCESS EXCLUSIVE MODE;", "a table lock on workout_sessions"),
        ("VACUUM FULL workout_sets;", "VACUUM FULL on workout_sets"),
        ("SELECT 1;", None),
    ],
)
def test_the_check_tells_locking_statements_from_the_rest(statement, found):
    assert locking(statement) == found
