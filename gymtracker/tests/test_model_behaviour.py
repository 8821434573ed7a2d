"""Soft delete, restore and hard delete; optimistic locking; change history."""

import pytest
from django.db import connection

from gymtracker.db import StaleVersionError
from plans.factories import WorkoutPlanFactory, WorkoutTemplateFactory
from plans.models import WorkoutPlan, WorkoutTemplate
from progress.factories import BodyWeightFactory
from progress.models import BodyWeight
from sessions.factories import WorkoutSessionFactory, WorkoutSetFactory
from sessions.models import WorkoutSession, WorkoutSet

pytestmark = pytest.mark.django_db

SOFT_DELETABLE = [
    (WorkoutPlan, WorkoutPlanFactory),
    (WorkoutTemplate, WorkoutTemplateFactory),
    (WorkoutSession, WorkoutSessionFactory),
    (WorkoutSet, WorkoutSetFactory),
    (BodyWeight, BodyWeightFactory),
]


@pytest.mark.parametrize(("model", "factory"), SOFT_DELETABLE)
def test_soft_delete_hides_the_row_from_the_default_manager_but_keeps_it(model, factory):
    obj = factory()
    obj.delete()

    assert not model.objects.filter(pk=obj.pk).exists()
    assert model.all_objects.deleted().filter(pk=obj.pk).exists()
    assert model.all_objects.get(pk=obj.pk).deleted_at is not None


@pytest.mark.parametrize(("model", "factory"), SOFT_DELETABLE)
def test_restore_brings_a_soft_deleted_row_back(model, factory):
    obj = factory()
    obj.soft_delete()
    obj = model.all_objects.get(pk=obj.pk)

    obj.restore()

    assert model.objects.get(pk=obj.pk).deleted_at is None


@pytest.mark.parametrize(("model", "factory"), SOFT_DELETABLE)
def test_history_records_create_update_and_soft_delete(model, factory):
    obj = factory()
    obj = model.objects.get(pk=obj.pk)
    obj.save()
    obj.soft_delete()

    records = list(obj.history.order_by("history_date", "history_id"))
    assert [r.history_type for r in records] == ["+", "~", "~"]
    assert records[0].deleted_at is None
    assert records[-1].deleted_at is not None


def test_hard_delete_removes_a_plan_and_everything_under_it():
    workout_set = WorkoutSetFactory()
    plan = workout_set.template.plan

    plan.hard_delete()

    assert not WorkoutPlan.all_objects.filter(pk=plan.pk).exists()
    assert not WorkoutTemplate.all_objects.filter(pk=workout_set.template_id).exists()
    assert not WorkoutSet.all_objects.filter(pk=workout_set.pk).exists()
    assert WorkoutSession.objects.filter(pk=workout_set.session_id).exists()


def test_deleting_a_user_erases_their_data():
    workout_set = WorkoutSetFactory()
    user = workout_set.session.user
    BodyWeightFactory(user=user)

    user.delete()

    for model in [WorkoutPlan, WorkoutTemplate, WorkoutSession, WorkoutSet, BodyWeight]:
        assert not model.all_objects.exists(), model


def test_children_of_a_live_plan_read_only_live_rows():
    plan = WorkoutPlanFactory()
    kept, dropped = WorkoutTemplateFactory(plan=plan), WorkoutTemplateFactory(plan=plan)
    dropped.soft_delete()

    assert list(plan.templates.all()) == [kept]


@pytest.mark.parametrize(
    ("model", "factory", "field", "value"),
    [
        (WorkoutPlan, WorkoutPlanFactory, "name", "Renamed"),
        (WorkoutTemplate, WorkoutTemplateFactory, "exercise_name", "Front squat"),
        (WorkoutSession, WorkoutSessionFactory, "notes", "Edited"),
        (BodyWeight, BodyWeightFactory, "note", "Edited"),
    ],
)
def test_saving_a_stale_version_raises_a_conflict_and_writes_nothing(model, factory, field, value):
    obj = factory()
    first_tab = model.objects.get(pk=obj.pk)
    second_tab = model.objects.get(pk=obj.pk)

    setattr(first_tab, field, "First tab's text")
    first_tab.save()
    setattr(second_tab, field, value)
    with pytest.raises(StaleVersionError):
        second_tab.save()

    current = model.objects.get(pk=obj.pk)
    assert getattr(current, field) == "First tab's text"
    assert current.version == 2
    assert second_tab.version == 1  # the loser keeps what it read, and what it typed
    assert getattr(second_tab, field) == value
    assert current.history.count() == 2  # created, then the first tab's change only


def test_each_save_moves_the_version_on():
    plan = WorkoutPlanFactory()
    assert plan.version == 1
    plan.name = "A"
    plan.save()
    plan.name = "B"
    plan.save(update_fields=["name"])
    plan.refresh_from_db()
    assert (plan.name, plan.version) == ("B", 3)


def test_a_change_made_in_plain_sql_makes_the_in_memory_copy_stale():
    plan = WorkoutPlanFactory()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE workout_plans SET version = version + 1, name = 'From SQL' WHERE id = %s", [plan.pk])
    plan.name = "From the app"
    with pytest.raises(StaleVersionError, match="changed elsewhere"):
        plan.save()
    assert WorkoutPlan.objects.get(pk=plan.pk).name == "From SQL"


def test_soft_deleting_a_stale_copy_is_a_conflict_too():
    plan = WorkoutPlanFactory()
    stale = WorkoutPlan.objects.get(pk=plan.pk)
    plan.name = "Changed"
    plan.save()
    with pytest.raises(StaleVersionError):
        stale.soft_delete()
    assert WorkoutPlan.objects.filter(pk=plan.pk).exists()


def test_user_history_leaves_out_the_password_hash(member):
    member.set_password("a-new-long-password")
    member.save()
    record = member.history.latest()
    assert not hasattr(record, "password")
    assert member.history.count() == 2
