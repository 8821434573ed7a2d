-- Row-level security on exercise_aliases_history: staff's curation of the aliases, for staff, and
-- append-only (as every history table; here the access is the privileged context's alone anyway).
-- Not forced: the table holds no member's data, and its owner (migrations) need not name a context.
ALTER TABLE public.exercise_aliases_history ENABLE ROW LEVEL SECURITY;

CREATE POLICY exercise_aliases_history_access ON public.exercise_aliases_history FOR ALL
    USING ((SELECT app_privileged()))
    WITH CHECK ((SELECT app_privileged()));

CREATE POLICY exercise_aliases_history_append_only_delete ON public.exercise_aliases_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY exercise_aliases_history_append_only_update ON public.exercise_aliases_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));
