import django.contrib.auth.models
import django.contrib.auth.validators
import django.contrib.postgres.fields
import django.contrib.postgres.functions
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
import gymtracker.crypto
import gymtracker.db
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("accounts", "0001_initial"),
        ("accounts", "0002_database_cascades"),
        ("accounts", "0003_healthprofile_auditevent"),
        ("accounts", "0004_row_level_security"),
        ("accounts", "0005_roles"),
        ("accounts", "0006_units_and_time_zone"),
        ("accounts", "0007_audit_account_deleted"),
        ("accounts", "0008_rack_settings"),
        ("accounts", "0009_privileged_changes"),
        ("accounts", "0010_form_submissions"),
    ]

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="User",
            fields=[
                ("password", models.CharField(max_length=128, verbose_name="password")),
                ("last_login", models.DateTimeField(blank=True, null=True, verbose_name="last login")),
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
                ),
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
                    "username",
                    models.TextField(
                        error_messages={"unique": "That username is taken."},
                        help_text="Letters, digits and @/./+/-/_ only; at most 150 characters.",
                        unique=True,
                        validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                    ),
                ),
                (
                    "email",
                    models.TextField(error_messages={"unique": "An account with that email exists."}, unique=True),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, db_default=gymtracker.db.TransactionNow())),
                (
                    "is_staff",
                    models.BooleanField(db_default=False, default=False, help_text="Can log in to the admin site."),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        db_default=True,
                        default=True,
                        help_text="Unticking this blocks the account without deleting it.",
                    ),
                ),
                (
                    "weight_unit",
                    models.TextField(
                        choices=[("kg", "Kilograms (kg)"), ("lb", "Pounds (lb)")], db_default="kg", default="kg"
                    ),
                ),
                (
                    "time_zone",
                    models.TextField(db_default="UTC", default="UTC", help_text="Dates and times are shown in it."),
                ),
                (
                    "bar_kg",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="The bar's weight; empty: 20 kg or 45 lb.",
                        max_digits=8,
                        null=True,
                    ),
                ),
                (
                    "plates_kg",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.DecimalField(decimal_places=4, max_digits=8),
                        blank=True,
                        help_text="Plate sizes, a pair of each; empty: the usual set.",
                        null=True,
                    ),
                ),
                (
                    "rest_timer",
                    models.BooleanField(db_default=True, default=True, help_text="Count down the rest between sets."),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
                (
                    "user_permissions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Specific permissions for this user.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.permission",
                        verbose_name="user permissions",
                    ),
                ),
            ],
            options={
                "db_table": "users",
                "ordering": ["username"],
            },
            managers=[
                ("objects", django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name="HealthProfile",
            fields=[
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, db_default=gymtracker.db.TransactionNow())),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="health_profile",
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "notes",
                    gymtracker.crypto.EncryptedTextField(
                        blank=True, default="", help_text="Injuries, conditions, anything a coach should know."
                    ),
                ),
                ("shared_with_coach", models.BooleanField(db_default=False, default=False)),
            ],
            options={
                "db_table": "health_profiles",
            },
        ),
        migrations.CreateModel(
            name="AuditEvent",
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
                (
                    "at",
                    models.DateTimeField(
                        db_default=gymtracker.db.TransactionNow(), default=django.utils.timezone.now, editable=False
                    ),
                ),
                (
                    "kind",
                    models.TextField(
                        choices=[
                            ("login", "Logged in"),
                            ("logout", "Logged out"),
                            ("login_failed", "Failed login"),
                            ("password_changed", "Password changed"),
                            ("role_changed", "Role changed"),
                            ("account_deleted", "Account deleted"),
                        ]
                    ),
                ),
                ("username", models.TextField(blank=True, default="")),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                ("detail", models.JSONField(blank=True, default=dict)),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="audit_events",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "db_table": "audit_events",
                "ordering": ["-at"],
            },
        ),
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
            },
        ),
        migrations.CreateModel(
            name="HistoricalUser",
            fields=[
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
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
                    "username",
                    models.TextField(
                        db_index=True,
                        error_messages={"unique": "That username is taken."},
                        help_text="Letters, digits and @/./+/-/_ only; at most 150 characters.",
                        validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                    ),
                ),
                (
                    "email",
                    models.TextField(db_index=True, error_messages={"unique": "An account with that email exists."}),
                ),
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
                    "is_staff",
                    models.BooleanField(db_default=False, default=False, help_text="Can log in to the admin site."),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        db_default=True,
                        default=True,
                        help_text="Unticking this blocks the account without deleting it.",
                    ),
                ),
                (
                    "weight_unit",
                    models.TextField(
                        choices=[("kg", "Kilograms (kg)"), ("lb", "Pounds (lb)")], db_default="kg", default="kg"
                    ),
                ),
                (
                    "time_zone",
                    models.TextField(db_default="UTC", default="UTC", help_text="Dates and times are shown in it."),
                ),
                (
                    "bar_kg",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="The bar's weight; empty: 20 kg or 45 lb.",
                        max_digits=8,
                        null=True,
                    ),
                ),
                (
                    "plates_kg",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.DecimalField(decimal_places=4, max_digits=8),
                        blank=True,
                        help_text="Plate sizes, a pair of each; empty: the usual set.",
                        null=True,
                    ),
                ),
                (
                    "rest_timer",
                    models.BooleanField(db_default=True, default=True, help_text="Count down the rest between sets."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical user",
                "verbose_name_plural": "historical users",
                "db_table": "users_history",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="users_email_ci_unique",
                violation_error_message="An account with that email exists.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("username"),
                name="users_username_ci_unique",
                violation_error_message="That username is taken.",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("username__regex", "^[\\w.@+-]{1,150}$")), name="users_username_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("email__regex", "^[^@\\s]+@[^@\\s]+$"),
                    django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length("email"), 254),
                ),
                name="users_email_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("weight_unit__in", ["kg", "lb"])), name="users_weight_unit_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("bar_kg__range", (0, 100))), name="users_bar_kg_range"
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(("plates_kg__len__range", (1, 20))), name="users_plates_kg_count"
            ),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=gymtracker.db.EveryElementBetween("plates_kg", above=0, at_most=100),
                name="users_plates_kg_sizes",
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["-at"], name="audit_events_recent"),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["user", "-at"], name="audit_events_user_recent"),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        ["login", "logout", "login_failed", "password_changed", "role_changed", "account_deleted"],
                    )
                ),
                name="audit_events_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="formsubmission",
            constraint=models.UniqueConstraint(fields=("user", "token"), name="form_submissions_once"),
        ),
    ]
