"""The progress pages: a member's own analytics only, server-rendered, a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from gymtracker.testing import assert_same_queries, queries_of
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from progress.models import BodyWeight
from progress.tests.history import generate_history
from sessions.factories import WorkoutSessionFactory
from sessions.models import WorkoutSession, WorkoutSet
from sessions.services import set_log

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("progress:dashboard"),
    reverse("progress:exercises"),
    reverse("progress:exercise", args=["bench press (barbell)"]),
    reverse("progress:search") + "?q=squat",
    reverse("progress:body_weights"),
]


def logged(user, name="Bench Press (Barbell)", reps=5, weight="100", notes="Felt strong", day=None):
    template = WorkoutTemplateFactory(plan=WorkoutPlanFactory(user=user), exercise_name=name)
    session = WorkoutSessionFactory(user=user, notes=notes, date=day or timezone.localdate())
    workout_set = WorkoutSet.objects.create(session=session, template=template)
    return set_log(workout_set=workout_set, actual_reps=reps, weight_kg=Decimal(weight))


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_for_a_member_with_history(client, member, url):
    logged(member, notes="Heavy squats, felt strong")
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "style=" not in html
    assert "<script" not in html


def test_a_new_member_sees_empty_pages_that_say_so(client, member):
    client.force_login(member)
    assert "No logged sets yet" in client.get(reverse("progress:exercises")).content.decode()
    assert "No sessions in the last 30 days" in client.get(reverse("progress:dashboard")).content.decode()


def test_another_members_exercise_is_404(client, member, other_member):
    logged(other_member, name="Zercher squat")
    client.force_login(member)
    assert client.get(reverse("progress:exercise", args=["zercher squat"])).status_code == 404
    assert "Zercher" not in client.get(reverse("progress:exercises")).content.decode()
    assert "Zercher" not in client.get(reverse("progress:dashboard")).content.decode()


def test_weights_show_in_the_members_unit(client, member):
    logged(member, reps=5, weight="100")
    member.weight_unit = "lb"
    member.save(update_fields=["weight_unit"])
    client.force_login(member)
    html = client.get(reverse("progress:exercise", args=["bench press (barbell)"])).content.decode()
    assert "220.5 lb" in html  # 100 kg
    assert "Epley" in html


def test_the_exercise_page_lists_its_records_and_charts_from_the_weekly_figures(client, member):
    logged(member, weight="100", day=timezone.localdate() - datetime.timedelta(days=14))
    logged(member, weight="105")
    client.force_login(member)
    html = client.get(reverse("progress:exercise", args=["Bench Press (Barbell)"])).content.decode()
    assert "Heaviest weight: 105 kg" in html
    assert html.count('class="chart-dot"') == 4  # two weeks on each of the two line charts
    assert "as of" not in html  # nothing waits for a refresh any more


def test_a_set_logged_through_the_session_page_is_in_the_weekly_charts_at_once(client, member):
    """No refresh, no command: the weekly figures are as exact as the statistics beside them."""
    plan = WorkoutPlanFactory(user=member)
    WorkoutTemplateFactory(plan=plan, exercise_name="Bench Press (Barbell)", sets=1)
    client.force_login(member)
    client.post(reverse("sessions:start", args=[plan.pk]))
    session = WorkoutSession.objects.for_user(member).get()
    before = client.get(reverse("progress:dashboard")).content.decode()
    assert "No weeks yet" in before

    workout_set = session.sets.get()
    data = {f"set-{workout_set.pk}-actual_reps": "5", f"set-{workout_set.pk}-weight_kg": "100"}
    assert client.post(reverse("sessions:set_log", args=[session.pk, workout_set.pk]), data).status_code == 302

    dashboard = client.get(reverse("progress:dashboard")).content.decode()
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    volume_row = f'<th scope="row">{monday.day} {monday:%b %Y}</th><td class="num">1</td><td class="num">500 kg</td>'
    assert volume_row in dashboard
    assert 'class="chart-bar"><title>' in dashboard
    assert f"{monday:%d %b %Y}: 500 kg" in dashboard  # this week's bar
    exercise = client.get(reverse("progress:exercise", args=["bench press (barbell)"])).content.decode()
    assert f"{monday:%d %b %Y}: 100 kg" in exercise  # the best set of the week on its chart
    assert exercise.count('class="chart-dot"') == 2


def test_the_dashboard_compares_this_week_with_last(client, member):
    today = timezone.localdate()
    logged(member, reps=10, weight="50", day=today)
    logged(member, reps=10, weight="100", day=today - datetime.timedelta(days=7))
    client.force_login(member)
    html = client.get(reverse("progress:dashboard")).content.decode()
    assert "500 kg" in html
    assert "-50% on last week" in html
    assert "2 weeks" in html  # the streak


# --- Query counts: the same at two history sizes --------------------------------------------


def weigh_in(user, days, *, every=1):
    """A body weight every `every` days for `days` days back from today (the first of them included)."""
    today = timezone.localdate()
    logged = set(BodyWeight.objects.for_user(user).values_list("date", flat=True))
    days_back = [today - datetime.timedelta(days=n) for n in range(0, days, every)]
    BodyWeight.objects.bulk_create(
        BodyWeight(user=user, date=day, weight_kg=Decimal(80) + day.day % 7) for day in days_back if day not in logged
    )


@pytest.mark.parametrize("url", PAGES)
def test_each_page_costs_the_same_queries_at_one_and_three_years(client, member, other_member, url):
    generate_history(member, weeks=52)
    weigh_in(member, 365)
    client.force_login(member)
    small = queries_of(lambda: client.get(url))
    assert small[1].status_code == 200
    generate_history(member, weeks=3 * 52)
    weigh_in(member, 3 * 365)
    large = queries_of(lambda: client.get(url))
    assert_same_queries(small, large)
