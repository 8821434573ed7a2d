from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("exercises/", views.exercise_list, name="exercises"),
    # By lower-cased name (names may hold any character, "/" included; reverse() quotes them).
    path("exercises/<path:name>/", views.exercise_detail, name="exercise"),
    path("search/", views.search, name="search"),
]
