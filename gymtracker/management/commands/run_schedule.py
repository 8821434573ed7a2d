"""The scheduler process (gymtracker.schedule): each app's periodic jobs, without cron."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from gymtracker.schedule import jobs, run_forever, run_job


class Command(BaseCommand):
    help = "Runs the periodic jobs (expired sessions, invites, lockouts, uploads) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        schedule = jobs()
        if options["once"]:
            failed = [job.name for job in schedule if run_job(job) is None]
            if failed:
                raise SystemExit(f"failed: {', '.join(failed)}")
            return
        stopping = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
        self.stdout.write(f"Scheduling {', '.join(f'{job.name} every {job.every}' for job in schedule)}.")
        try:
            run_forever(schedule, stop=stopping.is_set, sleep=stopping.wait)
        finally:
            connections.close_all()
