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
