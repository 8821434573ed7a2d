"""A coaching relationship, through the app's role, can only be started in the privileged context
and only be ended by its two sides:

- Starting one takes a real invite, which only the server reads (accepting runs in the system
  context `coach_invite`) or staff assigning it; a member's own context inserts nothing.
- Either side may end a current relationship, and that is all: the policy reaches only current
  rows (an ended one is never re-opened) and lets through only rows that end up ended; the
  trigger keeps who coaches whom and since when as they were (a policy cannot see the old row).
- Staff (the privileged context) keep the admin's full change form.

And the two functions the policies call to find who coaches whom name `coach_relationships`
without a schema: they get a search path of their own, so they work wherever the caller's path
points (pg_dump --enable-row-security runs with an empty one, and failed on them).
"""

from django.db import migrations

ME = "(SELECT public.app_user_id())"
PRIVILEGED = "(SELECT public.app_privileged())"
BOTH_SIDES = f"coach_id = {ME} OR member_id = {ME} OR {PRIVILEGED}"

POLICIES = f"""
DROP POLICY coach_relationships_start ON public.coach_relationships;
DROP POLICY coach_relationships_end ON public.coach_relationships;
CREATE POLICY coach_relationships_start ON public.coach_relationships FOR INSERT WITH CHECK ({PRIVILEGED});
CREATE POLICY coach_relationships_end ON public.coach_relationships FOR UPDATE
    USING (((coach_id = {ME} OR member_id = {ME}) AND ended_at IS NULL) OR {PRIVILEGED})
    WITH CHECK (((coach_id = {ME} OR member_id = {ME}) AND ended_at IS NOT NULL) OR {PRIVILEGED});
"""
PREVIOUS_POLICIES = """
DROP POLICY coach_relationships_end ON public.coach_relationships;
DROP POLICY coach_relationships_start ON public.coach_relationships;
CREATE POLICY coach_relationships_start ON public.coach_relationships FOR INSERT
    WITH CHECK (member_id = (SELECT app_user_id()) OR (SELECT app_privileged()));
CREATE POLICY coach_relationships_end ON public.coach_relationships FOR UPDATE
    USING (coach_id = (SELECT app_user_id()) OR member_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (coach_id = (SELECT app_user_id()) OR member_id = (SELECT app_user_id()) OR (SELECT app_privileged()));
"""

KEEP_PARTIES = """
CREATE FUNCTION public.coach_relationships_keep_parties() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT public.app_privileged() AND (NEW.id, NEW.coach_id, NEW.member_id, NEW.started_at, NEW.created_at)
            IS DISTINCT FROM (OLD.id, OLD.coach_id, OLD.member_id, OLD.started_at, OLD.created_at) THEN
        RAISE EXCEPTION 'a coaching relationship can only be ended, not moved to other people or dates'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER coach_relationships_keep_parties BEFORE UPDATE ON public.coach_relationships
FOR EACH ROW EXECUTE FUNCTION public.coach_relationships_keep_parties();
"""
DROP_KEEP_PARTIES = """
DROP TRIGGER coach_relationships_keep_parties ON public.coach_relationships;
DROP FUNCTION public.coach_relationships_keep_parties();
"""


OWN_SEARCH_PATH = """
ALTER FUNCTION public.app_coached_members() SET search_path = pg_catalog, public, pg_temp;
ALTER FUNCTION public.app_my_coaches() SET search_path = pg_catalog, public, pg_temp;
"""
CALLERS_SEARCH_PATH = """
ALTER FUNCTION public.app_coached_members() RESET search_path;
ALTER FUNCTION public.app_my_coaches() RESET search_path;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0003_comment_read_at"),
    ]

    operations = [
        migrations.RunSQL(sql=POLICIES, reverse_sql=PREVIOUS_POLICIES),
        migrations.RunSQL(sql=KEEP_PARTIES, reverse_sql=DROP_KEEP_PARTIES),
        migrations.RunSQL(sql=OWN_SEARCH_PATH, reverse_sql=CALLERS_SEARCH_PATH),
    ]
