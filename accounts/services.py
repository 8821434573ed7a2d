"""Writes to accounts: keyword-only, atomic, named <entity>_<action>."""

from decimal import Decimal
from typing import cast

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction

from accounts.audit import audit_record
from accounts.models import AuditKind, HealthProfile, User
from gymtracker import rls

MEMBER_GROUP = "member"

# The unique indexes on users, by the field whose message explains a violation. The `_key` ones
# are PostgreSQL's names for the plain UNIQUEs of the design; the others ignore case.
_UNIQUE_INDEX_FIELDS = {
    "users_username_key": "username",
    "users_username_ci_unique": "username",
    "users_email_key": "email",
    "users_email_ci_unique": "email",
}


def _taken(error: IntegrityError) -> ValidationError | None:
    """The form error for a username or email another account has, or None for other errors.

    Forms cannot look this up: row-level security hides every other account from the request
    (see accounts.forms.AccountsHiddenByRowSecurity), so the unique indexes are the check."""
    diag = getattr(error.__cause__, "diag", None)
    field = _UNIQUE_INDEX_FIELDS.get(getattr(diag, "constraint_name", None) or "")
    if field is None:
        return None
    message = cast(models.Field, User._meta.get_field(field)).error_messages["unique"]
    return ValidationError({field: ValidationError(message, code="unique")})


def account_create(*, username: str, email: str, password: str) -> User:
    """A new member account in the `member` group. Raises ValidationError (on the field) when
    the username or email is taken, whatever its case."""
    user = User(username=User.normalize_username(username), email=User.objects.normalize_email(email))
    user.set_password(password)
    try:
        # The newcomer writes their own first row: their own context satisfies the policies, so
        # signing up needs no system context. The key is made here, so the context can name it
        # before the row exists.
        with transaction.atomic(), rls.user_context(user):
            user.save(force_insert=True)
            user.groups.add(Group.objects.get(name=MEMBER_GROUP))
    except IntegrityError as error:
        raise (_taken(error) or error) from error
    return user


def account_update(
    *,
    user: User,
    email: str,
    weight_unit: str,
    time_zone: str,
    bar_kg: Decimal | None = None,
    plates_kg: list[Decimal] | None = None,
    rest_timer: bool = True,
    coach_may_import: bool = False,
) -> User:
    """The member's own settings. Raises ValidationError on `email` when another account has it.
    A bar or plates of None are the standard ones of the member's unit."""
    user.email = User.objects.normalize_email(email)
    user.weight_unit = weight_unit
    user.time_zone = time_zone
    user.bar_kg = bar_kg
    user.plates_kg = plates_kg
    user.rest_timer = rest_timer
    user.coach_may_import = coach_may_import
    fields = ["email", "weight_unit", "time_zone", "bar_kg", "plates_kg", "rest_timer", "coach_may_import"]
    try:
        with transaction.atomic():
            user.save(update_fields=[*fields, "updated_at"])
    except IntegrityError as error:
        raise (_taken(error) or error) from error
    return user


def health_profile_update(*, user: User, notes: str, shared_with_coach: bool) -> HealthProfile:
    with transaction.atomic():
        profile, _ = HealthProfile.objects.update_or_create(
            user=user, defaults={"notes": notes, "shared_with_coach": shared_with_coach}
        )
    return profile


# History tables have no foreign keys, so the database cascades cannot reach them. Exercises and
# sets carry no user id of their own: they are found through the member's plans and sessions (live,
# soft-deleted, or purged earlier, when only history still names them), so they go first.
_ERASE_HISTORY = [
    """DELETE FROM session_comments_history WHERE author_id = %(user_id)s OR workout_session_id IN (
        SELECT id FROM workout_sessions WHERE user_id = %(user_id)s
        UNION SELECT id FROM workout_sessions_history WHERE user_id = %(user_id)s)""",
    "DELETE FROM coach_relationships_history WHERE coach_id = %(user_id)s OR member_id = %(user_id)s",
    """DELETE FROM workout_sets_history WHERE workout_session_id IN (
        SELECT id FROM workout_sessions WHERE user_id = %(user_id)s
        UNION SELECT id FROM workout_sessions_history WHERE user_id = %(user_id)s)""",
    """DELETE FROM workout_templates_history WHERE workout_plan_id IN (
        SELECT id FROM workout_plans WHERE user_id = %(user_id)s
        UNION SELECT id FROM workout_plans_history WHERE user_id = %(user_id)s)""",
    "DELETE FROM workout_sessions_history WHERE user_id = %(user_id)s",
    "DELETE FROM workout_plans_history WHERE user_id = %(user_id)s",
    "DELETE FROM exercises_history WHERE owner_id = %(user_id)s",
    "DELETE FROM body_weights_history WHERE user_id = %(user_id)s",
    "DELETE FROM imports_history WHERE user_id = %(user_id)s",
    "DELETE FROM users_history WHERE id = %(user_id)s",
]


def account_erase(*, user: User) -> None:
    """Erase a member for good: every row of theirs, and every history row about them.

    The account's row goes by plain SQL, so PostgreSQL's own ON DELETE CASCADE removes their
    plans, exercises, sessions, sets, body weights, health notes, group links and admin log
    entries; no Django signal fires, so no history is written about the erasure itself. What stays
    is the audit log, which nobody may change: its events keep the name and lose the link to the
    account, and one more records the erasure.

    Call it after logging the member out: a logout recorded afterwards would name an account
    that no longer exists.
    """
    username = user.get_username()
    params = {"user_id": user.pk}
    # Other members' history is out of a member's sight, and this reaches rows of no member at
    # all (purged plans), so it is server-side work with a name.
    with transaction.atomic(), rls.system_context("account_erasure"):
        with connection.cursor() as cursor:
            for statement in _ERASE_HISTORY:
                cursor.execute(statement, params)
            cursor.execute("DELETE FROM users WHERE id = %s", [user.pk])
        audit_record(AuditKind.ACCOUNT_DELETED, username=username)
