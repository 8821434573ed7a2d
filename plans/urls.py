from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("trash/", views.plan_trash, name="trash"),
    path("<uuid:pk>/", views.plan_detail, name="detail"),
    path("<uuid:pk>/edit/", views.plan_edit, name="edit"),
    path("<uuid:pk>/duplicate/", views.plan_duplicate, name="duplicate"),
    path("<uuid:pk>/delete/", views.plan_delete, name="delete"),
    path("<uuid:pk>/restore/", views.plan_restore, name="restore"),
    path("exercises/", views.exercise_list, name="exercises"),
    path("exercises/suggest", views.exercise_suggest, name="exercise_suggest"),
    path("exercises/new/", views.exercise_create, name="exercise_create"),
    path("exercises/<uuid:pk>/edit/", views.exercise_edit, name="exercise_edit"),
    path("exercises/<uuid:pk>/delete/", views.exercise_delete, name="exercise_delete"),
]
