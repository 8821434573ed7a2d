from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from gymtracker.admin import ONE_LINE_TEXT, DeletedListFilter, SoftDeleteAdmin
from plans.models import Exercise, ExerciseAlias, WorkoutPlan, WorkoutTemplate


class ExerciseAliasInline(admin.TabularInline):
    model = ExerciseAlias
    fields = ["name", "key"]
    readonly_fields = ["key"]
    formfield_overrides = ONE_LINE_TEXT
    extra = 1


class LibraryListFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "source"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("library", "Library"), ("member", "A member's own")]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
        if self.value() == "library":
            return queryset.filter(owner__isnull=True)
        if self.value() == "member":
            return queryset.filter(owner__isnull=False)
        return queryset


@admin.register(Exercise)
class ExerciseAdmin(SoftDeleteAdmin):
    """Staff curate the library (rows without an owner) and its aliases; every change is kept in
    the exercise's history."""

    list_display = ["name", "kind", "category", "equipment", "owner", "deleted_at"]
    list_filter = [LibraryListFilter, DeletedListFilter, "kind", "category", "equipment"]
    list_select_related = ["owner"]
    search_fields = ["name", "aliases__name", "owner__username"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["key", "created_at", "updated_at", "deleted_at", "version"]
    inlines = [ExerciseAliasInline]


@admin.register(ExerciseAlias)
class ExerciseAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "exercise", "key"]
    list_select_related = ["exercise"]
    search_fields = ["name", "exercise__name"]
    autocomplete_fields = ["exercise"]
    readonly_fields = ["key"]
    formfield_overrides = ONE_LINE_TEXT


class WorkoutTemplateInline(admin.TabularInline):
    model = WorkoutTemplate
    fields = ["position", "superset", "exercise_name", "exercise", "sets", "repetitions"]
    autocomplete_fields = ["exercise"]
    formfield_overrides = ONE_LINE_TEXT
    extra = 0


@admin.register(WorkoutPlan)
class WorkoutPlanAdmin(SoftDeleteAdmin):
    list_display = ["name", "user", "created_at", "updated_at", "deleted_at"]
    list_filter = [DeletedListFilter, "created_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_by", "created_at", "updated_at", "deleted_at", "version"]
    inlines = [WorkoutTemplateInline]


@admin.register(WorkoutTemplate)
class WorkoutTemplateAdmin(SoftDeleteAdmin):
    list_display = ["exercise_name", "plan", "sets", "repetitions", "position", "superset", "deleted_at"]
    list_filter = [DeletedListFilter]
    list_select_related = ["plan"]
    search_fields = ["exercise_name", "plan__name"]
    autocomplete_fields = ["plan", "exercise"]
    readonly_fields = ["created_at", "updated_at", "deleted_at", "version"]
