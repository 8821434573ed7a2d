from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gymtracker import backup


class Command(BaseCommand):
    help = (
        "Restores a dump of `manage.py backup` into a NEW database, then re-applies what a dump does "
        "not carry (the LEAKPROOF mark of search, statistics). Runs as the owner of DATABASE_OWNER_URL, "
        "or the login role; a superuser for the mark. See gymtracker/backup.py."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--into", required=True, help="the new database's name")

    def handle(self, *args: Any, file: Path, into: str, **options: Any) -> None:
        database = settings.DATABASE_OWNER or settings.DATABASES["default"]
        for warning in backup.restore(file, database=database, into=into):
            self.stderr.write(warning)
        self.stdout.write(f"Restored {file} into {into}: point DATABASE_URL at it to use it.")
