import datetime
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from gymtracker.units import WeightField
from sessions.models import WorkoutSession

NUMBER = {"inputmode": "numeric"}


class DatePicker(forms.DateInput):
    """The browser's date picker. A value it cannot hold (typed into the address bar) is left out
    rather than rendered as invalid HTML; the error message still says what was wrong."""

    input_type = "date"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return None
            return value
        return super().format_value(value)


class SetLogForm(forms.Form):
    """Reps, weight (in the member's unit) and effort of one set."""

    actual_reps = forms.IntegerField(label="Reps", min_value=0, max_value=1000, widget=forms.NumberInput(NUMBER))
    weight = WeightField(required=False)
    rpe = forms.DecimalField(
        label="RPE",
        required=False,
        min_value=Decimal(1),
        max_value=Decimal(10),
        decimal_places=1,
        widget=forms.NumberInput({"inputmode": "decimal", "step": "0.5"}),
    )
    # Made by the page's script for each log it sends, kept with the set (workouts_set_log): the
    # same log sent again (a double tap, the queue of sets logged offline) is answered, not
    # written twice.
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Without the script: the set's version as the form showed it (its `updated_at`), so that an
    # older value sent again (Back and resubmit) never overwrites a newer one (HTTP 409 instead).
    read_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, unit: str = "kg", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weight"] = WeightField(unit=unit, required=False)


class ExerciseAddForm(forms.Form):
    exercise_name = forms.CharField(label="Exercise", max_length=100, strip=True)
    sets = forms.IntegerField(min_value=1, max_value=20, initial=3, widget=forms.NumberInput(NUMBER))
    repetitions = forms.IntegerField(min_value=1, max_value=100, initial=10, widget=forms.NumberInput(NUMBER))
    add_to_plan = forms.BooleanField(label="Also add it to this plan for next time", required=False, initial=False)

    def clean_exercise_name(self) -> str:
        name = self.cleaned_data["exercise_name"]
        if not name:
            raise forms.ValidationError("Name the exercise.")
        return name


class SessionEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = WorkoutSession
        fields = ["date", "notes"]
        widgets = {
            "date": DatePicker(format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"notes": "How it went: searchable later."}

    def clean_date(self) -> datetime.date:
        date: datetime.date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=1):  # a day's slack for travellers
            raise forms.ValidationError("A session cannot be in the future.")
        if date.year < 1970:
            raise forms.ValidationError("Enter a real date.")
        return date


class SessionFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From", widget=DatePicker)
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="To", widget=DatePicker)

    class Meta:
        model = WorkoutSession
        fields: list[str] = []
