"""Deleted sessions: the trash, restoring one, and undoing a delete from the message that reports it."""

import datetime
import re
import threading
import time
from decimal import Decimal

import pytest
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from gymtracker import rls
from gymtracker.messages import undo_tag, undo_url
from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress.models import ExerciseStat, PersonalRecord, WeeklyVolume
from sessions.models import WorkoutSession
from sessions.services import session_soft_delete, session_start, set_log

pytestmark = pytest.mark.django_db

TRASH = reverse("sessions:trash")


def plan_of(user, exercises=(("Bench press", 2), ("Back squat", 2))):
    plan = WorkoutPlanFactory(user=user, name="Push day")
    for position, (name, sets) in enumerate(exercises):
        WorkoutTemplateFactory(plan=plan, exercise_name=name, sets=sets, repetitions=5, position=position)
    return plan


def trained(user, plan, day, weight="100"):
    """A session on `day` with every planned set logged."""
    session = session_start(user=user, plan=plan, date=day)
    for workout_set in session.sets.order_by("position"):
        set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal(weight))
    return session


def deleted(user, plan, day):
    session = session_start(user=user, plan=plan, date=day)
    session_soft_delete(session=session)
    return session


@pytest.fixture
def plan(member):
    return plan_of(member)


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


# --- The trash ----------------------------------------------------------------------------------


def test_the_trash_lists_the_members_deleted_sessions_newest_deleted_first(signed_in, member, other_member, plan):
    older = deleted(member, plan, datetime.date(2026, 3, 2))
    newer = deleted(member, plan, datetime.date(2026, 1, 5))  # deleted later, though an older date
    kept = session_start(user=member, plan=plan, date=datetime.date(2026, 3, 3))
    deleted(other_member, plan_of(other_member), datetime.date(2026, 3, 4))

    response = signed_in.get(TRASH)

    assert response.status_code == 200
    assert [s.pk for s in response.context["page_obj"]] == [newer.pk, older.pk]
    assert f'action="{reverse("sessions:restore", args=[newer.pk])}"' in response.text
    assert "0/4 sets" in response.text  # with_totals: the session's sets are counted, not hidden
    assert reverse("sessions:restore", args=[kept.pk]) not in response.text
    assert "Wed 4 Mar 2026" not in response.text  # the other member's


def test_an_empty_trash_says_what_it_is_for(signed_in):
    response = signed_in.get(TRASH)
    assert "The trash is empty" in response.text
    assert f'href="{reverse("sessions:list")}"' in response.text


def test_the_trash_pages_like_the_list(signed_in, member, plan):
    for day in range(25):
        deleted(member, plan, datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    first = signed_in.get(TRASH)
    assert len(first.context["page_obj"].object_list) == 20
    assert 'href="?page=2"' in first.text
    assert len(signed_in.get(TRASH, {"page": 2}).context["page_obj"].object_list) == 5


def test_the_session_list_links_to_the_trash(signed_in):
    assert f'href="{TRASH}"' in signed_in.get(reverse("sessions:list")).text


def test_the_trash_costs_the_same_queries_for_two_deleted_sessions_as_for_twenty(signed_in, member, plan):
    for day in range(2):
        deleted(member, plan, datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    small = queries_of(lambda: signed_in.get(TRASH))
    for day in range(2, 20):
        deleted(member, plan, datetime.date(2026, 1, 1) + datetime.timedelta(days=day))
    large = queries_of(lambda: signed_in.get(TRASH))
    assert large[1].status_code == 200
    assert_same_queries(small, large)


# --- Restoring ----------------------------------------------------------------------------------


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


# --- Undo ---------------------------------------------------------------------------------------


def test_deleting_offers_to_undo_on_the_list_and_undo_restores(signed_in, member, plan):
    session = session_start(user=member, plan=plan, date=datetime.date(2026, 3, 2))

    response = signed_in.post(reverse("sessions:delete", args=[session.pk]), follow=True)

    restore = reverse("sessions:restore", args=[session.pk])
    assert response.redirect_chain == [(reverse("sessions:list"), 302)]
    assert "The session of 2 March 2026 is in the trash." in response.text
    form = re.search(r'<form method="post" action="([^"]+)" class="undo-form">.*?</form>', response.text, re.S)
    assert form, response.text
    assert form.group(1) == restore
    assert "csrfmiddlewaretoken" in form.group(0)
    assert ">Undo</button>" in form.group(0)

    assert signed_in.post(restore).status_code == 302
    assert WorkoutSession.objects.filter(pk=session.pk).exists()


def test_the_undo_is_offered_once_with_its_message(signed_in, member, plan):
    session = session_start(user=member, plan=plan, date=datetime.date(2026, 3, 2))
    signed_in.post(reverse("sessions:delete", args=[session.pk]), follow=True)
    assert "undo-form" not in signed_in.get(reverse("sessions:list")).text


def test_only_our_own_urls_become_undo_buttons():
    class Message:
        def __init__(self, tags):
            self.extra_tags = tags

    restore = reverse("sessions:restore", args=["00000000-0000-0000-0000-000000000001"])
    assert undo_url(Message(undo_tag(restore))) == restore
    assert undo_url(Message(undo_tag("https://example.com/steal"))) is None
    assert undo_url(Message("")) is None
    assert undo_url(Message(None)) is None


# --- Progress after a delete and a restore ----------------------------------------------------


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
    assert "110 kg" in signed_in.get(reverse("progress:exercise", args=["bench press"])).text
