ALTER TABLE public.workout_sets_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.workout_sets_history FORCE ROW LEVEL SECURITY;

CREATE POLICY workout_sets_history_access ON public.workout_sets_history
    USING (((EXISTS ( SELECT 1
   FROM workout_sessions s
  WHERE ((s.id = workout_sets_history.workout_session_id) AND (s.user_id = ( SELECT app_user_id() AS app_user_id))))) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((EXISTS ( SELECT 1
   FROM workout_sessions s
  WHERE ((s.id = workout_sets_history.workout_session_id) AND (s.user_id = ( SELECT app_user_id() AS app_user_id))))) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY workout_sets_history_append_only_delete ON public.workout_sets_history AS RESTRICTIVE FOR DELETE
    USING (( SELECT app_privileged() AS app_privileged));

CREATE POLICY workout_sets_history_append_only_update ON public.workout_sets_history AS RESTRICTIVE FOR UPDATE
    USING (( SELECT app_privileged() AS app_privileged));
