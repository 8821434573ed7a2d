"""A coach's comment is new to its member until they mark it as read (`read_at`), so their start
page can point it out.

Who writes it: only the member whose session it is, and only that column. The comments' policies
stay as they are (the coach who wrote a comment edits it); `session_comment_read(comment)` is
SECURITY DEFINER, checks the comment is on a session of the member asking (`app_user_id()`), and
takes a system context (`app.system = 'session_comment_read'`) for its one UPDATE only, giving the
caller's context back before it returns (an error aborts the transaction, which restores it too).
It answers whether the comment is one of the member's: marking a comment twice is harmless.

The UPDATE raises the member's data version like any change to their comments (workouts 0009), so
a start page kept in the cache never shows a comment as new after it was read.

Comments written before this migration count as read: only new ones are pointed out.
"""

import re

from django.conf import settings
from django.db import migrations, models

ROLE = settings.DATABASE_APP_ROLE
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", ROLE):
    raise ValueError(f"DATABASE_APP_ROLE must be a lower-case SQL identifier, not {ROLE!r}")

READ = f"""
CREATE FUNCTION session_comment_read(p_comment uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
    member uuid := app_user_id();
    caller text := coalesce(current_setting('app.system', true), '');
    mine boolean;
BEGIN
    IF member IS NULL THEN
        RETURN false;
    END IF;
    PERFORM set_config('app.system', 'session_comment_read', true);
    UPDATE session_comments c SET read_at = coalesce(c.read_at, now())
    FROM workout_sessions s
    WHERE c.id = p_comment AND s.id = c.workout_session_id AND s.user_id = member;
    mine := FOUND;
    PERFORM set_config('app.system', caller, true);
    RETURN mine;
END
$$;
REVOKE ALL ON FUNCTION session_comment_read(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION session_comment_read(uuid) TO {ROLE};
"""  # nosec B608 - ROLE is checked above to be a plain identifier
DROP_READ = "DROP FUNCTION session_comment_read(uuid);"

BACKFILL = """
DO $$
DECLARE
    caller text := coalesce(current_setting('app.system', true), '');
BEGIN
    PERFORM set_config('app.system', 'migrate', true);
    UPDATE session_comments SET read_at = created_at WHERE read_at IS NULL;
    PERFORM set_config('app.system', caller, true);
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0002_row_level_security"),
        ("workouts", "0014_member_data_touch_plan"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="sessioncomment",
            name="read_at",
            field=models.DateTimeField(
                blank=True, editable=False, help_text="When the member marked it read.", null=True
            ),
        ),
        migrations.AddIndex(
            model_name="sessioncomment",
            index=models.Index(
                condition=models.Q(("read_at__isnull", True)), fields=["session"], name="session_comments_unread"
            ),
        ),
        migrations.RunSQL(sql=READ, reverse_sql=DROP_READ),
        migrations.RunSQL(sql=BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
