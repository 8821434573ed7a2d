"""Coaches in the database: cascades for the new tables, their own row-level security, and the
policies that let a coach reach exactly their current members' rows (read sessions and sets,
read and write plans and exercises, read shared health notes), and nothing once it ends.

Every coach policy is a separate *permissive* policy: PostgreSQL ORs it with the member's own
policy, so members keep exactly what they had and coaches only gain their members' rows.
"""

from django.db import migrations

from gymtracker.db import database_cascades, row_level_security

ME = "(SELECT app_user_id())"
PRIVILEGED = "(SELECT app_privileged())"
COACHED = "(SELECT app_coached_members())"

FUNCTIONS = """
-- The members the signed-in person currently coaches, and the coaches who currently coach them.
-- Set-returning, so a policy evaluates it once per query (a hashed sub-plan), not per row.
CREATE FUNCTION app_coached_members() RETURNS SETOF uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT member_id FROM coach_relationships WHERE coach_id = app_user_id() AND ended_at IS NULL $$;

CREATE FUNCTION app_my_coaches() RETURNS SETOF uuid
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT coach_id FROM coach_relationships WHERE member_id = app_user_id() AND ended_at IS NULL $$;
"""
DROP_FUNCTIONS = "DROP FUNCTION app_my_coaches(); DROP FUNCTION app_coached_members();"


def policies(*items):
    """(name, table, command, using, check) → reversible CREATE POLICY statements."""
    create, drop = [], []
    for name, table, command, using, check in items:
        clauses = ""
        if using:
            clauses += f" USING ({using})"
        if check:
            clauses += f" WITH CHECK ({check})"
        create.append(f"CREATE POLICY {name} ON {table} FOR {command}{clauses}")
        drop.append(f"DROP POLICY {name} ON {table}")
    return migrations.RunSQL(sql=create, reverse_sql=list(reversed(drop)))


def forced(*tables):
    return migrations.RunSQL(
        sql=[
            s
            for t in tables
            for s in (f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY", f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY")
        ],
        reverse_sql=[
            s
            for t in tables
            for s in (f"ALTER TABLE {t} NO FORCE ROW LEVEL SECURITY", f"ALTER TABLE {t} DISABLE ROW LEVEL SECURITY")
        ],
    )


COACHED_PLAN = f"EXISTS (SELECT 1 FROM workout_plans p WHERE p.id = workout_plan_id AND p.user_id IN {COACHED})"  # nosec B608
COACHED_SESSION = (
    f"EXISTS (SELECT 1 FROM workout_sessions s WHERE s.id = workout_session_id AND s.user_id IN {COACHED})"  # nosec B608
)
OWN_SESSION = f"EXISTS (SELECT 1 FROM workout_sessions s WHERE s.id = workout_session_id AND s.user_id = {ME})"  # nosec B608
BOTH_SIDES = f"coach_id = {ME} OR member_id = {ME} OR {PRIVILEGED}"


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0001_initial"),
        ("accounts", "0007_audit_account_deleted"),
        ("plans", "0003_row_level_security"),
        ("workouts", "0005_session_plan_rules"),
    ]

    operations = [
        database_cascades(
            ("coach_relationships", "coach_id", "users"),
            ("coach_relationships", "member_id", "users"),
            ("coach_invites", "coach_id", "users"),
            ("session_comments", "workout_session_id", "workout_sessions"),
            ("session_comments", "author_id", "users"),
        ),
        database_cascades(
            ("coach_invites", "accepted_by_id", "users"),
            ("coach_relationships_history", "history_user_id", "users"),
            ("session_comments_history", "history_user_id", "users"),
            on_delete="SET NULL",
        ),
        migrations.RunSQL(sql=FUNCTIONS, reverse_sql=DROP_FUNCTIONS),
        # The relationship itself: both sides and staff see it; only the member starts it
        # (accepting an invite) or staff (assigning); either side or staff ends it.
        forced("coach_relationships"),
        policies(
            ("coach_relationships_read", "coach_relationships", "SELECT", BOTH_SIDES, None),
            ("coach_relationships_start", "coach_relationships", "INSERT", None, f"member_id = {ME} OR {PRIVILEGED}"),
            ("coach_relationships_end", "coach_relationships", "UPDATE", BOTH_SIDES, BOTH_SIDES),
            ("coach_relationships_delete", "coach_relationships", "DELETE", PRIVILEGED, None),
        ),
        row_level_security("coach_relationships_history", using=BOTH_SIDES),
        # Invites are the coach's; a member redeems one in the named system context "coach_invite".
        row_level_security("coach_invites", using=f"coach_id = {ME} OR {PRIVILEGED}"),
        # Comments: the coach who wrote it and the member whose session it is read it; only a
        # current coach of that member writes one.
        forced("session_comments"),
        policies(
            (
                "session_comments_read",
                "session_comments",
                "SELECT",
                f"author_id = {ME} OR {OWN_SESSION} OR {PRIVILEGED}",
                None,
            ),
            (
                "session_comments_write",
                "session_comments",
                "INSERT",
                None,
                f"(author_id = {ME} AND {COACHED_SESSION}) OR {PRIVILEGED}",
            ),
            (
                "session_comments_edit",
                "session_comments",
                "UPDATE",
                f"author_id = {ME} OR {PRIVILEGED}",
                f"author_id = {ME} OR {PRIVILEGED}",
            ),
            ("session_comments_delete", "session_comments", "DELETE", f"author_id = {ME} OR {PRIVILEGED}", None),
        ),
        row_level_security("session_comments_history", using=f"author_id = {ME} OR {OWN_SESSION} OR {PRIVILEGED}"),
        # What a coach reaches of their current members.
        policies(
            ("users_coach", "users", "SELECT", f"id IN {COACHED} OR id IN (SELECT app_my_coaches())", None),
            ("health_profiles_coach", "health_profiles", "SELECT", f"shared_with_coach AND user_id IN {COACHED}", None),
            ("workout_plans_coach", "workout_plans", "ALL", f"user_id IN {COACHED}", f"user_id IN {COACHED}"),
            (
                "workout_plans_history_coach",
                "workout_plans_history",
                "ALL",
                f"user_id IN {COACHED}",
                f"user_id IN {COACHED}",
            ),
            ("workout_templates_coach", "workout_templates", "ALL", COACHED_PLAN, COACHED_PLAN),
            ("workout_templates_history_coach", "workout_templates_history", "ALL", COACHED_PLAN, COACHED_PLAN),
            ("workout_sessions_coach", "workout_sessions", "SELECT", f"user_id IN {COACHED}", None),
            ("workout_sets_coach", "workout_sets", "SELECT", COACHED_SESSION, None),
        ),
    ]
