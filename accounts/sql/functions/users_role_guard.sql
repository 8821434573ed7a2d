-- is_staff and is_superuser change (or start out true) only in the privileged context (staff or a
-- server job), so a view with a bug cannot make a member staff. A trigger rather than column
-- privileges, because staff work through the same database role as members, so a privilege on the
-- column would bind them too; and rather than a policy, because a policy cannot see the old value.
-- Saving a whole row with the flags unchanged (a sign-in's last_login, the profile form) passes.
CREATE OR REPLACE FUNCTION public.users_role_guard()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
BEGIN
    IF public.app_privileged() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' AND (NEW.is_staff OR NEW.is_superuser) THEN
        RAISE EXCEPTION 'only staff or the server may make a staff or superuser account'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND (NEW.is_staff IS DISTINCT FROM OLD.is_staff
                             OR NEW.is_superuser IS DISTINCT FROM OLD.is_superuser) THEN
        RAISE EXCEPTION 'only staff or the server may change is_staff or is_superuser'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$function$;

CREATE OR REPLACE TRIGGER users_role_guard BEFORE INSERT OR UPDATE OF is_staff, is_superuser ON public.users FOR EACH ROW EXECUTE FUNCTION users_role_guard();
