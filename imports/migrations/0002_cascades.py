"""Erasing a member erases their imports in the database itself, as for every member table; the
history rows stay, no longer naming who made them (gymtracker.db.database_cascades). Django makes
the foreign keys at the end of a migration, hence a migration of its own."""

from django.db import migrations

from gymtracker.db import database_cascades


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_imports")]

    operations = [
        database_cascades(("imports", "user_id", "users")),
        database_cascades(("imports_history", "history_user_id", "users"), on_delete="SET NULL"),
    ]
