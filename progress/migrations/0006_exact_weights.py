"""The figures made from set weights keep them as exactly as the sets do (workouts migration
0007, which depends on this one): volumes numeric(22, 10) instead of (14, 2), best weights and
records' weights and values numeric(14, 10) and (16, 10) instead of (6, 2) and (8, 2). Widening
changes no stored value, so nothing is derived again. The estimated 1RMs stay at 0.01 kg
(progress_e1rm rounds them; both sides of every comparison go through it).

Why they must: a set's weight in pounds is now exact in kilograms (135 lb is 61.2349699500 kg).
Kept to 0.01 kg, the statistics' volume, to which each log adds its set, rounded at every
addition and drifted (ten sets of 135 lb × 5 showed as 6749.9 lb); and a record kept as 61.23 kg
made a later 135 lb set heavier than it, a record that is only a tie.

Reversed, the columns narrow, rounding to 0.01 kg; reversing workouts 0007 first (Django does,
it depends on this) rounds the sets and derives these figures from them again, so they are
sums and copies of weights in hundredths by then, and lose nothing."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0005_body_weights_cascades"),
    ]

    operations = [
        migrations.AlterField(
            model_name="exercisestat",
            name="volume_kg",
            field=models.DecimalField(decimal_places=10, max_digits=22),
        ),
        migrations.AlterField(
            model_name="exercisestat",
            name="best_weight_kg",
            field=models.DecimalField(decimal_places=10, max_digits=14, null=True),
        ),
        migrations.AlterField(
            model_name="weeklyvolume",
            name="volume_kg",
            field=models.DecimalField(decimal_places=10, max_digits=22),
        ),
        migrations.AlterField(
            model_name="weeklyvolume",
            name="best_weight_kg",
            field=models.DecimalField(decimal_places=10, max_digits=14, null=True),
        ),
        migrations.AlterField(
            model_name="personalrecord",
            name="weight_kg",
            field=models.DecimalField(decimal_places=10, max_digits=14),
        ),
        migrations.AlterField(
            model_name="personalrecord",
            name="value",
            field=models.DecimalField(decimal_places=10, help_text="kg, or reps for a reps record.", max_digits=16),
        ),
    ]
