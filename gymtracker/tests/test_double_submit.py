"""A form sent twice (a double click, Back and resubmit) writes once: its one-time token, rendered
with the form, makes the second POST answer with the first's redirect (gymtracker.idempotency)."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import FormSubmission
from coaching.models import CoachInvite, SessionComment
from coaching.services import invite_accept, invite_create
from gymtracker import rls
from gymtracker.tests.test_races import at_once
from plans.models import WorkoutPlan, WorkoutTemplate
from plans.tests.helpers import edit_form_data, plan_form_data
from sessions.models import WorkoutSession, WorkoutSet
from sessions.services import session_start
from sessions.tests.helpers import make_plan

pytestmark = pytest.mark.django_db


def token_of(client: Client, page: str, action: str | None = None) -> str:
    """The token of the form on `page` that posts to `action` (the page's only such form when None)."""
    html = client.get(page).content.decode()
    if action is not None:
        html = html[html.index(f'action="{action}"') :]
    match = re.search(r'name="form_token" value="([0-9a-f-]{36})"', html)
    assert match, f"no form token in the form posting to {action or page}"
    return match.group(1)


def sent_twice(client: Client, url: str, data: dict[str, str]) -> tuple[str, str]:
    first, second = client.post(url, data), client.post(url, data)
    assert (first.status_code, second.status_code) == (302, 302)
    return first["Location"], second["Location"]


@pytest.fixture
def alice(member, client):
    client.force_login(member)
    return member


def test_creating_a_plan_twice_with_one_token_makes_one_plan(client, alice):
    url = reverse("plans:create")
    data = plan_form_data(name="Legs", exercises=[{"exercise_name": "Squat"}]) | {"form_token": token_of(client, url)}
    first, second = sent_twice(client, url, data)
    assert first == second
    assert WorkoutPlan.objects.filter(user=alice, name="Legs").count() == 1
    assert WorkoutTemplate.objects.filter(plan__name="Legs").count() == 1


def test_a_form_with_bad_input_gives_its_token_back_for_the_corrected_one(client, alice):
    url = reverse("plans:create")
    token = token_of(client, url)
    assert client.post(url, plan_form_data(name="") | {"form_token": token}).status_code == 422
    assert (
        client.post(
            url, plan_form_data(name="Legs", exercises=[{"exercise_name": "Squat"}]) | {"form_token": token}
        ).status_code
        == 302
    )
    assert WorkoutPlan.objects.filter(user=alice, name="Legs").count() == 1


def test_two_forms_with_their_own_tokens_make_two_plans(client, alice):
    url = reverse("plans:create")
    for _ in range(2):
        assert (
            client.post(
                url,
                plan_form_data(name="Legs", exercises=[{"exercise_name": "Squat"}])
                | {"form_token": token_of(client, url)},
            ).status_code
            == 302
        )
    assert WorkoutPlan.objects.filter(user=alice, name="Legs").count() == 2


def test_duplicating_a_plan_twice_with_one_token_makes_one_copy(client, alice):
    plan = make_plan(alice)
    url = reverse("plans:duplicate", args=[plan.pk])
    token = token_of(client, reverse("plans:detail", args=[plan.pk]), url)
    first, second = sent_twice(client, url, {"form_token": token})
    assert first == second
    assert WorkoutPlan.objects.filter(user=alice, name=f"Copy of {plan.name}").count() == 1


@pytest.mark.parametrize("page", ["plans:detail", "home"])
def test_starting_a_session_twice_with_one_token_starts_one(client, alice, page):
    plan = make_plan(alice)
    url = reverse("sessions:start", args=[plan.pk])
    token = token_of(client, reverse(page, args=[plan.pk] if page == "plans:detail" else []), url)
    first, second = sent_twice(client, url, {"form_token": token})
    assert first == second
    assert WorkoutSession.objects.filter(user=alice).count() == 1


def test_adding_a_set_twice_with_one_token_adds_one(client, alice):
    session = session_start(user=alice, plan=make_plan(alice), date=datetime.date(2026, 12, 1))
    template = session.plan.templates.order_by("position").first()
    url = reverse("sessions:set_add", args=[session.pk, template.pk])
    token = token_of(client, reverse("sessions:detail", args=[session.pk]), url)
    before = WorkoutSet.objects.filter(session=session).count()
    first, second = sent_twice(client, url, {"form_token": token})
    assert first == second
    assert WorkoutSet.objects.filter(session=session).count() == before + 1


def test_adding_an_exercise_twice_with_one_token_adds_it_once(client, alice):
    session = session_start(user=alice, plan=make_plan(alice), date=datetime.date(2026, 12, 1))
    url = reverse("sessions:exercise_add", args=[session.pk])
    data = {"exercise_name": "Curl", "sets": "2", "repetitions": "10", "form_token": token_of(client, url)}
    first, second = sent_twice(client, url, data)
    assert first == second
    assert WorkoutTemplate.objects.filter(exercise_name="Curl").count() == 1
    assert WorkoutSet.objects.filter(session=session, template__exercise_name="Curl").count() == 2


@pytest.fixture
def coaching(alice):
    coach = UserFactory(username="carol")
    coach.groups.add(Group.objects.get(name="coach"))
    invite_accept(member=alice, code=invite_create(coach=coach).code)
    coach_client = Client()
    coach_client.force_login(coach)
    return coach, coach_client


def test_a_coach_comment_sent_twice_with_one_token_is_one_comment(alice, coaching):
    _, coach_client = coaching
    session = session_start(user=alice, plan=make_plan(alice), date=datetime.date(2026, 12, 1))
    url = reverse("coaching:comment", args=[alice.pk, session.pk])
    token = token_of(coach_client, reverse("coaching:session", args=[alice.pk, session.pk]), url)
    sent_twice(coach_client, url, {"body": "Deeper squats", "form_token": token})
    assert SessionComment.objects.filter(session=session).count() == 1


def test_a_plan_assigned_twice_with_one_token_is_one_copy(alice, coaching):
    coach, coach_client = coaching
    plan = make_plan(coach, "Carol's legs")
    url = reverse("coaching:assign", args=[alice.pk])
    token = token_of(coach_client, reverse("coaching:member", args=[alice.pk]), url)
    sent_twice(coach_client, url, {"plan": str(plan.pk), "form_token": token})
    assert WorkoutPlan.objects.filter(user=alice, name="Carol's legs").count() == 1


def test_an_invite_made_twice_with_one_token_is_one_invite(alice, coaching):
    coach, coach_client = coaching
    url = reverse("coaching:invite")
    token = token_of(coach_client, reverse("coaching:members"), url)
    before = CoachInvite.objects.filter(coach=coach).count()
    sent_twice(coach_client, url, {"form_token": token})
    assert CoachInvite.objects.filter(coach=coach).count() == before + 1


def test_tokens_older_than_a_day_are_pruned_when_the_member_sends_a_form(client, alice):
    old = FormSubmission.objects.create(user=alice, token="00000000-0000-4000-8000-000000000001", result_url="/")
    FormSubmission.objects.filter(pk=old.pk).update(created_at=old.created_at - datetime.timedelta(days=2))
    url = reverse("plans:create")
    client.post(
        url, plan_form_data(name="Legs", exercises=[{"exercise_name": "Squat"}]) | {"form_token": token_of(client, url)}
    )
    assert list(FormSubmission.objects.values_list("result_url", flat=True)) == [
        reverse("plans:detail", args=[WorkoutPlan.objects.get(name="Legs").pk])
    ]


def test_another_members_token_is_theirs_alone(client, alice, other_member):
    url = reverse("plans:create")
    token = token_of(client, url)
    client.post(url, plan_form_data(name="Legs", exercises=[{"exercise_name": "Squat"}]) | {"form_token": token})
    client.force_login(other_member)
    assert (
        client.post(
            url, plan_form_data(name="Arms", exercises=[{"exercise_name": "Curl"}]) | {"form_token": token}
        ).status_code
        == 302
    )
    assert WorkoutPlan.objects.filter(user=other_member, name="Arms").count() == 1
    with rls.database_context(rls.Context(user_id=str(other_member.pk))):
        assert FormSubmission.objects.count() == 1  # row-level security: their own token only


@pytest.mark.django_db(transaction=True)
def test_two_identical_submits_at_once_create_one_plan():
    with rls.system_context("tests"):
        member = UserFactory(username="alice")
    client = Client()
    client.force_login(member)
    url = reverse("plans:create")
    data = plan_form_data(name="Legs", exercises=[{"exercise_name": "Squat"}]) | {"form_token": token_of(client, url)}
    assert at_once(*[(member, lambda c: c.post(url, data))] * 2) == [302, 302]
    with rls.system_context("tests"):
        assert WorkoutPlan.objects.filter(user=member, name="Legs").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_session_starts_at_once_start_one():
    with rls.system_context("tests"):
        member = UserFactory(username="alice")
        plan = make_plan(member)
    client = Client()
    client.force_login(member)
    url = reverse("sessions:start", args=[plan.pk])
    data = {"form_token": token_of(client, reverse("plans:detail", args=[plan.pk]), url)}
    assert at_once(*[(member, lambda c: c.post(url, data))] * 2) == [302, 302]
    with rls.system_context("tests"):
        assert WorkoutSession.objects.filter(user=member).count() == 1


def test_saving_a_session_twice_with_one_token_is_one_edit_not_a_conflict(client, alice):
    session = session_start(user=alice, plan=make_plan(alice), date=datetime.date(2026, 12, 1))
    url = reverse("sessions:edit", args=[session.pk])
    data = {"date": "2026-12-02", "notes": "Felt strong", "version": str(session.version)}
    first, second = sent_twice(client, url, data | {"form_token": token_of(client, url)})
    assert first == second
    assert session.history.filter(notes="Felt strong").count() == 1


def test_saving_a_plan_twice_with_one_token_is_one_edit_not_a_conflict(client, alice):
    plan = make_plan(alice)
    url = reverse("plans:edit", args=[plan.pk])
    data = edit_form_data(plan, name="Push day, heavier") | {"form_token": token_of(client, url)}
    first, second = sent_twice(client, url, data)
    assert first == second
    assert plan.history.filter(name="Push day, heavier").count() == 1
