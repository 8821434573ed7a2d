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
