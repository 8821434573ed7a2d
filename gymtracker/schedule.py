"""Work on a schedule, without cron: `manage.py run_schedule`, a process of its own beside the web
server (compose.yaml's `schedule` service), runs each app's periodic jobs.

An app lists its jobs in its own `jobs.py` (`JOBS = [Job(...)]`), found by name like the admin's
modules, so this module imports no app. Each job runs at start and then every `every`, in a
transaction of its own in a named system context (the job's name), and says what it did in one
log line; a job that fails is logged with its error and tried again at its next turn, the others
go on. Jobs are idempotent (each removes what has expired), so a restart or two schedulers at once
do no harm, and nothing about them is stored.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import import_string, module_has_submodule

from gymtracker import rls

log = logging.getLogger("gymtracker.schedule")


@dataclass(frozen=True)
class Job:
    name: str  # also the system context it runs in
    every: datetime.timedelta
    run: Callable[[], int]  # returns how many rows it handled, for the log line
    what: str  # the log line's words: "{count} {what}"


def jobs() -> list[Job]:
    """Every app's jobs, in the apps' order."""
    found: list[Job] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "jobs"):
            found.extend(import_string(f"{config.name}.jobs.JOBS"))
    return found


def run_job(job: Job) -> int | None:
    """One run of `job`; how many rows it handled, or None when it failed (logged)."""
    started = time.monotonic()
    try:
        with transaction.atomic(), rls.system_context(job.name):
            count = job.run()
    except Exception:
        log.exception("job %s failed", job.name, extra={"job": job.name})
        return None
    log.info(
        "job %s: %s %s",
        job.name,
        count,
        job.what,
        extra={"job": job.name, "count": count, "duration_ms": round((time.monotonic() - started) * 1000, 1)},
    )
    return count


def run_forever(schedule: Iterable[Job], *, stop: Callable[[], bool], sleep: Callable[[float], object]) -> None:
    """Each job now, then whenever its time comes, until `stop()`."""
    due = {job: time.monotonic() for job in schedule}
    while not stop():
        now = time.monotonic()
        for job, when in due.items():
            if when <= now:
                run_job(job)
                due[job] = now + job.every.total_seconds()
        sleep(max(0.0, min(min(due.values()) - time.monotonic(), 60.0)))
