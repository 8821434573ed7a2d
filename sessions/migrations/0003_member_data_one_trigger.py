"""The member-data triggers written once: one function, member_data_changed
(sql/functions/member_data_changed.sql), on the five tables and `users`, in place of one function
per table made from a template, the renamed-author trigger's own function and member_data_touch.

The files only create and replace, so this drops the seven functions and their sixteen triggers
(an existing database has them from 0002) and then syncs the files, which makes the one.
Reversed, the one goes and the seven come back as they were, from the copy frozen below (a sync
after the first leaves the files' objects when reversed); reversing 0002 drops them again.
"""

from django.db import migrations

from gymtracker.dbobjects import SyncSql

# The seven, with their triggers (CASCADE: nothing else depends on them).
DROP_BEFORE = (
    "DROP FUNCTION IF EXISTS member_data_touch(uuid[]), member_data_workout_plans_changed(), "
    "member_data_workout_templates_changed(), member_data_workout_sessions_changed(), "
    "member_data_workout_sets_changed(), member_data_session_comments_changed(), "
    "member_data_comment_authors_renamed() CASCADE"
)

# The one, with whatever triggers call it by then.
DROP_ONE = "DROP FUNCTION IF EXISTS member_data_changed() CASCADE"

# The seven functions and their triggers as 0002 made them.
BEFORE = """
CREATE OR REPLACE FUNCTION public.member_data_touch(members uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
BEGIN

    INSERT INTO member_data_versions AS v (user_id)
    SELECT DISTINCT m.id FROM unnest(members) AS m(id) JOIN users u ON u.id = m.id
    ORDER BY 1
    ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1, changed_at = clock_timestamp();

END
$function$;

REVOKE ALL ON FUNCTION public.member_data_touch(members uuid[]) FROM PUBLIC;

CREATE OR REPLACE FUNCTION public.member_data_workout_plans_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM member_data_touch(ARRAY(SELECT user_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM member_data_touch(ARRAY(SELECT user_id FROM old_rows));
    ELSE
        PERFORM member_data_touch(
            ARRAY(SELECT user_id FROM old_rows UNION SELECT user_id FROM new_rows)
        );
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER member_data_workout_plans_deleted AFTER DELETE ON public.workout_plans REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_plans_changed();

CREATE OR REPLACE TRIGGER member_data_workout_plans_inserted AFTER INSERT ON public.workout_plans REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_plans_changed();

CREATE OR REPLACE TRIGGER member_data_workout_plans_updated AFTER UPDATE ON public.workout_plans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_plans_changed();

CREATE OR REPLACE FUNCTION public.member_data_workout_templates_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM member_data_touch(ARRAY(SELECT p.user_id FROM new_rows r JOIN workout_plans p ON p.id = r.workout_plan_id));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM member_data_touch(ARRAY(SELECT p.user_id FROM old_rows r JOIN workout_plans p ON p.id = r.workout_plan_id));
    ELSE
        PERFORM member_data_touch(
            ARRAY(SELECT p.user_id FROM old_rows r JOIN workout_plans p ON p.id = r.workout_plan_id UNION SELECT p.user_id FROM new_rows r JOIN workout_plans p ON p.id = r.workout_plan_id)
        );
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER member_data_workout_templates_deleted AFTER DELETE ON public.workout_templates REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_templates_changed();

CREATE OR REPLACE TRIGGER member_data_workout_templates_inserted AFTER INSERT ON public.workout_templates REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_templates_changed();

CREATE OR REPLACE TRIGGER member_data_workout_templates_updated AFTER UPDATE ON public.workout_templates REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_templates_changed();

CREATE OR REPLACE FUNCTION public.member_data_workout_sessions_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM member_data_touch(ARRAY(SELECT user_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM member_data_touch(ARRAY(SELECT user_id FROM old_rows));
    ELSE
        PERFORM member_data_touch(
            ARRAY(SELECT user_id FROM old_rows UNION SELECT user_id FROM new_rows)
        );
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER member_data_workout_sessions_deleted AFTER DELETE ON public.workout_sessions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_sessions_changed();

CREATE OR REPLACE TRIGGER member_data_workout_sessions_inserted AFTER INSERT ON public.workout_sessions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_sessions_changed();

CREATE OR REPLACE TRIGGER member_data_workout_sessions_updated AFTER UPDATE ON public.workout_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_sessions_changed();

CREATE OR REPLACE FUNCTION public.member_data_workout_sets_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM member_data_touch(ARRAY(SELECT s.user_id FROM new_rows r JOIN workout_sessions s ON s.id = r.workout_session_id));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM member_data_touch(ARRAY(SELECT s.user_id FROM old_rows r JOIN workout_sessions s ON s.id = r.workout_session_id));
    ELSE
        PERFORM member_data_touch(
            ARRAY(SELECT s.user_id FROM old_rows r JOIN workout_sessions s ON s.id = r.workout_session_id UNION SELECT s.user_id FROM new_rows r JOIN workout_sessions s ON s.id = r.workout_session_id)
        );
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER member_data_workout_sets_deleted AFTER DELETE ON public.workout_sets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_sets_changed();

CREATE OR REPLACE TRIGGER member_data_workout_sets_inserted AFTER INSERT ON public.workout_sets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_sets_changed();

CREATE OR REPLACE TRIGGER member_data_workout_sets_updated AFTER UPDATE ON public.workout_sets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_workout_sets_changed();

CREATE OR REPLACE FUNCTION public.member_data_session_comments_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM member_data_touch(ARRAY(SELECT s.user_id FROM new_rows r JOIN workout_sessions s ON s.id = r.workout_session_id));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM member_data_touch(ARRAY(SELECT s.user_id FROM old_rows r JOIN workout_sessions s ON s.id = r.workout_session_id));
    ELSE
        PERFORM member_data_touch(
            ARRAY(SELECT s.user_id FROM old_rows r JOIN workout_sessions s ON s.id = r.workout_session_id UNION SELECT s.user_id FROM new_rows r JOIN workout_sessions s ON s.id = r.workout_session_id)
        );
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER member_data_session_comments_deleted AFTER DELETE ON public.session_comments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_session_comments_changed();

CREATE OR REPLACE TRIGGER member_data_session_comments_inserted AFTER INSERT ON public.session_comments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_session_comments_changed();

CREATE OR REPLACE TRIGGER member_data_session_comments_updated AFTER UPDATE ON public.session_comments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_session_comments_changed();

CREATE OR REPLACE FUNCTION public.member_data_comment_authors_renamed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    PERFORM member_data_touch(ARRAY(
        SELECT s.user_id
        FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.username IS DISTINCT FROM n.username
        JOIN session_comments c ON c.author_id = n.id
        JOIN workout_sessions s ON s.id = c.workout_session_id
    ));
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER member_data_comment_authors_renamed AFTER UPDATE ON public.users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_comment_authors_renamed();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0002_database_objects"),
        ("coaching", "0002_database_objects"),
    ]

    operations = [
        migrations.RunSQL(sql=DROP_BEFORE, reverse_sql=[DROP_ONE, BEFORE]),
        SyncSql("workouts"),
    ]
