"""Cached progress pages: a hit saves the page's queries, no write is ever followed by stale
data, on the local-memory cache and on a real Redis, and a Redis that is down costs nothing but
the cache."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache as django_cache
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from coaching.models import SessionComment
from coaching.services import comment_add, invite_accept, invite_create
from gymtracker import cache
from gymtracker.factories import UserFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from gymtracker.testing import queries_of
from sessions.models import WorkoutSession, WorkoutSet
from sessions.services import session_soft_delete, session_start, set_log

pytestmark = pytest.mark.django_db

REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": "gymtracker-tests",
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
}
NOWHERE = {  # nothing listens on port 1
    "default": {**REDIS["default"], "LOCATION": "redis://127.0.0.1:1/0"},
}
UNCACHED = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache._down_until = 0.0
    yield
    cache._down_until = 0.0


@pytest.fixture
def training(member):
    plan = WorkoutPlanFactory(user=member, name="Legs")
    squat = WorkoutTemplateFactory(plan=plan, exercise_name="Back squat", sets=2)
    session = session_start(user=member, plan=plan, date=timezone.localdate() - datetime.timedelta(days=1))
    for workout_set in session.sets.all():
        set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("100"))
    return {"plan": plan, "squat": squat, "session": session}


def pages(training):
    """Every page kept in the cache: the progress pages' parts and the member's whole pages."""
    return [
        reverse("progress:dashboard"),
        reverse("progress:exercise", args=["back squat"]),
        reverse("home"),
        reverse("plans:list"),
        reverse("plans:detail", args=[training["plan"].pk]),
        reverse("sessions:list"),
        reverse("sessions:detail", args=[training["session"].pk]),
        reverse("progress:search") + "?q=heavy",
    ]


def text(response):
    """The page without what differs on every response (CSRF tokens)."""
    assert response.status_code == 200
    # Tokens are made per rendering (a kept page has its own one-time form tokens): not data.
    return re.sub(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]+"', "", response.content.decode())


def uncached(client, url):
    with override_settings(CACHES=UNCACHED):
        return text(client.get(url))


def test_a_second_visit_is_served_from_the_cache_with_fewer_queries(client, member, training):
    client.force_login(member)
    for url in pages(training):
        first = queries_of(lambda url=url: client.get(url))
        second = queries_of(lambda url=url: client.get(url))
        assert text(second[1]) == text(first[1])
        assert second[0] < first[0], url


def writes(client, member, training):
    """Every kind of change to what the progress pages show, each made the way the product
    makes it (a request, a service, the admin's soft delete, a cascade, a refresh)."""
    session, plan, squat = training["session"], training["plan"], training["squat"]

    def log_a_set_over_http():
        workout_set = session.sets.filter(completed_at__isnull=True).first() or session.sets.first()
        response = client.post(
            reverse("sessions:set_log", args=[session.pk, workout_set.pk]),
            {
                f"set-{workout_set.pk}-{name}": value
                for name, value in [("actual_reps", 7), ("weight_kg", 105), ("rpe", 8)]
            },
        )
        assert response.status_code == 302

    def edit_a_set():
        workout_set = session.sets.first()
        set_log(workout_set=workout_set, actual_reps=3, weight_kg=Decimal("140"))

    def rename_the_exercise():
        squat.exercise_name = "Back Squat"
        squat.save()

    def rename_the_plan():
        plan.name = "Legs, heavier"
        plan.save()

    def a_new_session_today():
        today = session_start(user=member, plan=plan, date=timezone.localdate())
        set_log(workout_set=today.sets.first(), actual_reps=5, weight_kg=Decimal("110"))

    def soft_delete_a_session():
        session_soft_delete(session=WorkoutSession.objects.for_user(member).get(date=timezone.localdate()))

    def delete_a_set_outright():
        WorkoutSet.objects.filter(session=session).order_by("position").last().hard_delete()

    def delete_a_session_outright():  # the database cascades to its sets
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM workout_sessions WHERE id = %s", [session.pk])

    def switch_to_pounds():
        member.weight_unit = "lb"
        member.save()

    def write_the_session_notes():
        WorkoutSession.objects.filter(pk=session.pk).update(notes="Heavy day, felt strong")

    coach = UserFactory(username="carol")

    def a_coach_comments():
        coach.groups.add(Group.objects.get(name="coach"))
        invite_accept(member=member, code=invite_create(coach=coach).code)
        comment_add(session=session, author=coach, body="Great depth on the squats.")

    def the_member_reads_the_comment():
        comment = SessionComment.objects.get(session=session)
        assert client.post(reverse("coaching:comment_read", args=[comment.pk])).status_code == 302

    def the_coach_changes_their_name():
        coach.username = "carol_coach"
        coach.save()

    def the_coach_deletes_the_comment():
        SessionComment.objects.filter(session=session).delete()

    return [
        log_a_set_over_http,
        edit_a_set,
        rename_the_exercise,
        rename_the_plan,
        a_new_session_today,
        soft_delete_a_session,
        delete_a_set_outright,
        switch_to_pounds,
        write_the_session_notes,
        a_coach_comments,
        the_member_reads_the_comment,
        the_coach_changes_their_name,
        the_coach_deletes_the_comment,
        delete_a_session_outright,
    ]


def assert_never_stale(client, member, training):
    client.force_login(member)
    for write in writes(client, member, training):
        for url in pages(training):
            client.get(url)  # cached now
        write()
        for url in pages(training):
            response = client.get(url)
            if response.status_code == 404:  # the last set of the exercise went: no page at all
                continue
            assert text(response) == uncached(client, url), f"stale after {write.__name__}: {url}"


def test_no_write_is_followed_by_stale_data(client, member, training):
    assert_never_stale(client, member, training)


@override_settings(CACHES=REDIS)
def test_no_write_is_followed_by_stale_data_in_redis(client, member, training):
    django_cache.set("gymtracker-tests-ping", "pong", 5)  # Redis is there, or this fails loudly
    assert django_cache.get("gymtracker-tests-ping") == "pong"
    assert_never_stale(client, member, training)


def test_a_coach_and_the_member_never_share_a_cached_page(client, member, training):
    """The same data, two readers: the member's page links to their sessions, the coach's to the
    coaching pages, and each reads it in their own unit."""
    coach = UserFactory(username="carol", weight_unit="lb")
    coach.groups.add(Group.objects.get(name="coach"))
    invite_accept(member=member, code=invite_create(coach=coach).code)
    client.force_login(member)
    own = text(client.get(reverse("progress:dashboard")))
    client.force_login(coach)
    coached = text(client.get(reverse("coaching:progress", args=[member.pk])))
    assert reverse("sessions:detail", args=[training["session"].pk]) in own
    assert reverse("coaching:session", args=[member.pk, training["session"].pk]) in coached
    assert f'href="{reverse("sessions:detail", args=[training["session"].pk])}"' not in coached
    assert " lb<" in coached
    assert " lb<" not in own


@override_settings(CACHES=NOWHERE)
def test_with_redis_down_the_pages_are_made_without_it(client, member, training, caplog):
    client.force_login(member)
    for url in pages(training):
        response = client.get(url)
        assert text(response) == uncached(client, url)
    assert [r for r in caplog.records if r.name == "gymtracker.cache"], "the failure is logged"
    assert len([r for r in caplog.records if r.name == "gymtracker.cache"]) == 1, "once, not per request"
    assert not cache._available(), "and the cache is left alone for a while"


def test_a_kept_page_gets_a_fresh_csrf_token_that_is_accepted(member, training):
    """The page is kept without its CSRF tokens; each response gets a newly masked one, and a
    form posted from a page served from the cache goes through CSRF protection."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    session = training["session"]
    url = reverse("sessions:detail", args=[session.pk])
    first = queries_of(lambda: browser.get(url))
    second = queries_of(lambda: browser.get(url))
    assert second[0] < first[0], "served from the cache"
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', r[1].content.decode()) for r in (first, second)]
    assert tokens[0]
    assert len(tokens[0]) == len(tokens[1])
    assert tokens[0][0] != tokens[1][0], "masked anew for each response"
    assert "\x00" not in second[1].content.decode()
    workout_set = session.sets.first()
    response = browser.post(
        reverse("sessions:set_log", args=[session.pk, workout_set.pk]),
        {
            "csrfmiddlewaretoken": tokens[1][0],
            f"set-{workout_set.pk}-actual_reps": 4,
            f"set-{workout_set.pk}-weight_kg": 90,
        },
    )
    assert response.status_code == 302
    workout_set.refresh_from_db()
    assert workout_set.actual_reps == 4


def test_a_page_showing_a_message_is_not_kept(client, member, training):
    """A message is shown once: the page that showed it is not served again with it."""
    client.force_login(member)
    response = client.post(reverse("sessions:start", args=[training["plan"].pk]), follow=True)
    assert "started" in response.content.decode()
    again = client.get(response.redirect_chain[-1][0])
    assert "started" not in again.content.decode()


@pytest.mark.parametrize("role", ["coach", "staff"])
def test_coaches_and_staff_are_served_uncached(client, member, training, role):
    """They read other members' data on these pages too, which the member's version does not
    cover: their pages are made every time."""
    reader = UserFactory(username=f"reader_{role}", is_staff=role == "staff")
    reader.groups.add(Group.objects.get(name=role))
    client.force_login(reader)
    url = reverse("plans:list")
    assert queries_of(lambda: client.get(url))[0] == queries_of(lambda: client.get(url))[0]


def test_a_page_with_errors_is_made_again_each_time(client, member, training):
    """Only an HTTP 200 is kept: a filter the member mistyped answers 422 with its message on
    every visit, never a kept copy that would say 200."""
    client.force_login(member)
    url = reverse("sessions:list") + "?date_from=not+a+date"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 422
        assert "Enter a valid date" in response.content.decode()
