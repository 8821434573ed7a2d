"""Reads of plans beyond a QuerySet method. Every one is scoped to the member asking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from plans.models import WorkoutPlan, WorkoutTemplate

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
