"""Upload → preview → import, through HTTP as a member, on the real database: what is written,
what the preview says, that importing again adds nothing, undo and restore, and bad files."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from gymtracker import rls
from gymtracker.testing import assert_same_queries, queries_of
from imports.models import Import, ImportStatus
from plans.models import Exercise, WorkoutPlan
from progress.models import ExerciseStat, PersonalRecord
from sessions.models import WorkoutSession, WorkoutSet

pytestmark = pytest.mark.django_db

# Strong's classic export (shape A): no unit anywhere, naive local times, markers, a rest timer.
STRONG = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
    "2025-03-03 18:02:11,Push Day,1h 5m,Bench Press (Barbell),W,95,10,0,0,,Felt strong,\n"
    "2025-03-03 18:02:11,Push Day,1h 5m,Bench Press (Barbell),1,185,5,0,0,,Felt strong,8\n"
    "2025-03-03 18:02:11,Push Day,1h 5m,Bench Press (Barbell),2,185,5,0,0,paused,Felt strong,8.5\n"
    "2025-03-03 18:02:11,Push Day,1h 5m,Bench Press (Barbell),Rest Timer,0,0,0,90,,Felt strong,\n"
    "2025-03-03 18:02:11,Push Day,1h 5m,Plank,1,0,0,0,60,,Felt strong,\n"
    "2025-03-05 07:30:00,Leg Day,48m,Squat (Barbell),1,225,5,0,0,,,\n"
    "2025-03-05 07:30:00,Leg Day,48m,Squat (Barbell),2,225,5,0,0,,,\n"
    "2025-03-05 07:30:00,Leg Day,48m,Zottman Hammer Thing,1,30,12,0,0,,,\n"
)
NEWER = STRONG + "2025-03-07 18:00:00,Push Day,55m,Bench Press (Barbell),1,190,5,0,0,,,\n"


def upload(client, text: str | bytes, name: str = "strong.csv"):
    content = text.encode() if isinstance(text, str) else text
    return client.post(reverse("imports:start"), {"file": SimpleUploadedFile(name, content, "text/csv")})


def choices_of(response) -> dict[str, str]:
    """The preview form's fields as the page shows them (the member keeps every suggestion)."""
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return {k: ("" if v is None else str(v)) for k, v in data.items()}


def import_file(client, text: str, *, unit: str = "lb", zone: str = "Europe/Berlin"):
    response = upload(client, text)
    assert response.status_code == 302, response.content
    preview_url = response["Location"]
    page = client.get(preview_url)
    assert page.status_code == 200
    data = choices_of(page) | {"unit": unit, "time_zone": zone}
    imp = page.context["imp"]
    return client.post(reverse("imports:confirm", args=[imp.pk]), data), imp


def test_a_strong_file_is_previewed_before_anything_is_written(client, member):
    client.force_login(member)
    response = upload(client, STRONG)
    assert response.status_code == 302
    page = client.get(response["Location"])
    preview = page.context["preview"]
    assert (preview.parsed.app, preview.parsed.shape) == ("strong", "A")
    assert len(preview.workouts) == 2
    assert preview.sets_total == 7  # the rest timer is not a set
    assert preview.unit_needed
    assert preview.parsed.unit_guess == "lb"
    assert preview.skipped_by_reason == {"rest timer": 1}
    assert preview.mapping["Bench Press (Barbell)"].chosen.how in ("exact", "alias")
    assert preview.mapping["Zottman Hammer Thing"].chosen.how == "new"
    body = page.content.decode()
    assert "0 workouts already here, 2 new" in body
    assert "Line 5: rest timer" in body
    # The newest workouts it would add, newest first.
    assert [(w.plan, len(w.rows), w.warmups) for w in preview.newest_new] == [("Leg Day", 3, 0), ("Push Day", 4, 1)]
    assert "Wed 5 Mar 2025</strong> · Leg Day · 2 exercises, 3 sets" in body
    assert WorkoutSession.objects.count() == 0


def test_an_import_writes_sessions_and_sets_exactly(client, member):
    client.force_login(member)
    response, imp = import_file(client, STRONG, unit="lb")
    assert response.status_code == 302
    imp.refresh_from_db()
    assert imp.status == ImportStatus.IMPORTED
    assert Import.objects.filter(pk=imp.pk, content__isnull=True).exists()  # the file is not kept
    assert (imp.sessions_created, imp.sets_created) == (2, 7)

    push = WorkoutSession.objects.get(user=member, plan__name="Push Day")
    assert push.source == imp
    assert push.date == datetime.date(2025, 3, 3)
    berlin = datetime.timezone(datetime.timedelta(hours=1))
    assert push.created_at == datetime.datetime(2025, 3, 3, 18, 2, 11, tzinfo=berlin)
    assert push.finished_at == datetime.datetime(2025, 3, 3, 19, 7, 11, tzinfo=berlin)
    assert "Felt strong" in push.notes
    assert "Bench Press (Barbell), set 3: paused" in push.notes
    bench = list(
        WorkoutSet.objects.filter(session=push, template__exercise_name__icontains="bench").order_by("position")
    )
    assert [s.set_type for s in bench] == ["warmup", "normal", "normal"]
    assert [s.weight_kg for s in bench] == [
        Decimal("43.0912751500"),
        Decimal("83.9145884500"),
        Decimal("83.9145884500"),
    ]
    assert [s.rpe for s in bench] == [None, Decimal("8.0"), Decimal("8.5")]
    plank = WorkoutSet.objects.get(session=push, template__exercise_name="Plank")
    assert (plank.kind, plank.duration_seconds, plank.weight_kg) == ("duration", 60, None)
    zottman = Exercise.objects.get(owner=member, name="Zottman Hammer Thing")
    assert zottman.kind == "weight_reps"


def test_statistics_and_records_are_exact_after_an_import(client, member):
    client.force_login(member)
    import_file(client, STRONG, unit="kg")
    stats = {
        s.exercise: (s.sets, s.reps, s.volume_kg, s.best_weight_kg) for s in ExerciseStat.objects.filter(user=member)
    }
    squat = next(v for k, v in stats.items() if "squat" in k)
    assert squat == (2, 10, Decimal("2250"), Decimal("225"))
    bench = next(v for k, v in stats.items() if "bench" in k)
    assert bench[:2] == (2, 10)  # the warm-up counts for nothing
    assert PersonalRecord.objects.filter(user=member, exercise__icontains="squat", kind="weight").exists()


def test_importing_the_same_file_again_adds_nothing(client, member):
    client.force_login(member)
    import_file(client, STRONG)
    sets_before = WorkoutSet.objects.count()
    page = client.get(upload(client, STRONG)["Location"])
    assert "2 workouts already here, 0 new" in page.content.decode()
    _, imp = import_file(client, STRONG)
    imp.refresh_from_db()
    assert (imp.sessions_created, imp.sets_created, imp.sessions_already_present) == (0, 0, 2)
    assert WorkoutSet.objects.count() == sets_before


def test_a_newer_export_adds_only_the_new_workout(client, member):
    client.force_login(member)
    import_file(client, STRONG)
    _, imp = import_file(client, NEWER)
    imp.refresh_from_db()
    assert (imp.sessions_created, imp.sets_created, imp.sessions_already_present) == (1, 1, 2)
    assert WorkoutSession.objects.filter(user=member).count() == 3


def test_a_file_without_a_unit_is_not_imported_until_one_is_chosen(client, member):
    client.force_login(member)
    page = client.get(upload(client, STRONG)["Location"])
    imp = page.context["imp"]
    data = choices_of(page) | {"unit": ""}
    response = client.post(reverse("imports:confirm", args=[imp.pk]), data)
    assert response.status_code == 400
    assert "Choose the unit" in response.content.decode()
    assert WorkoutSession.objects.count() == 0


def test_the_member_changes_where_a_name_goes(client, member):
    client.force_login(member)
    page = client.get(upload(client, STRONG)["Location"])
    imp = page.context["imp"]
    form = page.context["form"]
    zottman = form.names.index("Zottman Hammer Thing")
    squat = form.names.index("Squat (Barbell)")
    data = choices_of(page) | {"unit": "kg", f"m{zottman}": "hammer curls", f"m{squat}": "Pause squat"}
    updated = client.post(reverse("imports:preview", args=[imp.pk]), data)
    mapping = updated.context["preview"].mapping
    assert (mapping["Zottman Hammer Thing"].chosen.name, mapping["Zottman Hammer Thing"].chosen.how) == (
        "Hammer Curls",
        "exact",
    )
    assert (mapping["Squat (Barbell)"].chosen.name, mapping["Squat (Barbell)"].chosen.how) == ("Pause squat", "new")
    assert WorkoutSession.objects.count() == 0  # the preview writes nothing

    client.post(reverse("imports:confirm", args=[imp.pk]), data)
    library_curl = Exercise.objects.library().get(name="Hammer Curls")
    assert not Exercise.objects.filter(owner=member, name="Zottman Hammer Thing").exists()
    assert WorkoutSet.objects.filter(template__exercise=library_curl, session__user=member).count() == 1
    pause = Exercise.objects.get(owner=member, name="Pause squat")
    assert WorkoutSet.objects.filter(template__exercise=pause, session__user=member).count() == 2


def test_undo_moves_the_imported_workouts_to_the_trash_and_restore_brings_them_back(client, member):
    client.force_login(member)
    _, imp = import_file(client, STRONG)
    assert client.post(reverse("imports:undo", args=[imp.pk])).status_code == 302
    assert WorkoutSession.objects.filter(user=member).count() == 0
    assert WorkoutSession.all_objects.filter(user=member, deleted_at__isnull=False).count() == 2
    assert not ExerciseStat.objects.filter(user=member, sets__gt=0).exists()
    assert not WorkoutPlan.objects.filter(user=member, name="Push Day").exists()
    client.post(reverse("imports:restore", args=[imp.pk]))
    assert WorkoutSession.objects.filter(user=member).count() == 2
    assert ExerciseStat.objects.filter(user=member, sets__gt=0).exists()
    assert WorkoutPlan.objects.filter(user=member, name="Push Day").exists()


def test_a_previewed_file_is_discarded_and_an_imported_one_is_not(client, member):
    client.force_login(member)
    page = client.get(upload(client, STRONG)["Location"])
    previewed = page.context["imp"]
    response = client.post(reverse("imports:discard", args=[previewed.pk]))
    assert response.status_code == 302
    assert not Import.objects.filter(pk=previewed.pk).exists()
    _, imported = import_file(client, STRONG)
    client.post(reverse("imports:discard", args=[imported.pk]))
    assert Import.objects.filter(pk=imported.pk, status=ImportStatus.IMPORTED).exists()
    assert WorkoutSession.objects.filter(user=member).count() == 2


def test_each_imported_row_has_one_history_row_naming_the_import(client, member):
    client.force_login(member)
    _, imp = import_file(client, STRONG)
    sessions = WorkoutSession.history.filter(source_id=imp.pk)
    assert sessions.count() == 2
    assert {h.history_type for h in sessions} == {"+"}
    assert all(h.history_user_id == member.pk and str(imp.pk) in h.history_change_reason for h in sessions)
    assert WorkoutSet.history.filter(session__user=member, history_type="+").count() == 7


def test_an_import_costs_the_same_number_of_queries_for_2_workouts_as_for_40(client, member, other_member):
    def cost(user, text):
        client.force_login(user)
        page = client.get(upload(client, text)["Location"])
        imp = page.context["imp"]
        data = choices_of(page) | {"unit": "kg", "time_zone": "UTC"}
        return queries_of(lambda: client.post(reverse("imports:confirm", args=[imp.pk]), data))

    small = cost(member, STRONG)
    header, *rows = STRONG.splitlines()
    # Ten copies of the file's two workouts.
    many = [header] + [
        # A month apart, and each month's workouts under names of their own (plans to make).
        row.replace("2025-03-", f"2024-{month:02d}-").replace(" Day,", f" Day {month},")
        for month in range(1, 11)
        for row in rows
    ]
    large = cost(other_member, "\n".join(many) + "\n")
    assert WorkoutSession.objects.filter(user=other_member).count() == 20
    assert_same_queries(small, large)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"", "empty"),
        (b"name,age\nann,3\n", "header"),
        (STRONG.replace(",", "\t").encode(), "header"),
        (STRONG.encode() + b'2025-03-09 10:00:00,Push Day,1h,"Bench Press', "line 10"),
        (STRONG.encode() + b"2025-03-09 10:00:00,Push Day,1h,Bench,1,100,5,0,0,,,,,extra,fields\n", "line 10"),
    ],
    ids=["binary", "empty", "unknown-header", "wrong-delimiter", "truncated", "too-many-fields"],
)
def test_a_bad_file_is_refused_with_a_message_and_nothing_written(client, member, content, expected):
    client.force_login(member)
    response = upload(client, content)
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["file"]).lower()
    assert expected in errors
    assert Import.objects.count() == 0
    assert WorkoutSession.objects.count() == 0


def test_a_file_over_20_mb_is_refused_as_too_large(client, member):
    client.force_login(member)
    response = upload(client, STRONG.encode() + b"x" * (20 * 1024 * 1024))
    assert response.status_code == 413
    assert "at most 20 MB" in response.content.decode()


def test_a_megabyte_line_is_refused(client, member):
    client.force_login(member)
    response = upload(client, STRONG + "2025-03-09 10:00:00,Push Day,1h," + "B" * (1024 * 1024) + ",1,100,5,0,0,,,\n")
    assert response.status_code == 400
    assert Import.objects.count() == 0


def test_another_members_import_is_a_404(client, member, other_member):
    client.force_login(member)
    _, imp = import_file(client, STRONG)
    client.force_login(other_member)
    for name in ("detail", "preview", "progress"):
        assert client.get(reverse(f"imports:{name}", args=[imp.pk])).status_code == 404
    for name in ("undo", "restore", "confirm", "discard"):
        assert client.post(reverse(f"imports:{name}", args=[imp.pk])).status_code == 404


def test_an_import_writes_only_the_importing_members_rows(client, member, other_member):
    client.force_login(member)
    import_file(client, STRONG)
    with rls.user_context(other_member), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM workout_sessions")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM workout_sets")
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM imports")
        assert cursor.fetchone()[0] == 0
    with rls.system_context("tests"), connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT user_id FROM workout_sessions")
        assert cursor.fetchall() == [(member.pk,)]


def test_the_command_imports_and_prints_one_json_object(member, tmp_path, capsys):
    path = tmp_path / "strong.csv"
    path.write_text(STRONG)
    call_command("import_history", member.username, str(path), "--unit", "kg", "--time-zone", "UTC")
    result = json.loads(capsys.readouterr().out)
    assert result == {
        "app": "strong",
        "shape": "A",
        "sessions_created": 2,
        "sets_created": 7,
        "sessions_already_present": 0,
        "rows_skipped": {"rest timer": 1},
        "errors": [],
    }
    call_command("import_history", member.username, str(path), "--unit", "kg", "--time-zone", "UTC", "--dry-run")
    assert json.loads(capsys.readouterr().out)["sessions_already_present"] == 2


def test_the_command_refuses_a_file_without_a_unit_with_status_2(member, tmp_path, capsys):
    path = tmp_path / "strong.csv"
    path.write_text(STRONG)
    with pytest.raises(SystemExit) as exit_:
        call_command("import_history", member.username, str(path))
    assert exit_.value.code == 2
    result = json.loads(capsys.readouterr().out)
    assert "--unit" in result["errors"][0]
    assert WorkoutSession.objects.count() == 0
    assert Import.objects.count() == 0


def test_a_coach_imports_for_a_consenting_member_and_the_import_is_recorded_as_theirs(
    client, coach, member, relationship
):
    member.coach_may_import = True
    member.save(update_fields=["coach_may_import"])
    client.force_login(coach)
    page = client.get(reverse("coaching:member", args=[member.pk]))
    assert f"/imports/?member={member.pk}" in page.content.decode()
    start = reverse("imports:start") + f"?member={member.pk}"
    response = client.post(start, {"file": SimpleUploadedFile("strong.csv", STRONG.encode(), "text/csv")})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?member={member.pk}")
    page = client.get(response["Location"])
    assert f"For {member.username}’s history" in page.content.decode()
    imp = page.context["imp"]
    data = choices_of(page) | {"unit": "kg", "time_zone": "UTC"}
    response = client.post(reverse("imports:confirm", args=[imp.pk]) + f"?member={member.pk}", data)
    assert response.status_code == 302
    imp.refresh_from_db()
    assert (imp.user, imp.created_by, imp.sessions_created) == (member, coach, 2)
    sessions = WorkoutSession.history.filter(source_id=imp.pk)
    assert {h.history_user_id for h in sessions} == {coach.pk}
    assert WorkoutSession.objects.filter(user=member).count() == 2
    # The member sees it among their imports, made by their coach.
    client.force_login(member)
    listed = client.get(reverse("imports:start")).content.decode()
    assert f"by {coach.username} (coach)" in listed


def test_a_coach_without_consent_and_anyone_else_get_404_for_a_members_imports(
    client, coach, other_coach, member, other_member, relationship
):
    start = reverse("imports:start") + f"?member={member.pk}"
    client.force_login(coach)
    assert client.get(start).status_code == 404  # no consent yet
    member.coach_may_import = True
    member.save(update_fields=["coach_may_import"])
    assert client.get(start).status_code == 200
    for outsider in (other_coach, other_member):
        client.force_login(outsider)
        assert client.get(start).status_code == 404
        assert client.post(start, {"file": SimpleUploadedFile("s.csv", STRONG.encode())}).status_code == 404
    client.force_login(coach)
    assert client.get(reverse("imports:start") + "?member=not-a-uuid").status_code == 404
    assert Import.objects.count() == 0
