from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import signals  # noqa: F401 - connects the audit receivers

        # Ours (in accounts.signals) records last_login without writing a history row, and
        # under the signed-in member's own row-level security context.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
