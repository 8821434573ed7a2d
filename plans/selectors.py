"""Reads of plans beyond a QuerySet method. Every one is scoped to the member asking."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from gymtracker.replica import reading_connection
from plans.models import Exercise, WorkoutPlan, WorkoutTemplate
from plans.training import LoggedSet, Progression

if TYPE_CHECKING:
    from accounts.models import User

LIVE_EXERCISES = Q(templates__deleted_at__isnull=True)


def exercises_of(plan: WorkoutPlan) -> QuerySet[WorkoutTemplate]:
    """A plan's live exercises in their order."""
    return WorkoutTemplate.objects.filter(plan=plan).order_by("position", "created_at")


def _with_exercise_count(plans: QuerySet[WorkoutPlan]) -> QuerySet[WorkoutPlan]:
    return plans.annotate(exercise_count=Count("templates", filter=LIVE_EXERCISES))


def plans_for_list(*, user: User) -> QuerySet[WorkoutPlan]:
    """The member's live plans with `exercise_count`, counted in SQL, by name, each with its writer
    (`created_by`: None where it is nobody the reader may see, such as a former coach)."""
    plans = WorkoutPlan.objects.for_user(user).select_related("created_by")
    return _with_exercise_count(plans).order_by("name", "created_at", "pk")


def plans_with_exercises(*, user: User) -> QuerySet[WorkoutPlan]:
    """The live plans `user` manages (their own, and their members' for a coach), each with its
    live exercises in order as `plan.exercises`, and its member as `plan.user`."""
    return (
        WorkoutPlan.objects.managed_by(user)
        .select_related("user", "created_by")
        .prefetch_related(
            Prefetch(
                "templates",
                queryset=WorkoutTemplate.objects.order_by("position", "created_at"),
                to_attr="exercises",
            )
        )
    )


def deleted_plans(*, user: User) -> QuerySet[WorkoutPlan]:
    """The member's plans in the trash, most recently deleted first, with `exercise_count`."""
    return _with_exercise_count(WorkoutPlan.all_objects.for_user(user).deleted()).order_by("-deleted_at", "pk")


# For each exercise name: the member's exercises of that name in any of their plans (a handful of
# rows from the plans' user index; the sets policy only lets a member's sets name their own plans'
# exercises), then the member's latest `window` sessions before this one with a logged set of one
# of them (newest first from the partial index workout_sessions_recent_live, each probed through
# the (session, template) index, stopping at the window), then those sessions' sets of them.
# Matching the sets by template id rather than by joining on lower(exercise_name) keeps PostgreSQL
# from reading every set of the exercise in the member's whole history first: 0.4 ms instead of
# 15-25 ms at the large benchmark size. "Before" is by date, then by when the session was started,
# so a session logged later for an earlier day reads only what came before it. Warm-ups are left
# out (progress_set_working): progression goes by the work sets. The session page
# reads its "last time" (the newest) and its suggestion (all of the window) from this one query.
RECENT_PERFORMANCES = """
WITH exercises AS (
    SELECT lower(t.exercise_name) AS name, array_agg(t.id) AS template_ids
    FROM workout_plans p JOIN workout_templates t ON t.workout_plan_id = p.id
    WHERE p.user_id = %(user)s AND lower(t.exercise_name) = ANY(%(names)s::text[])
    GROUP BY 1
)
SELECT e.name, s.id AS session_id, s.date, ws.actual_reps, ws.weight_kg, ws.target_reps,
       ws.kind, ws.added_kg, ws.duration_seconds, ws.distance_m
FROM exercises e
CROSS JOIN LATERAL (
    SELECT s.id, s.date, s.created_at FROM workout_sessions s
    WHERE s.user_id = %(user)s AND s.deleted_at IS NULL AND s.id <> %(session)s
      AND s.date <= %(date)s AND (s.date, s.created_at) < (%(date)s, %(created_at)s)
      AND EXISTS (
        SELECT 1 FROM workout_sets ws
        WHERE ws.workout_session_id = s.id AND ws.workout_template_id = ANY(e.template_ids)
          AND progress_set_working(ws))
    ORDER BY s.date DESC, s.created_at DESC
    LIMIT %(window)s
) s
JOIN workout_sets ws ON ws.workout_session_id = s.id AND ws.workout_template_id = ANY(e.template_ids)
    AND progress_set_working(ws)
ORDER BY e.name, s.date DESC, s.created_at DESC, s.id, ws.position, ws.created_at
"""


def recent_performances(session: Any, exercise_names: set[str], *, window: int) -> dict[str, list[list[LoggedSet]]]:
    """For each exercise name (lower case), the completed sets of each of the member's latest
    `window` sessions before `session` that had it, newest first: one query."""
    if not exercise_names:
        return {}
    params = {
        "names": sorted({name.lower() for name in exercise_names}),
        "user": session.user_id,
        "session": session.pk,
        "date": session.date,
        "created_at": session.created_at,
        "window": window,
    }
    found: dict[str, list[list[LoggedSet]]] = {}
    last: tuple[str, UUID] | None = None
    with reading_connection().cursor() as cursor:
        cursor.execute(RECENT_PERFORMANCES, params)
        for name, session_id, date, reps, weight_kg, target_reps, *done in cursor.fetchall():
            sessions = found.setdefault(name, [])
            if last != (name, session_id):
                sessions.append([])
                last = (name, session_id)
            kind, added_kg, duration_seconds, distance_m = done
            sessions[-1].append(
                LoggedSet(
                    reps=reps,
                    weight_kg=weight_kg,
                    target_reps=target_reps,
                    date=date,
                    kind=kind,
                    added_kg=added_kg,
                    duration_seconds=duration_seconds,
                    distance_m=distance_m,
                )
            )
    return found


def window_of(templates: Iterable[WorkoutTemplate]) -> int:
    """Earlier sessions the templates' rules read: enough for the longest deload count among
    them, one for every other rule."""
    return max(((t.deload_after or 1) if t.progression != Progression.NONE else 1 for t in templates), default=1)


# Finding an exercise by a typed name (the library page and the pickers' suggestions). A name or
# an alias matches when its lower-cased text holds the query, or when pg_trgm finds them alike:
# the query within a word of the name (`<%`) or the whole strings (`%`, which forgives a typo in a
# short name: "benhc" finds "Bench"). An exercise counts by its best name. Ranked: the exercise
# the plan form would link the query to (the same key as exercise_resolve compares), then the
# member's own exercises and those in their plans or trained, most recently trained first (their
# exercise_stats, which the progress app keeps by lower-cased name, reached from the templates
# that name each exercise), then most recently planned, then names that start with the query,
# then the likest. Without a query: the member's first, then the rest by name.
#
# The page is clamped in SQL to the last one there is and every row carries the total, so a page,
# the count and a page number past the end cost this one query.
#
# Indexes, measured (EXPLAIN ANALYZE as the app role in a member's context; PostgreSQL 15; the 872
# library exercises and 546 aliases, 10 generated members with a year of sessions): row-level
# security keeps the trigram index on exercises out. LIKE, `%` and `<%` are not leakproof, so
# PostgreSQL may not test them before the table's policies, as an index condition would; with
# sequential scans disabled it still reads the rows and filters them. It reads only the library's
# rows and the member's own (a bitmap scan of exercises_owner_key), so other members' exercises
# cost nothing: with 18,000 of them added, 8.3-10.2 ms before and after. The trigram tests on the
# ~900 names the member may see take ~5 ms of that; a plain LIKE alone 0.45 ms. The aliases'
# policies come to `true` for a reader, so their trigram index is usable: 0.8 ms instead of
# 2.2-2.8 ms for a sequential scan, but at 546 rows the planner, pricing pg_trgm's operators at
# the default cost, scans. Neither is worth a workaround at this size (a SECURITY DEFINER lookup
# would tell a member how many other members' exercises match); revisit if the library grows
# tenfold.
EXERCISE_SEARCH = """
WITH mine AS MATERIALIZED (
    SELECT t.exercise_id AS id,
           max(t.updated_at) FILTER (WHERE p.deleted_at IS NULL AND t.deleted_at IS NULL) AS planned_at,
           max(st.last_performed) AS last_performed
    FROM workout_plans p
    JOIN workout_templates t ON t.workout_plan_id = p.id
    LEFT JOIN exercise_stats st ON st.user_id = p.user_id AND st.exercise = lower(t.exercise_name)
    WHERE p.user_id = %(user)s
    GROUP BY t.exercise_id
),
aliased AS MATERIALIZED (
    SELECT a.exercise_id AS id,
           bool_or(a.key = (SELECT exercise_name_key(%(text)s))) AS exact,
           bool_or(starts_with(lower(a.name), %(text)s)) AS prefix,
           max(word_similarity(%(text)s, lower(a.name))) AS word_likeness,
           max(similarity(%(text)s, lower(a.name))) AS likeness
    FROM exercise_aliases a
    WHERE %(text)s <> ''
      AND (lower(a.name) LIKE %(pattern)s OR %(text)s <%% lower(a.name) OR %(text)s %% lower(a.name))
    GROUP BY a.exercise_id
),
ranked AS (
    SELECT e.*, e.owner_id IS NOT NULL AS own,
           e.owner_id IS NOT NULL OR m.planned_at IS NOT NULL OR m.last_performed IS NOT NULL AS mine,
           m.last_performed,
           row_number() OVER (ORDER BY
               e.key = (SELECT exercise_name_key(%(text)s)) OR a.exact IS TRUE DESC,
               e.owner_id IS NOT NULL OR m.planned_at IS NOT NULL OR m.last_performed IS NOT NULL DESC,
               m.last_performed DESC NULLS LAST,
               m.planned_at DESC NULLS LAST,
               starts_with(lower(e.name), %(text)s) OR a.prefix IS TRUE DESC,
               greatest(word_similarity(%(text)s, lower(e.name)), a.word_likeness) DESC,
               greatest(similarity(%(text)s, lower(e.name)), a.likeness) DESC,
               lower(e.name), e.id
           ) AS position,
           count(*) OVER () AS total
    FROM exercises e
    LEFT JOIN aliased a ON a.id = e.id
    LEFT JOIN mine m ON m.id = e.id
    WHERE e.deleted_at IS NULL AND (e.owner_id IS NULL OR e.owner_id = %(user)s)
      AND (%(text)s = '' OR a.id IS NOT NULL OR lower(e.name) LIKE %(pattern)s
           OR %(text)s <%% lower(e.name) OR %(text)s %% lower(e.name))
      AND (%(muscle)s = '' OR %(muscle)s = ANY(e.primary_muscles))
      AND (%(equipment)s = '' OR e.equipment = %(equipment)s)
      AND (%(kind)s = '' OR e.kind = %(kind)s)
)
SELECT * FROM ranked
WHERE position > least(%(offset)s, (total - 1) / %(limit)s * %(limit)s)
ORDER BY position
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class ExerciseQuery:
    """What the member asked for: words of a name, and filters (empty: any)."""

    text: str = ""
    muscle: str = ""
    equipment: str = ""
    kind: str = ""


def _like_pattern(text: str) -> str:
    """`text` anywhere in a LIKE, its wildcards meant literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def exercise_search(*, user: User, query: ExerciseQuery, page: int = 1, per_page: int = 20) -> Page:
    """The exercises `user` may name (the library's and their own) that match `query`, best first,
    as the page `page` of `per_page` (the last page when there are fewer): one query. Each has
    `own` (the member's own exercise) and `mine` (their own, in their plans or trained)."""
    text = " ".join(query.text.split()).lower()
    params = {
        "user": user.pk,
        "text": text,
        "pattern": _like_pattern(text),
        "muscle": query.muscle,
        "equipment": query.equipment,
        "kind": query.kind,
        "limit": per_page,
        "offset": (max(page, 1) - 1) * per_page,
    }
    found = list(Exercise.objects.raw(EXERCISE_SEARCH, params))
    first: Any = found[0] if found else None  # with the query's own columns: total, position
    total = first.total if first else 0
    number = (first.position - 1) // per_page + 1 if first else 1
    # The paginator only counts (the rows are fetched above): a range of the total's length
    # gives it the count without holding anything.
    return Page(found, number, Paginator(range(total), per_page))


# The name's key (exercise_name_key) and what already goes by it for `owner`: a library exercise
# (by its name or an alias) or another of their own, the library first.
EXERCISE_NAME_CLASH = """
WITH typed AS (SELECT exercise_name_key(%(name)s::text) AS key)
SELECT typed.key, clash.name, clash.library
FROM typed
LEFT JOIN LATERAL (
    SELECT e.name, e.owner_id IS NULL AS library FROM exercises e
    WHERE e.key = typed.key AND e.deleted_at IS NULL AND (e.owner_id IS NULL OR e.owner_id = %(owner)s)
      AND e.id IS DISTINCT FROM %(exclude)s::uuid
    UNION ALL
    SELECT e.name, true FROM exercise_aliases a JOIN exercises e ON e.id = a.exercise_id
    WHERE a.key = typed.key AND e.owner_id IS NULL AND e.deleted_at IS NULL
    ORDER BY library DESC
    LIMIT 1
) clash ON true
"""


@dataclass(frozen=True)
class NameClash:
    """What a name for a member's own exercise meets: `key` is empty when the name has no letter
    or digit; `name` is the exercise that already goes by it, `library` whether that is the
    library's (else the member's own)."""

    key: str
    name: str | None
    library: bool


def exercise_name_clash(*, owner: User, name: str, exclude: UUID | None = None) -> NameClash:
    """What `name` would clash with among the exercises `owner` may name, leaving out `exclude`
    (the exercise being renamed): one query."""
    with reading_connection().cursor() as cursor:
        cursor.execute(EXERCISE_NAME_CLASH, {"name": name, "owner": owner.pk, "exclude": exclude})
        key, clash, library = cursor.fetchone()
    return NameClash(key=key, name=clash, library=bool(library))
