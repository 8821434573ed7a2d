"""Refresh the progress app's materialized views (`weekly_volume`) without blocking readers.

Run it on a schedule in production, e.g. every 15 minutes from cron or a systemd timer:
`*/15 * * * * cd /app && python manage.py refresh_progress`. Pages show the time of the last
refresh ("as of ..."), so a slow or missed run is visible rather than silently wrong.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from gymtracker import rls


class Command(BaseCommand):
    help = "Refresh weekly_volume CONCURRENTLY and record when."

    def handle(self, *args: Any, **options: Any) -> None:
        # manage.py already names this job for the connection; naming it here as well keeps the
        # command right when it is called from code (call_command) or a scheduler in-process.
        with rls.system_context("refresh_progress"), connection.cursor() as cursor:
            cursor.execute("SELECT progress_refresh_weekly_volume()")
            (refreshed_at,) = cursor.fetchone()
        self.stdout.write(f"weekly_volume refreshed as of {refreshed_at.isoformat()}")
