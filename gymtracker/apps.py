from django.apps import AppConfig
from django.db.models.signals import post_migrate


class GymTrackerConfig(AppConfig):
    name = "gymtracker"
    verbose_name = "Atomic Gym Tracker"

    def ready(self) -> None:
        from gymtracker import rls  # noqa: F401 - connects the connection_created receiver
        from gymtracker.dbobjects import sync_after_migrate

        # After every migrate, the database's functions and policies are made equal to the apps'
        # sql/ files (once per migrate: see sync_after_migrate).
        post_migrate.connect(sync_after_migrate, dispatch_uid="gymtracker.dbobjects")
