"""Every plan URL × method × who is asking: the one matrix (after pretix's test_permissions)."""

import pytest
from django.urls import reverse

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan
from plans.tests.helpers import edit_form_data, plan_form_data

pytestmark = pytest.mark.django_db

# (url name, takes the plan, methods it answers)
PLAN_URLS = [
    ("plans:detail", ["GET"]),
    ("plans:edit", ["GET", "POST"]),
    ("plans:duplicate", ["POST"]),
    ("plans:delete", ["GET", "POST"]),
    ("plans:restore", ["POST"]),
]
OTHER_URLS = [
    ("plans:list", ["GET"]),
    ("plans:create", ["GET", "POST"]),
    ("plans:trash", ["GET"]),
]
EVERY_URL = [(name, True, methods) for name, methods in PLAN_URLS] + [(n, False, m) for n, m in OTHER_URLS]
ANSWERED = [(name, method) for name, methods in PLAN_URLS for method in methods]
REFUSED = [
    (name, takes_plan, method)
    for name, takes_plan, methods in EVERY_URL
    for method in ["GET", "POST", "PUT", "DELETE"]
    if method not in methods
]


@pytest.fixture
def plan(member):
    plan = WorkoutPlanFactory(user=member, name="Alice's plan")
    WorkoutTemplateFactory(plan=plan, exercise_name="Squat")
    return plan


def url_for(name, takes_plan, plan):
    return reverse(name, args=[plan.pk]) if takes_plan else reverse(name)


def post_data_for(name, plan):
    if name == "plans:edit":
        return edit_form_data(plan, name="Taken over")
    if name == "plans:create":
        return plan_form_data(exercises=[{"exercise_name": "Curl"}])
    return {}


def snapshot():
    return sorted(
        (str(p.pk), p.name, p.version, p.deleted_at is not None)
        for p in WorkoutPlan.all_objects.prefetch_related(None).all()
    )


@pytest.mark.parametrize(("name", "takes_plan", "methods"), EVERY_URL)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_anonymous_visitors_are_sent_to_log_in_and_nothing_changes(client, plan, name, takes_plan, methods, method):
    url = url_for(name, takes_plan, plan)
    before = snapshot()

    response = client.get(url) if method == "GET" else client.post(url, post_data_for(name, plan))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert snapshot() == before


@pytest.mark.parametrize(("name", "method"), ANSWERED)
def test_another_member_gets_404_for_every_plan_url_and_nothing_changes(client, plan, other_member, name, method):
    if name == "plans:restore":
        plan.soft_delete()
    client.force_login(other_member)
    url = reverse(name, args=[plan.pk])
    before = snapshot()

    response = client.get(url) if method == "GET" else client.post(url, post_data_for(name, plan))

    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(("name", "methods"), PLAN_URLS)
def test_staff_get_404_for_a_members_plan_on_the_member_pages_too(client, plan, staff, name, methods):
    # Staff manage members' plans in the admin; these pages are each member's own.
    client.force_login(staff)
    url = reverse(name, args=[plan.pk])

    response = client.get(url) if "GET" in methods else client.post(url, post_data_for(name, plan))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "takes_plan", "method"), REFUSED)
@pytest.mark.parametrize("who", ["member", "other_member"])
def test_methods_a_page_does_not_answer_are_405_for_everyone_and_write_nothing(
    client, plan, request, name, takes_plan, method, who
):
    # Refused before any lookup, so the answer says nothing about whose plan it is.
    client.force_login(request.getfixturevalue(who))
    before = snapshot()

    response = client.generic(method, url_for(name, takes_plan, plan))

    assert response.status_code == 405
    assert snapshot() == before


@pytest.mark.parametrize(("name", "takes_plan", "methods"), EVERY_URL)
def test_the_owner_reaches_every_page(client, plan, member, name, takes_plan, methods):
    if name == "plans:restore":
        plan.soft_delete()
    client.force_login(member)
    url = url_for(name, takes_plan, plan)

    for method in methods:
        response = client.get(url) if method == "GET" else client.post(url, post_data_for(name, plan))
        assert response.status_code in {200, 302}, (method, response.status_code)
