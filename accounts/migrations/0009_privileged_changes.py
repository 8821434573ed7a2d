"""Roles, permissions and history under the database's own rules, so that a view with a bug
cannot hand a member what only staff or the server may do:

- `is_staff` and `is_superuser` change (or start out true) only in the privileged context (staff
  or a system job). A trigger, not column privileges: staff work through the same app role as
  members, so a privilege on the column would bind them too; and a policy cannot see the old
  value. Saving a whole row with the same flags (login's `last_login`, the profile) passes.
- Group and permission links (`users_groups`, `users_user_permissions`, `auth_group_permissions`)
  are written only in the privileged context, except that a new member joins the `member` group
  under their own id when signing up (accounts.services.account_create). They hold no member's
  data, so everyone may read them, and security is enabled but not forced: the owner (migrate,
  post_migrate's role sync) is trusted.
- History rows are append-only outside the privileged context: a restrictive policy on UPDATE
  and DELETE of every history table (erasure runs in the system context `account_erasure`).
- The context functions (0004) get a search path of their own, as every function here has, so
  no caller's path (pg_dump's is empty) changes what they name.
"""

from django.db import migrations

ME = "(SELECT public.app_user_id())"
PRIVILEGED = "(SELECT public.app_privileged())"

ROLE_GUARD = """
CREATE FUNCTION public.users_role_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF public.app_privileged() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND (NEW.is_staff OR NEW.is_superuser) THEN
        RAISE EXCEPTION 'only staff or the server may make a staff or superuser account'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.is_staff IS DISTINCT FROM OLD.is_staff
                             OR NEW.is_superuser IS DISTINCT FROM OLD.is_superuser) THEN
        RAISE EXCEPTION 'only staff or the server may change is_staff or is_superuser'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER users_role_guard BEFORE INSERT OR UPDATE OF is_staff, is_superuser ON public.users
FOR EACH ROW EXECUTE FUNCTION public.users_role_guard();
"""
DROP_ROLE_GUARD = "DROP TRIGGER users_role_guard ON public.users; DROP FUNCTION public.users_role_guard();"

MEMBER_GROUP = "(SELECT g.id FROM public.auth_group g WHERE g.name = 'member')"
LINK_TABLES = {
    "users_groups": f"{PRIVILEGED} OR (user_id = {ME} AND group_id = {MEMBER_GROUP})",
    "users_user_permissions": PRIVILEGED,
    "auth_group_permissions": PRIVILEGED,
}

HISTORY_TABLES = [
    "users_history",
    "workout_plans_history",
    "workout_templates_history",
    "workout_sessions_history",
    "workout_sets_history",
    "coach_relationships_history",
    "session_comments_history",
]


def link_policies():
    create, drop = [], []
    for table, insert in LINK_TABLES.items():
        create += [
            f"ALTER TABLE public.{table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY {table}_read ON public.{table} FOR SELECT USING (true)",
            f"CREATE POLICY {table}_add ON public.{table} FOR INSERT WITH CHECK ({insert})",
            f"CREATE POLICY {table}_change ON public.{table} FOR UPDATE USING ({PRIVILEGED}) WITH CHECK ({PRIVILEGED})",
            f"CREATE POLICY {table}_remove ON public.{table} FOR DELETE USING ({PRIVILEGED})",
        ]
        drop += [
            f"DROP POLICY {table}_remove ON public.{table}",
            f"DROP POLICY {table}_change ON public.{table}",
            f"DROP POLICY {table}_add ON public.{table}",
            f"DROP POLICY {table}_read ON public.{table}",
            f"ALTER TABLE public.{table} DISABLE ROW LEVEL SECURITY",
        ]
    return migrations.RunSQL(sql=create, reverse_sql=drop)


def append_only_history():
    create, drop = [], []
    for table in HISTORY_TABLES:
        for command in ("UPDATE", "DELETE"):
            name = f"{table}_append_only_{command.lower()}"
            create.append(f"CREATE POLICY {name} ON public.{table} AS RESTRICTIVE FOR {command} USING ({PRIVILEGED})")
            drop.append(f"DROP POLICY {name} ON public.{table}")
    return migrations.RunSQL(sql=create, reverse_sql=drop)


OWN_SEARCH_PATH = """
ALTER FUNCTION public.app_user_id() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION public.app_privileged() SET search_path = pg_catalog, pg_temp;
"""
CALLERS_SEARCH_PATH = """
ALTER FUNCTION public.app_user_id() RESET search_path;
ALTER FUNCTION public.app_privileged() RESET search_path;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_rack_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("coaching", "0003_comment_read_at"),
        ("plans", "0005_plan_created_by"),
        ("workouts", "0015_set_log_keys"),
    ]

    operations = [
        migrations.RunSQL(sql=ROLE_GUARD, reverse_sql=DROP_ROLE_GUARD),
        link_policies(),
        append_only_history(),
        migrations.RunSQL(sql=OWN_SEARCH_PATH, reverse_sql=CALLERS_SEARCH_PATH),
    ]
