"""Bringing a removed set back (`set_restore`), from the page's script's undo."""

from decimal import Decimal

import pytest
from django.urls import reverse

from sessions.models import WorkoutSet
from sessions.services import set_log
from sessions.tests.helpers import JSON, first_set

pytestmark = pytest.mark.django_db


def test_a_set_removed_in_place_comes_back_with_undo(signed_in, session):
    workout_set = first_set(session)
    set_log(workout_set=workout_set, actual_reps=8, weight_kg=Decimal("60"))
    remove = reverse("sessions:set_remove", args=[session.pk, workout_set.pk])
    restore = reverse("sessions:set_restore", args=[session.pk, workout_set.pk])

    removed = signed_in.post(remove, **JSON)
    assert removed.status_code == 200
    assert "<strong>0/3</strong> sets" in removed.json()["html"]["session-totals"]
    assert not WorkoutSet.objects.filter(pk=workout_set.pk).exists()

    back = signed_in.post(restore, **JSON)
    assert back.status_code == 200
    assert "<strong>1/4</strong> sets" in back.json()["html"]["session-totals"]
    assert signed_in.post(restore, **JSON).status_code == 200  # again: nothing more to do
    workout_set.refresh_from_db()
    assert workout_set.deleted_at is None
    assert (workout_set.actual_reps, workout_set.weight_kg) == (8, Decimal("60"))


def test_another_members_removed_set_cannot_be_brought_back(client, other_member, session):
    workout_set = first_set(session)
    workout_set.soft_delete()
    client.force_login(other_member)
    assert client.post(reverse("sessions:set_restore", args=[session.pk, workout_set.pk])).status_code == 404
    assert not WorkoutSet.objects.filter(pk=workout_set.pk).exists()
