from django.urls import path

from sessions import views

app_name = "sessions"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("start/<uuid:plan_pk>/", views.session_start, name="start"),
    path("<uuid:pk>/", views.session_detail, name="detail"),
    path("<uuid:pk>/edit/", views.session_edit, name="edit"),
    path("<uuid:pk>/finish/", views.session_finish, name="finish"),
    path("<uuid:pk>/delete/", views.session_delete, name="delete"),
    path("<uuid:pk>/add-exercise/", views.exercise_add, name="exercise_add"),
    path("<uuid:pk>/exercises/<uuid:template_pk>/add-set/", views.set_add, name="set_add"),
    path("<uuid:pk>/sets/<uuid:set_pk>/", views.set_log, name="set_log"),
    path("<uuid:pk>/sets/<uuid:set_pk>/type/", views.set_type, name="set_type"),
    path("<uuid:pk>/sets/<uuid:set_pk>/remove/", views.set_remove, name="set_remove"),
    path("<uuid:pk>/sets/<uuid:set_pk>/restore/", views.set_restore, name="set_restore"),
    path("trash/", views.session_trash, name="trash"),
    path("<uuid:pk>/restore/", views.session_restore, name="restore"),
]
