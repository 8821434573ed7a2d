from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from gymtracker.db import TimestampedModel, uuid_primary_key
from imports.parsed import APPS

if TYPE_CHECKING:
    from accounts.models import User

# The largest file taken (the upload form and the command refuse a larger one): five years of a
# serious lifter's Strong export is about 4 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed, not imported"
    RUNNING = "running", "Importing"
    IMPORTED = "imported", "Imported"
    FAILED = "failed", "Failed"
    UNDONE = "undone", "Undone"


class ImportQuerySet(models.QuerySet):
    def for_user(self, user: User) -> Self:
        return self.filter(user=user)


class Import(TimestampedModel):
    """One file of workout history brought in from another app (`imports`): the file itself from
    upload until it is imported (the preview reads it again with the member's choices), what the
    member chose, and what the import wrote. The sessions it made name it (workout_sessions.import_id),
    which is how an import is undone and restored."""

    id = uuid_primary_key()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports", help_text="Whose history it is."
    )
    # Who ran it: the member, or their coach acting for them with their consent (coaching_act_for).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports_made",
        help_text="Who imported it: the member, or their coach for them.",
    )
    file_name = models.TextField(max_length=255)
    file_size = models.IntegerField(help_text="Bytes.")
    # Kept between upload and import only (the import empties it): up to MAX_FILE_BYTES.
    content = models.BinaryField(null=True, editable=False)
    app = models.TextField(choices=sorted(APPS.items()), help_text="The app that wrote the file.")
    shape = models.TextField(help_text="Which of that app's header shapes.")
    unit = models.TextField(
        choices=[("kg", "kg"), ("lb", "lb")],
        blank=True,
        default="",
        help_text="The unit of the file's weights, as the file says or the member chose (empty until chosen).",
    )
    time_zone = models.TextField(help_text="The zone the file's local times were read in.")
    # The member's choice for each exercise name in the file: the id of an exercise, or "" for a
    # new exercise of their own of that name.
    mapping = models.JSONField(default=dict, blank=True)
    status = models.TextField(choices=ImportStatus.choices, default=ImportStatus.PREVIEWED)
    sessions_created = models.IntegerField(default=0)
    sets_created = models.IntegerField(default=0)
    sessions_already_present = models.IntegerField(default=0)
    rows_skipped = models.JSONField(default=dict, blank=True, help_text="How many rows were left out, by reason.")
    errors = models.JSONField(default=list, blank=True)
    # Plans the import made for workout names the member had no plan of: undone with it.
    plans_created = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(table_name="imports_history", excluded_fields=["content"])

    objects = ImportQuerySet.as_manager()

    class Meta:
        db_table = "imports"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="imports_user_recent")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ImportStatus.values), name="imports_status_valid"),
            models.CheckConstraint(condition=models.Q(app__in=list(APPS)), name="imports_app_valid"),
            models.CheckConstraint(
                condition=models.Q(file_size__gte=0, file_size__lte=MAX_FILE_BYTES), name="imports_file_size"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({APPS.get(self.app, self.app)})"

    @property
    def app_name(self) -> str:
        return APPS.get(self.app, self.app)

    @property
    def time_zone_shown(self) -> str:
        """As the preview's list of zones writes it ("America/New York")."""
        return self.time_zone.replace("_", " ")
