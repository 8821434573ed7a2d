from typing import Any

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from simple_history.models import HistoricalRecords

from gymtracker.crypto import EncryptedTextField
from gymtracker.db import (
    EveryElementBetween,
    TimestampedModel,
    TransactionNow,
    created_at_field,
    uuid_primary_key,
)


class WeightUnit(models.TextChoices):
    KG = "kg", "Kilograms (kg)"
    LB = "lb", "Pounds (lb)"


# Bounds of the bar and plates a member can have, in kilograms (CHECKed; forms say so first).
BAR_MAX_KG = 100
PLATE_MAX_KG = 100
PLATE_SIZES_MAX = 20


def equipment_field(**kwargs: Any) -> models.DecimalField:
    # Four decimals of a kilogram: sizes typed in pounds come back as typed (gymtracker.units).
    return models.DecimalField(max_digits=8, decimal_places=4, **kwargs)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: a gym member, a coach or staff (the design's `users` table)."""

    id = uuid_primary_key()
    username = models.TextField(
        unique=True,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @/./+/-/_ only; at most 150 characters.",
        error_messages={"unique": "That username is taken."},
    )
    email = models.TextField(unique=True, error_messages={"unique": "An account with that email exists."})
    created_at = created_at_field()
    updated_at = models.DateTimeField(auto_now=True, db_default=TransactionNow(), editable=False)
    is_staff = models.BooleanField(default=False, db_default=False, help_text="Can log in to the admin site.")
    is_active = models.BooleanField(
        default=True, db_default=True, help_text="Unticking this blocks the account without deleting it."
    )
    # Weights are stored in kilograms everywhere; this is only how the member sees and types them.
    weight_unit = models.TextField(choices=WeightUnit.choices, default=WeightUnit.KG, db_default=WeightUnit.KG)
    time_zone = models.TextField(default="UTC", db_default="UTC", help_text="Dates and times are shown in it.")
    # The rack (accounts.equipment.Equipment). NULL is the standard of the member's unit (a 20 kg or
    # 45 lb bar, the usual plates), so it follows the unit until the member sets their own.
    bar_kg = equipment_field(null=True, blank=True, help_text="The bar's weight; empty: 20 kg or 45 lb.")
    plates_kg = ArrayField(
        equipment_field(), null=True, blank=True, help_text="Plate sizes, a pair of each; empty: the usual set."
    )
    rest_timer = models.BooleanField(default=True, db_default=True, help_text="Count down the rest between sets.")
    # The member's consent for their coach to bring workout history in for them (imports): read by
    # coaching_act_for, the one place a coach may act as the member.
    coach_may_import = models.BooleanField(
        default=False, db_default=False, help_text="My coach may import workout history for me."
    )

    # Passwords and login times are not history: hashes stay out of the history table, and a row
    # per login would bury real changes.
    history = HistoricalRecords(table_name="users_history", excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        db_table = "users"
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="users_email_ci_unique",
                violation_error_message="An account with that email exists.",
            ),
            models.UniqueConstraint(
                Lower("username"),
                name="users_username_ci_unique",
                violation_error_message="That username is taken.",
            ),
            models.CheckConstraint(
                condition=models.Q(username__regex=r"^[\w.@+-]{1,150}$"), name="users_username_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(email__regex=r"^[^@\s]+@[^@\s]+$") & models.Q(LessThanOrEqual(Length("email"), 254)),
                name="users_email_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(weight_unit__in=WeightUnit.values), name="users_weight_unit_valid"
            ),
            models.CheckConstraint(condition=models.Q(bar_kg__range=(0, BAR_MAX_KG)), name="users_bar_kg_range"),
            models.CheckConstraint(
                condition=models.Q(plates_kg__len__range=(1, PLATE_SIZES_MAX)), name="users_plates_kg_count"
            ),
            models.CheckConstraint(
                condition=EveryElementBetween("plates_kg", above=0, at_most=PLATE_MAX_KG),
                name="users_plates_kg_sizes",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    ROLE_FIELDS = ("is_staff", "is_superuser", "is_active")

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any, **kwargs: Any) -> "User":
        user = super().from_db(db, field_names, values, **kwargs)
        # Remember the roles as loaded, so a save can tell (without a query) whether they changed.
        user._loaded_roles = {f: getattr(user, f) for f in cls.ROLE_FIELDS if f in field_names}
        return user

    def role_changes(self) -> dict[str, list[bool]]:
        """The role flags that differ from those loaded: {flag: [was, is]}."""
        loaded = getattr(self, "_loaded_roles", {})
        return {f: [was, getattr(self, f)] for f, was in loaded.items() if getattr(self, f) != was}

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The save's post_save (accounts.signals) records a changed password or role, comparing
        # with the roles as loaded; from here on, the saved ones are those.
        super().save(*args, **kwargs)
        self._loaded_roles = {f: getattr(self, f) for f in self.ROLE_FIELDS}


class HealthProfile(TimestampedModel):
    """A member's health and injury notes, encrypted at rest, shown to their coach only if the
    member shares them. Deliberately without history: every copy of sensitive text is a copy
    to protect and to re-encrypt."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="health_profile")
    notes = EncryptedTextField(blank=True, default="", help_text="Injuries, conditions, anything a coach should know.")
    shared_with_coach = models.BooleanField(default=False, db_default=False)

    class Meta:
        db_table = "health_profiles"

    def __str__(self) -> str:
        return f"Health notes of {self.user}"


class AuditKind(models.TextChoices):
    LOGIN = "login", "Logged in"
    LOGOUT = "logout", "Logged out"
    LOGIN_FAILED = "login_failed", "Failed login"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    ROLE_CHANGED = "role_changed", "Role changed"
    ACCOUNT_DELETED = "account_deleted", "Account deleted"


class AuditEvent(models.Model):
    """An account event: sign-ins (and failed ones), sign-outs, password and role changes, and
    the erasure of an account (which keeps only the name, as every event here does)."""

    Kind = AuditKind

    id = uuid_primary_key()
    at = created_at_field()
    kind = models.TextField(choices=Kind.choices)
    # The account, while it exists; the name as typed or as it was, for ever.
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events")
    username = models.TextField(blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "audit_events"
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=AuditKind.values), name="audit_events_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["-at"], name="audit_events_recent"),
            models.Index(fields=["user", "-at"], name="audit_events_user_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username or '-'} at {self.at:%Y-%m-%d %H:%M}"


class FormSubmission(models.Model):
    """A form's one-time token, sent again by a double click or by Back and resubmit: the first
    submit claims it (the unique constraint makes a second one at the same moment wait for the
    first to commit) and keeps where it led, so the second is answered with the same redirect
    instead of doing the write again (`gymtracker.idempotency`). Kept a day."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    result_url = models.TextField(blank=True, default="", db_default="")
    created_at = created_at_field()

    class Meta:
        db_table = "form_submissions"
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="form_submissions_once")]

    def __str__(self) -> str:
        return f"{self.token} → {self.result_url or '…'}"
