from django.apps import AppConfig


class GymTrackerConfig(AppConfig):
    name = "gymtracker"
    verbose_name = "Atomic Gym Tracker"

    def ready(self) -> None:
        from gymtracker import rls  # noqa: F401 - connects the connection_created receiver
