"""Admin pieces shared by the workout models: soft-deleted rows stay visible to staff, with a
filter and actions to delete softly and to restore."""

from collections.abc import Mapping
from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.forms import TextInput
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

# Our text columns are TEXT (as designed); in forms most of them are one line.
ONE_LINE_TEXT: Mapping[type[models.Field], Mapping[str, Any]] = {
    models.TextField: {"widget": TextInput(attrs={"size": 60})}
}


class DeletedListFilter(admin.SimpleListFilter):
    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("no", "Live"), ("yes", "Deleted")]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class SoftDeleteAdmin(SimpleHistoryAdmin):
    """Staff see deleted rows too; deleting from the admin is soft (and recorded in history)."""

    formfield_overrides = ONE_LINE_TEXT
    actions = ["soft_delete_selected", "restore_selected"]

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return self.model.all_objects.get_queryset()

    def get_actions(
        self, request: HttpRequest, action_location: admin.ActionLocation = admin.ActionLocation.CHANGE_LIST
    ) -> dict[str, Any]:
        actions = super().get_actions(request, action_location=action_location)
        # The built-in bulk delete is a hard delete that bypasses history; staff use ours.
        actions.pop("delete_selected", None)
        return actions

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            obj.soft_delete()

    @admin.action(description="Delete selected (soft, restorable)", permissions=["delete"])
    def soft_delete_selected(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        count = 0
        for obj in queryset.filter(deleted_at__isnull=True):
            obj.soft_delete()
            count += 1
        self.message_user(request, f"{count} deleted; they can be restored.", messages.SUCCESS)

    @admin.action(description="Restore selected", permissions=["change"])
    def restore_selected(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        count = 0
        for obj in queryset.filter(deleted_at__isnull=False):
            obj.restore()
            count += 1
        self.message_user(request, f"{count} restored.", messages.SUCCESS)
