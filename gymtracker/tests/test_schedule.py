"""The scheduler (gymtracker.schedule, manage.py run_schedule): each app's jobs, found by name;
each removes what has expired and keeps the rest; a failing job does not stop the others."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from coaching.models import CoachInvite
from gymtracker.schedule import Job, jobs, run_forever
from imports.models import Import, ImportStatus

pytestmark = pytest.mark.django_db


def test_every_apps_jobs_are_found():
    assert [job.name for job in jobs()] == [
        "sessions_expired_clear",
        "lockouts_expired_clear",
        "invites_expired_clear",
        "uploads_abandoned_clear",
    ]


def test_one_run_removes_what_has_expired_and_keeps_the_rest(member, coach, caplog):
    now = timezone.now()
    for days in (-1, 1):  # one sign-in expired, one not
        store = SessionStore()
        store.create()
        Session.objects.filter(session_key=store.session_key).update(expire_date=now + datetime.timedelta(days=days))
    for minutes in (-60, 0):  # an attempt past the cool-off (15 min), one now
        attempt = AccessAttempt.objects.create(
            username=f"x{minutes}", ip_address="127.0.0.1", user_agent="t", failures_since_start=1
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=now + datetime.timedelta(minutes=minutes))
    old = CoachInvite.objects.create(coach=coach, expires_at=now + datetime.timedelta(days=1))
    CoachInvite.objects.filter(pk=old.pk).update(
        created_at=now - datetime.timedelta(days=9), expires_at=now - datetime.timedelta(days=2)
    )
    live = CoachInvite.objects.create(coach=coach, expires_at=now + datetime.timedelta(days=1))
    abandoned, recent, done = (
        Import.objects.create(user=member, file_name=name, file_size=1, app="strong", shape="A", status=status)
        for name, status in (("a", ImportStatus.PREVIEWED), ("b", ImportStatus.PREVIEWED), ("c", ImportStatus.IMPORTED))
    )
    Import.objects.filter(pk__in=[abandoned.pk, done.pk]).update(created_at=now - datetime.timedelta(days=8))

    with caplog.at_level(logging.INFO, logger="gymtracker.schedule"):
        call_command("run_schedule", "--once")

    assert Session.objects.count() == 1
    assert AccessAttempt.objects.count() == 1
    assert list(CoachInvite.objects.values_list("pk", flat=True)) == [live.pk]
    assert set(Import.objects.values_list("pk", flat=True)) == {recent.pk, done.pk}
    lines = {r.job: r.count for r in caplog.records if hasattr(r, "job")}
    assert lines == {
        "sessions_expired_clear": 1,
        "lockouts_expired_clear": 1,
        "invites_expired_clear": 1,
        "uploads_abandoned_clear": 1,
    }


def test_a_failing_job_is_logged_and_the_others_run_on_their_turns(caplog):
    runs = []

    def broken() -> int:
        raise RuntimeError("boom")

    def counted() -> int:
        runs.append(1)
        return 0

    schedule = [
        Job("broken", datetime.timedelta(hours=1), broken, "nothing"),
        Job("counted", datetime.timedelta(seconds=0), counted, "things"),
    ]
    turns = iter(range(3))
    with caplog.at_level(logging.INFO, logger="gymtracker.schedule"):
        run_forever(schedule, stop=lambda: next(turns, None) is None, sleep=lambda seconds: None)
    assert len(runs) == 3  # every turn: its interval is 0
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.job for r in failures] == ["broken"]  # once: its next turn is an hour away
