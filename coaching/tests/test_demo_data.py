import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from sessions.models import WorkoutSession, WorkoutSet

pytestmark = pytest.mark.django_db


def test_demo_data_is_never_created_outside_development(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("demo_data")
    assert not User.objects.exists()


def test_demo_data_creates_three_accounts_and_weeks_of_training_once(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo_data", "--weeks", "2", stdout=out)

    assert set(User.objects.values_list("username", flat=True)) == {"member", "coach", "staff"}
    assert User.objects.get(username="staff").is_staff
    assert User.objects.get(username="coach").coachings.get().member.username == "member"
    assert "demo-lift-2026" in out.getvalue()
    member = User.objects.get(username="member")
    assert member.check_password("demo-lift-2026")
    assert member.workout_plans.count() == 3
    assert 5 <= WorkoutSession.objects.filter(user=member).count() <= 7
    assert not WorkoutSet.objects.filter(completed_at__isnull=True).exists()

    sessions_before = WorkoutSession.objects.count()
    call_command("demo_data", stdout=io.StringIO())
    assert WorkoutSession.objects.count() == sessions_before
