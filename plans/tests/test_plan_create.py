import pytest
from django.urls import reverse

from plans.models import WorkoutPlan
from plans.selectors import exercises_of
from plans.tests.helpers import plan_form_data

pytestmark = pytest.mark.django_db

URL = reverse("plans:create")


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client


def test_the_new_plan_page_offers_blank_exercise_rows_and_the_script(signed_in):
    response = signed_in.get(URL)

    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    assert 'name="exercises-TOTAL_FORMS"' in response.text
    assert "<template data-formset-template>" in response.text
    assert 'src="/static/js/plan_form.' in response.text
    assert " defer>" in response.text


def test_every_exercise_row_has_its_own_labels(signed_in):
    text = signed_in.get(URL).text

    for number in (1, 2, 3):
        assert f'for="id_exercises-{number - 1}-exercise_name">Name<span class="visually-hidden"> of exercise' in text
        assert f"<legend>Exercise <span data-row-number>{number}</span></legend>" in text


def test_creating_a_plan_saves_its_exercises_in_the_chosen_order(signed_in, member):
    data = plan_form_data(
        name="Push day",
        description="Mondays",
        exercises=[
            {"exercise_name": "Dips", "sets": 3, "repetitions": 12, "ORDER": 2},
            {"exercise_name": "Bench Press (Barbell)", "sets": 5, "repetitions": 5, "ORDER": 1},
        ],
    )

    response = signed_in.post(URL, data)

    plan = WorkoutPlan.objects.get(user=member)
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:detail", args=[plan.pk])
    assert (plan.name, plan.description) == ("Push day", "Mondays")
    assert [(t.exercise_name, t.sets, t.repetitions, t.position) for t in exercises_of(plan)] == [
        ("Bench Press (Barbell)", 5, 5, 0),
        ("Dips", 3, 12, 1),
    ]


def test_a_plan_without_exercises_is_refused_with_422_and_the_typed_name_kept(signed_in, member):
    response = signed_in.post(URL, plan_form_data(name="Rest day", description="Just stretch", exercises=[]))

    assert response.status_code == 422
    assert "Add at least one exercise" in response.text
    assert 'value="Rest day"' in response.text
    assert "Just stretch" in response.text
    assert not WorkoutPlan.objects.filter(user=member).exists()


def test_invalid_rows_are_refused_with_422_and_every_row_is_shown_as_typed(signed_in, member):
    data = plan_form_data(
        name="",
        exercises=[
            {"exercise_name": "Front squat", "sets": 0, "repetitions": 5},
            {"exercise_name": "", "sets": 4, "repetitions": 8},
            {"exercise_name": "Good morning", "sets": 3, "repetitions": 12},
        ],
    )

    response = signed_in.post(URL, data)

    assert response.status_code == 422
    form, formset = response.context["form"], response.context["formset"]
    assert form.errors == {"name": ["This field is required."]}
    assert "sets" in formset.errors[0]
    assert "exercise_name" in formset.errors[1]
    text = response.text
    assert 'value="Front squat"' in text
    assert 'name="exercises-0-sets" value="0"' in text
    assert 'name="exercises-1-sets" value="4"' in text
    assert 'value="Good morning"' in text
    assert 'aria-invalid="true"' in text
    assert not WorkoutPlan.objects.filter(user=member).exists()


def test_a_refused_form_shows_the_rows_in_the_order_the_member_put_them(signed_in):
    data = plan_form_data(
        name="",
        exercises=[{"exercise_name": "Squat (Barbell)", "ORDER": 2}, {"exercise_name": "Lunge (Dumbbell)", "ORDER": 1}],
        blank_rows=1,
    )

    text = signed_in.post(URL, data).text

    assert text.index('value="Lunge (Dumbbell)"') < text.index('value="Squat (Barbell)"')
    # Each row keeps its own field names, whatever its place on the page.
    assert 'name="exercises-1-exercise_name" value="Lunge (Dumbbell)"' in text


def test_a_coach_writes_a_plan_for_a_member_and_history_names_the_coach(client, member, coach, relationship):
    client.force_login(coach)
    url = reverse("plans:create") + f"?for={member.pk}"
    assert "For your member" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "Coach's strength block",
            "description": "",
            "exercises-TOTAL_FORMS": "1",
            "exercises-INITIAL_FORMS": "0",
            "exercises-MIN_NUM_FORMS": "0",
            "exercises-MAX_NUM_FORMS": "1000",
            "exercises-0-exercise_name": "Deadlift (Barbell)",
            "exercises-0-sets": "5",
            "exercises-0-repetitions": "3",
            "exercises-0-ORDER": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = WorkoutPlan.objects.get(name="Coach's strength block")
    assert plan.user == member
    assert plan.history.get().history_user == coach
