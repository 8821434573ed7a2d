"""The statistics trigger on sets keeps its plans for the connection.

`progress_sets_changed` (migrations 0002, 0006, 0009) planned each of its statements on every
call (`force_custom_plan`, for the reason migration 0002 gives: a plan made while a history was
small must not stay when it grows large). Now that logging and editing a set take its short paths,
that planning was about a sixth of a log's database time. The statements it runs itself read by
key: the transition rows joined to sessions, templates and plans by primary key, and the member's
exercise statistics by their unique key. The passes over a member's whole history are in
`progress_stats_recompute`, which keeps planning for the data at hand.

The one range, "another counted set as late or later", starts from the member's sessions on or
after a date. Its generic plan at `large` reads them through the plain index on `user_id`, all
≈ 550 of the member's entries (0.2 ms), not the partial index of live sessions from the date on:
the generator writes each member's history in one piece, and for sessions that lie together the
single-column index is the cheaper estimate. Even so it costs less than planning the statement
each time. (Whether sessions written day by day by many members turn the choice to the partial
index has not been measured.)

Alternated in-process runs at `large`, 300 logs each (backend CPU per log): custom 3.9, 3.2,
3.1 ms; generic 3.4, 2.6, 2.8 ms.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0009_incremental_edits"),
        ("workouts", "0014_member_data_touch_plan"),
    ]

    operations = [
        migrations.RunSQL(
            sql="ALTER FUNCTION progress_sets_changed() SET plan_cache_mode = force_generic_plan",
            reverse_sql="ALTER FUNCTION progress_sets_changed() SET plan_cache_mode = force_custom_plan",
        ),
    ]
