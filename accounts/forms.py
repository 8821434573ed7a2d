import re
import zoneinfo
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
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

from accounts.equipment import Equipment
from accounts.models import BAR_MAX_KG, PLATE_MAX_KG, PLATE_SIZES_MAX, HealthProfile, User
from gymtracker import rls
from gymtracker.units import EQUIPMENT_KG_STEP, EQUIPMENT_STEP, WeightField, kg_to_unit, unit_to_kg, whole_limit

# Django's own help text for new passwords is an HTML list, which may not sit inside the
# <span class="help"> every field's help goes in; this says the same (see AUTH_PASSWORD_VALIDATORS).
NEW_PASSWORD_HELP = "At least 10 characters. Not a common password, not only digits, not like your username or email."  # noqa: S105
HEALTH_NOTES_MAX_LENGTH = 4000
PLATES_TEXT_MAX_LENGTH = 200


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


class PlatesField(forms.CharField):
    """Plate sizes typed in the member's unit, separated by commas or spaces; `cleaned_data`
    holds them in kilograms, distinct and heaviest first (None when left empty)."""

    def __init__(self, *, unit: str, **kwargs: Any) -> None:
        self.unit = unit
        self.max_size = whole_limit(PLATE_MAX_KG, unit)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        # Initial values are kilograms (from the model); typed text is shown as typed.
        if isinstance(value, list | tuple):
            return ", ".join(f"{kg_to_unit(kg, self.unit, step=EQUIPMENT_STEP):f}" for kg in value)
        return value

    def clean(self, value: Any) -> list[Decimal] | None:
        text = super().clean(value)
        if not text:
            return None
        sizes: set[Decimal] = set()
        for word in re.split(r"[\s,;]+", text.strip(" ,;")):
            try:
                size = Decimal(word)
            except InvalidOperation:
                raise forms.ValidationError(
                    f"“{word}” is not a plate size: type numbers like 20 or 2.5.", code="invalid"
                ) from None
            if not size.is_finite() or size <= 0:
                raise forms.ValidationError(f"“{word}”: a plate weighs more than 0 {self.unit}.", code="min_value")
            if size > self.max_size:
                raise forms.ValidationError(f"“{word}”: at most {self.max_size} {self.unit} a plate.", code="max_value")
            if size != size.quantize(EQUIPMENT_STEP):
                raise forms.ValidationError(f"“{word}”: at most 2 decimal places.", code="max_decimal_places")
            sizes.add(size)
        if len(sizes) > PLATE_SIZES_MAX:
            raise forms.ValidationError(f"At most {PLATE_SIZES_MAX} different sizes.", code="max_length")
        return [unit_to_kg(size, self.unit, step=EQUIPMENT_KG_STEP) for size in sorted(sizes, reverse=True)]  # type: ignore[misc]


class ProfileForm(AccountsHiddenByRowSecurity):
    """The member's settings. The bar and plates are typed in the unit the page shows (the one
    saved); left at the standard of that unit, they are saved as "standard" (NULL), and so
    follow the unit when it changes."""

    email = email_field()
    time_zone = forms.ChoiceField(
        label="Time zone", choices=time_zone_choices, help_text="Dates and times are shown in it."
    )
    rest_timer = forms.BooleanField(
        label="Rest timer", required=False, help_text="Counts down the rest after each set you log."
    )

    class Meta:
        model = User
        fields = ("email", "weight_unit", "time_zone", "bar_kg", "plates_kg", "rest_timer", "coach_may_import")
        labels = {"weight_unit": "Weight unit", "coach_may_import": "Coach may import"}
        help_texts = {
            "weight_unit": "Weights are shown and typed in it.",
            "coach_may_import": (
                "Your coach may bring your history in from another app’s export; each import is listed on "
                "your Import page, with its undo."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = self.instance.weight_unit
        self.standard = Equipment.standard(self.unit)
        bar_max = whole_limit(BAR_MAX_KG, self.unit)
        self.fields["bar_kg"] = WeightField(
            unit=self.unit,
            equipment=True,
            required=False,
            max_value=bar_max,
            label=f"Bar ({self.unit})",
            help_text=f"Empty: the standard {self.standard.bar} {self.unit}.",
            error_messages={
                "min_value": "A bar cannot weigh less than nothing.",
                "max_value": f"At most {bar_max} {self.unit}.",
                "invalid": "Type a weight, like 20 or 15.5.",
            },
        )
        self.fields["plates_kg"] = PlatesField(
            unit=self.unit,
            required=False,
            max_length=PLATES_TEXT_MAX_LENGTH,
            label=f"Plates ({self.unit})",
            help_text="The sizes you have, separated by commas; a pair of each. Empty: the usual set.",
            widget=forms.TextInput(attrs={"autocomplete": "off"}),
        )
        if not self.is_bound:
            # The member sees what the rack rules use, standard or not.
            equipment = Equipment.of(self.instance)
            self.initial["bar_kg"] = unit_to_kg(equipment.bar, self.unit, step=EQUIPMENT_KG_STEP)
            self.initial["plates_kg"] = [
                unit_to_kg(size, self.unit, step=EQUIPMENT_KG_STEP) for size in equipment.plates
            ]

    def clean_bar_kg(self) -> Decimal | None:
        bar = self.cleaned_data["bar_kg"]
        if bar is None or kg_to_unit(bar, self.unit, step=EQUIPMENT_STEP) == self.standard.bar:
            return None
        return bar

    def clean_plates_kg(self) -> list[Decimal] | None:
        plates = self.cleaned_data["plates_kg"]
        if plates is None:
            return None
        typed = {kg_to_unit(kg, self.unit, step=EQUIPMENT_STEP) for kg in plates}
        return None if typed == set(self.standard.plates) else plates


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
