"""The plan form and its formset of exercises: cleaning and validation only (writes are services)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import DELETION_FIELD_NAME, ORDERING_FIELD_NAME
from django.urls import reverse_lazy
from django.utils.text import capfirst

from accounts.models import User
from gymtracker.units import WeightField, whole_limit
from plans import library, selectors
from plans.models import (
    DELOAD_AFTER_MAX,
    DELOAD_PERCENT_MAX,
    INCREMENT_MAX_KG,
    Exercise,
    ExerciseKind,
    WorkoutPlan,
    WorkoutTemplate,
)
from plans.services import ExerciseSpec
from plans.supersets import SUPERSETS_MAX, TOO_MANY_SUPERSETS, numbered
from plans.training import DEFAULT_DELOAD_AFTER, DEFAULT_DELOAD_PERCENT, REST_MAX_SECONDS, Progression

NAME_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000
EXERCISE_NAME_MAX_LENGTH = 200
MAX_SETS = 50
MAX_REPETITIONS = 1000
# Blank rows offered under the exercises, and the most a plan can be saved with (which also
# bounds how many forms one POST can make the server build).
EXTRA_ROWS = 3
MAX_EXERCISES = 100
TOO_MANY_EXERCISES = "A plan can have at most %(num)d exercises."
# Short messages: they sit under narrow number boxes on a phone.
NUMBER_MESSAGES = {
    "min_value": "At least 1.",
    "max_value": "At most %(limit_value)s.",
    "invalid": "Enter a whole number.",
}


class PlanForm(forms.ModelForm):
    name = forms.CharField(max_length=NAME_MAX_LENGTH, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    description = forms.CharField(
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the plan is for, or when you do it.",
    )

    class Meta:
        model = WorkoutPlan
        fields = ["name", "description"]

    def clean_description(self) -> str | None:
        # The column is nullable in the design: no description is NULL, not an empty string.
        return self.cleaned_data["description"] or None


class PlanEditForm(PlanForm):
    """Carries the version the member opened, so that a save over someone else's newer one fails."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance and not self.instance._state.adding:
            self.fields["version"].initial = self.instance.version


# The "Rest and progression" part of an exercise row; all optional, blank meaning the default.
RULE_FIELDS = ("rest_seconds", "progression", "repetitions_top", "increment_kg", "deload_after", "deload_percent")


def _bounded(minimum: int, maximum: int) -> dict[str, str]:
    return {**NUMBER_MESSAGES, "min_value": f"At least {minimum}.", "max_value": f"At most {maximum}."}


def validate_exercise_name(name: str) -> None:
    """What the database's matching needs of a name (exercise_name_key): a letter or a digit. Said
    here first, so the form explains it instead of the database refusing the row."""
    if not any(character.isalnum() for character in name):
        raise forms.ValidationError("An exercise's name needs a letter or a digit.")


# The suggestions an exercise name input offers (static/js/exercise_picker.js enhances every input
# with this attribute; its value is the address it asks).
EXERCISE_PICKER = "data-exercise-picker"


def picker_attrs(url: str | None = None) -> dict[str, Any]:
    return {"autocomplete": "off", EXERCISE_PICKER: url or reverse_lazy("plans:exercise_suggest")}


class ExerciseForm(forms.ModelForm):
    exercise_name = forms.CharField(
        label="Name",
        max_length=EXERCISE_NAME_MAX_LENGTH,
        validators=[validate_exercise_name],
        widget=forms.TextInput(attrs=picker_attrs()),
    )
    sets = forms.IntegerField(
        label="Sets",
        min_value=1,
        max_value=MAX_SETS,
        initial=3,
        error_messages=NUMBER_MESSAGES,
    )
    repetitions = forms.IntegerField(
        label="Reps",
        min_value=1,
        max_value=MAX_REPETITIONS,
        initial=10,
        error_messages=NUMBER_MESSAGES,
    )

    rest_seconds = forms.IntegerField(
        label="Rest (s)",
        required=False,
        min_value=0,
        max_value=REST_MAX_SECONDS,
        error_messages=_bounded(0, REST_MAX_SECONDS),
        help_text="Empty: 180 up to 5 reps, 120 up to 12, else 90.",
    )
    progression = forms.ChoiceField(
        label="Progression", choices=Progression.choices, required=False, initial=Progression.NONE
    )
    repetitions_top = forms.IntegerField(
        label="Top reps",
        required=False,
        min_value=2,
        max_value=MAX_REPETITIONS,
        error_messages=_bounded(2, MAX_REPETITIONS),
        help_text="Double progression: the top of the range; the reps are its bottom.",
    )
    deload_after = forms.IntegerField(
        label="Deload after",
        required=False,
        initial=DEFAULT_DELOAD_AFTER,
        min_value=1,
        max_value=DELOAD_AFTER_MAX,
        error_messages=_bounded(1, DELOAD_AFTER_MAX),
        help_text="Sessions in a row short of target. Empty: never.",
    )
    deload_percent = forms.IntegerField(
        label="Deload %",
        required=False,
        initial=DEFAULT_DELOAD_PERCENT,
        min_value=1,
        max_value=DELOAD_PERCENT_MAX,
        error_messages=_bounded(1, DELOAD_PERCENT_MAX),
    )

    # Supersets (plans.supersets) as a tick on the later exercise: rows ticked one after another
    # make a circuit, and no order of ticks can split a group. The formset turns them into numbers.
    with_previous = forms.BooleanField(label="Superset with the exercise above", required=False)

    class Meta:
        model = WorkoutTemplate
        fields = ["exercise_name", "sets", "repetitions", *RULE_FIELDS]

    def __init__(self, *args: Any, unit: str = "kg", picker_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if picker_url:  # a coach's suggestions for the member they write for
            self.fields["exercise_name"].widget.attrs.update(picker_attrs(picker_url))
        # The step is typed in the unit of whoever edits the plan (a coach may use another).
        self.unit = unit
        most = whole_limit(INCREMENT_MAX_KG, unit)
        self.fields["increment_kg"] = WeightField(
            unit=unit,
            equipment=True,
            required=False,
            max_value=most,
            label=f"Step ({unit})",
            help_text="Weight added when progressing. Empty: a pair of the smallest plates.",
            error_messages={"max_value": f"At most {most}.", "invalid": "Type a weight, like 2.5."},
        )

    def has_changed(self) -> bool:
        # A blank row is one with no exercise typed into it: a new order number or a ticked
        # "Remove" on an empty row (the script numbers every row when one moves) is no exercise,
        # and neither are the rest and progression settings a blank row shows by default.
        typed = any(name in self.changed_data for name in ("exercise_name", "sets", "repetitions"))
        return typed or any(name in self.changed_data and self[name].data not in (None, "") for name in RULE_FIELDS)

    @property
    def rule_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in RULE_FIELDS]

    @property
    def rules_open(self) -> bool:
        """Whether the row's "Rest and progression" starts open: when something in it needs
        correcting, or is set to other than the defaults."""
        if any(name in self.errors for name in RULE_FIELDS):
            return True
        # value(): what was typed on a sent form, what is saved on one opened.
        progression, rest = self["progression"].value(), self["rest_seconds"].value()
        return progression not in (None, "", Progression.NONE) or rest not in (None, "")

    def clean_increment_kg(self) -> Decimal | None:
        increment = self.cleaned_data["increment_kg"]
        if increment is not None and increment <= 0:
            raise ValidationError("More than 0, or empty for the smallest step.", code="min_value")
        return increment

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["progression"] = data.get("progression") or Progression.NONE
        if data.get("deload_percent") is None and "deload_percent" not in self.errors:
            data["deload_percent"] = DEFAULT_DELOAD_PERCENT
        top, bottom = data.get("repetitions_top"), data.get("repetitions")
        if data["progression"] != Progression.DOUBLE:
            data["repetitions_top"] = None  # only double progression has a range
        elif top is None and "repetitions_top" not in self.errors:
            self.add_error("repetitions_top", "Double progression needs the top of the rep range.")
        elif top is not None and bottom is not None and top <= bottom:
            self.add_error("repetitions_top", f"More than the reps ({bottom}): they are the bottom of the range.")
        # Every CHECK of workout_templates is repeated above (or by a field) with a message, and
        # asking PostgreSQL about each CHECK would cost a query per CHECK per row.
        self._validate_constraints = False
        return data


class BaseExerciseFormSet(forms.BaseInlineFormSet):
    instance: WorkoutPlan

    default_error_messages = {"too_many_forms": TOO_MANY_EXERCISES}

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        # Rows for new exercises: the page offers no "Remove" on them (leaving one empty skips it).
        form.is_new_row = index is None or index >= self.initial_form_count()  # type: ignore[attr-defined]
        # The hidden id may only name an exercise of this very plan. Exercises deleted since the
        # form was opened (in another tab) still count: saving the form again brings them back.
        id_field = cast(forms.ModelChoiceField, form.fields["id"])
        if self.instance._state.adding:
            id_field.queryset = WorkoutTemplate.all_objects.none()
        else:
            id_field.queryset = WorkoutTemplate.all_objects.filter(plan_id=self.instance.pk)
        ordering = form.fields.get(ORDERING_FIELD_NAME)
        if ordering is not None:
            ordering.label = "Order"
            ordering.widget.attrs.update({"min": 1, "class": "order-input"})
        deletion = form.fields.get("DELETE")
        if deletion is not None:
            deletion.label = "Remove"
        if index is not None and 0 < index < self.initial_form_count():
            # A saved exercise in the same superset as the one before it (their saved order).
            previous, superset = self.get_queryset()[index - 1], form.instance.superset
            form.initial["with_previous"] = superset is not None and superset == previous.superset

    @property
    def forms_in_typed_order(self) -> list[forms.BaseForm]:
        """The rows in the order the member chose, for showing a submitted form again: rows
        moved on the page (their order numbers changed) stay where they were put."""
        if not self.is_bound:
            return list(self.forms)

        def typed_position(item: tuple[int, forms.BaseForm]) -> tuple[int, int, int]:
            index, form = item
            try:
                return 0, int(form[ORDERING_FIELD_NAME].value()), index
            except (TypeError, ValueError):
                return 1, 0, index  # unnumbered rows go last, as they do when saved

        return [form for _, form in sorted(enumerate(self.forms), key=typed_position)]

    def kept_forms(self) -> list[forms.BaseForm]:
        """The rows that become the plan's exercises: not removed, not blank."""
        return [
            form
            for index, form in enumerate(self.forms)
            if not form.cleaned_data.get(DELETION_FIELD_NAME)
            and (index < self.initial_form_count() or form.has_changed())
        ]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = self.kept_forms()
        if not kept:
            raise ValidationError("Add at least one exercise: fill in a name in one of the rows.", code="no_exercises")
        if len(kept) > MAX_EXERCISES:
            raise ValidationError(TOO_MANY_EXERCISES % {"num": MAX_EXERCISES}, code="too_many_forms")
        self._clean_supersets(kept)

    def _clean_supersets(self, kept: list[forms.BaseForm]) -> None:
        # In the order chosen, rows removed or left blank aside: the first exercise has no
        # exercise above it to be done with.
        in_order = sorted(kept, key=self._order_key)
        if in_order[0].cleaned_data.get("with_previous"):
            message = (
                "This is the plan's first exercise: there is none above it to superset with. "
                "Untick this, or tick it on the exercise below instead."
            )
            in_order[0].add_error("with_previous", ValidationError(message, code="superset_first"))
        elif max(filter(None, numbered(self._superset_keys(in_order))), default=0) > SUPERSETS_MAX:
            raise ValidationError(TOO_MANY_SUPERSETS, code="too_many_supersets")

    @staticmethod
    def _order_key(form: forms.BaseForm) -> tuple[bool, int]:
        # As Django's ordered_forms sorts (rows without an order number last), and as stably.
        order = form.cleaned_data.get(ORDERING_FIELD_NAME)
        return order is None, order or 0

    @staticmethod
    def _superset_keys(forms_in_order: Sequence[forms.BaseForm]) -> list[int]:
        """Each exercise's group, as the index of the exercise its superset starts at."""
        keys: list[int] = []
        for index, form in enumerate(forms_in_order):
            keys.append(keys[-1] if keys and form.cleaned_data.get("with_previous") else index)
        return keys

    def exercise_specs(self) -> list[ExerciseSpec]:
        """The exercises in the order the member chose (call after is_valid())."""
        specs = []
        in_order = list(self.ordered_forms)
        for form, superset in zip(in_order, numbered(self._superset_keys(in_order)), strict=True):
            data = form.cleaned_data
            existing = data.get("id")
            specs.append(
                ExerciseSpec(
                    exercise_name=data["exercise_name"],
                    sets=data["sets"],
                    repetitions=data["repetitions"],
                    template_id=existing.pk if existing is not None else None,
                    superset=superset,
                    **{name: data[name] for name in RULE_FIELDS},
                )
            )
        return specs


# (Typed as our base class: django-stubs only know the factory returns some inline formset.)
ExerciseFormSet = cast(
    type[BaseExerciseFormSet],
    forms.inlineformset_factory(
        WorkoutPlan,
        WorkoutTemplate,
        form=ExerciseForm,
        formset=BaseExerciseFormSet,
        extra=EXTRA_ROWS,
        can_order=True,
        can_delete=True,
        max_num=MAX_EXERCISES,
        # Blank rows do not count towards the limit (clean() counts exercises); this only stops a
        # POST from making the server build more forms than the page could ever hold.
        absolute_max=MAX_EXERCISES + EXTRA_ROWS,
    ),
)

EXERCISES_PREFIX = "exercises"


# The member's own exercises, and finding any exercise.
SEARCH_MAX_LENGTH = 100


def _choices(values: list[str], *, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((value, capfirst(value)) for value in values)]


class ExerciseSearchForm(forms.Form):
    """The library page's search and filters (and the suggestions' query); all optional."""

    q = forms.CharField(
        label="Search exercises",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        help_text="A name or a nickname: “bench”, “OHP”, “RDL”.",
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    muscle = forms.ChoiceField(label="Muscle", required=False)
    equipment = forms.ChoiceField(label="Equipment", required=False)
    kind = forms.ChoiceField(label="A set records", required=False, choices=[("", "Anything"), *ExerciseKind.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        muscle = cast(forms.ChoiceField, self.fields["muscle"])
        muscle.choices = _choices(library.muscles(), empty="Any muscle")
        equipment = cast(forms.ChoiceField, self.fields["equipment"])
        equipment.choices = _choices(library.equipment(), empty="Any equipment")

    def query(self) -> selectors.ExerciseQuery:
        """What to look for: the valid parts of what was sent (call after is_valid())."""
        data = getattr(self, "cleaned_data", {})
        return selectors.ExerciseQuery(
            text=data.get("q") or "",
            muscle=data.get("muscle") or "",
            equipment=data.get("equipment") or "",
            kind=data.get("kind") or "",
        )

    @property
    def is_filtering(self) -> bool:
        """Whether the member asked for anything (words or filters)."""
        return self.is_bound and any(str(self.data.get(name, "")).strip() for name in self.fields)

    @property
    def is_narrowed(self) -> bool:
        """Whether a filter is set (the page shows them open then)."""
        return self.is_bound and any(self.data.get(name) for name in ("muscle", "equipment", "kind"))


class CustomExerciseForm(forms.ModelForm):
    """A member's own exercise. A name the library already has (by the matching rule,
    exercise_name_key, names and aliases) is refused, naming the library's exercise: the member
    should pick that one, and keep one history with everyone's plans."""

    name = forms.CharField(
        label="Name", max_length=EXERCISE_NAME_MAX_LENGTH, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    kind = forms.ChoiceField(label="A set records", choices=ExerciseKind.choices, initial=ExerciseKind.WEIGHT_REPS)
    equipment = forms.ChoiceField(label="Equipment", required=False)
    primary_muscles = forms.MultipleChoiceField(
        label="Muscles worked", required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Exercise
        fields = ["name", "kind", "equipment", "primary_muscles"]

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner = owner
        equipment = cast(forms.ChoiceField, self.fields["equipment"])
        equipment.choices = _choices(library.equipment(), empty="None")
        muscles = cast(forms.MultipleChoiceField, self.fields["primary_muscles"])
        muscles.choices = [(m, capfirst(m)) for m in library.muscles()]

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        exclude = None if self.instance._state.adding else self.instance.pk
        clash = selectors.exercise_name_clash(owner=self.owner, name=name, exclude=exclude)
        if not clash.key:
            raise ValidationError("A name needs a letter or a digit.", code="blank")
        if clash.library:
            raise ValidationError(
                "This is “%(name)s” in the library: pick that one in your plans.",
                code="library",
                params={"name": clash.name},
            )
        if clash.name is not None:
            raise ValidationError("You already have “%(name)s”.", code="duplicate", params={"name": clash.name})
        return name

    def clean_equipment(self) -> str | None:
        return self.cleaned_data["equipment"] or None

    def clean_primary_muscles(self) -> list[str]:
        chosen = set(self.cleaned_data["primary_muscles"])
        return [muscle for muscle in library.muscles() if muscle in chosen]  # in the order shown

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The CHECKs of exercises (a name with a letter, a known kind) are repeated above with a
        # message; asking PostgreSQL about each would cost a query apiece.
        self._validate_constraints = False
        return data


class CustomExerciseEditForm(CustomExerciseForm):
    """Carries the version the member opened, so that a save over a newer one fails."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
