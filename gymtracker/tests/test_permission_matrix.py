"""One table: for every URL and method, what each kind of visitor gets.

Roles: an anonymous visitor, the member who owns the objects, another member, the member's coach,
another coach, and staff (who work in the admin, not through members' pages). Adding a URL
without adding it here fails `test_every_url_is_in_the_matrix`.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.factories import UserFactory
from coaching.services import comment_add, invite_accept, invite_create
from imports.models import Import
from plans.factories import ExerciseFactory, WorkoutPlanFactory, WorkoutTemplateFactory
from progress.models import BodyWeight
from sessions.services import session_start, set_log

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_member", "coach", "other_coach", "staff"]


def everyone(status, anonymous=None):
    return dict.fromkeys(ROLES, status) | ({"anonymous": anonymous} if anonymous else {})


def signed_in(status):
    """Any signed-in person gets `status`; a visitor is sent to log in."""
    return everyone(status, anonymous=302)


def owner(status, *, coach=404):
    """The member's own object: theirs (and, where noted, their coach's); anyone else a 404."""
    return {"anonymous": 302, "other_member": 404, "other_coach": 404, "staff": 404, "coach": coach, "member": status}


def coaches(status, *, other_coach=404):
    """The coach workspace: the member's coach; another coach a 404 (or the same for pages of
    their own); members and staff who do not coach a 403."""
    return {
        "anonymous": 302,
        "other_member": 403,
        "member": 403,
        "staff": 403,
        "coach": status,
        "other_coach": other_coach,
    }


# (URL name, arguments from the world, method, expected status per role)
MATRIX = [
    ("home", None, "GET", everyone(200)),
    ("healthz", None, "GET", everyone(200)),
    ("about", None, "GET", everyone(200)),
    ("readyz", None, "GET", everyone(200)),
    ("service_worker", None, "GET", everyone(200)),
    ("accounts:signup", None, "GET", everyone(302, anonymous=200)),
    ("accounts:login", None, "GET", everyone(302, anonymous=200)),
    ("accounts:logout", None, "POST", everyone(302)),
    ("accounts:profile", None, "GET", signed_in(200)),
    ("accounts:health", None, "POST", signed_in(302)),
    ("accounts:delete", None, "GET", signed_in(200)),
    ("accounts:password_change", None, "GET", signed_in(200)),
    ("accounts:password_change_done", None, "GET", signed_in(200)),
    ("accounts:password_reset", None, "GET", everyone(200)),
    ("accounts:password_reset_done", None, "GET", everyone(200)),
    ("accounts:password_reset_confirm", lambda w: ["MQ", "no-such-token"], "GET", everyone(200)),
    ("accounts:password_reset_complete", None, "GET", everyone(200)),
    ("plans:list", None, "GET", signed_in(200)),
    ("plans:create", None, "GET", signed_in(200)),
    ("plans:trash", None, "GET", signed_in(200)),
    ("plans:detail", lambda w: [w["plan"].pk], "GET", owner(200, coach=200)),
    ("plans:edit", lambda w: [w["plan"].pk], "GET", owner(200, coach=200)),
    ("plans:duplicate", lambda w: [w["plan"].pk], "POST", owner(302, coach=302)),
    ("plans:delete", lambda w: [w["plan"].pk], "GET", owner(200)),
    ("plans:restore", lambda w: [w["plan"].pk], "POST", owner(302)),
    ("plans:exercises", None, "GET", signed_in(200)),
    ("plans:exercise_suggest", None, "GET", signed_in(200)),
    ("plans:exercise_create", None, "GET", signed_in(200)),
    # A member's own exercise: only they change it (their coach reads it in the library's list).
    ("plans:exercise_edit", lambda w: [w["exercise"].pk], "GET", owner(200)),
    ("plans:exercise_delete", lambda w: [w["exercise"].pk], "GET", owner(200)),
    ("plans:exercise_delete", lambda w: [w["exercise"].pk], "POST", owner(302)),
    ("sessions:list", None, "GET", signed_in(200)),
    ("sessions:start", lambda w: [w["plan"].pk], "POST", owner(302)),
    ("sessions:detail", lambda w: [w["session"].pk], "GET", owner(200)),
    ("sessions:edit", lambda w: [w["session"].pk], "GET", owner(200)),
    ("sessions:finish", lambda w: [w["session"].pk], "POST", owner(302)),
    ("sessions:delete", lambda w: [w["session"].pk], "GET", owner(200)),
    ("sessions:exercise_add", lambda w: [w["session"].pk], "GET", owner(200)),
    ("sessions:set_add", lambda w: [w["session"].pk, w["template"].pk], "POST", owner(302)),
    ("sessions:set_log", lambda w: [w["session"].pk, w["set"].pk], "POST", owner(422)),
    # Sent with no type: the member's own set is answered 422 (nothing changed), anyone else's 404.
    ("sessions:set_type", lambda w: [w["session"].pk, w["set"].pk], "POST", owner(422)),
    ("sessions:set_remove", lambda w: [w["session"].pk, w["set"].pk], "POST", owner(302)),
    ("sessions:set_restore", lambda w: [w["session"].pk, w["set"].pk], "POST", owner(302)),
    ("sessions:trash", None, "GET", signed_in(200)),
    # The world's session is live: restoring it is a harmless no-op for its member.
    ("sessions:restore", lambda w: [w["session"].pk], "POST", owner(302)),
    ("progress:dashboard", None, "GET", signed_in(200)),
    ("progress:exercises", None, "GET", signed_in(200)),
    ("progress:exercise", lambda w: [w["template"].exercise_name.lower()], "GET", owner(200)),
    ("progress:search", None, "GET", signed_in(200)),
    # Everyone keeps a log of their own; an entry is its member's alone (their coach reads it on
    # the member's progress page, coaching:progress, and changes nothing).
    ("progress:body_weights", None, "GET", signed_in(200)),
    ("progress:body_weight_add", None, "POST", signed_in(422)),
    ("progress:body_weight_edit", lambda w: [w["body_weight"].pk], "GET", owner(200)),
    ("progress:body_weight_edit", lambda w: [w["body_weight"].pk], "POST", owner(422)),
    ("progress:body_weight_delete", lambda w: [w["body_weight"].pk], "GET", owner(200)),
    ("progress:body_weight_delete", lambda w: [w["body_weight"].pk], "POST", owner(302)),
    # A download of one's own history: always the signed-in person's, as no URL names a member.
    ("imports:start", None, "GET", signed_in(200)),
    # An upload without a file: the form again, with its message.
    ("imports:start", None, "POST", signed_in(400)),
    ("imports:detail", lambda w: [w["import"].pk], "GET", owner(200)),
    # An import done: its preview and its import lead to its page.
    ("imports:preview", lambda w: [w["import"].pk], "GET", owner(302)),
    ("imports:confirm", lambda w: [w["import"].pk], "POST", owner(302)),
    ("imports:progress", lambda w: [w["import"].pk], "GET", owner(200)),
    # An import done is not discarded (its page has the undo): its page again.
    ("imports:discard", lambda w: [w["import"].pk], "POST", owner(302)),
    ("imports:undo", lambda w: [w["import"].pk], "POST", owner(302)),
    ("imports:restore", lambda w: [w["import"].pk], "POST", owner(302)),
    ("imports:export_csv", None, "GET", signed_in(200)),
    ("imports:export_json", None, "GET", signed_in(200)),
    ("coaching:mine", None, "GET", signed_in(200)),
    ("coaching:join_form", None, "GET", signed_in(200)),
    ("coaching:join", lambda w: ["some-code"], "GET", signed_in(200)),
    ("coaching:end", lambda w: [w["relationship"].pk], "GET", owner(200, coach=200)),  # "Are you sure?"
    ("coaching:end", lambda w: [w["relationship"].pk], "POST", owner(302, coach=302)),
    # Only the member whose session it is marks a comment read; its author and everyone else a 404.
    ("coaching:comment_read", lambda w: [w["comment"].pk], "POST", owner(302)),
    ("coaching:members", None, "GET", coaches(200, other_coach=200)),
    ("coaching:invite", None, "POST", coaches(302, other_coach=302)),
    ("coaching:member", lambda w: [w["member"].pk], "GET", coaches(200)),
    ("coaching:progress", lambda w: [w["member"].pk], "GET", coaches(200)),
    (
        "coaching:exercise",
        lambda w: [w["member"].pk, w["template"].exercise_name.lower()],
        "GET",
        coaches(200),
    ),
    ("coaching:assign", lambda w: [w["member"].pk], "POST", coaches(422)),
    ("coaching:session", lambda w: [w["member"].pk, w["session"].pk], "GET", coaches(200)),
    ("coaching:comment", lambda w: [w["member"].pk, w["session"].pk], "POST", coaches(422)),
]

# URLs that are not pages of ours: Django's admin has its own staff-only permission checks.
OUT_OF_SCOPE_NAMESPACES = {"admin"}


@pytest.fixture
def world():
    coach_group = Group.objects.get(name="coach")
    people = {
        "member": UserFactory(username="alice"),
        "other_member": UserFactory(username="bob"),
        "coach": UserFactory(username="carol"),
        "other_coach": UserFactory(username="dave"),
        "staff": UserFactory(username="sam", is_staff=True, is_superuser=True),
    }
    for name in ("coach", "other_coach"):
        people[name].groups.add(coach_group)
    relationship = invite_accept(member=people["member"], code=invite_create(coach=people["coach"]).code)
    invite_accept(member=people["other_member"], code=invite_create(coach=people["other_coach"]).code)
    plan = WorkoutPlanFactory(user=people["member"])
    template = WorkoutTemplateFactory(plan=plan, sets=2)
    session = session_start(user=people["member"], plan=plan, date=datetime.date(2026, 11, 20))
    workout_set = session.sets.first()
    set_log(workout_set=workout_set, actual_reps=5, weight_kg=Decimal("50"))
    comment = comment_add(session=session, author=people["coach"], body="Good depth.")
    body_weight = BodyWeight.objects.create(user=people["member"], date=datetime.date(2026, 11, 20), weight_kg=80)
    exercise = ExerciseFactory(owner=people["member"], name="Zercher carry")
    imported = Import.objects.create(
        user=people["member"], file_name="strong.csv", file_size=1, app="strong", shape="A", status="imported"
    )
    return {
        **people,
        "exercise": exercise,
        "import": imported,
        "plan": plan,
        "template": template,
        "session": session,
        "set": workout_set,
        "relationship": relationship,
        "comment": comment,
        "body_weight": body_weight,
    }


def url_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in OUT_OF_SCOPE_NAMESPACES:
                continue
            yield from url_names(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}"


def test_every_url_is_in_the_matrix():
    assert set(url_names(get_resolver().url_patterns)) == {name for name, *_ in MATRIX}


@pytest.mark.parametrize(
    ("name", "arguments", "method", "expected"), MATRIX, ids=[f"{method} {name}" for name, _, method, _ in MATRIX]
)
def test_each_role_gets_what_the_matrix_says(client, world, name, arguments, method, expected):
    # Each role's request is undone before the next (a savepoint rolled back): one role's POST
    # never changes what the next one meets, and the world is made once per row of the matrix.
    url = reverse(name, args=arguments(world) if arguments else None)
    got = {}
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            if role != "anonymous":
                client.force_login(world[role])
            got[role] = client.generic(method, url).status_code
            transaction.set_rollback(True)
    assert got == expected
