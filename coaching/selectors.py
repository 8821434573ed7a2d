"""Reads for coaches and their members. A coach's reads of a member's data go through
row-level security too: they return rows only while the relationship is current."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery

from accounts import reach
from accounts.models import User
from coaching.models import CoachInvite, CoachRelationship
from sessions.models import WorkoutSession, WorkoutSet


def is_coach(user: User) -> bool:
    known = getattr(user, "is_coach", None)  # read with the signed-in user (accounts.backends)
    return bool(known) if known is not None else user.groups.filter(name="coach").exists()


def members_overview(*, coach: User, week_start: datetime.date) -> QuerySet[User]:
    """The coach's current members with their last session date and this week's sessions and
    sets: one query whatever the number of members (correlated sub-queries, no N+1)."""
    sessions = WorkoutSession.objects.filter(user=OuterRef("pk"))
    return (
        reach.members(coach)
        .annotate(
            last_session=Subquery(sessions.order_by("-date").values("date")[:1]),
            week_sessions=Subquery(
                sessions.filter(date__gte=week_start).order_by().values("user").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            week_sets=Subquery(
                WorkoutSet.objects.filter(
                    session__user=OuterRef("pk"),
                    session__deleted_at__isnull=True,
                    session__date__gte=week_start,
                    completed_at__isnull=False,
                )
                .order_by()
                .values("session__user")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
        )
        .order_by("username")
    )


def open_invites(*, coach: User, now: datetime.datetime) -> QuerySet[CoachInvite]:
    return CoachInvite.objects.filter(coach=coach, accepted_at__isnull=True, expires_at__gt=now)


def relationships_of_member(*, member: User) -> QuerySet[CoachRelationship]:
    return CoachRelationship.objects.current().of_member(member).select_related("coach")
