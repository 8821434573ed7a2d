"""One exercise of a member's as their coach reads it (`member_exercise`), by its lower-cased name."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def exercise_page(client, coach, member, name):
    client.force_login(coach)
    return client.get(reverse("coaching:exercise", args=[member.pk, name]))


def test_the_coach_reads_the_members_best_and_links_back_to_their_progress(client, world, member, coach):
    response = exercise_page(client, coach, member, "bench press (barbell)")
    assert response.status_code == 200
    assert "60 kg" in response.text  # the set alice logged, in carol's unit
    assert f'href="{reverse("coaching:progress", args=[member.pk])}"' in response.text
    assert f'href="{reverse("progress:exercises")}"' not in response.text  # the coach's own list is not hers


def test_an_exercise_the_member_never_did_or_someone_elses_is_a_404(client, world, member, other_member, coach):
    assert exercise_page(client, coach, member, "deadlift (barbell)").status_code == 404
    assert exercise_page(client, coach, other_member, "bench press (barbell)").status_code == 404
