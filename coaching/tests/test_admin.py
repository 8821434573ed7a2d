"""Staff pair a coach with a member, and end it, in the admin."""

import pytest
from django.urls import reverse

from coaching.models import CoachRelationship

pytestmark = pytest.mark.django_db


def test_staff_assign_and_end_coaching_in_the_admin(client, staff, member, coach):
    client.force_login(staff)
    response = client.post(reverse("admin:coaching_coachrelationship_add"), {"coach": coach.pk, "member": member.pk})
    assert response.status_code == 302
    relationship = CoachRelationship.objects.get()
    changelist = reverse("admin:coaching_coachrelationship_changelist")
    client.post(changelist, {"action": "end_selected", "_selected_action": [relationship.pk]})
    relationship.refresh_from_db()
    assert relationship.ended_at is not None
    assert [r.history_user for r in relationship.history.order_by("history_date")] == [staff, staff]
