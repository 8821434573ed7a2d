"""Forms' one-time tokens (gymtracker.idempotency): a member's own rows only, under forced
row-level security like every member table, and gone with the member (a database cascade)."""

import django.db.models.deletion
import django.utils.timezone
import gymtracker.db
from django.conf import settings
from django.db import migrations, models

from gymtracker.db import database_cascades, row_level_security


class CreateDeferredConstraints(migrations.operations.base.Operation):
    """Django adds a new table's foreign keys when the migration ends; the cascade step below
    re-creates the one it finds, so it must exist by then."""

    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        while schema_editor.deferred_sql:
            schema_editor.execute(schema_editor.deferred_sql.pop(0))

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass

    def describe(self):
        return "Create the foreign keys of the tables made so far"


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_privileged_changes"),
    ]

    operations = [
        migrations.CreateModel(
            name="FormSubmission",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("token", models.UUIDField()),
                ("result_url", models.TextField(blank=True, db_default="", default="")),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "db_table": "form_submissions",
                "constraints": [models.UniqueConstraint(fields=("user", "token"), name="form_submissions_once")],
            },
        ),
        CreateDeferredConstraints(),
        database_cascades(("form_submissions", "user_id", "users")),
        row_level_security("form_submissions", using="user_id = (SELECT app_user_id()) OR (SELECT app_privileged())"),
    ]
