-- A renamed exercise (the library's, by staff, or a member's own) is renamed in every plan that
-- names it, whoever's plans they are; the statistics follow the plans (progress_templates_changed).
CREATE OR REPLACE FUNCTION public.exercises_renamed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'exercise_library'
AS $function$
BEGIN
    UPDATE workout_templates t SET exercise_name = n.name
    FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.name IS DISTINCT FROM n.name
    WHERE t.exercise_id = n.id AND t.exercise_name IS DISTINCT FROM n.name;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER exercises_renamed AFTER UPDATE ON public.exercises REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION exercises_renamed();
