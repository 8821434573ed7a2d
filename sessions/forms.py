import copy
import datetime
from typing import Any

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from gymtracker.units import DistanceField, DurationField, WeightField
from plans.forms import picker_attrs, validate_exercise_name
from plans.models import ExerciseKind
from sessions.models import TIMED_KINDS, SetType, WorkoutSession, WorkoutSet

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


def _logged_field(db_field: Any, **kwargs: Any) -> forms.Field | None:
    """A set's column as a form field, with the limits the model gives it (its validators) as the
    field's own, so that the input carries them too (min, max)."""
    for validator in db_field.validators:
        if isinstance(validator, MinValueValidator):
            kwargs.setdefault("min_value", validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            kwargs.setdefault("max_value", validator.limit_value)
    field: forms.Field | None = db_field.formfield(**kwargs)
    return field


class SetLogForm(forms.Form):
    """What was done in one set: the fields of WorkoutSet.LOGGED_FIELDS, made from the model (the
    weight typed in the member's unit), plus what the page sends to keep logs in order."""

    # Made by the page's script for each log it sends, kept with the set (workouts_set_log): the
    # same log sent again (a double tap, the queue of sets logged offline) is answered, not
    # written twice.
    key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Without the script: the set's version as the form showed it (its `updated_at`), so that an
    # older value sent again (Back and resubmit) never overwrites a newer one (HTTP 409 instead).
    read_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, unit: str = "kg", kind: str = ExerciseKind.WEIGHT_REPS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {**logged_fields(unit, kind), **self.fields}

    @property
    def logged(self) -> dict[str, Any]:
        """The cleaned values of the logged fields, by field name (the model's)."""
        return {name: self.cleaned_data[name] for name in self.fields if name in WorkoutSet.LOGGED_FIELDS}


_LOGGED_FIELDS = forms.fields_for_model(
    WorkoutSet,
    fields=WorkoutSet.LOGGED_FIELDS,
    formfield_callback=_logged_field,
    help_texts=dict.fromkeys(WorkoutSet.LOGGED_FIELDS, ""),
    widgets={
        "actual_reps": forms.NumberInput(NUMBER),
        "rpe": forms.NumberInput({"inputmode": "decimal", "step": "0.5"}),
    },
)


def logged_fields(unit: str, kind: str = ExerciseKind.WEIGHT_REPS) -> dict[str, forms.Field]:
    """The fields a set of `kind` records (WorkoutSet.KIND_FIELDS), in the member's units. A timed
    set needs its time and a distance set its distance (the CHECKs by kind on workout_sets)."""
    fields = copy.deepcopy(_LOGGED_FIELDS)
    fields["weight_kg"] = WeightField(unit=unit, required=False)
    added = "Assistance" if kind == ExerciseKind.ASSISTED_BODYWEIGHT else "Added"
    fields["added_kg"] = WeightField(unit=unit, required=False, label=f"{added} ({unit})")
    fields["duration_seconds"] = DurationField(required=kind in TIMED_KINDS)
    fields["distance_m"] = DistanceField(unit=unit, required=kind == ExerciseKind.DISTANCE_DURATION)
    return {name: fields[name] for name in WorkoutSet.KIND_FIELDS[kind]}


class SetTypeForm(forms.Form):
    """The type a set is to have (the session page's one-tap change sends the next one)."""

    set_type = forms.TypedChoiceField(
        choices=SetType.choices,
        coerce=SetType,
        error_messages={
            "required": "Say which type the set is to be.",
            "invalid_choice": (
                "“%(value)s” is no type of set: a set is a working set, a warm-up, a drop set or a set to failure."
            ),
        },
    )


class ExerciseAddForm(forms.Form):
    exercise_name = forms.CharField(
        label="Exercise",
        max_length=100,
        strip=True,
        validators=[validate_exercise_name],
        # Suggestions as the member types (static/js/exercise_picker.js).
        widget=forms.TextInput(attrs=picker_attrs()),
    )
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
