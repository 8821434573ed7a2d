"""The three roles as groups, with the model permissions each needs. Row-level security and the
views decide *which* rows; these decide which kinds of thing a role may touch at all."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKOUT_MODELS = [
    ("plans", "workoutplan"),
    ("plans", "workouttemplate"),
    ("workouts", "workoutsession"),
    ("workouts", "workoutset"),
]
ALL = ["view", "add", "change", "delete"]

ROLES = {
    # A member keeps their own plans, sessions, sets and health notes.
    "member": [(app, model, ALL) for app, model in WORKOUT_MODELS] + [("accounts", "healthprofile", ALL)],
    # A coach writes plans for their members and reads how they train (and shared health notes).
    "coach": [(app, model, ALL) for app, model in WORKOUT_MODELS]
    + [("accounts", "healthprofile", ["view"]), ("accounts", "user", ["view"])],
    # Staff run the gym's data in the admin (is_staff lets them in; these say what they may do).
    "staff": [(app, model, ALL) for app, model in WORKOUT_MODELS]
    + [
        ("accounts", "user", ALL),
        ("accounts", "healthprofile", ["view", "change"]),
        ("accounts", "auditevent", ["view"]),
        ("auth", "group", ["view"]),
        ("axes", "accessattempt", ["view", "delete"]),
        ("axes", "accessfailurelog", ["view"]),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make sure these exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [(app, f"{action}_{model}") for app, model, actions in grants for action in actions]
        permissions = [Permission.objects.get(content_type__app_label=app, codename=code) for app, code in codenames]
        group.permissions.set(permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_row_level_security"),
        ("plans", "0003_row_level_security"),
        ("workouts", "0003_row_level_security"),
        ("axes", "0010_accessattemptexpiration"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Reversing keeps the groups: deleting them would take every member's, coach's and staff
    # member's role with them (users_groups cascades), which applying again could not give back.
    # Applying again finds them by name. (`migrate auth zero` drops them with their table.)
    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
