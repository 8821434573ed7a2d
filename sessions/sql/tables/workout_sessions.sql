-- Row-level security on workout_sessions: a member reaches their own sessions, staff and server
-- jobs all. A session written by a member may only name one of that member's own plans (or none):
-- foreign keys are checked as the owner, past the policies, so without this a member could hang a
-- session on someone else's plan. A coach reads their current members' sessions (a separate
-- permissive policy, ORed with the member's own) and writes none.
ALTER TABLE public.workout_sessions ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_sessions FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_sessions_owner ON public.workout_sessions FOR ALL
    USING (user_id = (SELECT app_user_id()) OR (SELECT app_privileged()))
    WITH CHECK (
        (
            user_id = (SELECT app_user_id())
            AND (
                workout_plan_id IS NULL
                OR EXISTS (
                    SELECT 1 FROM workout_plans p
                    WHERE p.id = workout_sessions.workout_plan_id AND p.user_id = (SELECT app_user_id())
                )
            )
        )
        OR (SELECT app_privileged())
    );

CREATE POLICY workout_sessions_coach ON public.workout_sessions FOR SELECT
    USING (user_id IN (SELECT app_coached_members()));
