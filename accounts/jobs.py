"""accounts' periodic jobs (gymtracker.schedule): sign-ins that have expired, and failed sign-in
attempts too old to lock anyone out."""

import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from gymtracker.schedule import Job


def sessions_expired_clear() -> int:
    """What `manage.py clearsessions` does, counted."""
    return Session.objects.filter(expire_date__lt=timezone.now()).delete()[0]


def lockouts_expired_clear() -> int:
    """Failed attempts older than the cool-off: they no longer count towards a lockout."""
    return AccessAttempt.objects.filter(attempt_time__lt=timezone.now() - settings.AXES_COOLOFF_TIME).delete()[0]


JOBS = [
    Job("sessions_expired_clear", datetime.timedelta(hours=1), sessions_expired_clear, "expired sign-ins removed"),
    Job(
        "lockouts_expired_clear", datetime.timedelta(minutes=15), lockouts_expired_clear, "old failed sign-ins removed"
    ),
]
