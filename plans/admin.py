from django.contrib import admin

from gymtracker.admin import ONE_LINE_TEXT, DeletedListFilter, SoftDeleteAdmin
from plans.models import WorkoutPlan, WorkoutTemplate


class WorkoutTemplateInline(admin.TabularInline):
    model = WorkoutTemplate
    fields = ["position", "exercise_name", "sets", "repetitions"]
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
    list_display = ["exercise_name", "plan", "sets", "repetitions", "position", "deleted_at"]
    list_filter = [DeletedListFilter]
    list_select_related = ["plan"]
    search_fields = ["exercise_name", "plan__name"]
    autocomplete_fields = ["plan"]
    readonly_fields = ["created_at", "updated_at", "deleted_at", "version"]
