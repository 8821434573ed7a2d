"""Erasing a coach leaves the imports they made for members, no longer naming them."""

from django.db import migrations

from gymtracker.db import database_cascades


class Migration(migrations.Migration):
    dependencies = [("imports", "0003_import_made_by")]

    operations = [database_cascades(("imports", "created_by_id", "users"), on_delete="SET NULL")]
