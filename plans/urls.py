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
]
