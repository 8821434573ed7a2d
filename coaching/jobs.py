"""coaching's periodic job (gymtracker.schedule): invites that expired unaccepted."""

import datetime

from django.utils import timezone

from coaching.models import CoachInvite
from gymtracker.schedule import Job


def invites_expired_clear() -> int:
    return CoachInvite.objects.filter(accepted_at__isnull=True, expires_at__lt=timezone.now()).delete()[0]


JOBS = [Job("invites_expired_clear", datetime.timedelta(hours=1), invites_expired_clear, "expired invites removed")]
