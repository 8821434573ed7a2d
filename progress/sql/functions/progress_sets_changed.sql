-- The trigger behind every write to `workout_sets`: the statistics (progress_stats_recompute) and
-- the weekly volume (progress_weeks_recompute) follow the sets a statement made count or stop
-- counting. Statement-level with transition tables, so a cascade that removes a session's twenty
-- sets recomputes each exercise once, not twenty times; a bulk load stands it aside
-- (progress_bulk_loading).
--
-- Which rows it touches: a set inserted, changed in what counts (progress_set_changed) or deleted,
-- live before or after (progress_set_live): its exercise's statistics for the member (named
-- through the exercise's plan when its session was purged with it), and its exercise in its
-- session's week (a set whose session was purged is left to progress_sessions_changed, which
-- recomputes that week whole).
--
-- The one incremental case, logging a set, the app's most frequent write: one set logged for the
-- first time, or logged again in its place (the same session and exercise, at the same time or
-- later: the logging page stamps an edit), that counts and is then strictly the latest set of its
-- exercise (session date, then logging time). The statistics take it in instead of being
-- recomputed: the count and the sums add the set (or the difference an edit makes), the maxima
-- stay known when the set's old value was below them (another set's) or its new value reaches
-- the old, and the last day and the display name are the set's. Anything else (a tie, an edit
-- that lowers a best, a set logged into an older session) is recomputed. The statistics row is
-- locked before looking for a later set, so a concurrent log of the same exercise has committed
-- (and is seen) or waits. Each incremental change raises `records_lag` and keeps
-- `records_since`, the earliest day changed, so the records can be derived again from that day
-- only (progress_set_relogged); a recomputation leaves the lag unknown.
--
-- Why it pays: on 200 members' 3-year histories, the largest member (13,500 sets, 825 of the
-- exercise), one `workouts_set_log` at a time as the app's role under row-level security, each in
-- a rolled-back transaction, this function as it is alternated with a copy without the case in
-- blocks of 40 (350 logs each), p50: a first log 2.4 ms with it, 11.0 ms without; an edit 2.9 ms
-- with it, 11.2 ms without. Without it the statistics are recomputed (2.9 ms for that exercise)
-- and the lag is unknown, so the records are derived from the first set (3.5 ms) instead of
-- from the day. The weekly volume takes no such case: the set's week is recomputed, a handful of
-- sessions whatever the history; a copy that added the set to its week instead took 0.25 ms
-- less per first log (p50 2.44 against 2.70 ms in the same alternated run), not worth a second
-- definition of the week's figures.
--
-- Its statements read by key (the transition rows joined to sessions, templates and plans by
-- primary key, the statistics by their unique key, the member's sessions from a date), so their
-- plans are generic, kept for the connection: planning each was a sixth of a log's database time.
CREATE OR REPLACE FUNCTION public.progress_sets_changed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'exercise_stats'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    sessions uuid[];
    templates uuid[];
    users uuid[];
    exercises text[];
    weeks date[];
    one record;
    best record;
    taken_in boolean := false;
BEGIN
    IF progress_bulk_loading() THEN
        RETURN NULL;
    END IF;
    -- The (session, template) of each set that was live before the statement or is after it.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.workout_session_id), array_agg(n.workout_template_id) INTO sessions, templates
        FROM new_rows n
        WHERE progress_set_live(n);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(o.workout_session_id), array_agg(o.workout_template_id) INTO sessions, templates
        FROM old_rows o
        WHERE progress_set_live(o);
    ELSE
        IF (SELECT count(*) FROM new_rows) = 1 THEN
            SELECT n.id, n.completed_at, s.user_id, s.date, t.exercise_name, lower(t.exercise_name) AS exercise,
                   CASE WHEN was.reps IS NULL THEN 1 ELSE 0 END AS sets_change,
                   n.actual_reps - coalesce(was.reps, 0) AS reps_change,
                   progress_set_volume(n.actual_reps, n.weight_kg) - coalesce(was.volume_kg, 0) AS volume_change,
                   was.lifted AS old_lifted, progress_set_lifted(n.actual_reps, n.weight_kg) AS new_lifted,
                   was.e1rm AS old_e1rm, progress_e1rm(n.weight_kg, n.actual_reps) AS new_e1rm
            INTO one
            FROM old_rows o
            JOIN new_rows n ON n.id = o.id
            JOIN workout_sessions s ON s.id = n.workout_session_id
            JOIN workout_templates t ON t.id = n.workout_template_id
            JOIN workout_plans p ON p.id = t.workout_plan_id
            -- What the set counted for before, if it did (a warm-up did not; where its session or
            -- exercise changed, the set is not taken in whatever this says).
            LEFT JOIN LATERAL (
                SELECT o.actual_reps AS reps, progress_set_volume(o.actual_reps, o.weight_kg) AS volume_kg,
                       progress_set_lifted(o.actual_reps, o.weight_kg) AS lifted,
                       progress_e1rm(o.weight_kg, o.actual_reps) AS e1rm
                WHERE progress_set_counts(o, s, p.user_id)
            ) was ON true
            WHERE progress_set_counts(n, s, p.user_id)
              AND (was.reps IS NULL
                   OR (n.workout_session_id = o.workout_session_id AND n.workout_template_id = o.workout_template_id
                       AND n.completed_at >= o.completed_at));
            IF FOUND THEN
                -- Lock first: what follows then sees every change to the exercise committed before.
                SELECT es.best_weight_kg, es.best_e1rm_kg INTO best
                FROM exercise_stats es
                WHERE es.user_id = one.user_id AND es.exercise = one.exercise
                FOR UPDATE;
                IF FOUND
                   AND (one.old_lifted IS NULL OR one.old_lifted < best.best_weight_kg
                        OR one.new_lifted >= one.old_lifted)
                   AND (one.old_e1rm IS NULL OR one.old_e1rm < best.best_e1rm_kg OR one.new_e1rm >= one.old_e1rm)
                   AND NOT EXISTS (
                       -- Another counted set as late or later (from the member's sessions since that
                       -- day, through their index, then each session's sets).
                       SELECT 1
                       FROM workout_sessions s
                       JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.id <> one.id
                       JOIN workout_templates t ON t.id = ws.workout_template_id AND lower(t.exercise_name) = one.exercise
                       JOIN workout_plans p ON p.id = t.workout_plan_id AND p.user_id = one.user_id
                       WHERE s.user_id = one.user_id AND s.date >= one.date AND progress_set_counts(ws, s, p.user_id)
                         AND (s.date, ws.completed_at) >= (one.date, one.completed_at)
                   )
                THEN
                    UPDATE exercise_stats es SET
                        display_name = one.exercise_name,
                        sets = es.sets + one.sets_change,
                        reps = es.reps + one.reps_change,
                        volume_kg = es.volume_kg + one.volume_change,
                        best_weight_kg = greatest(es.best_weight_kg, one.new_lifted),
                        best_e1rm_kg = greatest(es.best_e1rm_kg, one.new_e1rm),
                        last_performed = greatest(es.last_performed, one.date),
                        records_lag = es.records_lag + 1,
                        records_since = CASE WHEN es.records_lag = 0 THEN one.date
                                             ELSE least(es.records_since, one.date) END
                    WHERE es.user_id = one.user_id AND es.exercise = one.exercise;
                    taken_in := true;
                END IF;
            END IF;
        END IF;
        SELECT array_agg(c.session_id), array_agg(c.template_id) INTO sessions, templates
        FROM old_rows o
        JOIN new_rows n ON n.id = o.id AND progress_set_changed(o, n)
        CROSS JOIN LATERAL (VALUES
            (o.workout_session_id, o.workout_template_id, progress_set_live(o)),
            (n.workout_session_id, n.workout_template_id, progress_set_live(n))
        ) AS c(session_id, template_id, live)
        WHERE c.live;
    END IF;
    IF NOT taken_in THEN
        SELECT array_agg(k.user_id), array_agg(k.exercise) INTO users, exercises
        FROM (
            SELECT DISTINCT coalesce(s.user_id, p.user_id) AS user_id, lower(t.exercise_name) AS exercise
            FROM unnest(sessions, templates) AS c(session_id, template_id)
            LEFT JOIN workout_sessions s ON s.id = c.session_id
            LEFT JOIN workout_templates t ON t.id = c.template_id
            LEFT JOIN workout_plans p ON p.id = t.workout_plan_id
        ) k
        WHERE k.user_id IS NOT NULL;
        IF users IS NOT NULL THEN
            PERFORM progress_stats_recompute(users, exercises);
        END IF;
    END IF;
    SELECT array_agg(k.user_id), array_agg(k.exercise), array_agg(k.week) INTO users, exercises, weeks
    FROM (
        SELECT DISTINCT s.user_id, lower(t.exercise_name) AS exercise, progress_week(s.date) AS week
        FROM unnest(sessions, templates) AS c(session_id, template_id)
        JOIN workout_sessions s ON s.id = c.session_id
        LEFT JOIN workout_templates t ON t.id = c.template_id
    ) k;
    IF users IS NOT NULL THEN
        PERFORM progress_weeks_recompute(users, exercises, weeks);
    END IF;
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER progress_sets_deleted AFTER DELETE ON public.workout_sets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sets_changed();

CREATE OR REPLACE TRIGGER progress_sets_inserted AFTER INSERT ON public.workout_sets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sets_changed();

CREATE OR REPLACE TRIGGER progress_sets_updated AFTER UPDATE ON public.workout_sets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION progress_sets_changed();
