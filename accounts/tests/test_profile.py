"""The member's profile: email, weight unit, time zone, the rack (bar, plates, rest timer), and
encrypted health notes."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from accounts.equipment import Equipment
from accounts.models import HealthProfile, User
from accounts.tests.helpers import add_lots_of_data, page_text
from gymtracker.testing import assert_same_queries, queries_of

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile")
HEALTH = reverse("accounts:health")


def profile_data(**changes):
    return {
        "email": "alice@example.org",
        "weight_unit": "lb",
        "time_zone": "Europe/Berlin",
        "rest_timer": "on",
    } | changes


def rack_data(**changes):
    """The form as a kg member sends it back untouched, with `changes`."""
    standard = {"bar_kg": "20", "plates_kg": "25, 20, 15, 10, 5, 2.5, 1.25", "rest_timer": "on"}
    return profile_data(weight_unit="kg") | standard | changes


def health_data(**changes):
    return {"health-notes": "Left knee: no deep lunges.", "health-shared_with_coach": "on"} | changes


@pytest.mark.parametrize(("method", "url"), [("get", URL), ("post", URL), ("post", HEALTH)])
def test_anonymous_visitors_are_sent_to_log_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_the_member_sees_their_settings_and_the_links_to_password_and_deletion(signed_in, member):
    HealthProfile.objects.create(user=member, notes="Asthma: inhaler in the bag.")
    response = signed_in.get(URL)

    assert response.status_code == 200
    text = page_text(response)
    assert 'value="alice@example.com"' in text
    assert '<option value="UTC" selected>UTC</option>' in text
    assert '<option value="kg" selected>Kilograms (kg)</option>' in text
    assert "Asthma: inhaler in the bag." in text
    assert reverse("accounts:password_change") in text
    assert reverse("accounts:delete") in text
    assert text.count("<h1>") == 1


def test_the_time_zones_offered_are_all_of_them_sorted(signed_in):
    choices = [value for value, _label in signed_in.get(URL).context["profile_form"].fields["time_zone"].choices]
    assert choices == sorted(choices)
    assert {"UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney"} <= set(choices)


def test_saving_the_profile_changes_it_and_says_so(signed_in, member):
    response = signed_in.post(URL, profile_data(), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your profile is saved." in page_text(response)
    member.refresh_from_db()
    assert (member.email, member.weight_unit, member.time_zone) == ("alice@example.org", "lb", "Europe/Berlin")
    assert member.history.latest().email == "alice@example.org"


def test_the_new_time_zone_applies_to_the_next_page(signed_in):
    signed_in.post(URL, profile_data(time_zone="Pacific/Auckland"))
    response = signed_in.get(URL)
    assert response.wsgi_request.user.time_zone == "Pacific/Auckland"
    assert '<option value="Pacific/Auckland" selected>' in page_text(response)


def test_an_unknown_time_zone_or_unit_is_refused_with_the_typed_values_kept(signed_in, member):
    response = signed_in.post(URL, profile_data(time_zone="Mars/Olympus_Mons", weight_unit="stone"))

    assert response.status_code == 422
    assert set(response.context["profile_form"].errors) == {"time_zone", "weight_unit"}
    assert 'value="alice@example.org"' in page_text(response)
    member.refresh_from_db()
    assert (member.email, member.time_zone) == ("alice@example.com", "UTC")


def test_an_email_another_member_has_is_refused_even_in_another_case(signed_in, member, other_member):
    # The member cannot see bob's row (row-level security): the database's unique index decides.
    response = signed_in.post(URL, profile_data(email="BOB@example.com"))

    assert response.status_code == 422
    assert response.context["profile_form"].errors["email"] == ["An account with that email exists."]
    assert 'value="BOB@example.com"' in page_text(response)
    assert User.objects.get(pk=member.pk).email == "alice@example.com"


def test_a_malformed_email_is_refused(signed_in):
    response = signed_in.post(URL, profile_data(email="alice"))
    assert response.status_code == 422
    assert response.context["profile_form"].errors["email"]


def test_health_notes_are_saved_encrypted(signed_in, member):
    response = signed_in.post(HEALTH, health_data(), follow=True)

    assert response.redirect_chain == [(URL, 302)]
    assert "Your health notes are saved." in page_text(response)
    profile = HealthProfile.objects.get(user=member)
    assert (profile.notes, profile.shared_with_coach) == ("Left knee: no deep lunges.", True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM health_profiles WHERE user_id = %s", [member.pk])
        (stored,) = cursor.fetchone()
    assert "knee" not in stored


def test_health_notes_can_be_changed_and_unshared(signed_in, member):
    HealthProfile.objects.create(user=member, notes="Old note", shared_with_coach=True)
    signed_in.post(HEALTH, {"health-notes": "New note"})
    profile = HealthProfile.objects.get(user=member)
    assert (profile.notes, profile.shared_with_coach) == ("New note", False)


def test_overlong_health_notes_are_refused_with_the_text_kept(signed_in, member):
    notes = "Long story. " * 400
    response = signed_in.post(HEALTH, health_data(**{"health-notes": notes}))

    assert response.status_code == 422
    assert response.context["health_form"].errors["notes"]
    assert notes.strip() in page_text(response)
    assert not HealthProfile.objects.filter(user=member).exists()


def test_health_notes_take_a_post(signed_in):
    assert signed_in.get(HEALTH).status_code == 405


def test_a_member_never_sees_another_members_notes(signed_in, other_member):
    HealthProfile.objects.create(user=other_member, notes="Shoulder surgery in May")
    assert "Shoulder surgery" not in page_text(signed_in.get(URL))


def test_the_profile_page_costs_the_same_queries_with_more_data(signed_in, member):
    small = queries_of(lambda: signed_in.get(URL))
    add_lots_of_data(member)
    HealthProfile.objects.create(user=member, notes="Knee")
    large = queries_of(lambda: signed_in.get(URL))
    assert small[1].status_code == 200
    assert_same_queries(small, large)


# --- The rack: bar, plates, rest timer -----------------------------------------------------------


def test_a_new_member_sees_the_standard_bar_and_plates_of_their_unit_and_the_timer_on(signed_in):
    text = page_text(signed_in.get(URL))
    assert "Bar (kg)" in text
    assert 'name="bar_kg" value="20"' in text
    assert 'value="25, 20, 15, 10, 5, 2.5, 1.25"' in text
    assert 'id="id_rest_timer" checked' in text


def test_a_member_in_pounds_sees_a_45_lb_bar_and_pound_plates(signed_in, member):
    member.weight_unit = "lb"
    member.save(update_fields=["weight_unit"])
    text = page_text(signed_in.get(URL))
    assert "Bar (lb)" in text
    assert 'name="bar_kg" value="45"' in text
    assert 'value="45, 35, 25, 10, 5, 2.5"' in text


def test_the_member_saves_their_own_bar_plates_and_timer(signed_in, member):
    response = signed_in.post(URL, rack_data(bar_kg="15", plates_kg="20 10, 5;1.25,0.5,10", rest_timer=""))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.bar_kg == 15
    assert member.plates_kg == [20, 10, 5, Decimal("1.25"), Decimal("0.5")]  # distinct, heaviest first
    assert member.rest_timer is False
    assert member.history.latest().plates_kg == member.plates_kg
    text = page_text(signed_in.get(URL))
    assert 'name="bar_kg" value="15"' in text
    assert 'value="20, 10, 5, 1.25, 0.5"' in text
    assert 'id="id_rest_timer" checked' not in text


def test_pound_sizes_are_stored_in_kilograms_and_shown_as_typed(signed_in, member):
    member.weight_unit = "lb"
    member.save(update_fields=["weight_unit"])
    data = profile_data(bar_kg="35", plates_kg="45, 25, 10, 5, 2.5, 1.25")
    assert signed_in.post(URL, data).status_code == 302

    member.refresh_from_db()
    assert member.bar_kg == Decimal("15.8757")
    assert member.plates_kg[0] == Decimal("20.4117")
    text = page_text(signed_in.get(URL))
    assert 'name="bar_kg" value="35"' in text
    assert 'value="45, 25, 10, 5, 2.5, 1.25"' in text
    assert Equipment.of(member) == Equipment(
        unit="lb", bar=Decimal(35), plates=tuple(Decimal(p) for p in ("45", "25", "10", "5", "2.5", "1.25"))
    )


def test_the_standard_bar_and_plates_follow_the_unit_when_it_changes(signed_in, member):
    # Sent back as shown (the kg standard) with the unit switched to pounds.
    signed_in.post(URL, rack_data(weight_unit="lb"))

    member.refresh_from_db()
    assert (member.weight_unit, member.bar_kg, member.plates_kg) == ("lb", None, None)
    text = page_text(signed_in.get(URL))
    assert 'name="bar_kg" value="45"' in text
    assert 'value="45, 35, 25, 10, 5, 2.5"' in text


def test_an_own_bar_stays_the_same_bar_when_the_unit_changes(signed_in, member):
    signed_in.post(URL, rack_data(bar_kg="15"))
    signed_in.post(URL, rack_data(weight_unit="lb", bar_kg="15"))

    member.refresh_from_db()
    assert member.bar_kg == 15
    assert 'name="bar_kg" value="33.07"' in page_text(signed_in.get(URL))


def test_left_empty_the_bar_and_plates_are_the_standard_ones(signed_in, member):
    signed_in.post(URL, rack_data(bar_kg="15", plates_kg="10"))
    signed_in.post(URL, rack_data(bar_kg="", plates_kg=" "))
    member.refresh_from_db()
    assert (member.bar_kg, member.plates_kg) == (None, None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"bar_kg": "-1"}, "bar_kg", "A bar cannot weigh less than nothing."),
        ({"bar_kg": "500"}, "bar_kg", "At most 100 kg."),
        ({"bar_kg": "heavy"}, "bar_kg", "Type a weight, like 20 or 15.5."),
        ({"plates_kg": "20, ten, 5"}, "plates_kg", "“ten” is not a plate size: type numbers like 20 or 2.5."),
        ({"plates_kg": "20, 0"}, "plates_kg", "“0”: a plate weighs more than 0 kg."),
        ({"plates_kg": "20, -5"}, "plates_kg", "“-5”: a plate weighs more than 0 kg."),
        ({"plates_kg": "20, NaN"}, "plates_kg", "“NaN”: a plate weighs more than 0 kg."),
        ({"plates_kg": "150"}, "plates_kg", "“150”: at most 100 kg a plate."),
        ({"plates_kg": "1.125"}, "plates_kg", "“1.125”: at most 2 decimal places."),
        ({"plates_kg": " ".join(str(n) for n in range(1, 22))}, "plates_kg", "At most 20 different sizes."),
    ],
)
def test_a_bad_bar_or_plate_is_refused_with_a_message_and_everything_typed_kept(
    signed_in, member, changes, field, message
):
    data = rack_data(email="alice@example.org", **changes)
    response = signed_in.post(URL, data)

    assert response.status_code == 422
    assert response.context["profile_form"].errors[field] == [message]
    text = page_text(response)
    assert f'value="{data[field]}"' in text
    assert 'value="alice@example.org"' in text
    member.refresh_from_db()
    assert (member.email, member.bar_kg, member.plates_kg) == ("alice@example.com", None, None)


def test_a_bar_in_pounds_is_bounded_in_pounds(signed_in, member):
    member.weight_unit = "lb"
    member.save(update_fields=["weight_unit"])
    response = signed_in.post(URL, profile_data(bar_kg="221", plates_kg="45"))
    assert response.status_code == 422
    assert response.context["profile_form"].errors["bar_kg"] == ["At most 220 lb."]


def test_the_member_lets_their_coach_import_history_for_them_and_takes_it_back(signed_in, member):
    assert member.coach_may_import is False
    assert signed_in.post(URL, profile_data(coach_may_import="on")).status_code == 302
    member.refresh_from_db()
    assert member.coach_may_import is True
    assert signed_in.post(URL, profile_data()).status_code == 302
    member.refresh_from_db()
    assert member.coach_may_import is False
    assert [h.coach_may_import for h in member.history.order_by("history_date")][-2:] == [True, False]
