"""A set's edit without the script carries the set's version (its `updated_at` as the form showed
it): an older value sent again never overwrites a newer one; the page shows both (HTTP 409)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.testing import at_once
from sessions.models import WorkoutSet
from sessions.services import session_start
from sessions.tests.test_views import first_set, log_data, make_plan

pytestmark = pytest.mark.django_db


def read_at_on_page(client, workout_set):
    page = client.get(reverse("sessions:detail", args=[workout_set.session_id])).content.decode()
    match = re.search(rf'name="set-{workout_set.pk}-read_at" value="([^"]+)"', page)
    assert match, "the set's form carries no version"
    return match.group(1)


def tick(client, workout_set, read_at, **values):
    url = reverse("sessions:set_log", args=[workout_set.session_id, workout_set.pk])
    return client.post(url, log_data(workout_set, read_at=read_at, **values))


def logs_of(workout_set):
    return workout_set.history.filter(completed_at__isnull=False).count()


def test_an_older_value_sent_again_after_a_newer_one_is_a_409_with_both(signed_in, session):
    workout_set = first_set(session)
    shown_first = read_at_on_page(signed_in, workout_set)
    assert tick(signed_in, workout_set, shown_first, actual_reps="8", weight="60").status_code == 302
    assert (
        tick(signed_in, workout_set, read_at_on_page(signed_in, workout_set), actual_reps="6", weight="70").status_code
        == 302
    )

    stale = tick(signed_in, workout_set, shown_first, actual_reps="8", weight="60")  # Back, and send again

    assert stale.status_code == 409
    page = stale.content.decode()
    assert "This set was changed in another tab or device" in page
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>", page)
    assert ("Weight (kg)", "60", "70") in rows
    assert ("Reps", "8", "6") in rows
    assert f'name="set-{workout_set.pk}-actual_reps" value="8"' in page  # what was typed is kept
    workout_set.refresh_from_db()
    assert (workout_set.actual_reps, workout_set.weight_kg) == (6, 70)
    assert logs_of(workout_set) == 2


def test_sending_the_conflicting_form_again_saves_it_on_purpose(signed_in, session):
    workout_set = first_set(session)
    shown_first = read_at_on_page(signed_in, workout_set)
    tick(signed_in, workout_set, shown_first, actual_reps="8", weight="60")
    tick(signed_in, workout_set, read_at_on_page(signed_in, workout_set), actual_reps="6", weight="70")
    page = tick(signed_in, workout_set, shown_first, actual_reps="8", weight="60").content.decode()
    rearmed = re.search(rf'name="set-{workout_set.pk}-read_at" value="([^"]+)"', page).group(1)
    assert rearmed != shown_first
    assert tick(signed_in, workout_set, rearmed, actual_reps="8", weight="60").status_code == 302
    workout_set.refresh_from_db()
    assert (workout_set.actual_reps, workout_set.weight_kg) == (8, 60)


def test_a_tick_sent_twice_without_the_script_logs_once(signed_in, session):
    workout_set = first_set(session)
    shown = read_at_on_page(signed_in, workout_set)
    first = tick(signed_in, workout_set, shown, actual_reps="8", weight="60", rpe="8")
    second = tick(signed_in, workout_set, shown, actual_reps="8", weight="60", rpe="8")
    assert (first.status_code, second.status_code) == (302, 302)
    assert logs_of(workout_set) == 1


def test_a_logged_set_edited_from_its_current_version_is_saved(signed_in, session):
    workout_set = first_set(session)
    tick(signed_in, workout_set, read_at_on_page(signed_in, workout_set), actual_reps="8", weight="60")
    assert tick(signed_in, workout_set, read_at_on_page(signed_in, workout_set), actual_reps="9").status_code == 302
    workout_set.refresh_from_db()
    assert workout_set.actual_reps == 9
    assert logs_of(workout_set) == 2


@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_without_the_script_log_once():
    with rls.system_context("tests"):
        member = UserFactory(username="alice")
        workout_session = session_start(user=member, plan=make_plan(member), date=datetime.date(2026, 12, 1))
        workout_set = first_set(workout_session)
    viewer = Client()
    viewer.force_login(member)
    shown = read_at_on_page(viewer, workout_set)
    statuses = at_once(*[(member, lambda client: tick(client, workout_set, shown, actual_reps="8", weight="60"))] * 2)
    assert statuses == [302, 302]
    with rls.system_context("tests"):
        assert logs_of(WorkoutSet.objects.get(pk=workout_set.pk)) == 1
