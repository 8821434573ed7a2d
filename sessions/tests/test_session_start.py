"""Starting a session from a plan (`session_start`)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.models import WorkoutSession

pytestmark = pytest.mark.django_db


def test_starting_a_session_plans_every_set_for_today(signed_in, member, plan):
    response = signed_in.post(reverse("sessions:start", args=[plan.pk]))
    session = WorkoutSession.objects.get(user=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("sessions:detail", args=[session.pk])
    assert session.date == timezone.localdate()
    assert session.plan == plan
    assert [s.target_reps for s in session.sets.order_by("position")] == [8, 8, 10, 10]


def test_starting_a_session_is_never_done_by_a_get(signed_in, member, plan):
    assert signed_in.get(reverse("sessions:start", args=[plan.pk])).status_code == 405
    assert not WorkoutSession.objects.exists()
