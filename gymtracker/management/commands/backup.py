from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gymtracker import backup


class Command(BaseCommand):
    help = (
        "Dumps the whole database (pg_dump's custom format) as the backup role of "
        "DATABASE_BACKUP_URL (LOGIN BYPASSRLS, a member of pg_read_all_data); in development, as the "
        "login role. See gymtracker/backup.py."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        database = settings.DATABASE_BACKUP or settings.DATABASES["default"]
        backup.dump(file, database={**database, "NAME": settings.DATABASES["default"]["NAME"]})
        self.stdout.write(f"Dumped {settings.DATABASES['default']['NAME']} into {file}")
