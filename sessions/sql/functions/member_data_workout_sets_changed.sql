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
