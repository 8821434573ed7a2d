ALTER TABLE public.coach_relationships ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.coach_relationships FORCE ROW LEVEL SECURITY;

CREATE POLICY coach_relationships_delete ON public.coach_relationships FOR DELETE
    USING (( SELECT app_privileged() AS app_privileged));

CREATE POLICY coach_relationships_end ON public.coach_relationships FOR UPDATE
    USING (((((coach_id = ( SELECT app_user_id() AS app_user_id)) OR (member_id = ( SELECT app_user_id() AS app_user_id))) AND (ended_at IS NULL)) OR ( SELECT app_privileged() AS app_privileged)))
    WITH CHECK (((((coach_id = ( SELECT app_user_id() AS app_user_id)) OR (member_id = ( SELECT app_user_id() AS app_user_id))) AND (ended_at IS NOT NULL)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY coach_relationships_read ON public.coach_relationships FOR SELECT
    USING (((coach_id = ( SELECT app_user_id() AS app_user_id)) OR (member_id = ( SELECT app_user_id() AS app_user_id)) OR ( SELECT app_privileged() AS app_privileged)));

CREATE POLICY coach_relationships_start ON public.coach_relationships FOR INSERT
    WITH CHECK (( SELECT app_privileged() AS app_privileged));
