"""One more set of an exercise of the session (`set_add`)."""

import pytest
from django.urls import reverse

from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory

pytestmark = pytest.mark.django_db


def test_adding_a_set_appends_one_more_of_that_exercise(signed_in, session):
    dips = session.sets.get(position=3).template
    response = signed_in.post(reverse("sessions:set_add", args=[session.pk, dips.pk]))
    assert response.status_code == 302
    added = session.sets.order_by("-position").first()
    assert (added.template, added.target_reps, added.position) == (dips, 10, 4)


def test_a_set_can_only_be_added_for_an_exercise_of_this_session(signed_in, member, session):
    elsewhere = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=member))
    assert signed_in.post(reverse("sessions:set_add", args=[session.pk, elsewhere.pk])).status_code == 404
