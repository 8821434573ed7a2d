"""imports' periodic job (gymtracker.schedule): files uploaded and never imported, after a week
(each holds its file, up to 20 MB)."""

import datetime

from django.utils import timezone

from gymtracker.schedule import Job
from imports.models import Import, ImportStatus

KEPT = datetime.timedelta(days=7)


def uploads_abandoned_clear() -> int:
    return Import.objects.filter(status=ImportStatus.PREVIEWED, created_at__lt=timezone.now() - KEPT).delete()[0]


JOBS = [
    Job("uploads_abandoned_clear", datetime.timedelta(hours=6), uploads_abandoned_clear, "unimported uploads removed")
]
