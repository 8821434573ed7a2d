from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from imports.models import Import


@admin.register(Import)
class ImportAdmin(SimpleHistoryAdmin):
    list_display = ("file_name", "user", "app", "status", "sessions_created", "sets_created", "created_at")
    list_filter = ("status", "app")
    search_fields = ("file_name", "user__username")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "file_name",
        "file_size",
        "app",
        "shape",
        "unit",
        "time_zone",
        "mapping",
        "status",
        "sessions_created",
        "sets_created",
        "sessions_already_present",
        "rows_skipped",
        "errors",
        "plans_created",
        "finished_at",
        "created_at",
        "updated_at",
    )
    exclude = ("content",)

    def has_add_permission(self, request: object) -> bool:
        return False  # imports are made by members uploading files
