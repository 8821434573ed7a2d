"""Writes of coaching: invites, the relationship, comments, plans assigned to members."""

import datetime
from uuid import UUID

from django.db import IntegrityError, connection, transaction
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


UNUSABLE_INVITE = "This invite does not work: it may have expired or been used. Ask your coach for a new one."


@transaction.atomic
def invite_accept(*, member: User, code: str) -> CoachRelationship:
    """Start coaching by a coach's invite, which only one member can ever use.

    The invite is claimed by one conditional UPDATE before anything else: of two members
    accepting it at once, PostgreSQL lets one claim it and makes the other wait, then finds it
    taken. The same member accepting twice at once (a double click) gets the first's answer.
    """
    now = timezone.now()
    with rls.system_context("coach_invite"):
        invite = CoachInvite.objects.select_related("coach").filter(code=code).first()
        if invite is None or invite.expires_at <= now:
            raise CoachingError(UNUSABLE_INVITE)
        if invite.coach_id == member.pk:
            raise CoachingError("You cannot coach yourself.")
        claimed = CoachInvite.objects.filter(pk=invite.pk, accepted_at__isnull=True, expires_at__gt=now).update(
            accepted_by=member, accepted_at=now
        )
        current = CoachRelationship.objects.current().filter(coach=invite.coach, member=member).first()
        if not claimed:
            accepted_by = CoachInvite.objects.filter(pk=invite.pk).values_list("accepted_by", flat=True).first()
            if accepted_by == member.pk and current is not None:
                return current  # this member's own earlier click claimed it
            raise CoachingError(UNUSABLE_INVITE)
        if current is not None:
            raise CoachingError(f"{invite.coach.username} already coaches you.")
        try:
            with transaction.atomic():
                return CoachRelationship.objects.create(coach=invite.coach, member=member)
        except IntegrityError:
            # Another invite of the same coach, accepted by this member at the same moment:
            # coach_relationships_one_current keeps one, and this claim is undone with the error.
            raise CoachingError(f"{invite.coach.username} already coaches you.") from None


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
    session_comment_read, in coaching/sql/functions/, checks the comment is on one of their
    sessions). False when it is not one of theirs. Marking it again changes nothing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_comment_read(%s)", [comment_id])
        (mine,) = cursor.fetchone()
    return bool(mine)
