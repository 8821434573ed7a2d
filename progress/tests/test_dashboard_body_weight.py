"""Body weight on the progress overview: the latest entry with its day, a chart of the last year
with its table, and a link to the log; on a coach's view of the member, the same, read-only and in
the coach's unit. The entries come from one query bounded by the year (progress.selectors)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from progress import selectors
from progress.factories import BodyWeightFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("progress:dashboard")
TODAY = datetime.date(2026, 11, 26)


def days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


def test_the_year_of_entries_oldest_first_without_deleted_or_other_members(member, other_member):
    BodyWeightFactory(user=member, date=TODAY - datetime.timedelta(days=400), weight_kg=Decimal("90"))
    kept = [
        BodyWeightFactory(user=member, date=TODAY - datetime.timedelta(days=n), weight_kg=Decimal(80 + n % 3))
        for n in (300, 30, 0)
    ]
    BodyWeightFactory(user=member, date=TODAY - datetime.timedelta(days=1)).soft_delete()
    BodyWeightFactory(user=other_member, date=TODAY, weight_kg=Decimal("60"))
    tomorrow = BodyWeightFactory(user=member, date=TODAY + datetime.timedelta(days=1), weight_kg=Decimal("79"))

    weights = selectors.body_weights(member, today=TODAY)

    assert weights.entries == [(e.date, e.weight_kg) for e in [*kept, tomorrow]]
    assert weights.latest == (tomorrow.date, Decimal("79"))


def test_with_nothing_in_the_year_the_newest_entry_alone(member):
    BodyWeightFactory(user=member, date=TODAY - datetime.timedelta(days=800), weight_kg=Decimal("95"))
    BodyWeightFactory(user=member, date=TODAY - datetime.timedelta(days=500), weight_kg=Decimal("92"))
    assert selectors.body_weights(member, today=TODAY).entries == [
        (TODAY - datetime.timedelta(days=500), Decimal("92"))
    ]
    assert selectors.body_weights(member, today=TODAY).latest is not None


def test_no_entries_at_all(member):
    weights = selectors.body_weights(member, today=TODAY)
    assert (weights.entries, weights.latest) == ([], None)


def test_the_overview_shows_the_latest_weight_a_chart_and_the_log(client, member):
    BodyWeightFactory(user=member, date=days_ago(14), weight_kg=Decimal("82"))
    BodyWeightFactory(user=member, date=days_ago(7), weight_kg=Decimal("81.25"))
    BodyWeightFactory(user=member, date=days_ago(0), weight_kg=Decimal("80.5"))
    client.force_login(member)
    html = client.get(DASHBOARD).content.decode()
    body = html[html.index('id="body-weight-heading"') :]
    body = body[: body.index("<h2", 10)]
    assert f"Latest: <strong>80.5 kg</strong> on {days_ago(0):%-d %b %Y}." in body
    assert reverse("progress:body_weights") in body
    assert 'id="body-weight-title">Body weight (kg)' in body
    assert body.count('class="chart-dot"') == 3
    assert f"{days_ago(7):%d %b %Y}: 81.25 kg" in body  # a point's label
    rows = body[body.index("<tbody>") :]
    assert rows.index("80.5 kg") < rows.index("81.25 kg") < rows.index("82 kg")  # the table, newest first


def test_the_overview_says_when_nothing_is_logged(client, member):
    client.force_login(member)
    html = client.get(DASHBOARD).content.decode()
    assert "No body weight logged yet." in html
    assert reverse("progress:body_weights") in html


def test_an_entry_logged_shows_on_the_overview_at_once(client, member):
    client.force_login(member)
    assert "No body weight logged yet." in client.get(DASHBOARD).content.decode()  # cached now
    response = client.post(
        reverse("progress:body_weight_add"), {"date": days_ago(0).isoformat(), "weight_kg": "77.7", "note": ""}
    )
    assert response.status_code == 302
    assert "<strong>77.7 kg</strong>" in client.get(DASHBOARD).content.decode()


def test_a_coach_reads_the_members_body_weight_in_the_coachs_unit(client, member, coach, relationship):
    coach.weight_unit = "lb"
    coach.save(update_fields=["weight_unit"])
    BodyWeightFactory(user=member, date=days_ago(3), weight_kg=Decimal("100"))
    client.force_login(coach)
    html = client.get(reverse("coaching:progress", args=[member.pk])).content.decode()
    assert "Latest: <strong>220.46 lb</strong>" in html
    assert 'id="body-weight-title">Body weight (lb)' in html
    assert reverse("progress:body_weights") not in html  # the log is the member's own page
    assert reverse("progress:body_weight_add") not in html


def test_a_coach_sees_when_the_member_logged_none(client, member, coach, relationship):
    client.force_login(coach)
    html = client.get(reverse("coaching:progress", args=[member.pk])).content.decode()
    assert f"{member.username} has not logged a body weight yet." in html


def test_a_coach_can_change_none_of_the_members_entries(client, member, coach, relationship):
    entry = BodyWeightFactory(user=member, date=days_ago(3), weight_kg=Decimal("100"))
    client.force_login(coach)
    edit = reverse("progress:body_weight_edit", args=[entry.pk])
    delete = reverse("progress:body_weight_delete", args=[entry.pk])
    assert client.get(edit).status_code == 404
    data = {"date": entry.date.isoformat(), "weight_kg": "1", "note": "", "version": entry.version}
    assert client.post(edit, data).status_code == 404
    assert client.post(delete).status_code == 404
    entry.refresh_from_db()
    assert (entry.weight_kg, entry.deleted_at) == (Decimal("100"), None)
    # What the coach logs is in the coach's own log.
    assert client.post(reverse("progress:body_weight_add"), data | {"weight_kg": "90"}).status_code == 302
    assert list(member.body_weights.values_list("weight_kg", flat=True)) == [Decimal("100")]
    assert coach.body_weights.get().weight_kg == Decimal("90")
