import zoneinfo
from collections.abc import Iterator
from functools import cache
from typing import Any

from django import forms
from django.contrib.auth.forms import (
    BaseUserCreationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    UserChangeForm,
    UserCreationForm,
    UsernameField,
)

from accounts.models import HealthProfile, User
from gymtracker import rls

# Django's own help text for new passwords is an HTML list, which may not sit inside the
# <span class="help"> every field's help goes in; this says the same (see AUTH_PASSWORD_VALIDATORS).
NEW_PASSWORD_HELP = "At least 10 characters. Not a common password, not only digits, not like your username or email."  # noqa: S105
HEALTH_NOTES_MAX_LENGTH = 4000


class AdminUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")


class AdminUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class AccountsHiddenByRowSecurity(forms.ModelForm):
    """Skips the ModelForm's lookups for a taken username or email.

    Row-level security shows a visitor no account but their own, so those lookups could only
    ever find nothing. The database's unique indexes decide instead, and the services turn a
    violation into the model's own message on the field (`accounts.services.account_create`).
    """

    def validate_unique(self) -> None:
        return None


def email_field(**kwargs: Any) -> forms.EmailField:
    # 254 characters: the database CHECKs it, and no mail server takes longer addresses.
    return forms.EmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}), **kwargs
    )


class SignupForm(AccountsHiddenByRowSecurity, BaseUserCreationForm):
    username = UsernameField(
        label="Username",
        max_length=150,
        help_text=User._meta.get_field("username").help_text,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    email = email_field(help_text="For resetting your password if you forget it.")

    class Meta(BaseUserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = NEW_PASSWORD_HELP
        self.fields["password2"].label = "Password again"
        self.fields["password2"].help_text = ""


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in _sorted_time_zones()]


@cache
def _sorted_time_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


class ProfileForm(AccountsHiddenByRowSecurity):
    email = email_field()
    time_zone = forms.ChoiceField(
        label="Time zone", choices=time_zone_choices, help_text="Dates and times are shown in it."
    )

    class Meta:
        model = User
        fields = ("email", "weight_unit", "time_zone")
        labels = {"weight_unit": "Weight unit"}
        help_texts = {"weight_unit": "Weights are shown and typed in it."}


class HealthProfileForm(forms.ModelForm):
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=HEALTH_NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Injuries, conditions, anything a coach should know.",
    )

    class Meta:
        model = HealthProfile
        fields = ("notes", "shared_with_coach")
        labels = {"shared_with_coach": "My coach may read these notes"}


class MemberPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "That is not your current password.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = ""


class MemberSetPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = ""


class MemberPasswordResetForm(PasswordResetForm):
    def get_users(self, email: str) -> Iterator[Any]:
        # Nobody is signed in yet, so row-level security would show no account at all: finding
        # the one with this email is server-side work, done in a named system context. The list
        # is read inside it (Django's version is a lazy generator).
        with rls.system_context("password_reset"):
            users = list(super().get_users(email))
        return iter(users)


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="password_incorrect")
        return password
