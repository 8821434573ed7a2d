-- Row-level security on exercise_aliases (the library's other names): everyone reads them; staff
-- curate them. Not forced: the rows are no member's data, and the owner (migrations) loads them.
ALTER TABLE public.exercise_aliases ENABLE ROW LEVEL SECURITY;

CREATE POLICY exercise_aliases_curated ON public.exercise_aliases FOR ALL
    USING ((SELECT app_privileged()))
    WITH CHECK ((SELECT app_privileged()));

CREATE POLICY exercise_aliases_read ON public.exercise_aliases FOR SELECT
    USING (true);
