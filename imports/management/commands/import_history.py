"""Imports a member's workout history from an export file, as the upload page does but with no
questions: each name goes to its exercise by alias or fuzzy match, unmatched names become the
member's own exercises. Prints one JSON object; exit status 0 when imported (or, with --dry-run,
importable), 2 when the file is refused (nothing written)."""

from __future__ import annotations

import json
import sys
import zoneinfo
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from accounts.models import User
from gymtracker import rls
from imports.models import MAX_FILE_BYTES
from imports.parsed import FileRefused
from imports.preview import import_preview
from imports.services import import_run, import_upload

REFUSED = 2


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Imports a member's workout history from an export of Strong, Hevy, FitNotes, StrongLifts or Liftosaur."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", choices=["kg", "lb"], help="The weights' unit, when the file does not say.")
        parser.add_argument("--time-zone", help="The zone of the file's local times (default: the member's).")
        parser.add_argument("--dry-run", action="store_true", help="Read and match everything, write nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        with rls.system_context("import_history"):
            user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No member is named {options['username']!r}.")
        zone = options["time_zone"]
        if zone is not None:
            try:
                zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
                raise CommandError(f"Unknown time zone {zone!r}.") from error
        result: dict[str, Any] = {
            "app": None,
            "shape": None,
            "sessions_created": 0,
            "sets_created": 0,
            "sessions_already_present": 0,
            "rows_skipped": {},
            "errors": [],
        }
        path: Path = options["file"]
        try:
            with rls.user_context(user):
                self._import(user, path, options, result)
        except FileRefused as refused:
            result["errors"].append(str(refused))
            self._print(result)
            sys.exit(REFUSED)
        except DryRun:
            pass
        self._print(result)

    def _import(self, user: User, path: Path, options: dict[str, Any], result: dict[str, Any]) -> None:
        try:
            size = path.stat().st_size
            handle = path.open("rb")
        except OSError as error:
            raise FileRefused(f"The file cannot be read: {error.strerror}.") from error
        with handle, transaction.atomic():
            imp = import_upload(user=user, file=handle, file_name=path.name, size=min(size, MAX_FILE_BYTES + 1))
            result["app"], result["shape"] = imp.app, imp.shape
            preview = import_preview(imp, unit=options["unit"], zone=options["time_zone"])
            if not preview.ready:
                raise FileRefused("The file does not say its weights' unit: give --unit kg or --unit lb.")
            if options["dry_run"]:
                result["sessions_created"] = len(preview.new_workouts)
                result["sets_created"] = preview.sets_new
                result["sessions_already_present"] = preview.workouts_present
                result["rows_skipped"] = preview.skipped_by_reason
                raise DryRun
            outcome = import_run(imp, by=user, unit=options["unit"], zone=options["time_zone"], progress=_quiet)
            result.update(
                sessions_created=outcome.sessions_created,
                sets_created=outcome.sets_created,
                sessions_already_present=outcome.sessions_already_present,
                rows_skipped=outcome.rows_skipped,
            )

    def _print(self, result: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(result, ensure_ascii=False))


def _quiet(done: float, stage: str) -> None:
    pass
