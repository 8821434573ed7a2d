-- Row-level security on coach_relationships: both sides and staff see a relationship. Only the
-- privileged context starts one: accepting a real invite (which only the server reads, in its
-- 'coach_invite' context) or staff assigning it; a member's own context inserts nothing. Either
-- side may end a current relationship, and that is all: the policy reaches only current rows (an
-- ended one is never re-opened) and lets through only rows that end up ended; the trigger
-- coach_relationships_keep_parties keeps the rest of the row as it was. Only staff delete one.
ALTER TABLE public.coach_relationships ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.coach_relationships FORCE ROW LEVEL SECURITY;

CREATE POLICY coach_relationships_delete ON public.coach_relationships FOR DELETE
    USING ((SELECT app_privileged()));

CREATE POLICY coach_relationships_end ON public.coach_relationships FOR UPDATE
    USING (
        ((coach_id = (SELECT app_user_id()) OR member_id = (SELECT app_user_id())) AND ended_at IS NULL)
        OR (SELECT app_privileged())
    )
    WITH CHECK (
        ((coach_id = (SELECT app_user_id()) OR member_id = (SELECT app_user_id())) AND ended_at IS NOT NULL)
        OR (SELECT app_privileged())
    );

CREATE POLICY coach_relationships_read ON public.coach_relationships FOR SELECT
    USING (coach_id = (SELECT app_user_id()) OR member_id = (SELECT app_user_id()) OR (SELECT app_privileged()));

CREATE POLICY coach_relationships_start ON public.coach_relationships FOR INSERT
    WITH CHECK ((SELECT app_privileged()));
