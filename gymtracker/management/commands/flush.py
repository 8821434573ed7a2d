from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from gymtracker.rls import owner_role


class Command(FlushCommand):
    """Django's flush (TRUNCATE), run as the owner: the app's role may not truncate tables."""

    def handle(self, **options: Any) -> None:
        with owner_role(options["database"]):
            super().handle(**options)
