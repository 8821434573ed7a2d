"""Finishing a workout (`session_finish`)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_finishing_a_session(signed_in, session):
    assert signed_in.post(reverse("sessions:finish", args=[session.pk])).status_code == 302
    session.refresh_from_db()
    assert session.finished_at is not None
