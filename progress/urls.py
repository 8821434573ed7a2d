from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("exercises/", views.exercise_list, name="exercises"),
    # By lower-cased name (names may hold any character, "/" included; reverse() quotes them).
    path("exercises/<path:name>/", views.exercise_detail, name="exercise"),
    path("search/", views.search, name="search"),
    path("body-weight/", views.body_weights, name="body_weights"),
    path("body-weight/add/", views.body_weight_add, name="body_weight_add"),
    path("body-weight/<uuid:pk>/edit/", views.body_weight_edit, name="body_weight_edit"),
    path("body-weight/<uuid:pk>/delete/", views.body_weight_delete, name="body_weight_delete"),
]
