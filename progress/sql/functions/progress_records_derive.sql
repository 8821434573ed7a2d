-- Files the personal records of one member's exercise (progress_records_earned, the rule) from
-- `p_since` on, seeded with the bests before that day; from the first set when `p_since` is
-- NULL. A set's records depend only on the sets before it, so the records before `p_since` stay
-- as they are, and the sets of those days alone are ranked again, each against the bests before
-- it: the largest weight and 1RM records before `p_since` (a maximum is first reached by a
-- record) or of the sets ranked before it, and per weight the most reps done at it before
-- `p_since` (through the (template, weight) index) or among the sets ranked before it. Then the
-- exercise's records are whole again: `records_lag` goes back to 0.
--
-- The three ways in are progress_set_logged and progress_set_relogged (from the first day a
-- change since the last derivation touched, see progress_sets_changed) and
-- progress_records_rederive (from the first set); they check the caller, this writes. The
-- member's sessions from that day and each session's sets of the exercise's templates are key
-- look-ups, so the plans are generic, planned once per connection: the same plan serves a day
-- and a whole history (the largest member's 825 sets of one exercise, 3-year history: 3.5 ms,
-- 4.9 ms by the re-derivation this replaced; p50, alternated calls in rolled-back transactions).
CREATE OR REPLACE FUNCTION public.progress_records_derive(p_user uuid, p_exercise text, p_since date)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'exercise_stats'
 SET plan_cache_mode TO 'force_generic_plan'
AS $function$
DECLARE
    templates uuid[] := ARRAY(
        SELECT t.id FROM workout_plans p JOIN workout_templates t ON t.workout_plan_id = p.id
        WHERE p.user_id = p_user AND lower(t.exercise_name) = p_exercise
    );
    first_day date := coalesce(p_since, '-infinity');
BEGIN
    DELETE FROM personal_records pr
    WHERE pr.user_id = p_user AND pr.exercise = p_exercise AND pr.date >= first_day;
    WITH counted AS (
        SELECT ws.id, s.date, ws.completed_at, ws.actual_reps AS reps, coalesce(ws.weight_kg, 0) AS weight_kg,
               ws.kind, ws.duration_seconds, ws.distance_m
        FROM workout_sessions s
        JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.workout_template_id = ANY (templates)
        WHERE s.user_id = p_user AND s.date >= first_day AND progress_set_counts(ws, s, p_user)
    ),
    ranked AS (
        SELECT c.*,
               greatest(
                   (SELECT max(pr.value) FROM personal_records pr
                    WHERE pr.user_id = p_user AND pr.exercise = p_exercise AND pr.kind = 'weight' AND pr.date < first_day),
                   max(progress_set_lifted(reps, weight_kg)) OVER earlier
               ) AS best_weight_before,
               greatest(
                   (SELECT max(pr.value) FROM personal_records pr
                    WHERE pr.user_id = p_user AND pr.exercise = p_exercise AND pr.kind = 'e1rm' AND pr.date < first_day),
                   max(progress_e1rm(weight_kg, reps)) OVER earlier
               ) AS best_e1rm_before,
               greatest(
                   CASE WHEN p_since IS NOT NULL THEN (
                       SELECT max(ws.actual_reps)
                       FROM workout_sets ws
                       JOIN workout_sessions s ON s.id = ws.workout_session_id
                       WHERE ws.workout_template_id = ANY (templates) AND coalesce(ws.weight_kg, 0) = c.weight_kg
                         AND s.user_id = p_user AND s.date < first_day AND progress_set_counts(ws, s, p_user)
                   ) END,
                   max(reps) OVER (
                       PARTITION BY weight_kg ORDER BY date, completed_at, id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
                   )
               ) AS best_reps_before,
               greatest(
                   (SELECT max(pr.value) FROM personal_records pr
                    WHERE pr.user_id = p_user AND pr.exercise = p_exercise AND pr.kind = 'duration' AND pr.date < first_day),
                   max(duration_seconds) OVER earlier
               )::integer AS best_duration_before,
               greatest(
                   (SELECT max(pr.value) FROM personal_records pr
                    WHERE pr.user_id = p_user AND pr.exercise = p_exercise AND pr.kind = 'distance' AND pr.date < first_day),
                   max(distance_m) OVER earlier
               ) AS best_distance_before,
               least(
                   (SELECT min(pr.value) FROM personal_records pr
                    WHERE pr.user_id = p_user AND pr.exercise = p_exercise AND pr.kind = 'pace' AND pr.date < first_day),
                   min(progress_set_pace(duration_seconds, distance_m)) OVER earlier
               ) AS best_pace_before
        FROM counted c
        WINDOW earlier AS (ORDER BY date, completed_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    )
    INSERT INTO personal_records (user_id, workout_set_id, exercise, kind, weight_kg, reps, value, date)
    SELECT p_user, r.id, p_exercise, earned.kind, r.weight_kg, r.reps, earned.value, r.date
    FROM ranked r
    CROSS JOIN LATERAL progress_records_earned(
        r.reps, r.weight_kg, r.best_weight_before, r.best_e1rm_before, r.best_reps_before,
        r.kind, r.duration_seconds, r.best_duration_before, r.distance_m, r.best_distance_before, r.best_pace_before
    ) AS earned
    -- A set's record still filed under the exercise's former name (a renamed exercise takes its
    -- sets along) moves to the name the set has now.
    ON CONFLICT (workout_set_id, kind) DO UPDATE SET
        user_id = EXCLUDED.user_id, exercise = EXCLUDED.exercise, weight_kg = EXCLUDED.weight_kg,
        reps = EXCLUDED.reps, value = EXCLUDED.value, date = EXCLUDED.date;
    UPDATE exercise_stats SET records_lag = 0
    WHERE user_id = p_user AND exercise = p_exercise AND records_lag IS DISTINCT FROM 0;
END
$function$;

REVOKE ALL ON FUNCTION public.progress_records_derive(p_user uuid, p_exercise text, p_since date) FROM PUBLIC;
