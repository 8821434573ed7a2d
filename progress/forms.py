import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from gymtracker.units import WeightField, whole_limit
from progress.models import BODY_WEIGHT_MAX_KG, BODY_WEIGHT_NOTE_MAX_LENGTH
from sessions.forms import DatePicker


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search notes and exercises",
        max_length=200,
        required=False,
        help_text='Words are matched in any form ("squats" finds "squat"); use "quotes" for a phrase, - to exclude.',
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        return cleaned


class BodyWeightForm(forms.Form):
    """A day's body weight, typed in the member's unit; `cleaned_data["weight_kg"]` is kilograms,
    kept to four decimals (as the sizes of plates are), so that pounds typed to the hundredth show
    again as typed. The limits repeat the table's CHECK, in the member's unit."""

    date = forms.DateField(widget=DatePicker(format="%Y-%m-%d"))
    note = forms.CharField(
        label="Note",
        max_length=BODY_WEIGHT_NOTE_MAX_LENGTH,
        required=False,
        help_text="Morning, after a meal, a new scale…",
    )

    def __init__(self, *args: Any, unit: str = "kg", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields = {
            "date": self.fields["date"],
            "weight_kg": WeightField(
                unit=unit,
                equipment=True,
                label=f"Body weight ({unit})",
                min_value=Decimal("0.01"),
                max_value=whole_limit(BODY_WEIGHT_MAX_KG, unit),
                error_messages={"min_value": "Enter a weight above 0."},
            ),
            **{name: field for name, field in self.fields.items() if name != "date"},
        }

    def clean_date(self) -> datetime.date:
        date: datetime.date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=1):  # a day's slack for travellers
            raise forms.ValidationError("A body weight cannot be in the future.")
        if date.year < 1900:
            raise forms.ValidationError("Enter a real date.")
        return date


class BodyWeightEditForm(BodyWeightForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
