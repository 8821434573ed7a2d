from django.db import migrations

from gymtracker.db import database_cascades


class Migration(migrations.Migration):
    """Deleting or re-keying a user in plain SQL carries along everything that points at them."""

    dependencies = [
        ("accounts", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
    ]

    operations = [
        database_cascades(
            ("users_groups", "user_id", "users"),
            ("users_groups", "group_id", "auth_group"),
            ("users_user_permissions", "user_id", "users"),
            ("users_user_permissions", "permission_id", "auth_permission"),
            ("django_admin_log", "user_id", "users"),
        ),
        # History outlives the account that made a change; it only forgets who made it.
        database_cascades(("users_history", "history_user_id", "users"), on_delete="SET NULL"),
    ]
