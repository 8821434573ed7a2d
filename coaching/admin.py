from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from coaching import services
from coaching.models import CoachInvite, CoachRelationship, SessionComment


@admin.register(CoachRelationship)
class CoachRelationshipAdmin(SimpleHistoryAdmin):
    """Staff assign a coach to a member (add) and end coaching (the action)."""

    list_display = ["coach", "member", "started_at", "ended_at"]
    list_filter = [("ended_at", admin.EmptyFieldListFilter), "started_at"]
    list_select_related = ["coach", "member"]
    search_fields = ["coach__username", "member__username"]
    autocomplete_fields = ["coach", "member"]
    readonly_fields = ["started_at", "created_at", "updated_at"]
    actions = ["end_selected"]

    @admin.action(description="End the selected coaching relationships", permissions=["change"])
    def end_selected(self, request: HttpRequest, queryset: QuerySet[CoachRelationship]) -> None:
        ended = 0
        for relationship in queryset.filter(ended_at__isnull=True):
            services.relationship_end(relationship=relationship)
            ended += 1
        self.message_user(request, f"{ended} ended.", messages.SUCCESS)


@admin.register(CoachInvite)
class CoachInviteAdmin(admin.ModelAdmin):
    list_display = ["coach", "code", "created_at", "expires_at", "accepted_by", "accepted_at"]
    list_select_related = ["coach", "accepted_by"]
    search_fields = ["coach__username", "code"]
    readonly_fields = ["code", "created_at", "accepted_by", "accepted_at"]
    autocomplete_fields = ["coach"]


@admin.register(SessionComment)
class SessionCommentAdmin(SimpleHistoryAdmin):
    list_display = ["session", "author", "created_at"]
    list_select_related = ["session", "author"]
    search_fields = ["author__username", "body"]
    raw_id_fields = ["session"]
    autocomplete_fields = ["author"]
