-- A plan's exercise names an exercise, and shows that exercise's name (workout_templates.
-- exercise_name is a copy, so every page and the statistics, which go by it, read one name per
-- exercise). A row written with a name and no exercise (or a new name for its exercise, or moved
-- to another member's plan while naming an exercise of the former member's own) is linked to the
-- exercise the name means for the plan's member (exercise_resolve). An exercise the writer cannot
-- see (another member's own) is refused. (Any UPDATE fires it, and it returns at once when none of
-- those columns changed: a trigger naming a column cannot be made before the column is.)
CREATE OR REPLACE FUNCTION public.workout_templates_exercise()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
DECLARE
    member uuid := (SELECT p.user_id FROM workout_plans p WHERE p.id = NEW.workout_plan_id);
    shown text;
    owner uuid;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.exercise_id IS NOT DISTINCT FROM OLD.exercise_id
       AND NEW.exercise_name IS NOT DISTINCT FROM OLD.exercise_name AND NEW.workout_plan_id = OLD.workout_plan_id THEN
        RETURN NEW;
    END IF;
    IF NEW.exercise_id IS NOT NULL THEN
        SELECT e.name, e.owner_id INTO shown, owner FROM exercises e WHERE e.id = NEW.exercise_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'No such exercise: %', NEW.exercise_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF (TG_OP = 'UPDATE' AND NEW.exercise_id = OLD.exercise_id AND NEW.exercise_name IS DISTINCT FROM OLD.exercise_name
                AND NEW.exercise_name IS DISTINCT FROM shown)
           OR owner IS DISTINCT FROM member AND owner IS NOT NULL THEN
            NEW.exercise_id := NULL;
        END IF;
    END IF;
    IF NEW.exercise_id IS NULL THEN
        NEW.exercise_id := exercise_resolve(member, NEW.exercise_name);
        SELECT e.name INTO shown FROM exercises e WHERE e.id = NEW.exercise_id;
    END IF;
    NEW.exercise_name := shown;
    RETURN NEW;
END
$function$;

CREATE OR REPLACE TRIGGER workout_templates_exercise BEFORE INSERT OR UPDATE ON public.workout_templates FOR EACH ROW EXECUTE FUNCTION workout_templates_exercise();
