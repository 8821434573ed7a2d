import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

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
