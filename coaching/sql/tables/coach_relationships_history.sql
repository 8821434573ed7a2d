-- Row-level security on coach_relationships_history: as the relationships, both sides and staff.
-- Append-only outside the privileged context (restrictive policies on UPDATE and DELETE).
ALTER TABLE public.coach_relationships_history ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.coach_relationships_history FORCE ROW LEVEL SECURITY;

CREATE POLICY coach_relationships_history_access ON public.coach_relationships_history FOR ALL
    USING (
        coach_id = (SELECT app_user_id()) OR member_id = (SELECT app_user_id()) OR (SELECT app_privileged())
    )
    WITH CHECK (
        coach_id = (SELECT app_user_id()) OR member_id = (SELECT app_user_id()) OR (SELECT app_privileged())
    );

CREATE POLICY coach_relationships_history_append_only_delete ON public.coach_relationships_history AS RESTRICTIVE FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY coach_relationships_history_append_only_update ON public.coach_relationships_history AS RESTRICTIVE FOR UPDATE
    USING ((SELECT app_privileged()));
