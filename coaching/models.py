from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gymtracker.db import TimestampedModel, created_at_field, uuid_primary_key

if TYPE_CHECKING:
    from accounts.models import User


class CoachRelationshipQuerySet(models.QuerySet):
    def current(self) -> Self:
        return self.filter(ended_at__isnull=True)

    def of_member(self, member: User) -> Self:
        return self.filter(member=member)


class CoachRelationship(TimestampedModel):
    """A coach coaching a member, from `started_at` until `ended_at` (open while current).

    Consented: it starts when the member accepts the coach's invite (or staff assign it), and
    either side or staff can end it. While it is current, row-level security lets the coach
    read the member's sessions and write their plans; from the moment it ends, nothing.
    """

    id = uuid_primary_key()
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coachings")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coached_by")
    started_at = created_at_field()
    ended_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(table_name="coach_relationships_history")
    objects = CoachRelationshipQuerySet.as_manager()

    class Meta:
        db_table = "coach_relationships"
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coach", "member"],
                condition=models.Q(ended_at__isnull=True),
                name="coach_relationships_one_current",
                violation_error_message="This coach already coaches this member.",
            ),
            models.CheckConstraint(condition=~models.Q(coach=models.F("member")), name="coach_relationships_not_self"),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at")),
                name="coach_relationships_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["coach"], condition=models.Q(ended_at__isnull=True), name="coach_rel_current_coach"),
            models.Index(fields=["member"], condition=models.Q(ended_at__isnull=True), name="coach_rel_current_member"),
        ]

    def __str__(self) -> str:
        state = "current" if self.ended_at is None else f"ended {self.ended_at:%Y-%m-%d}"
        return f"{self.coach} coaches {self.member} ({state})"


def new_invite_code() -> str:
    return secrets.token_urlsafe(12)


class CoachInvite(models.Model):
    """A code a coach hands to a member (as a link); the member accepts it to start coaching."""

    id = uuid_primary_key()
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_invites")
    code = models.TextField(unique=True, default=new_invite_code, editable=False)
    created_at = created_at_field()
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "coach_invites"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")), name="coach_invites_expire_later"
            ),
        ]

    def __str__(self) -> str:
        return f"Invite from {self.coach} ({self.code})"


class SessionComment(models.Model):
    """A coach's comment on one of their member's sessions; the member reads it there, and is
    told of it on their start page until they mark it as read (`read_at`)."""

    id = uuid_primary_key()
    session = models.ForeignKey(
        "workouts.WorkoutSession", on_delete=models.CASCADE, db_column="workout_session_id", related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_comments")
    body = models.TextField()
    created_at = created_at_field()
    # Set by the member only, through session_comment_read() (coaching/sql/functions/), never by a form.
    read_at = models.DateTimeField(null=True, blank=True, editable=False, help_text="When the member marked it read.")

    # Whether the member has read it is not part of what the coach wrote: no history row for it.
    history = HistoricalRecords(table_name="session_comments_history", excluded_fields=["read_at"])

    class Meta:
        db_table = "session_comments"
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(body__regex=r"^\s*$"), name="session_comments_not_blank"),
        ]
        indexes = [
            models.Index(fields=["session", "created_at"], name="session_comments_by_session"),
            # The unread ones, for the member's start page: few, whatever the history.
            models.Index(fields=["session"], condition=models.Q(read_at__isnull=True), name="session_comments_unread"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.session}: {self.body[:40]}"
