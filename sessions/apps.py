from django.apps import AppConfig


class WorkoutsConfig(AppConfig):
    # django.contrib.sessions owns the label "sessions"; the folder keeps the design's name.
    name = "sessions"
    label = "workouts"
    verbose_name = "Workout sessions"
