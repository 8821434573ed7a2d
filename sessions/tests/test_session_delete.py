"""Deleting a session (`session_delete`): asked first, then in the trash, with an undo in the
message that reports it."""

import datetime
import re

import pytest
from django.urls import reverse

from gymtracker.messages import undo_tag, undo_url
from sessions.models import WorkoutSession
from sessions.services import session_start

pytestmark = pytest.mark.django_db


def test_deleting_a_session_asks_first_then_hides_it(signed_in, session):
    url = reverse("sessions:delete", args=[session.pk])
    assert signed_in.get(url).status_code == 200
    assert WorkoutSession.objects.filter(pk=session.pk).exists()
    assert signed_in.post(url).status_code == 302
    assert not WorkoutSession.objects.filter(pk=session.pk).exists()
    assert WorkoutSession.all_objects.get(pk=session.pk).deleted_at is not None
    # No longer linked from the list (the message's Undo button posts to its restore URL instead).
    listed = signed_in.get(reverse("sessions:list")).content.decode()
    assert f'href="{reverse("sessions:detail", args=[session.pk])}"' not in listed


def test_deleting_offers_to_undo_on_the_list_and_undo_restores(signed_in, member, plan):
    session = session_start(user=member, plan=plan, date=datetime.date(2026, 3, 2))

    response = signed_in.post(reverse("sessions:delete", args=[session.pk]), follow=True)

    restore = reverse("sessions:restore", args=[session.pk])
    assert response.redirect_chain == [(reverse("sessions:list"), 302)]
    assert "The session of 2 March 2026 is in the trash." in response.text
    form = re.search(r'<form method="post" action="([^"]+)" class="undo-form">.*?</form>', response.text, re.S)
    assert form, response.text
    assert form.group(1) == restore
    assert "csrfmiddlewaretoken" in form.group(0)
    assert ">Undo</button>" in form.group(0)

    assert signed_in.post(restore).status_code == 302
    assert WorkoutSession.objects.filter(pk=session.pk).exists()


def test_the_undo_is_offered_once_with_its_message(signed_in, member, plan):
    session = session_start(user=member, plan=plan, date=datetime.date(2026, 3, 2))
    signed_in.post(reverse("sessions:delete", args=[session.pk]), follow=True)
    assert "undo-form" not in signed_in.get(reverse("sessions:list")).text


def test_only_our_own_urls_become_undo_buttons():
    class Message:
        def __init__(self, tags):
            self.extra_tags = tags

    restore = reverse("sessions:restore", args=["00000000-0000-0000-0000-000000000001"])
    assert undo_url(Message(undo_tag(restore))) == restore
    assert undo_url(Message(undo_tag("https://example.com/steal"))) is None
    assert undo_url(Message("")) is None
    assert undo_url(Message(None)) is None
