"""The pages that exist so far: landing page, health check, and the admin with history."""

import pytest
from django.urls import reverse

from sessions.factories import WorkoutSetFactory

pytestmark = pytest.mark.django_db

ADMIN_MODELS = ["accounts_user", "plans_workoutplan", "plans_workouttemplate", "workouts_workoutsession"]
ADMIN_MODELS += ["workouts_workoutset"]


def test_landing_page_speaks_to_visitors(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"Log every set" in response.content
    assert b'<html lang="en">' in response.content


def test_favicon_is_served_from_static_files(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].startswith("/static/img/favicon.")


def test_unknown_page_is_404(client):
    assert client.get("/no-such-page").status_code == 404


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_members_cannot_use_the_admin(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:plans_workoutplan_changelist"))
    assert response.status_code == 302


@pytest.fixture
def workout_set():
    return WorkoutSetFactory(session__notes="Heavy day")


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_staff_see_every_model_listed_in_the_admin(client, staff, workout_set, model):
    client.force_login(staff)
    response = client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_staff_see_the_change_history_of_every_row(client, staff, workout_set, model):
    obj = {
        "accounts_user": workout_set.session.user,
        "plans_workoutplan": workout_set.template.plan,
        "plans_workouttemplate": workout_set.template,
        "workouts_workoutsession": workout_set.session,
        "workouts_workoutset": workout_set,
    }[model]
    client.force_login(staff)
    response = client.get(reverse(f"admin:{model}_history", args=[obj.pk]))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) >= 1


def test_admin_lists_soft_deleted_rows_and_restores_them(client, staff, workout_set):
    plan = workout_set.template.plan
    plan.soft_delete()
    client.force_login(staff)
    changelist = reverse("admin:plans_workoutplan_changelist")

    listed = client.get(changelist, {"deleted": "yes"})
    assert [p.pk for p in listed.context["cl"].result_list] == [plan.pk]

    response = client.post(changelist, {"action": "restore_selected", "_selected_action": [plan.pk]})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.deleted_at is None
    assert plan.history.latest().history_user == staff


def test_admin_delete_is_soft_and_recorded(client, staff, workout_set):
    session = workout_set.session
    client.force_login(staff)
    response = client.post(reverse("admin:workouts_workoutsession_delete", args=[session.pk]), {"post": "yes"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.deleted_at is not None
    assert session.history.latest().history_user == staff


def test_staff_edit_in_the_admin_is_recorded_with_their_name(client, staff, workout_set):
    plan = workout_set.template.plan
    client.force_login(staff)
    url = reverse("admin:plans_workoutplan_change", args=[plan.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "name": "Renamed by staff",
            "user": plan.user_id,
            "templates-TOTAL_FORMS": "0",
            "templates-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    record = plan.history.latest()
    assert (record.name, record.history_user) == ("Renamed by staff", staff)
