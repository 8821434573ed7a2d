"""A session's date and notes (`session_edit`), with a stale tab's edit shown beside the saved one."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_editing_date_and_notes(signed_in, session):
    response = signed_in.post(
        reverse("sessions:edit", args=[session.pk]),
        {"date": "2026-11-19", "notes": "Heavy bench, felt good", "version": session.version},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.date, session.notes) == (datetime.date(2026, 11, 19), "Heavy bench, felt good")


def test_a_session_in_the_future_is_refused_and_the_notes_kept(signed_in, session):
    response = signed_in.post(
        reverse("sessions:edit", args=[session.pk]),
        {"date": "2999-01-01", "notes": "typed", "version": session.version},
    )
    assert response.status_code == 422
    assert "cannot be in the future" in response.content.decode()
    assert "typed" in response.content.decode()


def test_an_edit_from_a_stale_tab_shows_both_versions_and_saves_nothing(signed_in, session):
    url = reverse("sessions:edit", args=[session.pk])
    stale_version = session.version
    signed_in.post(url, {"date": "2026-11-20", "notes": "From the phone", "version": stale_version})

    response = signed_in.post(url, {"date": "2026-11-20", "notes": "From the laptop", "version": stale_version})

    assert response.status_code == 409
    page = response.content.decode()
    assert "changed in another tab" in page
    assert "From the phone" in page
    assert "From the laptop" in page
    session.refresh_from_db()
    assert session.notes == "From the phone"
    # Saving again from the conflict page keeps the member's version, deliberately.
    again = signed_in.post(url, {"date": "2026-11-20", "notes": "From the laptop", "version": session.version})
    assert again.status_code == 302
    session.refresh_from_db()
    assert session.notes == "From the laptop"
