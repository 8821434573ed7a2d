"""The body-weight log (`progress:body_weights` and the pages beside it): a member's own entries,
typed and shown in their unit, one a day, edited with optimistic versioning and deleted softly;
another member's entry is a 404, and the database holds each member to their own rows."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from gymtracker import rls
from progress.factories import BodyWeightFactory
from progress.models import BodyWeight

pytestmark = pytest.mark.django_db

LOG = reverse("progress:body_weights")
ADD = reverse("progress:body_weight_add")
DAY = datetime.date(2026, 11, 20)


def edit_url(entry):
    return reverse("progress:body_weight_edit", args=[entry.pk])


def delete_url(entry):
    return reverse("progress:body_weight_delete", args=[entry.pk])


def add(client, weight, date=DAY, note=""):
    return client.post(ADD, {"date": date.isoformat(), "weight_kg": weight, "note": note})


def input_value(html, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no {name} input"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else None


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def set_unit(user, unit):
    user.weight_unit = unit
    user.save(update_fields=["weight_unit"])


# --- Adding ------------------------------------------------------------------------------------


def test_the_add_form_offers_today(signed_in):
    html = signed_in.get(LOG).content.decode()
    assert input_value(html, "date") == timezone.localdate().isoformat()
    assert "Body weight (kg)" in html
    assert "No entries yet" in html


def test_an_entry_is_stored_in_kilograms_and_listed_newest_first(signed_in, member):
    assert add(signed_in, "81.5", date=DAY - datetime.timedelta(days=1), note="After breakfast").status_code == 302
    response = add(signed_in, "80.9")
    assert response.status_code == 302
    assert response["Location"] == LOG
    entries = list(BodyWeight.objects.for_user(member).values_list("date", "weight_kg", "note"))
    assert entries == [
        (DAY, Decimal("80.9"), ""),
        (DAY - datetime.timedelta(days=1), Decimal("81.5"), "After breakfast"),
    ]

    html = signed_in.get(LOG).content.decode()
    assert html.index("80.9 kg") < html.index("81.5 kg")
    assert "After breakfast" in html
    assert edit_url(BodyWeight.objects.get(date=DAY)) in html


@pytest.mark.parametrize("typed", ["180.4", "180.25", "99.99", "1543", "0.01"])
def test_a_weight_typed_in_pounds_shows_again_as_typed(signed_in, member, typed):
    set_unit(member, "lb")
    assert add(signed_in, typed).status_code == 302
    entry = BodyWeight.objects.for_user(member).get()
    assert entry.weight_kg == (Decimal(typed) * Decimal("0.45359237")).quantize(Decimal("0.0001"))
    assert f"{typed} lb" in signed_in.get(LOG).content.decode()
    assert input_value(signed_in.get(edit_url(entry)).content.decode(), "weight_kg") == typed
    assert f"{typed} lb" in signed_in.get(reverse("progress:dashboard")).content.decode()


def test_a_member_in_pounds_sees_kilograms_typed_earlier_in_pounds(signed_in, member):
    assert add(signed_in, "100").status_code == 302
    set_unit(member, "lb")
    assert "220.46 lb" in signed_in.get(LOG).content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("heavy", "Enter a number."),
        ("0", "Enter a weight above 0."),
        ("-70", "Enter a weight above 0."),
        ("701", "less than or equal to 700"),
        ("80.123", "no more than 2 decimal places"),
        ("", "This field is required."),
    ],
)
def test_a_bad_weight_is_a_422_with_its_message_and_the_form_as_typed(signed_in, member, typed, message):
    response = add(signed_in, typed, note="kept note")
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert input_value(html, "weight_kg") == (typed or None)
    assert input_value(html, "note") == "kept note"
    assert input_value(html, "date") == DAY.isoformat()
    assert not BodyWeight.all_objects.exists()


def test_pounds_are_limited_in_pounds(signed_in, member):
    set_unit(member, "lb")
    response = add(signed_in, "1544")
    assert response.status_code == 422
    assert "less than or equal to 1543" in response.content.decode()


def test_a_day_in_the_future_is_refused(signed_in):
    response = add(signed_in, "80", date=timezone.localdate() + datetime.timedelta(days=5))
    assert response.status_code == 422
    assert "cannot be in the future" in response.content.decode()


def test_a_second_entry_for_a_day_is_a_422_that_points_to_the_first(signed_in, member):
    first = BodyWeightFactory(user=member, date=DAY, weight_kg=Decimal("80"))
    response = add(signed_in, "79.5", note="second scale")
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a body weight for 20 November 2026 already." in html
    assert edit_url(first) in html
    assert input_value(html, "weight_kg") == "79.5"
    assert input_value(html, "note") == "second scale"
    assert list(BodyWeight.objects.for_user(member).values_list("weight_kg", flat=True)) == [Decimal("80")]


def test_another_members_entry_for_the_day_takes_nothing_from_this_member(signed_in, member, other_member):
    BodyWeightFactory(user=other_member, date=DAY)
    assert add(signed_in, "80").status_code == 302


def test_the_same_form_sent_twice_makes_one_entry(signed_in, member):
    token = re.search(r'name="form_token" value="([^"]+)"', signed_in.get(LOG).content.decode()).group(1)
    data = {"date": DAY.isoformat(), "weight_kg": "80", "note": "", "form_token": token}
    assert [signed_in.post(ADD, data).status_code for _ in range(2)] == [302, 302]
    assert BodyWeight.objects.for_user(member).count() == 1


# --- Editing -----------------------------------------------------------------------------------


def test_editing_changes_the_entry_and_records_it(signed_in, member):
    entry = BodyWeightFactory(user=member, date=DAY, weight_kg=Decimal("80"))
    html = signed_in.get(edit_url(entry)).content.decode()
    assert (input_value(html, "date"), input_value(html, "weight_kg")) == (DAY.isoformat(), "80")
    data = {"date": "2026-11-19", "weight_kg": "79.8", "note": "Evening", "version": entry.version}
    response = signed_in.post(edit_url(entry), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.date, entry.weight_kg, entry.note, entry.version) == (
        datetime.date(2026, 11, 19),
        Decimal("79.8"),
        "Evening",
        2,
    )
    assert [h.history_type for h in entry.history.order_by("history_date")] == ["+", "~"]
    assert entry.history.latest().history_user == member


def test_an_edit_with_a_bad_weight_is_a_422_and_changes_nothing(signed_in, member):
    entry = BodyWeightFactory(user=member, date=DAY, weight_kg=Decimal("80"))
    response = signed_in.post(
        edit_url(entry), {"date": DAY.isoformat(), "weight_kg": "0", "note": "x", "version": entry.version}
    )
    assert response.status_code == 422
    assert "Enter a weight above 0." in response.content.decode()
    assert input_value(response.content.decode(), "weight_kg") == "0"
    entry.refresh_from_db()
    assert entry.weight_kg == Decimal("80")


def test_moving_an_entry_onto_a_day_with_one_is_a_422(signed_in, member):
    taken = BodyWeightFactory(user=member, date=DAY)
    entry = BodyWeightFactory(user=member, date=DAY - datetime.timedelta(days=1))
    response = signed_in.post(
        edit_url(entry), {"date": DAY.isoformat(), "weight_kg": "81", "note": "", "version": entry.version}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "There is a body weight for 20 November 2026 already." in html
    assert edit_url(taken) in html
    assert "Edit the body weight of 19 November 2026" in html  # the entry as it still is
    entry.refresh_from_db()
    assert entry.date == DAY - datetime.timedelta(days=1)


def test_an_edit_from_a_stale_tab_shows_both_versions_and_saves_nothing(signed_in, member):
    set_unit(member, "lb")
    entry = BodyWeightFactory(user=member, date=DAY, weight_kg=Decimal("80"))
    stale = entry.version
    data = {"date": DAY.isoformat(), "note": "", "version": stale}
    assert signed_in.post(edit_url(entry), data | {"weight_kg": "170.5"}).status_code == 302

    response = signed_in.post(edit_url(entry), data | {"weight_kg": "171.25"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "changed in another tab" in html
    assert "170.5 lb" in html
    assert "171.25 lb" in html
    entry.refresh_from_db()
    assert entry.weight_kg == Decimal("77.3375")  # 170.5 lb
    again = signed_in.post(edit_url(entry), data | {"weight_kg": "171.25", "version": entry.version})
    assert again.status_code == 302


# --- Deleting ----------------------------------------------------------------------------------


def test_deleting_asks_first_then_deletes_softly_and_frees_the_day(signed_in, member):
    entry = BodyWeightFactory(user=member, date=DAY, weight_kg=Decimal("80"))
    confirm = signed_in.get(delete_url(entry))
    assert confirm.status_code == 200
    assert "Delete the body weight of 20 November 2026?" in confirm.content.decode()
    assert BodyWeight.objects.filter(pk=entry.pk).exists()  # a GET writes nothing

    response = signed_in.post(delete_url(entry), follow=True)
    assert response.redirect_chain[-1][0] == LOG
    assert "is deleted" in response.content.decode()
    assert "80 kg" not in response.content.decode()
    assert BodyWeight.all_objects.get(pk=entry.pk).is_deleted
    assert entry.history.latest().deleted_at is not None
    assert signed_in.get(edit_url(entry)).status_code == 404

    assert signed_in.post(delete_url(entry)).status_code == 302  # a second click changes nothing
    assert add(signed_in, "79").status_code == 302  # the day is free again


# --- Another member's entries ------------------------------------------------------------------


def test_another_members_entry_is_a_404_and_stays_as_it_was(signed_in, other_member):
    theirs = BodyWeightFactory(user=other_member, date=DAY, weight_kg=Decimal("90"), note="bob's")
    assert signed_in.get(edit_url(theirs)).status_code == 404
    data = {"date": DAY.isoformat(), "weight_kg": "1", "note": "", "version": theirs.version}
    assert signed_in.post(edit_url(theirs), data).status_code == 404
    assert signed_in.get(delete_url(theirs)).status_code == 404
    assert signed_in.post(delete_url(theirs)).status_code == 404
    assert "bob's" not in signed_in.get(LOG).content.decode()
    theirs.refresh_from_db()
    assert (theirs.weight_kg, theirs.deleted_at) == (Decimal("90"), None)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def test_the_database_keeps_each_member_to_their_own_entries(member, other_member):
    mine = BodyWeightFactory(user=member, date=DAY)
    theirs = BodyWeightFactory(user=other_member, date=DAY)
    with rls.user_context(member):
        assert sql("SELECT id FROM body_weights") == [(mine.pk,)]
        assert sql("UPDATE body_weights SET weight_kg = 1 WHERE id = %s", [theirs.pk]) == 0
        assert sql("DELETE FROM body_weights WHERE id = %s", [theirs.pk]) == 0
        assert sql("SELECT count(*) FROM body_weights_history WHERE user_id = %s", [other_member.pk]) == [(0,)]
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            sql("INSERT INTO body_weights (user_id, date, weight_kg) VALUES (%s, '2026-11-21', 70)", [other_member.pk])
        assert sql("UPDATE body_weights SET weight_kg = 79 WHERE id = %s", [mine.pk]) == 1


@pytest.mark.parametrize(
    ("statement", "constraint"),
    [
        ("INSERT INTO body_weights (user_id, date, weight_kg) VALUES (%s, '2026-11-20', 0)", "weight_kg_check"),
        ("INSERT INTO body_weights (user_id, date, weight_kg) VALUES (%s, '2026-11-20', 700.0001)", "weight_kg_check"),
        ("INSERT INTO body_weights (user_id, date, weight_kg) VALUES (%s, '2026-11-21', 80)", "one_a_day"),
        (
            "INSERT INTO body_weights (user_id, date, weight_kg, note) VALUES (%s, '2026-11-20', 80, repeat('x', 201))",
            "note_length",
        ),
    ],
)
def test_the_database_refuses_what_the_form_refuses(member, statement, constraint):
    BodyWeightFactory(user=member, date=datetime.date(2026, 11, 21))
    with pytest.raises(DatabaseError, match=f"body_weights_{constraint}"), transaction.atomic():
        sql(statement, [member.pk])


def test_a_deleted_entry_leaves_its_day_free_in_the_database(member):
    gone = BodyWeightFactory(user=member, date=DAY)
    gone.soft_delete()
    BodyWeightFactory(user=member, date=DAY)
    assert BodyWeight.all_objects.filter(user=member, date=DAY).count() == 2


def test_erasing_a_member_in_plain_sql_erases_their_entries_and_keeps_anonymous_history(member, other_member):
    entry = BodyWeightFactory(user=member, date=DAY)
    BodyWeightFactory(user=other_member, date=DAY)
    sql("UPDATE body_weights_history SET history_user_id = %s WHERE id = %s", [member.pk, entry.pk])

    assert sql("DELETE FROM users WHERE id = %s", [member.pk]) == 1
    sql("SET CONSTRAINTS ALL IMMEDIATE")

    assert sql("SELECT user_id FROM body_weights") == [(other_member.pk,)]
    assert sql("SELECT history_user_id FROM body_weights_history WHERE id = %s", [entry.pk]) == [(None,)]
