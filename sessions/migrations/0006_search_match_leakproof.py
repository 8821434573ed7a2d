"""Let session search use the GIN index `workout_sessions_notes_search` under row-level security.

PostgreSQL applies a table's policies before any condition of the query that calls a function
not marked LEAKPROOF, and never uses such a condition to scan an index: it could otherwise see
rows the policies hide (a function that raises an error quoting its argument would leak it).
The full-text match `tsvector @@ tsquery` is `ts_match_vq`, which ships without the mark, so a
member's search read every one of their sessions and matched each in turn.

`ts_match_vq` only returns whether the document matches: it raises no error that depends on the
document (its only failures are the query's nesting depth and running out of memory, neither of
which says anything about a row), so marking it LEAKPROOF lets the planner match through the GIN
index first and apply the policies to what it finds. The mark is on this database's catalogue
only (other databases of the cluster keep theirs) and needs a superuser: where the migrating
role is not one, the step leaves the function as it is and says so, and search stays correct,
reading the member's sessions by the partial index as before. A superuser can run the same
`ALTER FUNCTION` later; `pg_dump` does not carry the mark into a restored database, so restoring
means running it again (README, "Search and row-level security").
"""

from django.db import migrations

MARK = """
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) {mark};
    ELSE
        RAISE WARNING 'Not a superuser: ts_match_vq left as it is; run as a superuser: '
            'ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) {mark};';
    END IF;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0005_session_plan_rules"),
    ]

    operations = [
        migrations.RunSQL(sql=MARK.format(mark="LEAKPROOF"), reverse_sql=MARK.format(mark="NOT LEAKPROOF")),
    ]
