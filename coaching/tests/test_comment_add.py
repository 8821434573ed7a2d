"""A coach's comment on a member's session (`comment_add`), which the member reads on it."""

import pytest
from django.urls import reverse

from coaching.models import SessionComment

pytestmark = pytest.mark.django_db


def test_a_coach_comments_on_a_session_and_the_member_sees_it(client, world, member, coach):
    _plan, session = world["alice"]
    client.force_login(coach)
    page = client.get(reverse("coaching:session", args=[member.pk, session.pk]))
    assert page.status_code == 200
    assert "Bench Press (Barbell)" in page.content.decode()
    response = client.post(reverse("coaching:comment", args=[member.pk, session.pk]), {"body": "Lock the elbows"})
    assert response.status_code == 302
    assert client.post(reverse("coaching:comment", args=[member.pk, session.pk]), {"body": "  "}).status_code == 422
    client.force_login(member)
    assert "Lock the elbows" in client.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    assert SessionComment.objects.get().author == coach
