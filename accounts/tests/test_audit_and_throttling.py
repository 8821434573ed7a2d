"""Account events are recorded for staff; repeated wrong passwords lock the pair out, and staff
can see and lift the lock."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import AuditEvent
from gymtracker.testing import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def events(kind):
    return list(AuditEvent.objects.filter(kind=kind).order_by("at"))


def login(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_a_login_and_a_logout_are_recorded_with_time_user_and_address(client, staff):
    assert login(client, staff.username, TEST_PASSWORD).status_code == 302
    client.post(reverse("admin:logout"), REMOTE_ADDR="203.0.113.7")

    (logged_in,) = events(AuditEvent.Kind.LOGIN)
    (logged_out,) = events(AuditEvent.Kind.LOGOUT)
    for event in (logged_in, logged_out):
        assert (event.user, event.username, event.ip_address) == (staff, staff.username, "203.0.113.7")
        assert event.at is not None
    staff.refresh_from_db()
    assert staff.last_login is not None
    assert staff.history.count() == 1  # logging in is not a change to the account


def test_a_failed_login_is_recorded_with_the_name_typed(client, member):
    response = login(client, member.username, "wrong password")
    assert response.status_code == 200
    (failed,) = events(AuditEvent.Kind.LOGIN_FAILED)
    assert (failed.user, failed.username, failed.ip_address) == (None, member.username, "203.0.113.7")


def test_a_password_change_is_recorded(member):
    member.set_password("a-brand-new-passphrase")
    member.save()
    (changed,) = events(AuditEvent.Kind.PASSWORD_CHANGED)
    assert changed.user == member


def test_role_changes_are_recorded(member):
    member.is_staff = True
    member.save()
    member.groups.add(Group.objects.get(name="coach"))
    member.groups.remove(Group.objects.get(name="coach"))

    changes = [e.detail for e in events(AuditEvent.Kind.ROLE_CHANGED)]
    assert changes == [
        {"changes": {"is_staff": [False, True]}},
        {"change": "added to groups", "groups": ["coach"]},
        {"change": "removed from groups", "groups": ["coach"]},
    ]


def test_an_ordinary_save_records_no_role_change(member):
    member.email = "alice@example.org"
    member.save()
    assert events(AuditEvent.Kind.ROLE_CHANGED) == []


def test_staff_read_the_audit_log_in_the_admin_but_cannot_change_it(client, staff, member):
    login(client, member.username, "wrong password")
    client.force_login(staff)
    changelist = client.get(reverse("admin:accounts_auditevent_changelist"))
    assert changelist.status_code == 200
    assert member.username in changelist.content.decode()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.LOGIN_FAILED)
    assert client.post(reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403


def test_members_read_only_their_own_events_and_nobody_rewrites_them(member, other_member):
    from django.db import connection

    from gymtracker import rls

    login_events = [AuditEvent.objects.create(kind=AuditEvent.Kind.LOGIN, user=u) for u in (member, other_member)]
    with rls.user_context(member):
        assert list(AuditEvent.objects.all()) == [login_events[0]]
    with rls.user_context(UserFactory(username="sam", is_staff=True)), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_events SET username = 'someone else'")
        assert cursor.rowcount == 0
        cursor.execute("DELETE FROM audit_events")
        assert cursor.rowcount == 0


def test_five_wrong_passwords_lock_the_account_out_from_that_address(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, staff.username, "wrong password")

    locked = login(client, staff.username, TEST_PASSWORD)
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    # The same account from elsewhere is not locked: a guesser cannot lock a member out everywhere.
    assert login(client, staff.username, TEST_PASSWORD, ip="198.51.100.9").status_code == 302


def test_staff_see_the_lockout_and_lift_it(client, staff, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, staff.username, "wrong password")
    attempt = AccessAttempt.objects.get(username=staff.username)

    staff_client = type(client)()
    staff_client.force_login(UserFactory(username="sue", is_staff=True, is_superuser=True))
    listing = staff_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert staff.username in listing.content.decode()
    response = staff_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302

    assert login(client, staff.username, TEST_PASSWORD).status_code == 302


def test_groups_give_each_role_what_it_needs(member):
    def codes(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    assert {"add_workoutplan", "change_workoutset", "view_healthprofile"} <= codes("member")
    assert "view_user" not in codes("member")
    assert {"add_workoutplan", "view_user", "view_healthprofile"} <= codes("coach")
    assert "change_healthprofile" not in codes("coach")
    assert {"change_user", "view_auditevent", "delete_accessattempt"} <= codes("staff")
    assert "change_auditevent" not in codes("staff")
