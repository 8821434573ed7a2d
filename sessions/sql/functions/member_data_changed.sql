-- A member's data version (member_data_versions) goes up in the same transaction as every change
-- to their training data: their plans, exercises, sessions and sets, their body weights, the
-- coaches' comments on their sessions, and the name of a coach who commented (the comments show
-- it). Cached pages are kept under the version (gymtracker/cache.py) and a reader reads it before
-- the data, so, as the change and the rise commit together, a kept page never outlives the data it
-- shows.
--
-- Why it is shaped this way:
-- - Statement-level triggers with transition tables: whatever writes the tables raises it (the
--   app, the admin, a coach, a bulk load, a cascade), once per statement however many rows.
-- - One function for every table; TG_TABLE_NAME picks how the rows name their member (user_id,
--   or through their plan or session). PL/pgSQL prepares a statement when it first runs it, for
--   each trigger apart, so a branch names only its own table's columns and keeps its plan for the
--   connection: a logged set plans nothing here. (One text per table run by EXECUTE would plan on
--   every call: two and a half times this trigger's cost on a logged set.)
-- - changed_rows are the rows an INSERT made, an UPDATE left or a DELETE removed; an UPDATE reads
--   old_rows too, for a row moved to another member. A branch reads only the transition tables its
--   trigger declares, hence one statement for an UPDATE and one for the others. Plans and sessions
--   are looked up once each however many of their rows changed (bulk loads, cascades).
-- - SECURITY DEFINER with app.system = 'member_data_versions': the only context whose writes the
--   table's policies let through, whoever made the change. Members read their own version.
-- - Only members that still exist (a cascade from an erased account arrives after its users row
--   is gone), in a fixed order, so that two transactions touching the same members lock their
--   rows in the same order.
CREATE OR REPLACE FUNCTION public.member_data_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    members uuid[];
BEGIN
    CASE TG_TABLE_NAME
    WHEN 'workout_plans', 'workout_sessions', 'body_weights' THEN
        IF TG_OP = 'UPDATE' THEN
            members := ARRAY(SELECT user_id FROM changed_rows UNION SELECT user_id FROM old_rows);
        ELSE
            members := ARRAY(SELECT user_id FROM changed_rows);
        END IF;
    WHEN 'workout_templates' THEN
        IF TG_OP = 'UPDATE' THEN
            members := ARRAY(SELECT user_id FROM workout_plans WHERE id IN (
                SELECT workout_plan_id FROM changed_rows UNION ALL SELECT workout_plan_id FROM old_rows));
        ELSE
            members := ARRAY(SELECT user_id FROM workout_plans WHERE id IN (SELECT workout_plan_id FROM changed_rows));
        END IF;
    WHEN 'workout_sets', 'session_comments' THEN
        IF TG_OP = 'UPDATE' THEN
            members := ARRAY(SELECT user_id FROM workout_sessions WHERE id IN (
                SELECT workout_session_id FROM changed_rows UNION ALL SELECT workout_session_id FROM old_rows));
        ELSE
            members := ARRAY(SELECT user_id FROM workout_sessions WHERE id IN (SELECT workout_session_id FROM changed_rows));
        END IF;
    WHEN 'users' THEN
        -- A renamed coach: the members whose sessions carry their comments. Other changes to
        -- users rows (a sign-in's last_login) touch no one.
        members := ARRAY(
            SELECT s.user_id
            FROM changed_rows n JOIN old_rows o ON o.id = n.id AND o.username IS DISTINCT FROM n.username
            JOIN session_comments c ON c.author_id = n.id
            JOIN workout_sessions s ON s.id = c.workout_session_id
        );
    END CASE;
    INSERT INTO member_data_versions AS v (user_id)
    SELECT DISTINCT m.id FROM unnest(members) AS m(id) JOIN users u ON u.id = m.id
    ORDER BY 1
    ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1, changed_at = clock_timestamp();
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER member_data_inserted AFTER INSERT ON public.workout_plans REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_updated AFTER UPDATE ON public.workout_plans REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_deleted AFTER DELETE ON public.workout_plans REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_inserted AFTER INSERT ON public.workout_templates REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_updated AFTER UPDATE ON public.workout_templates REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_deleted AFTER DELETE ON public.workout_templates REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_inserted AFTER INSERT ON public.workout_sessions REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_updated AFTER UPDATE ON public.workout_sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_deleted AFTER DELETE ON public.workout_sessions REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_inserted AFTER INSERT ON public.workout_sets REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_updated AFTER UPDATE ON public.workout_sets REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_deleted AFTER DELETE ON public.workout_sets REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_inserted AFTER INSERT ON public.session_comments REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_updated AFTER UPDATE ON public.session_comments REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_deleted AFTER DELETE ON public.session_comments REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_updated AFTER UPDATE ON public.users REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_inserted AFTER INSERT ON public.body_weights REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_updated AFTER UPDATE ON public.body_weights REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();

CREATE OR REPLACE TRIGGER member_data_deleted AFTER DELETE ON public.body_weights REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_changed();
