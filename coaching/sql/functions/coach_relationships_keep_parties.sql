-- A coaching relationship can only be ended by its two sides, not changed: outside the privileged
-- context, an UPDATE may not change who coaches whom or since when. The policy
-- coach_relationships_end lets through only current rows that end up ended; this trigger does what a
-- policy cannot, compare with the old row. Staff keep the admin's full change form.
CREATE OR REPLACE FUNCTION public.coach_relationships_keep_parties()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF NOT public.app_privileged() AND (NEW.id, NEW.coach_id, NEW.member_id, NEW.started_at, NEW.created_at)
            IS DISTINCT FROM (OLD.id, OLD.coach_id, OLD.member_id, OLD.started_at, OLD.created_at) THEN
        RAISE EXCEPTION 'a coaching relationship can only be ended, not moved to other people or dates'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$function$;

CREATE OR REPLACE TRIGGER coach_relationships_keep_parties BEFORE UPDATE ON public.coach_relationships FOR EACH ROW EXECUTE FUNCTION coach_relationships_keep_parties();
