-- Every exercise and alias row carries its name's key (exercise_name_key), which the unique
-- constraints and the matching (exercise_resolve) compare; written here, so no writer (the app,
-- the admin, a load in plain SQL) can store a name without it. A name without a letter or digit
-- has no key and is refused. An alias names a library exercise only: a member's own exercise is
-- found by its own name.
CREATE OR REPLACE FUNCTION public.exercises_keyed()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
BEGIN
    NEW.key := exercise_name_key(NEW.name);
    IF NEW.key = '' THEN
        RAISE EXCEPTION 'An exercise''s name needs a letter or a digit: %', NEW.name
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_TABLE_NAME = 'exercise_aliases' THEN  -- (nested: NEW of exercises has no exercise_id)
        IF EXISTS (SELECT 1 FROM exercises e WHERE e.id = NEW.exercise_id AND e.owner_id IS NOT NULL) THEN
            RAISE EXCEPTION 'Aliases are for the library''s exercises; a member''s own is found by its name.'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$function$;

CREATE OR REPLACE TRIGGER exercises_keyed BEFORE INSERT OR UPDATE ON public.exercises FOR EACH ROW EXECUTE FUNCTION exercises_keyed();

CREATE OR REPLACE TRIGGER exercise_aliases_keyed BEFORE INSERT OR UPDATE ON public.exercise_aliases FOR EACH ROW EXECUTE FUNCTION exercises_keyed();
