"""The coaching services as requests call them: each in the context of the person signed in
(gymtracker.rls), where PostgreSQL's row-level security, not the tests' privileged context,
decides what they reach."""

import datetime

import pytest
from django.db import DatabaseError, transaction

from coaching.models import CoachRelationship, SessionComment
from coaching.services import (
    CoachingError,
    comment_add,
    comment_read,
    invite_accept,
    invite_create,
    plan_assign,
    relationship_end,
)
from gymtracker import rls
from plans.models import WorkoutPlan
from plans.services import ExerciseSpec, plan_create
from sessions.services import session_start
from sessions.tests.helpers import make_plan

pytestmark = pytest.mark.django_db


def library_plan(coach):
    with rls.user_context(coach):
        return plan_create(user=coach, name="5x5 basics", exercises=[ExerciseSpec("Squat (Barbell)", 5, 5)])


def test_coaching_from_invite_to_end_each_step_in_its_persons_context(member, coach):
    with rls.user_context(coach):
        invite = invite_create(coach=coach)
    with rls.user_context(member):
        relationship = invite_accept(member=member, code=invite.code)
        session = session_start(user=member, plan=make_plan(member), date=datetime.date(2026, 11, 20))
    library = library_plan(coach)
    with rls.user_context(coach):
        comment = comment_add(session=session, author=coach, body="Brace harder.")
        copy = plan_assign(plan=library, member=member)
    with rls.user_context(member):
        assert comment_read(comment_id=comment.pk) is True
        assert [t.exercise_name for t in copy.templates.all()] == ["Squat (Barbell)"]
        relationship_end(relationship=relationship)

    assert (copy.user, copy.created_by) == (member, coach)
    assert SessionComment.objects.get().read_at is not None
    assert not CoachRelationship.objects.current().exists()
    # From the end on, the coach's context reaches nothing of the member's.
    with rls.user_context(coach):
        assert not WorkoutPlan.objects.filter(user=member).exists()


def test_the_services_reach_no_further_than_the_relationship(member, coach, other_coach, other_member, relationship):
    session = session_start(user=member, plan=make_plan(member), date=datetime.date(2026, 11, 20))
    comment = comment_add(session=session, author=coach, body="Brace harder.")
    theirs = library_plan(other_coach)
    with rls.user_context(member), pytest.raises(CoachingError, match="Only coaches"):
        invite_create(coach=member)
    with rls.user_context(other_coach):
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            comment_add(session=session, author=other_coach, body="Not my member.")
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            plan_assign(plan=theirs, member=member)
    with rls.user_context(other_member):
        assert comment_read(comment_id=comment.pk) is False
        with pytest.raises(DatabaseError, match="did not affect any rows"), transaction.atomic():
            relationship_end(relationship=relationship)

    assert list(SessionComment.objects.values_list("body", "read_at")) == [("Brace harder.", None)]
    assert not WorkoutPlan.objects.filter(user=member, name="5x5 basics").exists()
    assert CoachRelationship.objects.current().get() == relationship
