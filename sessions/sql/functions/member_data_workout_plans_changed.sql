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
