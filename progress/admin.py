from django.contrib import admin

from gymtracker.admin import DeletedListFilter, SoftDeleteAdmin
from progress.models import BodyWeight


@admin.register(BodyWeight)
class BodyWeightAdmin(SoftDeleteAdmin):
    list_display = ["date", "user", "weight_kg", "note", "deleted_at"]
    list_filter = [DeletedListFilter, "date"]
    list_select_related = ["user"]
    search_fields = ["user__username", "note"]
    date_hierarchy = "date"
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "updated_at", "deleted_at", "version"]
