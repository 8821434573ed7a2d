import coaching.models
import django.contrib.postgres.functions
import django.db.models.deletion
import django.utils.timezone
import gymtracker.db
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("coaching", "0001_initial"),
        ("coaching", "0002_row_level_security"),
        ("coaching", "0003_comment_read_at"),
        ("coaching", "0004_relationship_rules"),
    ]

    dependencies = [
        ("workouts", "0001_squashed_0017_session_notes_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalCoachRelationship",
            fields=[
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, db_default=gymtracker.db.TransactionNow(), editable=False),
                ),
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        db_index=True,
                        default=uuid.uuid4,
                        editable=False,
                    ),
                ),
                (
                    "started_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                ("ended_at", models.DateTimeField(blank=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "coach",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical coach relationship",
                "verbose_name_plural": "historical coach relationships",
                "db_table": "coach_relationships_history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSessionComment",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        db_index=True,
                        default=uuid.uuid4,
                        editable=False,
                    ),
                ),
                ("body", models.TextField()),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        blank=True,
                        db_column="workout_session_id",
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="workouts.workoutsession",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical session comment",
                "verbose_name_plural": "historical session comments",
                "db_table": "session_comments_history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="CoachInvite",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("code", models.TextField(default=coaching.models.new_invite_code, editable=False, unique=True)),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                ("expires_at", models.DateTimeField()),
                ("accepted_at", models.DateTimeField(blank=True, null=True)),
                (
                    "accepted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "coach",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="coach_invites",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "coach_invites",
                "ordering": ["-created_at"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("expires_at__gt", models.F("created_at"))),
                        name="coach_invites_expire_later",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="CoachRelationship",
            fields=[
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, db_default=gymtracker.db.TransactionNow())),
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "started_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                ("ended_at", models.DateTimeField(blank=True, null=True)),
                (
                    "coach",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="coachings",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="coached_by",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "coach_relationships",
                "ordering": ["-started_at"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("ended_at__isnull", True)), fields=["coach"], name="coach_rel_current_coach"
                    ),
                    models.Index(
                        condition=models.Q(("ended_at__isnull", True)),
                        fields=["member"],
                        name="coach_rel_current_member",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("ended_at__isnull", True)),
                        fields=("coach", "member"),
                        name="coach_relationships_one_current",
                        violation_error_message="This coach already coaches this member.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("coach", models.F("member")), _negated=True),
                        name="coach_relationships_not_self",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("ended_at__isnull", True), ("ended_at__gte", models.F("started_at")), _connector="OR"
                        ),
                        name="coach_relationships_ends_after_start",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SessionComment",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        default=uuid.uuid4,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("body", models.TextField()),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "read_at",
                    models.DateTimeField(
                        blank=True, editable=False, help_text="When the member marked it read.", null=True
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="session_comments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "session",
                    models.ForeignKey(
                        db_column="workout_session_id",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="workouts.workoutsession",
                    ),
                ),
            ],
            options={
                "db_table": "session_comments",
                "ordering": ["created_at"],
                "indexes": [
                    models.Index(fields=["session", "created_at"], name="session_comments_by_session"),
                    models.Index(
                        condition=models.Q(("read_at__isnull", True)),
                        fields=["session"],
                        name="session_comments_unread",
                    ),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("body__regex", "^\\s*$"), _negated=True), name="session_comments_not_blank"
                    )
                ],
            },
        ),
    ]
