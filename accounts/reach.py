"""Who may reach whom, for the pages: every member reaches their own plans and sessions; a coach
also reaches those of the members they coach now (from the member's acceptance of an invite, or
staff's pairing, until either side or staff ends it): reading their sessions and progress,
writing their plans. Staff reach everyone through the admin only.

Row-level security holds the same rule in the database (coaching migration 0002,
`app_coached_members()`), so a page that forgot to ask here would still see nothing. These
queries are how pages scope themselves, so that someone else's id is a 404 rather than an
empty page or a 403 that tells the id exists.

The relationship is coaching's (`coaching.models.CoachRelationship`); this module reads it
through the relations that model puts on User (`coachings`, `coached_by`), so plans, sessions
and coaching all ask here without an app importing one above it (see
gymtracker/tests/test_app_imports.py).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User


def member_ids(coach: User) -> QuerySet[Any]:
    """The ids of the coach's current members, as a sub-query."""
    return coach.coachings.current().values("member")


def members(coach: User) -> QuerySet[User]:
    """The coach's current members."""
    return User.objects.filter(coached_by__coach=coach, coached_by__ended_at__isnull=True)


def coached_member(*, coach: User, member_id: UUID | str) -> User:
    """One of the coach's current members, or 404 (a malformed id too)."""
    try:
        member_id = UUID(str(member_id))
    except ValueError:
        raise Http404("No such member.") from None
    member = members(coach).filter(pk=member_id).first()
    if member is None:
        raise Http404("No such member.")
    return member


def owned_by_or_coached(user: User, *, owner: str = "user") -> Q:
    """Rows (through their `owner` field) of `user` or of a member they coach now: what a coach
    may write for their members, as plans."""
    return Q(**{owner: user}) | Q(**{f"{owner}__in": member_ids(user)})
