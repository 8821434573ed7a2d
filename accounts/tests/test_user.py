from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from accounts.forms import AdminUserCreationForm
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_create_user_stores_a_hashed_password_and_a_uuid_key():
    user = User.objects.create_user("ann", "ann@Example.COM", "a-long-enough-password")
    user.refresh_from_db()
    assert user.check_password("a-long-enough-password")
    assert user.password != "a-long-enough-password"
    assert user.pk.version == 4
    assert user.email == "ann@example.com"  # the domain part is normalised


def test_emails_differing_only_in_case_are_refused_by_the_database(member):
    with pytest.raises(IntegrityError):
        User.objects.create_user("carl", member.email.upper(), "a-long-enough-password")


def test_validation_explains_a_taken_email_or_username(member):
    clash = User(username=member.username.upper(), email=member.email.upper(), password="x")
    with pytest.raises(ValidationError) as caught:
        clash.full_clean()
    messages = " ".join(m for ms in caught.value.message_dict.values() for m in ms)
    assert "That username is taken." in messages
    assert "An account with that email exists." in messages


def test_admin_creation_form_keeps_typed_values_and_explains_errors(member):
    form = AdminUserCreationForm(
        data={"username": "new one", "email": member.email, "password1": "x", "password2": "y"}
    )
    assert not form.is_valid()
    assert {"username", "email", "password2"} <= set(form.errors)
    assert form["email"].value() == member.email


def rejects(statement, params):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    ("bar", "plates", "refused"),
    [
        (None, None, False),
        ("0", "{20,1.25}", False),
        ("20.4117", "{20.4117,1.1340}", False),
        ("-0.5", None, True),
        ("100.5", None, True),
        (None, "{}", True),
        (None, "{20,0}", True),
        (None, "{20,-2.5}", True),
        (None, "{20,NULL}", True),
        (None, "{150}", True),
        (None, "{" + ",".join(str(n) for n in range(1, 22)) + "}", True),
    ],
)
def test_the_database_checks_the_bar_and_plates(member, bar, plates, refused):
    statement = "UPDATE users SET bar_kg = %s, plates_kg = %s::numeric[] WHERE id = %s"
    assert rejects(statement, [bar, plates, member.pk]) is refused


def test_the_rest_timer_is_on_unless_switched_off(member):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO users (username, email, password, is_superuser) VALUES ('dan', 'd@x.io', '', false)"
        )
        cursor.execute("SELECT rest_timer, bar_kg, plates_kg FROM users WHERE username = 'dan'")
        assert cursor.fetchone() == (True, None, None)
    assert member.rest_timer is True


def test_model_validation_explains_plates_the_database_would_refuse(member):
    member.plates_kg = [Decimal(20), Decimal(0)]
    with pytest.raises(ValidationError) as caught:
        member.full_clean(exclude=["password"])
    assert "users_plates_kg_sizes" in str(caught.value)
