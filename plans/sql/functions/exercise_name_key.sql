-- The name of an exercise as matching compares it: lower case, apostrophes dropped ("Farmer's");
-- split into words at every run of characters that are not letters or digits; plurals made
-- singular ("Crunches", "Presses", "Pull Ups", "Dips": a word ending in ches, shes, xes or sses
-- loses "es", another of three or more letters ending in a single "s" loses it); each word once,
-- in alphabetical order, joined with nothing between. So "Squat (Barbell)", "barbell squats" and
-- "Barbell Squat" are one key, as are "Pull-Up", "pull ups" and "Pullup". Names that differ in
-- more than that need an alias (exercise_aliases). The one rule of matching a typed or imported
-- name: exercise_resolve.
--
-- Plain SQL without a SET clause, inlined into its callers; it reads nothing but its argument.
CREATE OR REPLACE FUNCTION public.exercise_name_key(name text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE STRICT
AS $function$
    SELECT coalesce(string_agg(DISTINCT word, '' ORDER BY word), '')
    FROM (
        SELECT CASE
                   WHEN w ~ '(ch|sh|x|ss)es$' THEN left(w, -2)
                   WHEN length(w) > 2 AND w ~ '[^s]s$' THEN left(w, -1)
                   ELSE w
               END
        FROM pg_catalog.regexp_split_to_table(translate(lower(name), '''’', ''), '[^[:alnum:]]+') AS w
        WHERE w <> ''
    ) AS words(word)
$function$;
