"""Removing a set (`set_remove`): it stays restorable, and the page offers to undo."""

import pytest
from django.urls import reverse

from sessions.models import WorkoutSet
from sessions.tests.helpers import first_set

pytestmark = pytest.mark.django_db


def test_removing_a_set_keeps_it_restorable(signed_in, session):
    workout_set = first_set(session)
    signed_in.post(reverse("sessions:set_remove", args=[session.pk, workout_set.pk]))
    assert not WorkoutSet.objects.filter(pk=workout_set.pk).exists()
    assert WorkoutSet.all_objects.get(pk=workout_set.pk).deleted_at is not None


def test_without_the_script_a_removal_offers_undo_on_the_page(signed_in, session):
    workout_set = first_set(session)
    response = signed_in.post(reverse("sessions:set_remove", args=[session.pk, workout_set.pk]), follow=True)
    page = response.content.decode()
    restore = reverse("sessions:set_restore", args=[session.pk, workout_set.pk])
    assert f'action="{restore}"' in page
    assert "A set of Bench Press (Barbell) was removed." in page
    response = signed_in.post(restore)
    assert response.status_code == 302
    assert WorkoutSet.objects.filter(pk=workout_set.pk).exists()
