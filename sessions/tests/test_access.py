"""Who reaches the session pages: visitors are sent to sign in, and another member's sessions,
sets and plans are a 404, for every URL and method (the permission matrix has the roles)."""

import pytest
from django.urls import reverse

from sessions.models import WorkoutSession
from sessions.tests.helpers import first_set

pytestmark = pytest.mark.django_db


# Every URL with its methods, for the anonymous and other-member checks.
def urls(session, plan):
    workout_set = first_set(session)
    return [
        ("GET", reverse("sessions:list")),
        ("POST", reverse("sessions:start", args=[plan.pk])),
        ("GET", reverse("sessions:detail", args=[session.pk])),
        ("GET", reverse("sessions:edit", args=[session.pk])),
        ("POST", reverse("sessions:edit", args=[session.pk])),
        ("POST", reverse("sessions:finish", args=[session.pk])),
        ("GET", reverse("sessions:delete", args=[session.pk])),
        ("POST", reverse("sessions:delete", args=[session.pk])),
        ("GET", reverse("sessions:exercise_add", args=[session.pk])),
        ("POST", reverse("sessions:exercise_add", args=[session.pk])),
        ("POST", reverse("sessions:set_add", args=[session.pk, workout_set.template_id])),
        ("POST", reverse("sessions:set_log", args=[session.pk, workout_set.pk])),
        ("POST", reverse("sessions:set_remove", args=[session.pk, workout_set.pk])),
    ]


def test_anonymous_visitors_are_sent_to_log_in_from_every_session_url(client, session, plan):
    for method, url in urls(session, plan):
        response = client.generic(method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_another_members_sessions_sets_and_plans_are_404_for_every_url_and_method(client, other_member, session, plan):
    client.force_login(other_member)
    for method, url in urls(session, plan):
        if url == reverse("sessions:list"):
            continue
        assert client.generic(method, url).status_code == 404, (method, url)
    assert session.sets.filter(completed_at__isnull=False).count() == 0
    assert WorkoutSession.objects.get(pk=session.pk).deleted_at is None
