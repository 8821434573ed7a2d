-- Row-level security on workout_sets: a member reaches the sets of their own sessions, staff and
-- server jobs all. A set a member writes must also name an exercise of their own plans: foreign
-- keys are checked as the owner, past the policies, so without this a member could hang a set on
-- someone else's plan. The privileged test comes first: PostgreSQL evaluates an OR's arms in the
-- order written, so staff and server jobs (the history generator writes millions of sets) skip the
-- per-row look-ups, while a member pays the same (app_privileged() is evaluated once per query).
-- A coach reads their current members' sets (a separate permissive policy) and writes none.
ALTER TABLE public.workout_sets ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_sets FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_sets_owner ON public.workout_sets FOR ALL
    USING (
        (SELECT app_privileged())
        OR EXISTS (
            SELECT 1 FROM workout_sessions s
            WHERE s.id = workout_sets.workout_session_id AND s.user_id = (SELECT app_user_id())
        )
    )
    WITH CHECK (
        (SELECT app_privileged())
        OR (
            EXISTS (
                SELECT 1 FROM workout_sessions s
                WHERE s.id = workout_sets.workout_session_id AND s.user_id = (SELECT app_user_id())
            )
            AND EXISTS (
                SELECT 1 FROM workout_templates t JOIN workout_plans p ON p.id = t.workout_plan_id
                WHERE t.id = workout_sets.workout_template_id AND p.user_id = (SELECT app_user_id())
            )
        )
    );

CREATE POLICY workout_sets_coach ON public.workout_sets FOR SELECT
    USING (EXISTS (
        SELECT 1 FROM workout_sessions s
        WHERE s.id = workout_sets.workout_session_id AND s.user_id IN (SELECT app_coached_members())
    ));
