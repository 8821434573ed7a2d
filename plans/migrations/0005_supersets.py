"""Supersets and circuits: each plan exercise's group (`workout_templates.superset`, plans.supersets),
NULL for every exercise saved before. Reversed, the column goes, and with it the groups."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_exercise_library"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalworkouttemplate",
            name="superset",
            field=models.SmallIntegerField(
                blank=True,
                help_text="Its superset: exercises with the same number (next to each other) are done in turn.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="workouttemplate",
            name="superset",
            field=models.SmallIntegerField(
                blank=True,
                help_text="Its superset: exercises with the same number (next to each other) are done in turn.",
                null=True,
            ),
        ),
        migrations.AddConstraint(
            model_name="workouttemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(("superset__range", (1, 26))), name="workout_templates_superset_check"
            ),
        ),
    ]
