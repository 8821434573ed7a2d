-- What a set records is its exercise's kind (exercises.kind), copied into the set when it is made
-- so that the set keeps its meaning whatever becomes of the exercise, and so that every rule reads
-- the set's own row (the CHECKs by kind on workout_sets, progress/sql/functions).
--
-- Bodyweight kinds: the member types the load added (weighted) or the counter-weight (assisted) in
-- `added_kg`, and this keeps in `weight_kg` the load the set moved: the member's body weight when
-- the set is logged (their latest entry on or before the session's day, body_weights), plus the
-- added load or minus the assistance. Volume, bests, 1RM and records then read `weight_kg` for
-- every kind. Without a body weight on record, a weighted set counts its added load and the
-- others count no load (as every bodyweight set did before body weights were kept).
--
-- It returns at once unless there is something to do: a set made without a kind, or a bodyweight
-- set made or changed. (Not a WHEN clause on the triggers: a trigger naming a column cannot be
-- made before the column is, and the files are applied as they are now by every migration.)
CREATE OR REPLACE FUNCTION public.workout_sets_kind()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
AS $function$
BEGIN
    IF NEW.kind IS NOT NULL AND NEW.kind NOT IN ('bodyweight_reps', 'weighted_bodyweight', 'assisted_bodyweight') THEN
        RETURN NEW;
    END IF;
    IF NEW.kind IS NULL THEN
        NEW.kind := workout_sets_kind_of(NEW.workout_template_id);
    END IF;
    IF NEW.kind IN ('bodyweight_reps', 'weighted_bodyweight', 'assisted_bodyweight') THEN
        IF NEW.completed_at IS NULL THEN
            NEW.body_weight_kg := NULL;
        ELSIF NEW.body_weight_kg IS NULL THEN
            NEW.body_weight_kg := (
                SELECT b.weight_kg
                FROM workout_sessions s
                JOIN body_weights b ON b.user_id = s.user_id AND b.date <= s.date AND b.deleted_at IS NULL
                WHERE s.id = NEW.workout_session_id
                ORDER BY b.date DESC
                LIMIT 1
            );
        END IF;
        NEW.weight_kg := CASE
            WHEN NEW.completed_at IS NULL THEN NULL
            WHEN NEW.kind = 'bodyweight_reps' THEN NEW.body_weight_kg
            WHEN NEW.kind = 'weighted_bodyweight' THEN coalesce(NEW.body_weight_kg, 0) + coalesce(NEW.added_kg, 0)
            ELSE greatest(NEW.body_weight_kg - coalesce(NEW.added_kg, 0), 0)
        END;
    END IF;
    RETURN NEW;
END
$function$;

CREATE OR REPLACE TRIGGER workout_sets_kind_made BEFORE INSERT ON public.workout_sets FOR EACH ROW EXECUTE FUNCTION workout_sets_kind();

CREATE OR REPLACE TRIGGER workout_sets_kind_changed BEFORE UPDATE ON public.workout_sets FOR EACH ROW EXECUTE FUNCTION workout_sets_kind();
