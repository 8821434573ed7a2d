"""A coach's comments are part of the member's session page, so they raise the member's data
version as the workout tables do (0008); so does a change of a commenting coach's name, which
the comments show."""

import importlib

from django.db import migrations

versions = importlib.import_module("sessions.migrations.0008_member_data_versions_triggers")

COMMENTS_MEMBERS = "SELECT s.user_id FROM {rows} r JOIN workout_sessions s ON s.id = r.workout_session_id"

# Only a changed username matters (the comments show it); other changes to users rows touch no one.
RENAMED_AUTHORS = f"""
CREATE FUNCTION member_data_comment_authors_renamed() RETURNS trigger
LANGUAGE plpgsql {versions.DEFINER}
AS $$
BEGIN
    PERFORM member_data_touch(ARRAY(
        SELECT s.user_id
        FROM new_rows n JOIN old_rows o ON o.id = n.id AND o.username IS DISTINCT FROM n.username
        JOIN session_comments c ON c.author_id = n.id
        JOIN workout_sessions s ON s.id = c.workout_session_id
    ));
    RETURN NULL;
END
$$;
CREATE TRIGGER member_data_comment_authors_renamed AFTER UPDATE ON users
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION member_data_comment_authors_renamed();
"""  # nosec B608 - constant SQL built from literals

DROP_RENAMED_AUTHORS = """
DROP TRIGGER member_data_comment_authors_renamed ON users;
DROP FUNCTION member_data_comment_authors_renamed();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("workouts", "0008_member_data_versions_triggers"),
        ("coaching", "0002_row_level_security"),
    ]

    operations = [
        migrations.RunSQL(
            sql=versions.trigger_function("session_comments", COMMENTS_MEMBERS),
            reverse_sql=versions.drop_trigger_function("session_comments"),
        ),
        migrations.RunSQL(sql=RENAMED_AUTHORS, reverse_sql=DROP_RENAMED_AUTHORS),
    ]
