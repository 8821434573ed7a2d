from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
]
