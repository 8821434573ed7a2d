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
