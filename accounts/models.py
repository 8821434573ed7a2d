from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from simple_history.models import HistoricalRecords

from gymtracker.db import TransactionNow, created_at_field, uuid_primary_key


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
        ]

    def __str__(self) -> str:
        return self.username

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)
