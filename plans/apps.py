from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from plans.library import load_after_migrate

        post_migrate.connect(load_after_migrate, sender=self, dispatch_uid="plans_library")
