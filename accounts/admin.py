from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from accounts.forms import AdminUserChangeForm, AdminUserCreationForm
from accounts.models import AuditEvent, HealthProfile, User
from gymtracker.admin import ONE_LINE_TEXT


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    formfield_overrides = ONE_LINE_TEXT
    list_display = ["username", "email", "is_staff", "is_active", "created_at", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["username", "email"]
    ordering = ["username"]
    readonly_fields = ["created_at", "updated_at", "last_login"]
    fieldsets = [
        (None, {"fields": ["username", "email", "password"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["created_at", "updated_at", "last_login"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "email", "password1", "password2"]}),
    ]


@admin.register(HealthProfile)
class HealthProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "shared_with_coach", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]  # the notes themselves are encrypted and not searchable
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log: read-only for everyone (the database refuses changes anyway)."""

    list_display = ["at", "kind", "username", "ip_address", "user"]
    list_filter = ["kind", "at"]
    list_select_related = ["user"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"
    readonly_fields = ["at", "kind", "user", "username", "ip_address", "detail"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
