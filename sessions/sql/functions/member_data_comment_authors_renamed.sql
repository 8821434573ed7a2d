CREATE OR REPLACE FUNCTION public.member_data_comment_authors_renamed()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'public', 'pg_temp'
 SET "app.system" TO 'member_data_versions'
 SET plan_cache_mode TO 'force_custom_plan'
AS $function$
BEGIN
    PERFORM member_data_touch(ARRAY(
        SELECT s.user_id
        FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.username IS DISTINCT FROM n.username
        JOIN session_comments c ON c.author_id = n.id
        JOIN workout_sessions s ON s.id = c.workout_session_id
    ));
    RETURN NULL;
END
$function$;

CREATE OR REPLACE TRIGGER member_data_comment_authors_renamed AFTER UPDATE ON public.users REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION member_data_comment_authors_renamed();
