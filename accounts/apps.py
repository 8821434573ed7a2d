from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from accounts import signals  # noqa: F401 - connects the audit receivers
        from accounts.roles import sync_roles

        post_migrate.connect(sync_roles, sender=self, dispatch_uid="accounts_sync_roles")

        # Ours (in accounts.signals) records last_login without writing a history row, and
        # under the signed-in member's own row-level security context.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
