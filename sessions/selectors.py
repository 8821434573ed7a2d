"""Reads on sessions, always scoped to one member."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.equipment import Equipment
from accounts.models import User
from gymtracker.replica import reading_connection
from plans import supersets
from plans.models import WorkoutPlan
from plans.selectors import recent_performances, window_of
from plans.training import LoggedSet, Suggestion, suggest
from sessions.models import EXTRA_EXERCISES_PLAN, SetType, WorkoutSession, WorkoutSet


def sessions_of(user: User) -> QuerySet[WorkoutSession]:
    """The member's live sessions, newest first (read from the partial index
    workout_sessions_recent_live), with their plans; `with_totals` adds the totals to a page."""
    return WorkoutSession.objects.for_user(user).select_related("plan").order_by("-date", "-created_at")


def deleted_sessions(user: User) -> QuerySet[WorkoutSession]:
    """The member's sessions in the trash, most recently deleted first, with their plans (a
    deleted plan's name too); `with_totals` adds the totals to a page."""
    deleted = WorkoutSession.all_objects.for_user(user).deleted()
    return deleted.select_related("plan").order_by("-deleted_at", "-date", "pk")


# The shown sessions' live sets added up per session (workouts_session_totals, the database's
# one definition of a session's totals): one GROUP BY over a page's sessions (20 on a page, 5 at
# home) costs a millisecond whatever the member's history.
SESSION_TOTALS = "SELECT * FROM workouts_session_totals(%s::uuid[])"


def with_totals(sessions: Iterable[WorkoutSession]) -> list[WorkoutSession]:
    """The given sessions, each with its set counts, reps and tonnage (SESSION_TOTALS), in one
    query."""
    sessions = list(sessions)
    totals: dict[Any, tuple[Any, ...]] = {}
    if sessions:
        with reading_connection().cursor() as cursor:
            cursor.execute(SESSION_TOTALS, [[s.pk for s in sessions]])
            totals = {row[0]: row[1:] for row in cursor.fetchall()}
    for session in sessions:
        planned, done, reps, tonnage = totals.get(session.pk, (0, 0, None, None))
        session.planned_sets = planned  # type: ignore[attr-defined]
        session.done_sets = done  # type: ignore[attr-defined]
        session.total_reps = reps or 0  # type: ignore[attr-defined]
        session.tonnage = tonnage or Decimal(0)  # type: ignore[attr-defined]
    return sessions


# The kinds of personal record a set holds, as an aggregate over its records, in their order: what
# the session page marks. The records are progress's, kept by the database
# (`progress.models.PersonalRecord`). Sessions sits below progress, so it reads them through the
# relation that model declares on WorkoutSet (`records`); the page names them with progress's
# template filter `record_names`. Only a set that counts holds records (logged, not removed, in a
# live session: progress_set_counts), so a live session's live sets need no other condition.
RECORD_KINDS = ArrayAgg("records__kind", filter=Q(records__isnull=False), order_by="records__kind", default=[])


def record_kinds(user: User, set_ids: Iterable[Any]) -> dict[UUID, list[str]]:
    """{set id: [the kinds of personal record it holds]} for those of the member's given sets that
    count (logged, not removed, in a live session) and hold any, in one query."""
    rows = (
        WorkoutSet.objects.for_user(user)
        # One filter() call, so that the kinds aggregated are those of the join it makes.
        .filter(
            pk__in=list(set_ids),
            completed_at__isnull=False,
            session__deleted_at__isnull=True,
            records__isnull=False,
        )
        .annotate(kinds=RECORD_KINDS)
        .values_list("pk", "kinds")
    )
    return dict(rows)


@dataclass(frozen=True)
class CoachComment:
    """A coach's comment on one of the member's sessions, as the pages show it.

    The comments are coaching's (`coaching.models.SessionComment`, written by its services).
    Sessions sits below coaching, so it reads them as it would a table: through the relation
    that model declares on WorkoutSession (`comments`), starting from the member's sessions."""

    pk: UUID
    author: str  # the coach's username
    body: str
    created_at: datetime.datetime
    session_id: UUID
    session_date: datetime.date


def _comments(
    sessions: QuerySet[WorkoutSession], *, unread: bool = False, newest_first: bool = False, limit: int | None = None
) -> list[CoachComment]:
    """The comments on `sessions` (only those the member has not marked as read, if asked),
    oldest first unless asked: one query."""
    # One filter() call, so that both conditions are on the same (inner) join of the comments.
    only = {"comments__read_at__isnull": True} if unread else {}
    rows = (
        sessions.filter(comments__isnull=False, **only)
        .order_by("-comments__created_at" if newest_first else "comments__created_at")
        .values_list(  # in CoachComment's order
            "comments__id", "comments__author__username", "comments__body", "comments__created_at", "id", "date"
        )
    )
    return [CoachComment(*row) for row in (rows[:limit] if limit is not None else rows)]


def session_for_logging(user: User, pk: Any) -> WorkoutSession:
    """One session with its live sets (and their exercises, and the kinds of record each holds:
    `record_kinds`) loaded, its coach's comments (`coach_comments`) and the totals that
    with_totals gives, or DoesNotExist."""
    sets = (
        WorkoutSet.objects.select_related("template")
        .annotate(record_kinds=RECORD_KINDS)
        .order_by("position", "created_at")
    )
    # Whether a coach commented, asked with the session: most sessions have no comment, and then
    # the comments' own query is not sent (about 0.7 ms of a page). The comments' model is
    # coaching's, reached through the relation it declares on WorkoutSession.
    comments = WorkoutSession.comments.rel.related_model._default_manager
    commented = Exists(comments.filter(session=OuterRef("pk")))
    session = (
        WorkoutSession.objects.for_user(user)
        .select_related("plan")
        .annotate(commented=commented)
        .prefetch_related(Prefetch("sets", queryset=sets, to_attr="live_sets"))
        .get(pk=pk)
    )
    session.coach_comments = (  # type: ignore[attr-defined]
        _comments(WorkoutSession.objects.filter(pk=session.pk)) if session.commented else []
    )
    # Every live set is loaded already: adding them up here costs less than building and planning
    # the totals query of with_totals. The sums are workouts_session_totals' (volume: the rule
    # progress_set_volume), which sessions/tests/test_session_detail.py holds them to.
    done = [s for s in session.live_sets if s.completed_at is not None]
    working = [s for s in done if s.set_type != SetType.WARMUP]  # progress_set_working
    session.planned_sets = len(session.live_sets)  # type: ignore[attr-defined]
    session.done_sets = len(done)  # type: ignore[attr-defined]
    session.total_reps = sum(s.actual_reps for s in working)  # type: ignore[attr-defined]
    session.tonnage = sum(  # type: ignore[attr-defined]
        (s.actual_reps * s.weight_kg for s in working if s.weight_kg is not None), Decimal(0)
    )
    return session


@dataclass(frozen=True)
class SupersetPlace:
    """An exercise's place in a superset of the session (plans.supersets)."""

    letter: str  # the superset's: A, B, …
    label: str  # the exercise's: A1, A2, …
    first: bool
    last: bool


@dataclass
class ExerciseBlock:
    """An exercise of the session and its sets, in the order first met, with what was done last
    time (the sets of the member's latest earlier session with it) and what to try now, and its
    place in a superset if it is done in one."""

    template: Any
    sets: list[WorkoutSet] = field(default_factory=list)
    previous: list[LoggedSet] = field(default_factory=list)
    suggestion: Suggestion | None = None
    superset: SupersetPlace | None = None


def _superset_of(block: ExerciseBlock) -> tuple[Any, int] | None:
    # By plan too: an exercise added to the session from another plan ("Extra exercises") is
    # never part of a superset of this one.
    template = block.template
    return None if template.superset is None else (template.plan_id, template.superset)


def exercise_blocks(session: WorkoutSession, equipment: Equipment) -> list[ExerciseBlock]:
    """The session's exercises with their sets, last time and suggestion: the earlier sessions
    are one query (plans.selectors.recent_performances) whatever the history's length."""
    blocks: dict[Any, ExerciseBlock] = {}
    for workout_set in session.live_sets:  # type: ignore[attr-defined]
        block = blocks.setdefault(workout_set.template_id, ExerciseBlock(template=workout_set.template))
        block.sets.append(workout_set)
    templates = [block.template for block in blocks.values()]
    history = recent_performances(session, {t.exercise_name for t in templates}, window=window_of(templates))
    for block in blocks.values():
        earlier = history.get(block.template.exercise_name.lower(), [])
        block.previous = list(earlier[0]) if earlier else []
        block.suggestion = suggest(block.template.rule, earlier, equipment)
    for group in supersets.grouped(blocks.values(), key=_superset_of):
        last = len(group.members) - 1
        for index, (block, label) in enumerate(group.labelled):
            if group.letter:
                block.superset = SupersetPlace(group.letter, label, first=index == 0, last=index == last)
    return list(blocks.values())


@dataclass(frozen=True)
class SetFlow:
    """The order the session's sets are done in: exercise after exercise, and a superset's round
    by round (plans.supersets.rounds), which is how session_start numbered them. `straight_on`:
    the sets followed at once by the next exercise of their round, with no rest between."""

    order: list[WorkoutSet]
    straight_on: set[UUID]

    @property
    def upcoming(self) -> WorkoutSet | None:
        """The first set still to do."""
        return next((s for s in self.order if s.completed_at is None), None)


def set_flow(blocks: list[ExerciseBlock]) -> SetFlow:
    order: list[WorkoutSet] = []
    straight_on: set[UUID] = set()
    in_supersets = supersets.grouped(blocks, key=lambda block: block.superset.letter if block.superset else None)
    for group in in_supersets:
        for round_ in supersets.rounds([block.sets for block in group.members]):
            order.extend(round_)
            straight_on.update(workout_set.pk for workout_set in round_[:-1])
    return SetFlow(order, straight_on)


@dataclass
class Today:
    """What the home page answers: what to do today, and what was done lately."""

    in_progress: WorkoutSession | None
    next_plan: Any
    plans: list[Any]
    recent: list[WorkoutSession]
    unread_comments: list[CoachComment] = field(default_factory=list)  # the coach's, newest first


def today_for(user: User, *, today: Any, recent: int = 5, comments: int = 5) -> Today:
    sessions = with_totals(sessions_of(user)[:recent])
    plans = list(WorkoutPlan.objects.for_user(user).exclude(name=EXTRA_EXERCISES_PLAN).order_by("created_at", "name"))
    in_progress = next((s for s in sessions if s.date == today and s.finished_at is None), None)
    # Plans are done in turn: the one after the plan of the latest session, else the first.
    last_plan_id = next((s.plan_id for s in sessions if s.plan_id), None)
    ids = [p.pk for p in plans]
    next_plan = None
    if plans:
        next_plan = plans[(ids.index(last_plan_id) + 1) % len(plans)] if last_plan_id in ids else plans[0]
    unread = _comments(WorkoutSession.objects.for_user(user), unread=True, newest_first=True, limit=comments)
    return Today(
        in_progress=in_progress,
        next_plan=next_plan,
        plans=plans,
        recent=sessions,
        unread_comments=unread,
    )
