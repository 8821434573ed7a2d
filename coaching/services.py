"""Writes of coaching: invites, the relationship, comments, plans assigned to members."""

import datetime
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from coaching.models import CoachInvite, CoachRelationship, SessionComment
from gymtracker import rls
from plans.models import WorkoutPlan
from plans.services import plan_duplicate
from sessions.models import WorkoutSession

INVITE_LIFETIME = datetime.timedelta(days=14)


class CoachingError(Exception):
    """Something the person asked for cannot be done; the message says why, for them."""


@transaction.atomic
def invite_create(*, coach: User) -> CoachInvite:
    if not coach.groups.filter(name="coach").exists():
        raise CoachingError("Only coaches can invite members.")
    return CoachInvite.objects.create(coach=coach, expires_at=timezone.now() + INVITE_LIFETIME)


def invite_find(*, code: str) -> CoachInvite | None:
    """An invite by its code, whoever asks (the member does not see the coach's invites)."""
    with rls.system_context("coach_invite"):
        return CoachInvite.objects.select_related("coach").filter(code=code).first()


@transaction.atomic
def invite_accept(*, member: User, code: str) -> CoachRelationship:
    invite = invite_find(code=code)
    now = timezone.now()
    if invite is None or invite.accepted_at is not None or invite.expires_at <= now:
        raise CoachingError(
            "This invite does not work: it may have expired or been used. Ask your coach for a new one."
        )
    if invite.coach_id == member.pk:
        raise CoachingError("You cannot coach yourself.")
    with rls.system_context("coach_invite"):
        if CoachRelationship.objects.current().filter(coach=invite.coach, member=member).exists():
            raise CoachingError(f"{invite.coach.username} already coaches you.")
        relationship = CoachRelationship.objects.create(coach=invite.coach, member=member)
        invite.accepted_by = member
        invite.accepted_at = now
        invite.save(update_fields=["accepted_by", "accepted_at"])
    return relationship


@transaction.atomic
def relationship_assign(*, coach: User, member: User) -> CoachRelationship:
    """Staff pairing a coach with a member (from the admin)."""
    return CoachRelationship.objects.create(coach=coach, member=member)


@transaction.atomic
def relationship_end(*, relationship: CoachRelationship) -> CoachRelationship:
    if relationship.ended_at is None:
        relationship.ended_at = timezone.now()
        relationship.save(update_fields=["ended_at", "updated_at"])
    return relationship


@transaction.atomic
def comment_add(*, session: WorkoutSession, author: User, body: str) -> SessionComment:
    return SessionComment.objects.create(session=session, author=author, body=body.strip())


@transaction.atomic
def plan_assign(*, plan: WorkoutPlan, member: User) -> WorkoutPlan:
    """A copy of one of the coach's own plans, for the member, under the same name, written by
    the coach (whose plan it is)."""
    return plan_duplicate(plan=plan, user=member, name=plan.name, created_by=plan.user)


def comment_read(*, comment_id: UUID) -> bool:
    """Mark a coach's comment as read by the member signed in (PostgreSQL knows who asks, and
    session_comment_read checks the comment is on one of their sessions: coaching 0003). False
    when it is not one of theirs. Marking it again changes nothing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_comment_read(%s)", [comment_id])
        (mine,) = cursor.fetchone()
    return bool(mine)
