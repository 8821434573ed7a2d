"""Bringing a deleted session back (`session_restore`) with its sets, and with every figure of
progress as it was."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from gymtracker import rls
from progress.models import ExerciseStat, PersonalRecord, WeeklyVolume
from sessions.models import WorkoutSession
from sessions.services import session_soft_delete, session_start, set_log
from sessions.tests.helpers import TRASH, deleted, plan_of

pytestmark = pytest.mark.django_db


def trained(user, plan, day, weight="100"):
    """A session on `day` with every planned set logged."""
    session = session_start(user=user, plan=plan, date=day)
    for workout_set in session.sets.order_by("position"):
        set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal(weight))
    return session


def progress_of(member):
    """Everything the progress pages are made from, read as the system sees it."""
    return {
        "weeks": list(
            WeeklyVolume.objects.for_user(member)
            .order_by("exercise", "week")
            .values_list("exercise", "week", "volume_kg", "sets", "reps", "best_weight_kg", "best_e1rm_kg")
        ),
        "statistics": list(
            ExerciseStat.objects.for_user(member)
            .order_by("exercise")
            .values_list("exercise", "sets", "reps", "volume_kg", "best_weight_kg", "best_e1rm_kg", "last_performed")
        ),
        "records": sorted(
            PersonalRecord.objects.for_user(member).live().values_list("workout_set_id", "kind", "value", "date")
        ),
    }


def test_restoring_brings_the_session_back_with_its_sets(signed_in, member, plan):
    session = trained(member, plan, datetime.date(2026, 3, 2))
    session_soft_delete(session=session)

    response = signed_in.post(reverse("sessions:restore", args=[session.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("sessions:detail", args=[session.pk])
    assert "The session of 2 March 2026 is back in your sessions" in signed_in.get(response["Location"]).text
    assert WorkoutSession.objects.get(pk=session.pk).sets.filter(completed_at__isnull=False).count() == 4
    assert "The trash is empty" in signed_in.get(TRASH).text


def test_another_members_session_cannot_be_restored(client, other_member, member, plan):
    session = deleted(member, plan, datetime.date(2026, 3, 2))
    client.force_login(other_member)
    assert client.post(reverse("sessions:restore", args=[session.pk])).status_code == 404
    assert WorkoutSession.all_objects.get(pk=session.pk).is_deleted


def test_restoring_is_a_post(signed_in, member, plan):
    session = deleted(member, plan, datetime.date(2026, 3, 2))
    assert signed_in.get(reverse("sessions:restore", args=[session.pk])).status_code == 405
    assert WorkoutSession.all_objects.get(pk=session.pk).is_deleted


def test_restoring_twice_is_harmless(signed_in, member, plan):
    session = deleted(member, plan, datetime.date(2026, 3, 2))
    url = reverse("sessions:restore", args=[session.pk])
    assert signed_in.post(url).status_code == 302
    version = WorkoutSession.objects.get(pk=session.pk).version
    again = signed_in.post(url)
    assert again.status_code == 302
    assert again["Location"] == reverse("sessions:detail", args=[session.pk])
    assert WorkoutSession.objects.get(pk=session.pk).version == version  # nothing written the second time


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_loses_a_race_with_another_restore_redirects_instead_of_failing(client):
    """Two taps on Restore at once: the second request read the session before the first
    committed, so its versioned write finds a newer version (StaleVersionError)."""
    with rls.system_context("tests"):
        member = UserFactory(username="alice")
        session = deleted(member, plan_of(member), datetime.date(2026, 3, 2))
    written = threading.Event()

    def first_tap() -> None:
        try:
            with transaction.atomic(), rls.system_context("tests"):
                WorkoutSession.all_objects.get(pk=session.pk).restore()
                written.set()
                time.sleep(0.5)  # the second request reads the old version, then waits for our lock
        finally:
            connections.close_all()

    other = threading.Thread(target=first_tap)
    client.force_login(member)
    # Read the session as the second request will, before the first commits: the versioned write
    # then waits for the first one's row lock and finds the version moved on.
    other.start()
    assert written.wait(5)
    response = client.post(reverse("sessions:restore", args=[session.pk]))
    other.join()

    assert response.status_code == 302
    assert response["Location"] == reverse("sessions:detail", args=[session.pk])
    with rls.system_context("tests"):
        assert WorkoutSession.objects.get(pk=session.pk).version == session.version + 1  # one restore only


def test_statistics_records_and_weekly_figures_are_the_same_after_a_delete_and_a_restore(signed_in, member, plan):
    today = timezone.localdate()
    trained(member, plan, today - datetime.timedelta(days=15), weight="90")
    best = trained(member, plan, today - datetime.timedelta(days=8), weight="110")
    trained(member, plan, today, weight="100")
    before = progress_of(member)
    assert before["records"], "the history has records"

    signed_in.post(reverse("sessions:delete", args=[best.pk]))
    gone = progress_of(member)
    assert gone["statistics"] != before["statistics"]  # the delete took the best session out…
    assert len(gone["weeks"]) == len(before["weeks"]) - 2  # …and its week of both exercises
    dashboard = signed_in.get(reverse("progress:dashboard")).text

    signed_in.post(reverse("sessions:restore", args=[best.pk]))
    assert progress_of(member) == before
    assert signed_in.get(reverse("progress:dashboard")).text != dashboard
    assert "110 kg" in signed_in.get(reverse("progress:exercise", args=["bench press (barbell)"])).text
