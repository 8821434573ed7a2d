from django.contrib import admin

from gymtracker.admin import DeletedListFilter, SoftDeleteAdmin
from sessions.models import WorkoutSession, WorkoutSet


class WorkoutSetInline(admin.TabularInline):
    model = WorkoutSet
    fields = ["position", "template", "target_reps", "actual_reps", "weight_kg", "rpe", "completed_at"]
    autocomplete_fields = ["template"]
    extra = 0


@admin.register(WorkoutSession)
class WorkoutSessionAdmin(SoftDeleteAdmin):
    list_display = ["date", "user", "created_at", "deleted_at"]
    list_filter = [DeletedListFilter, "date"]
    list_select_related = ["user"]
    search_fields = ["user__username", "notes"]
    date_hierarchy = "date"
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "updated_at", "deleted_at", "version"]
    inlines = [WorkoutSetInline]


@admin.register(WorkoutSet)
class WorkoutSetAdmin(SoftDeleteAdmin):
    list_display = ["session", "template", "actual_reps", "weight_kg", "rpe", "deleted_at"]
    list_filter = [DeletedListFilter]
    list_select_related = ["session", "template"]
    autocomplete_fields = ["session", "template"]
    readonly_fields = ["created_at", "updated_at", "deleted_at"]
