"""Two requests at once, on two connections of a real PostgreSQL: each race ends with exactly one
effect, and neither request is answered with a server error."""

import datetime
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models.signals import pre_save
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import User
from coaching.models import CoachInvite, CoachRelationship, SessionComment
from coaching.services import invite_accept, invite_create, relationship_end
from gymtracker import rls
from gymtracker.testing import at_once
from plans.models import WorkoutPlan, WorkoutTemplate
from plans.services import plan_soft_delete
from sessions.models import WorkoutSession
from sessions.services import session_soft_delete, session_start
from sessions.tests.helpers import make_plan

transactional = pytest.mark.django_db(transaction=True)


def twice(user: User, url: str, data: dict[str, str] | None = None) -> list[int]:
    return at_once(*[(user, lambda client: client.post(url, data or {}))] * 2)


def a_session(username):
    with rls.system_context("tests"):
        member = UserFactory(username=username)
        session = session_start(user=member, plan=make_plan(member), date=datetime.date(2026, 12, 1))
    return member, session


@transactional
def test_finishing_twice_at_once_finishes_once_without_an_error():
    member, session = a_session("alice")
    assert twice(member, reverse("sessions:finish", args=[session.pk])) == [302, 302]
    with rls.system_context("tests"):
        session.refresh_from_db()
        assert session.finished_at is not None
        assert session.history.filter(finished_at__isnull=False).count() == 1


@transactional
def test_deleting_a_session_twice_at_once_deletes_it_once():
    member, session = a_session("alice")
    assert twice(member, reverse("sessions:delete", args=[session.pk])) == [302, 302]
    with rls.system_context("tests"):
        assert WorkoutSession.all_objects.get(pk=session.pk).is_deleted
        assert session.history.filter(deleted_at__isnull=False).count() == 1


@transactional
def test_restoring_a_session_twice_at_once_restores_it_once():
    member, session = a_session("alice")
    with rls.system_context("tests"):
        session_soft_delete(session=session)
    assert twice(member, reverse("sessions:restore", args=[session.pk])) == [302, 302]
    with rls.system_context("tests"):
        assert not WorkoutSession.all_objects.get(pk=session.pk).is_deleted
        assert session.history.count() == 3  # created, deleted, restored once


@transactional
def test_deleting_a_plan_twice_at_once_deletes_it_once():
    with rls.system_context("tests"):
        member = UserFactory(username="alice")
        plan = make_plan(member)
    assert twice(member, reverse("plans:delete", args=[plan.pk])) == [302, 302]
    with rls.system_context("tests"):
        assert WorkoutPlan.all_objects.get(pk=plan.pk).is_deleted
        assert plan.history.filter(deleted_at__isnull=False).count() == 1


@transactional
def test_restoring_a_plan_twice_at_once_restores_it_once():
    with rls.system_context("tests"):
        member = UserFactory(username="alice")
        plan = make_plan(member)
        plan_soft_delete(plan=plan)
    assert twice(member, reverse("plans:restore", args=[plan.pk])) == [302, 302]
    with rls.system_context("tests"):
        assert not WorkoutPlan.all_objects.get(pk=plan.pk).is_deleted
        assert plan.history.filter(deleted_at__isnull=True).count() == 2  # created, restored once


@transactional
def test_two_exercises_added_to_the_plan_at_once_both_land_in_order():
    member, session = a_session("alice")
    url = reverse("sessions:exercise_add", args=[session.pk])
    form = {"sets": "2", "repetitions": "10", "add_to_plan": "on"}
    assert at_once(
        (member, lambda c: c.post(url, {"exercise_name": "Curl", **form})),
        (member, lambda c: c.post(url, {"exercise_name": "Row", **form})),
    ) == [302, 302]
    with rls.system_context("tests"):
        added = WorkoutTemplate.objects.filter(plan_id=session.plan_id, exercise_name__in=["Curl", "Row"])
        assert sorted(t.position for t in added) == [2, 3]
        positions = list(session.sets.values_list("position", flat=True))
        assert sorted(positions) == list(range(len(positions)))


def a_coach(username):
    coach = UserFactory(username=username)
    coach.groups.add(Group.objects.get(name="coach"))
    return coach


@transactional
def test_two_members_accepting_one_invite_at_once_one_gets_it():
    with rls.system_context("tests"):
        coach = a_coach("carol")
        alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
        invite = invite_create(coach=coach)
    url = reverse("coaching:join_form")
    join = lambda client: client.post(url, {"code": invite.code})  # noqa: E731
    assert at_once((alice, join), (bob, join)) == [302, 422]
    with rls.system_context("tests"):
        relationships = list(CoachRelationship.objects.filter(coach=coach))
        assert len(relationships) == 1
        assert CoachInvite.objects.get(pk=invite.pk).accepted_by_id == relationships[0].member_id


@transactional
def test_accepting_one_invite_twice_at_once_starts_coaching_once():
    with rls.system_context("tests"):
        coach = a_coach("carol")
        alice = UserFactory(username="alice")
        invite = invite_create(coach=coach)
    assert twice(alice, reverse("coaching:join_form"), {"code": invite.code}) == [302, 302]
    with rls.system_context("tests"):
        assert CoachRelationship.objects.filter(coach=coach, member=alice).count() == 1


@transactional
def test_accepting_two_invites_of_one_coach_at_once_starts_coaching_once():
    with rls.system_context("tests"):
        coach = a_coach("carol")
        alice = UserFactory(username="alice")
        first, second = invite_create(coach=coach), invite_create(coach=coach)
    url = reverse("coaching:join_form")
    statuses = at_once(
        (alice, lambda c: c.post(url, {"code": first.code})), (alice, lambda c: c.post(url, {"code": second.code}))
    )
    assert statuses == [302, 422]
    with rls.system_context("tests"):
        assert CoachRelationship.objects.filter(coach=coach, member=alice).count() == 1
        assert CoachInvite.objects.filter(accepted_at__isnull=False).count() == 1


def ended_while_writing(model: type, relationship: CoachRelationship):
    """While the coach's request is about to write a `model` row, the member ends coaching (on a
    connection of their own, committed): the race, made to happen every time."""

    def end(**kwargs: object) -> None:
        def member_ends() -> None:
            try:
                with rls.system_context("tests"):
                    relationship_end(relationship=CoachRelationship.objects.get(pk=relationship.pk))
            finally:
                connection.close()

        thread = threading.Thread(target=member_ends)
        thread.start()
        thread.join()

    pre_save.connect(end, sender=model, weak=False)
    return lambda: pre_save.disconnect(end, sender=model)


@pytest.mark.parametrize("write", ["comment", "assign"])
@transactional
def test_a_coach_writing_as_coaching_ends_gets_a_404(write):
    with rls.system_context("tests"):
        coach = a_coach("carol")
        alice, session = a_session("alice")
        relationship = invite_accept(member=alice, code=invite_create(coach=coach).code)
        coach_plan = make_plan(coach, "Carol's legs")
    client = Client()
    client.force_login(coach)
    if write == "comment":
        url, data, model = reverse("coaching:comment", args=[alice.pk, session.pk]), {"body": "Nice"}, SessionComment
    else:
        url, data, model = reverse("coaching:assign", args=[alice.pk]), {"plan": str(coach_plan.pk)}, WorkoutPlan
    stop = ended_while_writing(model, relationship)
    try:
        response = client.post(url, data)
    finally:
        stop()
    assert response.status_code == 404
    with rls.system_context("tests"):
        assert not SessionComment.objects.exists()
        assert not WorkoutPlan.objects.filter(user=alice, name="Carol's legs").exists()


@pytest.mark.django_db
def test_a_version_conflict_no_view_expected_is_a_409_page(rf, member):
    from gymtracker.db import StaleVersionError
    from gymtracker.middleware import WriteConflictMiddleware

    request = rf.post("/sessions/x/finish/")
    request.user = member
    plan = make_plan(member)
    response = WriteConflictMiddleware(lambda r: HttpResponse()).process_exception(request, StaleVersionError(plan))
    assert response is not None
    assert response.status_code == 409
    assert "changed meanwhile" in response.content.decode()
