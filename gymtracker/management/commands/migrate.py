from typing import Any

from django.core.management.commands.migrate import Command as MigrateCommand

from gymtracker.rls import owner_role


class Command(MigrateCommand):
    """Django's migrate, run as the role that owns the tables rather than the app's role."""

    def handle(self, *args: Any, **options: Any) -> None:
        with owner_role(options["database"]):
            super().handle(*args, **options)
