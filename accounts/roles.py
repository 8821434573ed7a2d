"""The roles as groups and their permissions, made and kept in step with this list after every
`migrate` (and every test-database flush), so a permission added here reaches
existing databases without one more data migration."""

from typing import Any

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import connections

from gymtracker import rls

WORKOUT_MODELS = [
    ("plans", "workoutplan"),
    ("plans", "workouttemplate"),
    ("workouts", "workoutsession"),
    ("workouts", "workoutset"),
]
ALL = ["view", "add", "change", "delete"]

ROLES: dict[str, list[tuple[str, str, list[str]]]] = {
    # A member keeps their own plans, sessions, sets and health notes.
    "member": [(app, model, ALL) for app, model in WORKOUT_MODELS] + [("accounts", "healthprofile", ALL)],
    # A coach writes plans for their members, reads how they train (and shared health notes)
    # and comments on their sessions.
    "coach": [(app, model, ALL) for app, model in WORKOUT_MODELS]
    + [
        ("accounts", "healthprofile", ["view"]),
        ("accounts", "user", ["view"]),
        ("coaching", "coachinvite", ["view", "add"]),
        ("coaching", "sessioncomment", ALL),
    ],
    # Staff run the gym's data in the admin (is_staff lets them in; these say what they may do).
    "staff": [(app, model, ALL) for app, model in WORKOUT_MODELS]
    + [
        ("accounts", "user", ALL),
        ("accounts", "healthprofile", ["view", "change"]),
        ("accounts", "auditevent", ["view"]),
        ("auth", "group", ["view"]),
        ("axes", "accessattempt", ["view", "delete"]),
        ("axes", "accessfailurelog", ["view"]),
        ("coaching", "coachrelationship", ["view", "add", "change"]),
        ("coaching", "coachinvite", ["view", "delete"]),
        ("coaching", "sessioncomment", ["view", "delete"]),
    ],
}


def sync_roles(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: every role exists with exactly its permissions."""
    if not {"auth_group", "auth_permission", "users"} <= set(connections[using].introspection.table_names()):
        return  # migrated backwards past the roles: nothing to keep in step

    # post_migrate reaches the apps one by one; the roles name permissions of later apps too.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    with rls.system_context("sync_roles", using=using):
        for name, grants in ROLES.items():
            group, _ = Group.objects.using(using).get_or_create(name=name)
            wanted = [(app, f"{action}_{model}") for app, model, actions in grants for action in actions]
            permissions = [
                Permission.objects.using(using).get(content_type__app_label=app, codename=code) for app, code in wanted
            ]
            group.permissions.set(permissions)
