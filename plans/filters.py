"""Search, filters and sort order of the member's plan list."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from plans.models import WorkoutPlan, WorkoutTemplate

# Exercise counts by length; the list's queryset is annotated with `exercise_count`.
LENGTHS = {
    "short": ("1–3 exercises", Q(exercise_count__lte=3)),
    "medium": ("4–6 exercises", Q(exercise_count__gte=4, exercise_count__lte=6)),
    "long": ("7 exercises or more", Q(exercise_count__gte=7)),
}

SORTS = [
    ("name", "Name (A–Z)"),
    ("-name", "Name (Z–A)"),
    ("-updated", "Recently changed"),
    ("-created", "Newest first"),
    ("created", "Oldest first"),
    ("-exercises", "Most exercises"),
]


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ties broken by primary key, so that no plan shows up on two pages or on none."""

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        ordered = super().filter(qs, value)
        if ordered is qs:
            return qs
        return ordered.order_by(*ordered.query.order_by, "pk")


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label="Search plans",
        help_text="A word from the name, the description or an exercise.",
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    length = django_filters.ChoiceFilter(
        method="filter_length",
        label="Length",
        choices=[(key, label) for key, (label, _) in LENGTHS.items()],
        empty_label="Any length",
    )
    sort = StableOrderingFilter(
        label="Sort by",
        fields={"name": "name", "updated_at": "updated", "created_at": "created", "exercise_count": "exercises"},
        choices=SORTS,
        empty_label=None,
    )

    class Meta:
        model = WorkoutPlan
        fields: list[str] = []

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        # EXISTS rather than a join: a plan with two matching exercises is still one result,
        # and the exercise count annotated beside it stays right.
        matching_exercise = WorkoutTemplate.objects.filter(plan=OuterRef("pk"), exercise_name__icontains=value)
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value) | Exists(matching_exercise))

    def filter_length(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(LENGTHS[value][1]) if value in LENGTHS else queryset

    @property
    def is_filtering(self) -> bool:
        """Whether the member narrowed the list (a sort order alone does not)."""
        return bool(str(self.data.get("q", "")).strip() or self.data.get("length"))
