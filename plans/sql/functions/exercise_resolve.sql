-- The exercise a name means for a member: the one rule for a name typed in a plan, added in a
-- session or read from another app's export. By key (exercise_name_key), first among the
-- member's own exercises, then the library's names, then the library's aliases; a name that
-- matches none becomes a new exercise of the member's own (weight × reps until they say
-- otherwise). The member's own come first so that a member keeps the one history they have.
--
-- Runs with the caller's rights: a member reaches the library and their own exercises, a coach
-- also their members' (and may add one for them), so nobody can link or make another member's.
CREATE OR REPLACE FUNCTION public.exercise_resolve(p_owner uuid, p_name text)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
DECLARE
    k text := exercise_name_key(p_name);
    found uuid;
BEGIN
    IF k IS NULL OR k = '' THEN
        RAISE EXCEPTION 'An exercise''s name needs a letter or a digit: %', p_name USING ERRCODE = 'check_violation';
    END IF;
    SELECT e.id INTO found FROM exercises e WHERE e.owner_id = p_owner AND e.key = k AND e.deleted_at IS NULL;
    IF found IS NULL THEN
        SELECT e.id INTO found FROM exercises e WHERE e.owner_id IS NULL AND e.key = k AND e.deleted_at IS NULL;
    END IF;
    IF found IS NULL THEN
        SELECT e.id INTO found
        FROM exercise_aliases a JOIN exercises e ON e.id = a.exercise_id AND e.owner_id IS NULL AND e.deleted_at IS NULL
        WHERE a.key = k;
    END IF;
    IF found IS NULL THEN
        INSERT INTO exercises (owner_id, name) VALUES (p_owner, btrim(p_name))
        ON CONFLICT (owner_id, key) WHERE deleted_at IS NULL DO NOTHING
        RETURNING id INTO found;
        IF found IS NULL THEN  -- made by a transaction that committed meanwhile
            SELECT e.id INTO found FROM exercises e WHERE e.owner_id = p_owner AND e.key = k AND e.deleted_at IS NULL;
        END IF;
    END IF;
    RETURN found;
END
$function$;
