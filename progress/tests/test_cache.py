"""Cached fragments (gymtracker.cache): a hit saves the page's queries, no write is ever followed by
stale data, on the local-memory cache and on a real Redis, no fragment holds a form's token, and a
Redis that is down costs nothing but the cache."""

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache as django_cache
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from coaching.models import SessionComment
from coaching.services import comment_add, invite_accept, invite_create
from gymtracker import cache
from gymtracker.testing import queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from sessions.models import WorkoutSession, WorkoutSet
from sessions.services import session_soft_delete, session_start, set_log

pytestmark = pytest.mark.django_db

# A Redis database of each test process's own (pytest-xdist's gw0, gw1, …; the benchmark has 3):
# clear() empties it.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:6379/{8 + WORKER % 8}",
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
    django_cache.clear()
    yield
    cache._down_until = 0.0


@pytest.fixture
def training(member):
    plan = WorkoutPlanFactory(user=member, name="Legs")
    squat = WorkoutTemplateFactory(plan=plan, exercise_name="Squat (Barbell)", sets=2)
    session = session_start(user=member, plan=plan, date=timezone.localdate() - datetime.timedelta(days=1))
    for workout_set in session.sets.all():
        set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("100"))
    return {"plan": plan, "squat (barbell)": squat, "session": session}


def cached(training):
    """The pages with a cached fragment: the progress pages' bodies, and the bodies of the
    session list, the plan list and search (GET forms, which hold no token)."""
    return [
        reverse("progress:dashboard"),
        reverse("progress:exercise", args=["squat (barbell)"]),
        reverse("sessions:list"),
        reverse("plans:list"),
        reverse("progress:search") + "?q=heavy",
    ]


def pages(training):
    """The member's pages that show their training data: those with a fragment, and the others
    (made from the database every time), which must agree with them after every write."""
    return [
        *cached(training),
        reverse("home"),
        reverse("plans:detail", args=[training["plan"].pk]),
        reverse("sessions:detail", args=[training["session"].pk]),
        reverse("progress:body_weights"),
    ]


def text(response):
    """The page without what differs on every response (its forms' tokens)."""
    assert response.status_code == 200
    return re.sub(r'name="(csrfmiddlewaretoken|form_token)" value="[^"]+"', "", response.content.decode())


def uncached(client, url):
    with override_settings(CACHES=UNCACHED):
        return text(client.get(url))


def test_a_second_visit_is_served_from_the_cache_with_fewer_queries(client, member, training):
    client.force_login(member)
    for url in cached(training):
        first = queries_of(lambda url=url: client.get(url))
        second = queries_of(lambda url=url: client.get(url))
        assert text(second[1]) == text(first[1])
        assert second[0] < first[0], url


def writes(client, member, training):
    """Every kind of change to what the progress pages show, each made the way the product
    makes it (a request, a service, the admin's soft delete, a cascade, a refresh)."""
    session, plan, squat = training["session"], training["plan"], training["squat (barbell)"]

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

    def log_a_body_weight_over_http():
        response = client.post(
            reverse("progress:body_weight_add"),
            {"date": timezone.localdate().isoformat(), "weight_kg": "81.5", "note": ""},
            follow=True,  # to the log, which shows (and so spends) the message that it was saved
        )
        assert response.redirect_chain == [(reverse("progress:body_weights"), 302)]

    def edit_the_body_weight():
        entry = member.body_weights.get()
        entry.weight_kg = Decimal("80.25")
        entry.save()

    def delete_the_body_weight():
        member.body_weights.get().soft_delete()

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
        log_a_body_weight_over_http,
        switch_to_pounds,
        edit_the_body_weight,
        delete_the_body_weight,
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


def coached(member):
    coach = UserFactory(username="carol", weight_unit="lb")
    coach.groups.add(Group.objects.get(name="coach"))
    invite_accept(member=member, code=invite_create(coach=coach).code)
    return coach


def test_a_coach_and_the_member_never_share_a_cached_fragment(client, member, training):
    """The same data, two readers: the member's page links to their sessions, the coach's to the
    coaching pages, and each reads it in their own unit."""
    coach = coached(member)
    client.force_login(member)
    own = text(client.get(reverse("progress:dashboard")))
    client.force_login(coach)
    coached_page = text(client.get(reverse("coaching:progress", args=[member.pk])))
    assert reverse("sessions:detail", args=[training["session"].pk]) in own
    assert reverse("coaching:session", args=[member.pk, training["session"].pk]) in coached_page
    assert f'href="{reverse("sessions:detail", args=[training["session"].pk])}"' not in coached_page
    assert " lb<" in coached_page
    assert " lb<" not in own


def test_a_coachs_view_is_cached_under_the_members_version(client, member, training):
    """A coach reads the member's progress from the cache until the member writes."""
    coach = coached(member)
    client.force_login(coach)
    urls = [
        reverse("coaching:progress", args=[member.pk]),
        reverse("coaching:exercise", args=[member.pk, "squat (barbell)"]),
    ]
    before = {}
    for url in urls:
        first = queries_of(lambda url=url: client.get(url))
        second = queries_of(lambda url=url: client.get(url))
        assert second[0] < first[0], url
        assert text(second[1]) == text(first[1])
        before[url] = text(first[1])
    set_log(workout_set=training["session"].sets.first(), actual_reps=9, weight_kg=Decimal("150"))
    for url in urls:
        response = client.get(url)
        assert text(response) != before[url], url
        assert text(response) == uncached(client, url)


def test_a_fragment_never_holds_a_forms_token(rf, member):
    """Forms are rendered per request around fragments; a fragment made with one is refused
    (and never kept), whatever the cache."""
    request = rf.get("/")
    request.user = member
    for token in ('<input type="hidden" name="csrfmiddlewaretoken" value="x">', '<input name="form_token" value="y">'):
        with pytest.raises(ValueError, match="token"):
            cache.fragment(request, "a-form", version=1, make=lambda token=token: f"<form>{token}</form>")
        assert cache.fragment(request, "a-form", version=1, make=lambda: "<p>kept</p>") == "<p>kept</p>"
        django_cache.clear()


def test_each_response_has_tokens_of_its_own_around_a_cached_fragment(member, training):
    """A page served with a cached fragment still renders its forms (here, signing out) with a
    CSRF token masked anew for the response, which the form is accepted with."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    url = reverse("progress:dashboard")
    first = queries_of(lambda: browser.get(url))
    second = queries_of(lambda: browser.get(url))
    assert second[0] < first[0], "the body came from the cache"
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', r[1].content.decode()) for r in (first, second)]
    assert tokens[0]
    assert tokens[0][0] != tokens[1][0], "masked anew for each response"
    response = browser.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens[1][0]})
    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


@override_settings(CACHES=NOWHERE)
def test_with_redis_down_the_pages_are_made_without_it(client, member, training, caplog):
    client.force_login(member)
    for url in pages(training):
        response = client.get(url)
        assert text(response) == uncached(client, url)
    assert [r for r in caplog.records if r.name == "gymtracker.cache"], "the failure is logged"
    assert len([r for r in caplog.records if r.name == "gymtracker.cache"]) == 1, "once, not per request"
    assert not cache.available(), "and the cache is left alone for a while"


def test_a_page_showing_a_message_is_not_kept(client, member, training):
    """A message is shown once: the page that showed it is not served again with it."""
    client.force_login(member)
    response = client.post(reverse("sessions:start", args=[training["plan"].pk]), follow=True)
    assert "started" in response.content.decode()
    again = client.get(response.redirect_chain[-1][0])
    assert "started" not in again.content.decode()


@pytest.mark.parametrize("role", ["coach", "staff"])
def test_coaches_and_staff_have_their_own_progress_cached_like_anyone(client, member, training, role):
    """A fragment names whose data it shows, so a reader's role changes nothing: a coach's or
    staff's own progress is cached under their own version."""
    reader = UserFactory(username=f"reader_{role}", is_staff=role == "staff")
    reader.groups.add(Group.objects.get(name=role))
    client.force_login(reader)
    url = reverse("progress:dashboard")
    assert queries_of(lambda: client.get(url))[0] > queries_of(lambda: client.get(url))[0]


def test_a_page_with_errors_is_made_again_each_time(client, member, training):
    """Only an HTTP 200 is kept: a filter the member mistyped answers 422 with its message on
    every visit, never a kept copy that would say 200."""
    client.force_login(member)
    url = reverse("sessions:list") + "?date_from=not+a+date"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 422
        assert "Enter a valid date" in response.content.decode()
