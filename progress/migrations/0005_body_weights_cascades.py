"""Erasing a member erases their body weights in the database itself, as for every member table;
their history rows stay, no longer naming who made them (gymtracker.db.database_cascades)."""

from django.db import migrations

from gymtracker.db import database_cascades


class Migration(migrations.Migration):
    dependencies = [("progress", "0004_body_weights")]

    operations = [
        database_cascades(("body_weights", "user_id", "users")),
        database_cascades(("body_weights_history", "history_user_id", "users"), on_delete="SET NULL"),
    ]
